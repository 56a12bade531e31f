//! Whether an application meets the gate into a stage, and if not, what is missing.

use super::aggregate::Application;
use super::errors::Requirement;
use super::model::InterviewStatus;
use crate::ids::VoteId;
use crate::policy::Gate;

impl Application {
    /// Everything `gate` needs that the application lacks, in the order the policy lists it.
    /// `vote` is the passed committee vote offered with the advance, if any.
    pub fn missing_for(&self, gate: &Gate, vote: Option<VoteId>) -> Vec<Requirement> {
        let mut missing = Vec::new();
        for &kind in &gate.documents {
            let Some(latest) = self.latest_document(kind) else {
                missing.push(Requirement::Document { kind });
                continue;
            };
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
                if have < rule.per_document {
                    missing.push(Requirement::Reviews {
                        kind,
                        version: latest.version,
                        recommendation: rule.recommendation,
                        have,
                        need: rule.per_document,
                    });
                }
            }
        }
        for (i, request) in self.revision_requests.iter().enumerate() {
            if request.answered_by.is_none() {
                missing.push(Requirement::RevisionAnswered {
                    request: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    kind: request.kind,
                });
            }
        }
        if gate.interview {
            let held_in_stage = self.interviews.iter().any(|interview| {
                matches!(interview.status, InterviewStatus::Held { stage } if Some(stage) == self.stage)
            });
            if !held_in_stage {
                missing.push(Requirement::Interview);
            }
        }
        if gate.vote.is_some() && vote.is_none() {
            missing.push(Requirement::Vote);
        }
        missing
    }
}
