//! Which document kinds still await the panel's reviews: those a gate still ahead of the
//! application asks reviews of. The review queue shows only these, so that a panelist is
//! not told a review is overdue that no gate will ever count.

use super::Policy;
use crate::application::{DocumentKind, Stage};

impl Policy {
    /// The document kinds whose panel reviews still count for an application in `stage`:
    /// those that a gate still ahead of it asks reviews of, in the order the gates come.
    ///
    /// Any other review counts at no gate, because a gate counts reviews only when it is
    /// passed: the gate that asked for it is behind (the preliminary report of a
    /// candidate), none is left (an approved application awaits only signatures), or the
    /// application has ended. A kind may be submitted, and reviewed, before the stage
    /// whose gate needs it: its reviews then count when that gate is passed.
    pub fn kinds_awaiting_review(&self, stage: Stage) -> Vec<DocumentKind> {
        let mut kinds = Vec::new();
        if !stage.is_open() {
            return kinds;
        }
        let mut ahead = stage.next();
        while let Some(to) = ahead {
            if let Some(gate) = self.gate(to).filter(|gate| gate.reviews.is_some()) {
                for kind in &gate.documents {
                    if !kinds.contains(kind) {
                        kinds.push(*kind);
                    }
                }
            }
            ahead = to.next();
        }
        kinds
    }

    /// [`Policy::kinds_awaiting_review`] of every stage, as pairs: what a read model that
    /// holds each application's stage and its documents' kinds matches its rows against.
    pub fn reviews_awaited(&self) -> Vec<(Stage, DocumentKind)> {
        Stage::ALL
            .into_iter()
            .flat_map(|stage| {
                self.kinds_awaiting_review(stage)
                    .into_iter()
                    .map(move |kind| (stage, kind))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentKind::*;

    #[test]
    fn a_kind_awaits_review_until_the_last_gate_that_asks_for_it_is_passed() {
        let policy = Policy::default();
        let all = [
            PreliminaryReport,
            FeasibilityStudy,
            FinancialProjection,
            CommunityStrategy,
            FuturePlan,
            SpaceDesign,
        ];
        assert_eq!(policy.kinds_awaiting_review(Stage::Applied), all);
        assert_eq!(policy.kinds_awaiting_review(Stage::Eligible), all);
        assert_eq!(policy.kinds_awaiting_review(Stage::PreCandidate), all[1..]);
        assert_eq!(
            policy.kinds_awaiting_review(Stage::Candidate),
            [FuturePlan, SpaceDesign]
        );
    }

    #[test]
    fn nothing_awaits_review_once_approved_or_ended() {
        let policy = Policy::default();
        for stage in [
            Stage::Approved,
            Stage::Initiative,
            Stage::Rejected,
            Stage::Withdrawn,
        ] {
            assert_eq!(policy.kinds_awaiting_review(stage), [], "{stage}");
        }
    }

    #[test]
    fn a_document_a_gate_needs_without_reviews_awaits_none() {
        let mut policy = Policy::default();
        policy.gates.approved.reviews = None;
        assert_eq!(
            policy.kinds_awaiting_review(Stage::Candidate),
            Vec::<DocumentKind>::new()
        );
        // A kind two gates ask reviews of awaits them until the later one is passed.
        policy.gates.candidate.documents.push(PreliminaryReport);
        assert!(policy
            .kinds_awaiting_review(Stage::PreCandidate)
            .contains(&PreliminaryReport));
        assert!(!policy
            .kinds_awaiting_review(Stage::Candidate)
            .contains(&PreliminaryReport));
    }

    #[test]
    fn the_pairs_hold_each_stage_with_each_kind_it_awaits() {
        let pairs = Policy::default().reviews_awaited();
        assert!(pairs.contains(&(Stage::Candidate, SpaceDesign)));
        assert!(!pairs.contains(&(Stage::Candidate, PreliminaryReport)));
        assert!(!pairs.iter().any(|(stage, _)| *stage == Stage::Approved));
        assert_eq!(pairs.len(), 6 + 6 + 5 + 2);
    }
}
