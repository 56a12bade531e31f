//! The kinds of event a webhook can ask for, in one place: each domain event under the name
//! receivers see, the snake case of the event with its aggregate as the prefix
//! (`application.stage_advanced`, `vote.closed`, `roster.person_registered`). A word the
//! event repeats from its aggregate is not said twice (`VoteClosed` is `vote.closed`).
//!
//! The names are a contract with the receivers: once published, a name is never changed.
//! A domain event added later is not sent until it is listed here.

use charter_domain::application::Application;
use charter_domain::roster::Roster;
use charter_domain::vote::CommitteeVote;
use cqrs_es::Aggregate;

/// Every kind of event a webhook can ask for: (aggregate type, domain event type, name).
pub const EVENT_TYPES: &[(&str, &str, &str)] = &[
    (Application::TYPE, "ApplicationOpened", "application.opened"),
    (
        Application::TYPE,
        "EligibilityGranted",
        "application.eligibility_granted",
    ),
    (
        Application::TYPE,
        "DocumentSubmitted",
        "application.document_submitted",
    ),
    (
        Application::TYPE,
        "RevisionRequested",
        "application.revision_requested",
    ),
    (
        Application::TYPE,
        "RevisionRequestAnswered",
        "application.revision_request_answered",
    ),
    (
        Application::TYPE,
        "RevisionRequestOverdue",
        "application.revision_request_overdue",
    ),
    (
        Application::TYPE,
        "PanelistAssigned",
        "application.panelist_assigned",
    ),
    (
        Application::TYPE,
        "ConflictOfInterestDeclared",
        "application.conflict_of_interest_declared",
    ),
    (
        Application::TYPE,
        "PanelReviewFiled",
        "application.panel_review_filed",
    ),
    (
        Application::TYPE,
        "PanelReviewRevised",
        "application.panel_review_revised",
    ),
    (
        Application::TYPE,
        "PanelFeedbackReleased",
        "application.panel_feedback_released",
    ),
    (
        Application::TYPE,
        "InterviewScheduled",
        "application.interview_scheduled",
    ),
    (
        Application::TYPE,
        "InterviewRescheduled",
        "application.interview_rescheduled",
    ),
    (
        Application::TYPE,
        "InterviewRecorded",
        "application.interview_recorded",
    ),
    (
        Application::TYPE,
        "InterviewCancelled",
        "application.interview_cancelled",
    ),
    (
        Application::TYPE,
        "StageAdvanced",
        "application.stage_advanced",
    ),
    (
        Application::TYPE,
        "ApplicationRejected",
        "application.rejected",
    ),
    (
        Application::TYPE,
        "ApplicationWithdrawn",
        "application.withdrawn",
    ),
    (
        Application::TYPE,
        "SignatureRecorded",
        "application.signature_recorded",
    ),
    (
        Application::TYPE,
        "GateVotePassed",
        "application.gate_vote_passed",
    ),
    (
        Application::TYPE,
        "AppealLodged",
        "application.appeal_lodged",
    ),
    (
        Application::TYPE,
        "AppealGranted",
        "application.appeal_granted",
    ),
    (
        Application::TYPE,
        "AppealDismissed",
        "application.appeal_dismissed",
    ),
    (CommitteeVote::TYPE, "VoteOpened", "vote.opened"),
    (CommitteeVote::TYPE, "BallotCast", "vote.ballot_cast"),
    (CommitteeVote::TYPE, "MemberRecused", "vote.member_recused"),
    (CommitteeVote::TYPE, "VoteClosed", "vote.closed"),
    (Roster::TYPE, "PersonRegistered", "roster.person_registered"),
    (
        Roster::TYPE,
        "CommitteeSeatTaken",
        "roster.committee_seat_taken",
    ),
    (
        Roster::TYPE,
        "CommitteeSeatLeft",
        "roster.committee_seat_left",
    ),
    (Roster::TYPE, "PanelPoolJoined", "roster.panel_pool_joined"),
    (Roster::TYPE, "PanelPoolLeft", "roster.panel_pool_left"),
    (
        Roster::TYPE,
        "SecretariatJoined",
        "roster.secretariat_joined",
    ),
    (Roster::TYPE, "SecretariatLeft", "roster.secretariat_left"),
    (
        Roster::TYPE,
        "PersonalDataErased",
        "roster.personal_data_erased",
    ),
    (Roster::TYPE, "HubAdmitted", "roster.hub_admitted"),
    (
        Roster::TYPE,
        "DelegateAppointed",
        "roster.delegate_appointed",
    ),
    (Roster::TYPE, "DelegationEnded", "roster.delegation_ended"),
    (Roster::TYPE, "HubSuspended", "roster.hub_suspended"),
    (Roster::TYPE, "HubReinstated", "roster.hub_reinstated"),
    (Roster::TYPE, "HubLeft", "roster.hub_left"),
];

/// The name receivers see for an event, if webhooks carry it.
pub fn name_of(aggregate_type: &str, event_type: &str) -> Option<&'static str> {
    EVENT_TYPES
        .iter()
        .find(|(aggregate, event, _)| *aggregate == aggregate_type && *event == event_type)
        .map(|(_, _, name)| *name)
}

/// Whether `name` is a kind of event a webhook can ask for.
pub fn is_known(name: &str) -> bool {
    EVENT_TYPES.iter().any(|(_, _, known)| *known == name)
}

/// Every name, in the order listed.
pub fn names() -> impl Iterator<Item = &'static str> {
    EVENT_TYPES.iter().map(|(_, _, name)| *name)
}

/// The prefix of an aggregate's events.
pub fn prefix(aggregate_type: &str) -> Option<&'static str> {
    match aggregate_type {
        Application::TYPE => Some("application"),
        CommitteeVote::TYPE => Some("vote"),
        Roster::TYPE => Some("roster"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule the names follow, to check the table against.
    fn derived(aggregate_type: &str, event_type: &str) -> String {
        let mut snake = String::new();
        for (index, letter) in event_type.chars().enumerate() {
            if letter.is_ascii_uppercase() && index > 0 {
                snake.push('_');
            }
            snake.push(letter.to_ascii_lowercase());
        }
        let prefix = prefix(aggregate_type).unwrap_or("?");
        let rest = snake
            .strip_prefix(&format!("{prefix}_"))
            .unwrap_or(&snake)
            .to_owned();
        format!("{prefix}.{rest}")
    }

    #[test]
    fn every_name_follows_the_rule() {
        for (aggregate, event, name) in EVENT_TYPES {
            assert_eq!(*name, derived(aggregate, event), "{aggregate} {event}");
        }
    }

    #[test]
    fn every_name_is_listed_once() {
        let mut seen: Vec<&str> = names().collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), EVENT_TYPES.len());
    }

    #[test]
    fn an_event_is_found_by_its_aggregate_and_type() {
        assert_eq!(
            name_of("Application", "StageAdvanced"),
            Some("application.stage_advanced")
        );
        assert_eq!(name_of("CommitteeVote", "VoteClosed"), Some("vote.closed"));
        assert_eq!(name_of("Roster", "StageAdvanced"), None);
        assert!(is_known("roster.person_registered"));
        assert!(!is_known("application.gossip"));
    }
}
