//! Personal data, and how it can be erased without breaking the audit.
//!
//! Names, e-mail addresses and free-text notes about people are written to the event store
//! sealed (encrypted) under a key of the person they are about, a *subject*. The keys live
//! outside the event store; erasing a person destroys their key, after which everything
//! sealed under it reads as [`ERASED`] everywhere, while the stored bytes, and so the hash
//! chains over them, stay exactly as they were.
//!
//! Which values are personal is data, kept here in one table ([`fields`]): each entry names
//! a place in an event's JSON and where the ids of its subjects stand in the same event.
//! The domain's own types stay plain strings; the store seals on the way in and opens on
//! the way out (see the `charter-projections` crate), so no rule here ever sees a sealed
//! value.

mod seal;
mod walk;

pub use seal::{is_sealed, open, seal, subjects as sealed_subjects, Key, SealError, KEY_LEN};
pub use walk::{subjects_of, transform, visit, Slot};

/// What a personal value reads as once a subject it is sealed under has been erased.
pub const ERASED: &str = "[erased]";

/// A personal value in an event: `path` leads from the event's own fields to the value,
/// `subjects` to the id(s) of the person or people it is about.
///
/// Paths are `/`-separated keys or array indexes; `*` stands for every element of an array.
/// The first `*`s of `subjects` take the element that `path` is at (a founder's name is
/// about that founder); a further `*` takes every element (interview notes are about every
/// founder). A personal value is a string, or `null` when absent: where `path` reaches an
/// object or an array (a list whose elements took a richer shape in later events), it is
/// passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonalField {
    pub path: &'static str,
    pub subjects: &'static str,
}

macro_rules! fields {
    ($(($path:literal, $subjects:literal)),* $(,)?) => {
        &[$(PersonalField { path: $path, subjects: $subjects }),*]
    };
}

/// The personal values of events of `event_type` on aggregates of `aggregate_type`.
pub fn fields(aggregate_type: &str, event_type: &str) -> &'static [PersonalField] {
    match (aggregate_type, event_type) {
        ("Application", "ApplicationOpened") => fields![
            ("founders/*/name", "founders/*/person_id"),
            ("founders/*/email", "founders/*/person_id"),
        ],
        ("Application", "PanelistAssigned") => fields![("name", "panelist_id")],
        ("Application", "ConflictOfInterestDeclared") => fields![("reason", "panelist_id")],
        // Each attendee's name is about that attendee alone. Events written before listed
        // plain names, sealed under every founder's key: the last entry still opens them
        // (and passes over the attendees that are objects now, see [`PersonalField`]).
        ("Application", "InterviewRecorded") => fields![
            ("notes", "about/*"),
            ("attendees/*/name", "attendees/*/subject_id"),
            ("attendees/*", "about/*"),
        ],
        ("Application", "SignatureRecorded") => fields![("signatory_name", "signatory_id")],
        ("Roster", "PersonRegistered") => fields![("name", "person_id"), ("email", "person_id")],
        ("CommitteeVote", "VoteOpened") => fields![("electorate/*/1", "electorate/*/0")],
        ("CommitteeVote", "MemberRecused") => fields![("reason", "member")],
        _ => &[],
    }
}

/// The personal values of every event's metadata: the acting person's name.
pub const METADATA_FIELDS: &[PersonalField] = fields![("actor_name", "actor_id")];

#[cfg(test)]
mod tests {
    //! The table against the events as they are really serialized: a renamed field would
    //! otherwise leave a value unsealed without anyone noticing.

    use super::*;
    use crate::application::{ApplicationEvent, Founder};
    use crate::ids::{ApplicationId, PersonId};
    use crate::roster::RosterEvent;
    use crate::vote::VoteEvent;
    use chrono::Utc;
    use cqrs_es::{Aggregate, DomainEvent};
    use serde_json::Value;
    use uuid::Uuid;

    fn person(n: u128) -> PersonId {
        PersonId(Uuid::from_u128(n))
    }

    /// A personal value and whom it is about.
    type Found = (Value, Vec<Uuid>);

    /// Each personal value of `event` with its subjects.
    fn personal<A: Aggregate>(event: &A::Event) -> Vec<Found> {
        let event_type = event.event_type();
        let mut payload = serde_json::to_value(event).unwrap_or_default();
        let mut found = Vec::new();
        if let Some(root) = payload.get_mut(&event_type) {
            let _ = transform::<()>(root, fields(A::TYPE, &event_type), |slot| {
                found.push((slot.value.clone(), slot.subjects));
                Ok(())
            });
        }
        found
    }

    fn about(subjects: &[u128]) -> Vec<Uuid> {
        subjects.iter().map(|n| person(*n).0).collect()
    }

    #[test]
    fn founders_names_and_addresses_are_each_about_that_founder() {
        let founder = |n: u128, name: &str| Founder {
            person_id: person(n),
            name: name.to_owned(),
            email: format!("{n}@hub.example"),
        };
        let opened = ApplicationEvent::ApplicationOpened {
            application_id: ApplicationId::new(),
            city: "Porto".to_owned(),
            country: "PT".to_owned(),
            hub_name: "Impact Hub Porto".to_owned(),
            founders: vec![founder(1, "Marta"), founder(2, "Rui")],
            opened_by: person(1),
            at: Utc::now(),
        };
        assert_eq!(
            personal::<crate::application::Application>(&opened),
            vec![
                (Value::from("Marta"), about(&[1])),
                (Value::from("Rui"), about(&[2])),
                (Value::from("1@hub.example"), about(&[1])),
                (Value::from("2@hub.example"), about(&[2])),
            ]
        );
    }

    #[test]
    fn interview_notes_are_about_every_founder_and_each_attendee_only_about_themself() {
        use crate::application::Attendee;
        let recorded = ApplicationEvent::InterviewRecorded {
            interview: 1,
            stage: crate::application::Stage::Eligible,
            notes: "Convincing.".to_owned(),
            attendees: vec![
                Attendee::new(person(1), "Marta"),
                Attendee::new(person(5), "Olga from the city council"),
                Attendee::new(person(2), "Rui"),
            ],
            about: vec![person(2), person(1)],
            at: Utc::now(),
        };
        assert_eq!(
            personal::<crate::application::Application>(&recorded),
            vec![
                (Value::from("Convincing."), about(&[1, 2])),
                (Value::from("Marta"), about(&[1])),
                (Value::from("Olga from the city council"), about(&[5])),
                (Value::from("Rui"), about(&[2])),
            ]
        );
    }

    #[test]
    fn attendees_recorded_as_plain_names_before_are_still_about_every_founder() {
        let mut before = serde_json::json!({
            "interview": 1, "stage": "eligible", "notes": "Convincing.",
            "attendees": ["Marta", "Olga"], "about": [person(2), person(1)],
            "at": "2026-01-01T00:00:00Z",
        });
        let mut found = Vec::new();
        let _ = transform::<()>(
            &mut before,
            fields("Application", "InterviewRecorded"),
            |slot| {
                found.push((slot.value.clone(), slot.subjects));
                Ok(())
            },
        );
        assert_eq!(
            found,
            vec![
                (Value::from("Convincing."), about(&[1, 2])),
                (Value::from("Marta"), about(&[1, 2])),
                (Value::from("Olga"), about(&[1, 2])),
            ]
        );
        let tagged = serde_json::json!({ "InterviewRecorded": before });
        let decoded: Result<ApplicationEvent, _> = serde_json::from_value(tagged);
        assert!(
            matches!(&decoded, Ok(ApplicationEvent::InterviewRecorded { attendees, .. })
                if attendees.len() == 2 && attendees[0].subject().is_none()),
            "{decoded:?}"
        );
    }

    #[test]
    fn panelists_signatories_people_and_recusing_members_are_each_their_own_subject() {
        use crate::application::Application;
        let at = Utc::now();
        let cases: Vec<(Vec<Found>, usize)> = vec![
            (
                personal::<Application>(&ApplicationEvent::PanelistAssigned {
                    panelist_id: person(7),
                    name: "Ana".to_owned(),
                    at,
                }),
                1,
            ),
            (
                personal::<Application>(&ApplicationEvent::ConflictOfInterestDeclared {
                    panelist_id: person(7),
                    reason: "I advised them.".to_owned(),
                    at,
                }),
                1,
            ),
            (
                personal::<Application>(&ApplicationEvent::SignatureRecorded {
                    party: crate::application::Party::Founders,
                    signatory_id: person(7),
                    signatory_name: "Ana".to_owned(),
                    at,
                }),
                1,
            ),
            (
                personal::<crate::roster::Roster>(&RosterEvent::PersonRegistered {
                    person_id: person(7),
                    name: "Ana".to_owned(),
                    email: Some("ana@x.example".to_owned()),
                    at,
                }),
                2,
            ),
            (
                personal::<crate::vote::CommitteeVote>(&VoteEvent::MemberRecused {
                    hub: None,
                    member: person(7),
                    reason: "I know them.".to_owned(),
                    at,
                }),
                1,
            ),
        ];
        for (found, expected) in cases {
            assert_eq!(found.len(), expected, "{found:?}");
            assert!(
                found.iter().all(|(_, subjects)| subjects == &about(&[7])),
                "{found:?}"
            );
        }
    }
}
