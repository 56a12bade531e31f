//! Whether an application meets the gate into a stage, and if not, what is missing.

use super::aggregate::Application;
use super::commands::VoteDecision;
use super::decide::{open_stage, Decision};
use super::errors::{ApplicationError, Missing, Requirement};
use super::events::ApplicationEvent;
use super::model::{InterviewStatus, Party, Stage};
use super::validate::REASON_MAX;
use crate::actor::{Actor, Role};
use crate::ids::VoteId;
use crate::policy::{Electorate, Gate, Policy};
use crate::text;
use crate::vote::{Motion, Outcome};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One requirement of a gate, and whether the application meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Check {
    #[serde(flatten)]
    pub requirement: Requirement,
    pub met: bool,
}

/// What stands between an application and its next stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Checklist {
    /// The stage the next gate leads into.
    pub to: Stage,
    /// Each requirement of the gate in the order the policy lists it, met or not.
    pub checks: Vec<Check>,
}

impl Application {
    /// The checklist of the next gate under `policy`, by the very rule an advance is
    /// checked with; `None` for an application that is closed or does not exist.
    pub fn checklist(&self, policy: &Policy) -> Option<Checklist> {
        let stage = self.stage?;
        if stage == Stage::Approved {
            let checks = [Party::Founders, Party::Association]
                .into_iter()
                .map(|party| Check {
                    requirement: Requirement::Signature { party },
                    met: self.has_signed(party),
                })
                .collect();
            return Some(Checklist {
                to: Stage::Initiative,
                checks,
            });
        }
        if !stage.is_open() {
            return None;
        }
        let to = stage.next()?;
        let checks = policy
            .gate(to)
            .map(|gate| self.checks_for(gate, None))
            .unwrap_or_default();
        Some(Checklist { to, checks })
    }

    /// Everything `gate` needs that the application lacks, in the order the policy lists it.
    /// `offered` is the electorate of the passed vote offered with the advance, if any.
    pub fn missing_for(&self, gate: &Gate, offered: Option<Electorate>) -> Vec<Requirement> {
        self.checks_for(gate, offered)
            .into_iter()
            .filter(|check| !check.met)
            .map(|check| check.requirement)
            .collect()
    }

    /// Each requirement of `gate`, met or not. An unanswered revision request is listed
    /// (as unmet) while it stays open; answered ones are no longer requirements.
    fn checks_for(&self, gate: &Gate, offered: Option<Electorate>) -> Vec<Check> {
        let mut checks = Vec::new();
        let mut check = |requirement, met| checks.push(Check { requirement, met });
        for &kind in &gate.documents {
            let Some(latest) = self.latest_document(kind) else {
                check(Requirement::Document { kind }, false);
                continue;
            };
            check(Requirement::Document { kind }, true);
            if let Some(rule) = &gate.reviews {
                // Only the reviews of the latest version count, and only those of panelists
                // who are not recused.
                let have = self
                    .reviews
                    .iter()
                    .filter(|review| {
                        review.kind == kind
                            && review.version == latest.version
                            && self.is_active_panelist(review.panelist)
                            && review
                                .current()
                                .is_some_and(|a| a.recommendation == rule.recommendation)
                    })
                    .count();
                let have = u32::try_from(have).unwrap_or(u32::MAX);
                check(
                    Requirement::Reviews {
                        kind,
                        version: latest.version,
                        recommendation: rule.recommendation,
                        have,
                        need: rule.per_document,
                    },
                    have >= rule.per_document,
                );
            }
        }
        for (i, request) in self.revision_requests.iter().enumerate() {
            if request.answered_by.is_none() {
                check(
                    Requirement::RevisionAnswered {
                        request: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        kind: request.kind,
                    },
                    false,
                );
            }
        }
        if gate.interview {
            let held_in_stage = self.interviews.iter().any(|interview| {
                matches!(interview.status, InterviewStatus::Held { stage } if Some(stage) == self.stage)
            });
            check(Requirement::Interview, held_in_stage);
        }
        for electorate in gate.electorates() {
            let passed = offered == Some(electorate)
                || self.gate_votes.iter().any(|(e, _)| *e == electorate);
            check(Requirement::Vote { electorate }, passed);
        }
        checks
    }
}

/// Passing gates, and checking the committee votes that decide them.
impl Application {
    pub(super) fn grant_eligibility(
        &self,
        stage: Stage,
        note: Option<&str>,
        policy: &Policy,
        at: DateTime<Utc>,
    ) -> Decision {
        let note = text::optional_paragraph("note", note, REASON_MAX)?;
        open_stage(stage)?;
        if stage != Stage::Applied {
            return Err(ApplicationError::IllegalTransition {
                from: stage,
                to: Stage::Eligible,
            });
        }
        self.check_gate(Stage::Eligible, None, policy)?;
        Ok(vec![ApplicationEvent::EligibilityGranted {
            note,
            policy_version: policy.version.clone(),
            at,
        }])
    }

    pub(super) fn advance(
        &self,
        stage: Stage,
        to: Stage,
        vote: Option<&VoteDecision>,
        policy: &Policy,
        at: DateTime<Utc>,
    ) -> Decision {
        open_stage(stage)?;
        if to == Stage::Eligible {
            return self.grant_eligibility(stage, None, policy, at);
        }
        // Initiative is reached by both signatures, never by an advance.
        if stage.next() != Some(to) || to == Stage::Initiative {
            return Err(ApplicationError::IllegalTransition { from: stage, to });
        }
        let vote_id = vote
            .map(|vote| self.verified(vote, |m| *m == Motion::Advance { to }))
            .transpose()?;
        let offered = vote.map(|vote| vote.electorate);
        if let Err(refused) = self.check_gate(to, offered, policy) {
            return match (vote_id, offered) {
                (Some(vote_id), Some(electorate))
                    if self.awaits_only_other_votes(&refused)
                        && self.may_record(to, electorate, policy) =>
                {
                    Ok(vec![ApplicationEvent::GateVotePassed {
                        vote_id,
                        to,
                        electorate,
                        at,
                    }])
                }
                _ => Err(refused),
            };
        }
        Ok(vec![ApplicationEvent::StageAdvanced {
            from: stage,
            to,
            vote_id,
            policy_version: policy.version.clone(),
            at,
        }])
    }

    pub(super) fn sign(
        &self,
        stage: Stage,
        by: &Actor,
        policy: &Policy,
        at: DateTime<Utc>,
    ) -> Decision {
        let party = match by.role {
            Role::Applicant => Party::Founders,
            _ => Party::Association,
        };
        open_stage(stage)?;
        if stage != Stage::Approved {
            return Err(ApplicationError::NotReadyForSignature { stage });
        }
        if self.has_signed(party) {
            return Err(ApplicationError::AlreadySigned { party });
        }
        let mut events = vec![ApplicationEvent::SignatureRecorded {
            party,
            signatory_id: by.id,
            signatory_name: by.name.clone(),
            at,
        }];
        let other = match party {
            Party::Founders => Party::Association,
            Party::Association => Party::Founders,
        };
        if self.has_signed(other) {
            events.push(ApplicationEvent::StageAdvanced {
                from: Stage::Approved,
                to: Stage::Initiative,
                vote_id: None,
                policy_version: policy.version.clone(),
                at,
            });
        }
        Ok(events)
    }

    /// Whether a gate refused only for want of votes still to be held: then a passed vote
    /// offered with the advance is recorded, and the gate waits for the others.
    fn awaits_only_other_votes(&self, refused: &ApplicationError) -> bool {
        let ApplicationError::GateNotMet { missing, .. } = refused else {
            return false;
        };
        missing
            .0
            .iter()
            .all(|requirement| matches!(requirement, Requirement::Vote { .. }))
    }

    /// Whether a passed vote of `electorate` counts toward the gate into `to`: the gate
    /// takes one, it is not counted yet, and every vote the gate holds before it has passed
    /// in this stage (a vote opened before a reopening cannot jump the order).
    fn may_record(&self, to: Stage, electorate: Electorate, policy: &Policy) -> bool {
        let recorded = |wanted: Electorate| self.gate_votes.iter().any(|(e, _)| *e == wanted);
        let Some(gate) = policy.gate(to) else {
            return false;
        };
        gate.vote_of(electorate).is_some()
            && !recorded(electorate)
            && gate
                .electorates()
                .take_while(|earlier| *earlier != electorate)
                .all(recorded)
    }

    pub(super) fn check_gate(
        &self,
        to: Stage,
        offered: Option<Electorate>,
        policy: &Policy,
    ) -> Result<(), ApplicationError> {
        let missing = policy
            .gate(to)
            .map(|gate| self.missing_for(gate, offered))
            .unwrap_or_default();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ApplicationError::GateNotMet {
                to,
                missing: Missing(missing),
            })
        }
    }

    /// The id of `vote` once it is shown to be about this application and to decide a
    /// motion `fits` accepts, whatever its outcome.
    pub(super) fn verified_motion(
        &self,
        vote: &VoteDecision,
        fits: impl Fn(&Motion) -> bool,
    ) -> Result<VoteId, ApplicationError> {
        if Some(vote.application_id) != self.id {
            return Err(ApplicationError::VoteAboutAnotherApplication {
                vote_id: vote.vote_id,
            });
        }
        if !fits(&vote.motion) {
            return Err(ApplicationError::VoteDecidedAnotherMotion {
                vote_id: vote.vote_id,
            });
        }
        Ok(vote.vote_id)
    }

    /// Like [`Application::verified_motion`], and the motion must have passed.
    pub(super) fn verified(
        &self,
        vote: &VoteDecision,
        fits: impl Fn(&Motion) -> bool,
    ) -> Result<VoteId, ApplicationError> {
        let vote_id = self.verified_motion(vote, fits)?;
        if vote.outcome != Outcome::Passed {
            return Err(ApplicationError::VoteNotPassed { vote_id });
        }
        Ok(vote_id)
    }
}
