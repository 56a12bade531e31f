//! Opening the personal values of the events the projector reads, with the keys of
//! `charter_store::personal_data`, and telling which events record an erasure.

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use charter_domain::personal::ERASED;
use charter_domain::personal::{self, SealError};
use charter_domain::roster::{Roster, RosterEvent};
use charter_store::personal_data::{subjects_to_open, KeyRing, Resealed};
use sqlx::PgConnection;
use std::sync::Arc;
use uuid::Uuid;

/// Opens the sealed values of events read from the store, with one look-up of keys.
pub async fn open_events<'a>(
    conn: &mut PgConnection,
    events: impl IntoIterator<Item = &'a mut StoredEvent>,
) -> Result<(), ProjectionError> {
    let mut events: Vec<&mut StoredEvent> = events.into_iter().collect();
    let subjects = sealed_in(events.iter_mut().map(|event| &mut **event));
    if subjects.is_empty() {
        return Ok(());
    }
    let ring = Arc::new(KeyRing::load(conn, &subjects).await?);
    open_with(&ring, events.iter_mut().map(|event| &mut **event))
}

/// The subjects whose keys open the sealed values of `events`, each once. The payload of
/// an event that can hold personal values is parsed into a tree here, to be opened in
/// place; the others stay as read. A payload that is not JSON is left for its decoding to
/// report.
pub fn sealed_in<'a>(events: impl IntoIterator<Item = &'a mut StoredEvent>) -> Vec<Uuid> {
    let mut subjects: Vec<Uuid> = Vec::new();
    for event in events {
        if may_hold_personal_values(event) {
            if let Ok(payload) = event.payload.tree_mut() {
                subjects.extend(subjects_to_open(
                    &event.aggregate_type,
                    &event.event_type,
                    payload,
                ));
            }
        }
        if let Some(ids) = event
            .metadata
            .actor_name
            .as_deref()
            .and_then(personal::sealed_subjects)
        {
            subjects.extend(ids);
        }
    }
    subjects.sort_unstable();
    subjects.dedup();
    subjects
}

/// Whether `event`'s type has personal values in its payload: only such a payload is
/// parsed into a tree, to be opened in place.
fn may_hold_personal_values(event: &StoredEvent) -> bool {
    !personal::fields(&event.aggregate_type, &event.event_type).is_empty()
}

/// Opens the sealed values of `events` with the keys of `ring` (see [`sealed_in`]).
pub fn open_with<'a>(
    ring: &Arc<KeyRing>,
    events: impl IntoIterator<Item = &'a mut StoredEvent>,
) -> Result<(), ProjectionError> {
    for event in events {
        let position = event.global_position;
        let unreadable = |source: SealError| ProjectionError::Inconsistent {
            position,
            detail: source.to_string(),
        };
        if may_hold_personal_values(event) {
            let undecodable = |source: serde_json::Error| ProjectionError::Inconsistent {
                position,
                detail: format!("the payload is not JSON: {source}"),
            };
            let payload = event.payload.tree_mut().map_err(undecodable)?;
            ring.open_payload(&event.aggregate_type, &event.event_type, payload)
                .map_err(unreadable)?;
            event.forget_decoded();
        }
        if let Some(name) = event.metadata.actor_name.as_mut() {
            ring.open_text(name).map_err(unreadable)?;
        }
        event.keys = Some(Arc::clone(ring));
    }
    Ok(())
}

impl StoredEvent {
    /// `plain`, one of this event's opened personal values about `subjects`, sealed again
    /// under their keys for a read model to keep (and `charter_store::opening` to open where
    /// it is shown): a read-model row then tells nothing once a subject is erased, in any
    /// copy of it. A value about someone erased is [`ERASED`]; one the store kept unsealed
    /// (written before sealing existed) is kept as it is.
    pub fn seal(&self, subjects: &[Uuid], plain: &str) -> String {
        let resealed = match &self.keys {
            Some(keys) => keys.reseal(subjects, plain),
            None => Resealed::Plain,
        };
        match resealed {
            Resealed::Sealed(sealed) => sealed,
            Resealed::Erased => ERASED.to_owned(),
            Resealed::Plain => plain.to_owned(),
        }
    }

    /// [`StoredEvent::seal`] of a value that may be absent.
    pub fn seal_opt(&self, subjects: &[Uuid], plain: Option<&str>) -> Option<String> {
        plain.map(|plain| self.seal(subjects, plain))
    }
}

/// Whether a read model that keeps personal data must follow events of `aggregate_type`
/// for erasures: the roster records them.
pub fn records_erasures(aggregate_type: &str) -> bool {
    aggregate_type == <Roster as cqrs_es::Aggregate>::TYPE
}

/// The subject of an erasure, when `event` records one; `None` for any other event.
pub fn erased_subject(event: &StoredEvent) -> Result<Option<Uuid>, ProjectionError> {
    if !records_erasures(&event.aggregate_type) || event.event_type != "PersonalDataErased" {
        return Ok(None);
    }
    let decoded = event
        .decoded::<RosterEvent>()
        .map_err(|source| ProjectionError::undecodable(event, source))?;
    match &*decoded {
        RosterEvent::PersonalDataErased { subject, .. } => Ok(Some(subject.0)),
        _ => Ok(None),
    }
}
