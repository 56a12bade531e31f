//! Someone who attended an interview: a founder, a person on the roster or someone from
//! outside, each the subject of their own name.

use crate::ids::PersonId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An interview's attendee. The name is sealed under the key of `subject_id` alone (see
/// `crate::personal`), so erasing that subject erases the name and nobody else's.
///
/// `subject_id` is a founder's or a roster person's own id, or, for someone who is not on
/// the roster, an id minted for them when the interview is recorded: the id by which the
/// secretariat can erase them. Interviews recorded before attendees had one listed plain
/// names, sealed under every founder's key; such an attendee reads back with a nil
/// `subject_id` (see [`Attendee::subject`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Recorded")]
pub struct Attendee {
    pub subject_id: PersonId,
    pub name: String,
}

impl Attendee {
    /// `name`, about `subject_id`.
    pub fn new(subject_id: PersonId, name: impl Into<String>) -> Self {
        Self {
            subject_id,
            name: name.into(),
        }
    }

    /// Whom the name is about; `None` for an attendee recorded before attendees had an
    /// id of their own (their name is about every founder the event names in `about`).
    pub fn subject(&self) -> Option<PersonId> {
        (!self.subject_id.0.is_nil()).then_some(self.subject_id)
    }
}

/// An attendee as events store it: `{"subject_id", "name"}` now, a plain name before.
#[derive(Deserialize)]
#[serde(untagged)]
enum Recorded {
    Named(String),
    Subject {
        #[serde(default = "no_subject")]
        subject_id: PersonId,
        name: String,
    },
}

fn no_subject() -> PersonId {
    PersonId(Uuid::nil())
}

impl From<Recorded> for Attendee {
    fn from(recorded: Recorded) -> Self {
        match recorded {
            Recorded::Named(name) => Attendee::new(no_subject(), name),
            Recorded::Subject { subject_id, name } => Attendee::new(subject_id, name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_attendee_is_stored_with_their_subject_and_read_back_the_same() {
        let ana = Attendee::new(PersonId(Uuid::from_u128(7)), "Ana Sousa");
        let stored = serde_json::to_value(&ana).unwrap_or_default();
        assert_eq!(
            stored,
            json!({"subject_id": "00000000-0000-0000-0000-000000000007", "name": "Ana Sousa"})
        );
        assert_eq!(serde_json::from_value::<Attendee>(stored).ok(), Some(ana));
    }

    #[test]
    fn a_plain_name_recorded_before_reads_as_an_attendee_without_a_subject() {
        let old: Vec<Attendee> =
            serde_json::from_value(json!(["Ana Sousa", "Rui Costa"])).unwrap_or_default();
        assert_eq!(old.len(), 2);
        assert_eq!(old[0].name, "Ana Sousa");
        assert_eq!(old[1].subject(), None);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            json!(3),
            json!({"subject_id": "x", "name": "Ana"}),
            json!({}),
        ] {
            assert!(serde_json::from_value::<Attendee>(bad).is_err());
        }
    }
}
