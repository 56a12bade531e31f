//! The steps of an application's story, each a request as the person who takes it.

use super::{describe, Runner};
use crate::client::{number, text, Caller};
use crate::document;
use crate::network::{Story, SECRETARIAT};
use crate::steps::AppStep;
use crate::DemoError;
use charter_domain::Role;
use serde_json::{json, Value};
use uuid::Uuid;

impl Runner<'_> {
    /// Takes `step` of the application of story `index` (whose runner state exists: the
    /// plan and the runner share the stories).
    pub(super) async fn application(
        &mut self,
        index: usize,
        story: &Story,
        step: &AppStep,
    ) -> Result<(), DemoError> {
        let what = format!("{}: {}", story.hub_name(), describe(step));
        if let AppStep::Open = step {
            return self.open(index, story, &what).await;
        }
        let app = &self.apps[index];
        let (Some(id), Some(founders)) = (app.id, app.founders.clone()) else {
            return Err(DemoError::unexpected(&what, "the application is not open"));
        };
        let secretariat = self.secretariat()?.clone();
        let base = format!("/api/v1/applications/{id}");
        let client = self.client.clone();
        let post = |caller: &Caller, path: String, body: Value, expect: u16| {
            let client = client.clone();
            let caller = caller.clone();
            let what = what.clone();
            async move { client.post(&what, &caller, &path, &body, expect).await }
        };
        let response = match step {
            AppStep::Open => return Ok(()),
            AppStep::GrantEligibility { note } => {
                post(
                    &secretariat,
                    format!("{base}/eligibility"),
                    json!({ "note": note }),
                    200,
                )
                .await?
            }
            AppStep::RejectAtEligibility { reason } => {
                post(
                    &secretariat,
                    format!("{base}/rejection"),
                    json!({ "reason": reason }),
                    200,
                )
                .await?
            }
            AppStep::Submit { kind, version } => {
                let (file_name, content) = document::draft(story, *kind, *version);
                let path = format!("{base}/documents?kind={kind}&file_name={file_name}");
                self.client
                    .upload(&what, &founders, &path, document::MEDIA_TYPE, content)
                    .await?
            }
            AppStep::Assign { panelist } => {
                let person = self.panelist(*panelist, &what)?.person;
                post(
                    &secretariat,
                    format!("{base}/panelists"),
                    json!({ "panelist_id": person }),
                    201,
                )
                .await?
            }
            AppStep::DeclareConflict { panelist, reason } => {
                let panelist = self.panelist(*panelist, &what)?.clone();
                post(
                    &panelist,
                    format!("{base}/conflicts"),
                    json!({ "reason": reason }),
                    201,
                )
                .await?
            }
            AppStep::Review {
                panelist,
                kind,
                version,
                recommendation,
                scores,
                comments,
            } => {
                let caller = self.panelist(*panelist, &what)?.clone();
                let body = json!({
                    "document_kind": kind, "document_version": version, "scores": scores,
                    "recommendation": recommendation, "comments": comments,
                });
                let response = post(&caller, format!("{base}/reviews"), body, 201).await?;
                let review = number(&response, "/events/0/data/review", &what)?;
                self.apps[index]
                    .reviews
                    .insert((*panelist, *kind, *version), review);
                self.apps[index].revisions.insert(review, 1);
                response
            }
            AppStep::ReviseReview {
                panelist,
                kind,
                version,
                recommendation,
                scores,
                comments,
            } => {
                let caller = self.panelist(*panelist, &what)?.clone();
                let review = self.apps[index]
                    .reviews
                    .get(&(*panelist, *kind, *version))
                    .copied()
                    .ok_or_else(|| DemoError::unexpected(&what, "no review to revise"))?;
                let body = json!({
                    "scores": scores, "recommendation": recommendation, "comments": comments,
                });
                let response = post(
                    &caller,
                    format!("{base}/reviews/{review}/revisions"),
                    body,
                    201,
                )
                .await?;
                *self.apps[index].revisions.entry(review).or_insert(1) += 1;
                response
            }
            AppStep::ReleaseFeedback {
                kind,
                version,
                note,
            } => {
                let secretariat = self.secretariat()?.clone();
                let mut released: Vec<(u64, u64)> = self.apps[index]
                    .reviews
                    .iter()
                    .filter(|((_, k, v), _)| k == kind && v == version)
                    .map(|(_, &review)| {
                        let revision = self.apps[index]
                            .revisions
                            .get(&review)
                            .copied()
                            .unwrap_or(1);
                        (review, revision)
                    })
                    .collect();
                released.sort_unstable();
                let mut last = Value::Null;
                for (review, revision) in released {
                    last = post(
                        &secretariat,
                        format!("{base}/reviews/{review}/release"),
                        json!({"revision": revision, "note": note}),
                        200,
                    )
                    .await?;
                }
                last
            }
            AppStep::RequestRevision {
                kind,
                due_in,
                reason,
            } => {
                let deadline = self.clock.now() + *due_in;
                let body = json!({ "document_kind": kind, "deadline": deadline, "reason": reason });
                post(&secretariat, format!("{base}/revision-requests"), body, 201).await?
            }
            AppStep::ScheduleInterview { after, location } => {
                let body =
                    json!({ "scheduled_for": self.clock.now() + *after, "location": location });
                let response = post(&secretariat, format!("{base}/interviews"), body, 201).await?;
                self.apps[index].interview =
                    Some(number(&response, "/events/0/data/interview", &what)?);
                response
            }
            AppStep::RescheduleInterview { after, location } => {
                let interview = self.interview(index, &what)?;
                let body =
                    json!({ "scheduled_for": self.clock.now() + *after, "location": location });
                let path = format!("{base}/interviews/{interview}/reschedule");
                post(&secretariat, path, body, 200).await?
            }
            AppStep::RecordInterview { notes } => {
                let interview = self.interview(index, &what)?;
                let mut attendees: Vec<&str> = story.founders.iter().map(|f| f.0).collect();
                attendees.push(SECRETARIAT);
                let body = json!({ "notes": notes, "attendees": attendees });
                let path = format!("{base}/interviews/{interview}/record");
                post(&secretariat, path, body, 200).await?
            }
            AppStep::CancelInterview { reason } => {
                let interview = self.interview(index, &what)?;
                let path = format!("{base}/interviews/{interview}/cancel");
                post(&secretariat, path, json!({ "reason": reason }), 200).await?
            }
            AppStep::Advance { to } => {
                post(
                    &secretariat,
                    format!("{base}/advance"),
                    json!({ "to": to }),
                    200,
                )
                .await?
            }
            AppStep::Appeal { grounds } => {
                post(
                    &founders,
                    format!("{base}/appeals"),
                    json!({ "grounds": grounds }),
                    201,
                )
                .await?
            }
            AppStep::Withdraw { reason } => {
                post(
                    &founders,
                    format!("{base}/withdrawal"),
                    json!({ "reason": reason }),
                    200,
                )
                .await?
            }
            AppStep::Sign {
                founders: by_founders,
            } => {
                let signatory = if *by_founders {
                    &founders
                } else {
                    &secretariat
                };
                post(signatory, format!("{base}/signatures"), json!({}), 201).await?
            }
            AppStep::OpenVote { .. }
            | AppStep::Cast { .. }
            | AppStep::Recuse { .. }
            | AppStep::Handover { .. }
            | AppStep::CloseVote { .. }
            | AppStep::CloseAtClosingTime { .. } => {
                return self.vote_step(index, id, step, &what).await;
            }
            AppStep::JoinNetwork => return self.join_network(index, story, &what).await,
            AppStep::SchedulerRound => {
                self.scheduler_round(&what).await?;
                return Ok(());
            }
        };
        self.saw(&response);
        Ok(())
    }

    async fn open(&mut self, index: usize, story: &Story, what: &str) -> Result<(), DemoError> {
        let (name, local) = story.founders[0];
        let email = format!("{local}@{}.hub.example", story.slug);
        let founders = self.enroll(Role::Applicant, name, Some(email), &[]).await?;
        let body = json!({
            "city": story.city,
            "country": story.country,
            "hub_name": story.hub_name(),
            "founders": story.founders.iter().map(|(name, local)| json!({
                "name": name, "email": format!("{local}@{}.hub.example", story.slug),
            })).collect::<Vec<_>>(),
        });
        let response = self
            .client
            .post(what, &founders, "/api/v1/applications", &body, 201)
            .await?;
        let id = text(&response, "application_id", what)?;
        let id = Uuid::parse_str(id).map_err(|e| DemoError::unexpected(what, e.to_string()))?;
        self.saw(&response);
        let app = &mut self.apps[index];
        app.id = Some(id);
        app.founders = Some(founders);
        Ok(())
    }

    fn panelist(&self, panelist: usize, what: &str) -> Result<&Caller, DemoError> {
        self.panelists
            .get(panelist)
            .ok_or_else(|| DemoError::unexpected(what, format!("no panelist {panelist}")))
    }

    fn interview(&self, index: usize, what: &str) -> Result<u64, DemoError> {
        self.apps[index]
            .interview
            .ok_or_else(|| DemoError::unexpected(what, "no interview was scheduled"))
    }
}
