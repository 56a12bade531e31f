//! Interview attendees as the read models keep them (in the timeline's facts and beside
//! each interview): a JSON list of `{subject_id, name}`, so that an erasure finds and
//! scrubs a name by the id it is about. A read model that keeps the names sealed writes
//! the list with [`sealed`]; whoever reads it opens the names (`charter_store::opening`).

use crate::engine::event::StoredEvent;
use charter_domain::application::Attendee;
use charter_domain::PersonId;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// Someone who attended an interview, as the reads show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttendeeEntry {
    /// Whom the name is about: a founder's or roster person's id, or the id given to
    /// someone from outside when the interview was recorded. Erasing it
    /// (`POST /api/v1/people/{id}/erasure`) erases the name. Absent for an interview
    /// recorded before attendees had ids of their own.
    pub subject_id: Option<Uuid>,
    /// `[erased]` once the subject's personal data is erased.
    pub name: String,
    /// For an interview recorded before attendees had ids of their own: the founders
    /// whose erasure erases this name (it was sealed under all their keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub erased_with: Vec<Uuid>,
}

/// The attendees of an interview as a read model keeps them; `about` are the founders
/// the event names, under whose keys the attendees recorded before were sealed.
pub(crate) fn kept(attendees: &[Attendee], about: &[PersonId]) -> Value {
    let entries: Vec<Value> = attendees
        .iter()
        .map(|attendee| match attendee.subject() {
            Some(subject) => json!({ "subject_id": subject, "name": attendee.name }),
            // Plain values written before sealing existed name no founder: nothing erases
            // them.
            None if about.is_empty() => json!({ "subject_id": null, "name": attendee.name }),
            None => json!({
                "subject_id": null, "name": attendee.name, "erased_with": about,
            }),
        })
        .collect();
    Value::Array(entries)
}

/// [`kept`], with each name sealed again (see [`StoredEvent::seal`]) under the key of the
/// attendee it is about, or, for an attendee recorded before attendees had ids of their
/// own, under every founder's: the keys whose destruction erases it.
pub(crate) fn sealed(event: &StoredEvent, attendees: &[Attendee], about: &[PersonId]) -> Value {
    let founders: Vec<Uuid> = about.iter().map(|founder| founder.0).collect();
    let sealed: Vec<Attendee> = attendees
        .iter()
        .map(|attendee| {
            let name = match attendee.subject() {
                Some(subject) => event.seal(&[subject.0], &attendee.name),
                None => event.seal(&founders, &attendee.name),
            };
            Attendee::new(attendee.subject_id, name)
        })
        .collect();
    kept(&sealed, about)
}

/// An SQL condition: the list in `column` names someone whose name `$1` (a subject's id)
/// erases. Written as containment, so a GIN index on the list answers it.
pub(crate) fn naming(column: &str) -> String {
    format!(
        "({column} @> jsonb_build_array(jsonb_build_object('subject_id', $1::text))
          OR {column} @> jsonb_build_array(jsonb_build_object('erased_with',
                                                              jsonb_build_array($1::text))))"
    )
}

/// An SQL expression: the list in `column` with every name that `$1` erases replaced by
/// `$2`, in the same order: what the list would be if it were projected again from its
/// event, which then opens those names as erased.
pub(crate) fn scrubbed(column: &str) -> String {
    format!(
        "(SELECT coalesce(jsonb_agg(CASE WHEN a ->> 'subject_id' = $1::text
                                          OR coalesce(a -> 'erased_with', '[]') ? $1::text
                                     THEN a || jsonb_build_object('name', $2::text)
                                     ELSE a END ORDER BY n), '[]'::jsonb)
          FROM jsonb_array_elements({column}) WITH ORDINALITY AS x (a, n))"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attendee_is_kept_with_their_subject_and_one_recorded_before_with_the_founders() {
        let founder = PersonId(Uuid::from_u128(1));
        let olga = PersonId(Uuid::from_u128(9));
        let now = [Attendee::new(olga, "Olga")];
        assert_eq!(
            kept(&now, &[founder]),
            json!([{ "subject_id": olga, "name": "Olga" }])
        );
        let before = [Attendee::new(PersonId(Uuid::nil()), "Olga")];
        let entries: Vec<AttendeeEntry> =
            serde_json::from_value(kept(&before, &[founder])).unwrap_or_default();
        assert_eq!(
            entries,
            vec![AttendeeEntry {
                subject_id: None,
                name: "Olga".to_owned(),
                erased_with: vec![founder.0],
            }]
        );
    }
}
