//! Notices about the roster's own events.

use crate::links;
use crate::notice::{Notice, NoticeKind, Recipient};
use charter_domain::personal::ERASED;
use charter_domain::roster::RosterEvent;

/// The notices `event` gives rise to: a person registered with an address is invited to
/// sign in with it. Seats, the pool and the secretariat change what a person may do once
/// signed in, which their pages show: nobody is told of them.
pub fn decide(event: &RosterEvent) -> Vec<Notice> {
    match event {
        RosterEvent::PersonRegistered {
            person_id,
            name,
            email: Some(email),
            ..
        } if email.as_str() != ERASED => vec![Notice::new(
            NoticeKind::Invited,
            Recipient::Person(*person_id),
            links::sign_in(),
        )
        .text("name", name)],
        RosterEvent::PersonRegistered { .. }
        | RosterEvent::CommitteeSeatTaken { .. }
        | RosterEvent::CommitteeSeatLeft { .. }
        | RosterEvent::PanelPoolJoined { .. }
        | RosterEvent::PanelPoolLeft { .. }
        | RosterEvent::SecretariatJoined { .. }
        | RosterEvent::SecretariatLeft { .. }
        | RosterEvent::PersonalDataErased { .. }
        | RosterEvent::HubAdmitted { .. }
        | RosterEvent::DelegateAppointed { .. }
        | RosterEvent::DelegationEnded { .. }
        | RosterEvent::HubSuspended { .. }
        | RosterEvent::HubReinstated { .. }
        | RosterEvent::HubLeft { .. } => Vec::new(),
    }
}
