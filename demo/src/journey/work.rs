//! The work at a gate: documents, the panel and its reviews, revision requests and
//! interviews.

use super::{working_day, Journey};
use crate::network::{Deadline, PANELISTS};
use crate::steps::AppStep;
use crate::words;
use charter_domain::application::{DocumentKind, Recommendation};
use charter_domain::policy::Gate;
use chrono::Duration;
use std::collections::BTreeMap;

impl Journey<'_> {
    /// Submits the first `documents` of `gate`'s documents, each reviewed in full when
    /// `reviewed`, otherwise by fewer panelists than the gate needs. With `open_revision`
    /// the panel asks for changes to the first document and the request is left
    /// unanswered, which ends the work on this gate.
    pub(super) fn gate_work(
        &mut self,
        gate: &Gate,
        documents: usize,
        reviewed: bool,
        open_revision: Option<Deadline>,
    ) {
        let (need, recommendation) = gate
            .reviews
            .as_ref()
            .map_or((0, Recommendation::Advance), |rule| {
                (rule.per_document as usize, rule.recommendation)
            });
        if need > 0 && documents > 0 {
            self.ensure_panel(need);
        }
        for (i, kind) in gate.documents.iter().copied().take(documents).enumerate() {
            if i == 0 {
                self.days(30, 150);
            } else {
                self.days(10, 60);
            }
            let version = self.submit(kind);
            if need == 0 {
                continue;
            }
            if i == 0 {
                if let Some(deadline) = open_revision {
                    let due = match deadline {
                        Deadline::Ahead => 60,
                        Deadline::Passed => 28,
                    };
                    self.ask_for_revision(kind, version, due);
                    if deadline == Deadline::Passed {
                        // Charter's scheduler notices the passed deadline within the hour.
                        self.t += Duration::days(due) + Duration::minutes(self.rng.between(5, 55));
                        self.push(AppStep::SchedulerRound);
                    }
                    return;
                }
                if std::mem::take(&mut self.twists.revision_answered) {
                    self.ask_for_revision(kind, version, 42);
                    self.days(14, 35);
                    let version = self.submit(kind);
                    self.review_round(kind, version, need, recommendation);
                    continue;
                }
            }
            if reviewed {
                self.review_round(kind, version, need, recommendation);
                // A week later the secretariat passes the panel's views on. A fixed pause,
                // so the rest of the script keeps its random draws.
                self.t += Duration::days(7);
                self.push(AppStep::ReleaseFeedback {
                    kind,
                    version,
                    note: "The panel's reviews of this version, as promised at submission.",
                });
            } else {
                // Some of the panel has read it; the rest have it in their queue.
                let have = self.rng.below(need);
                for &panelist in self.panel.clone().iter().take(have) {
                    self.days(7, 30);
                    self.review(panelist, kind, version, recommendation);
                }
            }
        }
    }

    /// A panelist asks for changes and the secretariat requests a revision due in `due`
    /// days.
    fn ask_for_revision(&mut self, kind: DocumentKind, version: u32, due: i64) {
        let Some(&panelist) = self.panel.first() else {
            return;
        };
        self.days(10, 35);
        self.review(panelist, kind, version, Recommendation::Revise);
        self.days(3, 10);
        let reason = *self.rng.pick(words::REVISION_REASONS);
        self.push(AppStep::RequestRevision {
            kind,
            due_in: Duration::days(due),
            reason,
        });
    }

    fn submit(&mut self, kind: DocumentKind) -> u32 {
        let version = self.versions.get(&kind).copied().unwrap_or(0) + 1;
        self.versions.insert(kind, version);
        self.push(AppStep::Submit { kind, version });
        version
    }

    /// Assigns a panel with one more panelist than the gate needs when a conflict is to
    /// come (or now and then for a broader view).
    fn ensure_panel(&mut self, need: usize) {
        if !self.panel.is_empty() {
            return;
        }
        let conflict = std::mem::take(&mut self.twists.conflict);
        let size = need + usize::from(conflict || self.rng.chance(35));
        let mut pool: Vec<usize> = (0..PANELISTS.len()).collect();
        self.rng.shuffle(&mut pool);
        pool.truncate(size.min(PANELISTS.len()));
        self.days(3, 14);
        for &panelist in &pool {
            self.push(AppStep::Assign { panelist });
            self.hours(0, 1);
        }
        self.panel = pool;
        if conflict {
            self.days(2, 10);
            if let Some(panelist) = self.panel.pop() {
                let reason = *self.rng.pick(words::CONFLICTS);
                self.push(AppStep::DeclareConflict { panelist, reason });
            }
        }
    }

    /// Enough reviews recommending `recommendation` for the gate, sometimes one more; one
    /// of them first asks for changes and is revised when the story has that twist.
    fn review_round(
        &mut self,
        kind: DocumentKind,
        version: u32,
        need: usize,
        recommendation: Recommendation,
    ) {
        let mut reviewers = self.panel.clone();
        self.rng.shuffle(&mut reviewers);
        let extra = reviewers.len() > need && self.rng.chance(40);
        for (i, &panelist) in reviewers.iter().enumerate() {
            if i >= need + usize::from(extra) {
                break;
            }
            self.days(5, 30);
            if i == 0 && std::mem::take(&mut self.twists.revised_review) {
                self.review(panelist, kind, version, Recommendation::Revise);
                self.days(5, 15);
                let scores = self.scores(true);
                let comments = *self.rng.pick(words::REVISED_COMMENTS);
                self.push(AppStep::ReviseReview {
                    panelist,
                    kind,
                    version,
                    recommendation,
                    scores,
                    comments,
                });
            } else if i >= need {
                let second_opinion = *self.rng.pick(&[recommendation, Recommendation::Revise]);
                self.review(panelist, kind, version, second_opinion);
            } else {
                self.review(panelist, kind, version, recommendation);
            }
        }
    }

    fn review(
        &mut self,
        panelist: usize,
        kind: DocumentKind,
        version: u32,
        recommendation: Recommendation,
    ) {
        let positive = recommendation == Recommendation::Advance;
        let scores = self.scores(positive);
        let comments = if positive {
            *self.rng.pick(words::ADVANCE_COMMENTS)
        } else {
            *self.rng.pick(words::REVISE_COMMENTS)
        };
        self.push(AppStep::Review {
            panelist,
            kind,
            version,
            recommendation,
            scores,
            comments,
        });
    }

    fn scores(&mut self, positive: bool) -> BTreeMap<String, u8> {
        let (low, high) = if positive { (3, 5) } else { (2, 4) };
        self.policy
            .rubric
            .iter()
            .map(|criterion| {
                let score = u8::try_from(self.rng.between(low, high)).unwrap_or(3);
                (criterion.clone(), score)
            })
            .collect()
    }

    /// Schedules an interview (perhaps moves it) and holds it; `booked` only books it for a
    /// later day.
    pub(super) fn interview(&mut self, booked: bool) {
        self.days(7, 30);
        if !booked && std::mem::take(&mut self.twists.cancelled_interview) {
            let after = self.appointment(14, 30);
            let location = *self.rng.pick(words::LOCATIONS);
            self.push(AppStep::ScheduleInterview { after, location });
            self.days(3, 8);
            let reason = *self.rng.pick(words::CANCELLATIONS);
            self.push(AppStep::CancelInterview { reason });
            self.days(7, 20);
        }
        let (low, high) = if booked { (20, 40) } else { (14, 35) };
        let mut after = self.appointment(low, high);
        let location = *self.rng.pick(words::LOCATIONS);
        self.push(AppStep::ScheduleInterview { after, location });
        if booked {
            return;
        }
        if std::mem::take(&mut self.twists.moved_interview) {
            // A founder cannot come: a few days on, the secretariat moves the interview a
            // week or two later (always later, so it is a move whatever the place).
            let first = self.t + after;
            self.days(2, 5);
            let hour = *self.rng.pick(&[10, 15]);
            let later = working_day(first + Duration::days(self.rng.between(7, 14)), hour, 0);
            after = later - self.t;
            let location = *self.rng.pick(words::LOCATIONS);
            self.push(AppStep::RescheduleInterview { after, location });
        }
        self.t += after;
        self.hours(1, 3);
        let notes = *self.rng.pick(words::INTERVIEW_NOTES);
        self.push(AppStep::RecordInterview { notes });
    }

    /// How long from now until an appointment on a working day `low` to `high` days
    /// ahead, at ten or at three.
    fn appointment(&mut self, low: i64, high: i64) -> Duration {
        let hour = *self.rng.pick(&[10, 15]);
        let at = working_day(
            self.t + Duration::days(self.rng.between(low, high)),
            hour,
            0,
        );
        at - self.t
    }
}
