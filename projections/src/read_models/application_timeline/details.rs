//! A milestone's facts as values, for a reader's own words about it: a document's kind and
//! version, an interview's time and place, the stages of a move. No personal data (names,
//! reasons, notes, file names) but the names of an interview's attendees, each beside the
//! id it is about and sealed under its key: an erasure scrubs the timeline's actor names
//! and those attendees by id, so nothing else here may name a person.

use crate::engine::event::StoredEvent;
use crate::read_models::attendees::kept;
use charter_domain::application::ApplicationEvent;
use serde_json::{json, Value};
use uuid::Uuid;

/// The facts of `payload`, `event`'s, an object with the event's own field names.
pub(super) fn details(event: &StoredEvent, payload: &ApplicationEvent) -> Value {
    use ApplicationEvent::*;
    match payload {
        ApplicationOpened {
            hub_name,
            city,
            country,
            founders,
            ..
        } => json!({
            "hub_name": hub_name, "city": city, "country": country, "founders": founders.len(),
        }),
        EligibilityGranted { policy_version, .. } => json!({ "policy_version": policy_version }),
        DocumentSubmitted { kind, version, .. } => json!({ "kind": kind, "version": version }),
        RevisionRequested {
            request,
            kind,
            deadline,
            ..
        } => json!({ "request": request, "kind": kind, "deadline": deadline }),
        RevisionRequestAnswered {
            request,
            kind,
            version,
            ..
        } => json!({ "request": request, "kind": kind, "version": version }),
        RevisionRequestOverdue {
            request,
            kind,
            deadline,
            ..
        } => json!({ "request": request, "kind": kind, "deadline": deadline }),
        PanelistAssigned { .. } | ConflictOfInterestDeclared { .. } | AppealLodged { .. } => {
            json!({})
        }
        PanelReviewFiled {
            review,
            kind,
            version,
            assessment,
            ..
        } => json!({
            "review": review, "kind": kind, "version": version,
            "recommendation": assessment.recommendation,
        }),
        PanelReviewRevised {
            review,
            revision,
            assessment,
            ..
        } => json!({
            "review": review, "revision": revision, "recommendation": assessment.recommendation,
        }),
        PanelFeedbackReleased {
            review,
            revision,
            kind,
            version,
            ..
        } => json!({ "review": review, "revision": revision, "kind": kind, "version": version }),
        InterviewScheduled {
            interview,
            scheduled_for,
            location,
            ..
        } => json!({
            "interview": interview, "scheduled_for": scheduled_for, "location": location,
        }),
        InterviewRescheduled {
            interview,
            moves,
            scheduled_for,
            location,
            ..
        } => json!({
            "interview": interview, "moves": moves, "scheduled_for": scheduled_for,
            "location": location,
        }),
        InterviewRecorded {
            interview,
            stage,
            attendees,
            about,
            ..
        } => json!({
            "interview": interview, "stage": stage, "attendees": attendees.len(),
            "attended_by": sealed(event, kept(attendees, about)),
        }),
        InterviewCancelled { interview, .. } => json!({ "interview": interview }),
        StageAdvanced {
            from, to, vote_id, ..
        } => json!({ "from": from, "to": to, "by_vote": vote_id.is_some() }),
        ApplicationRejected { stage, vote_id, .. } => {
            json!({ "stage": stage, "by_vote": vote_id.is_some() })
        }
        ApplicationWithdrawn { stage, .. } => json!({ "stage": stage }),
        SignatureRecorded { party, .. } => json!({ "party": party }),
        AppealGranted { reopened_in, .. } => json!({ "reopened_in": reopened_in }),
        AppealDismissed { .. } => json!({}),
    }
}

/// `attended_by`, a list of `AttendeeEntry`s, with each name sealed under the key(s) that
/// erase it: its subject's, or for an attendee recorded before attendees had ids, the
/// founders' it names in `erased_with` (one naming neither stays as it was recorded).
fn sealed(event: &StoredEvent, mut attended_by: Value) -> Value {
    let entries = attended_by.as_array_mut().into_iter().flatten();
    for entry in entries.filter_map(Value::as_object_mut) {
        let ids = |value: Option<&Value>| -> Vec<Uuid> {
            let ids = match value {
                Some(Value::Array(ids)) => ids.iter().collect(),
                Some(id) => vec![id],
                None => Vec::new(),
            };
            ids.into_iter()
                .filter_map(|id| id.as_str()?.parse().ok())
                .collect()
        };
        let mut subjects = ids(entry.get("subject_id"));
        if subjects.is_empty() {
            subjects = ids(entry.get("erased_with"));
        }
        if let Some(Value::String(name)) = entry.get_mut("name") {
            *name = event.seal(&subjects, name);
        }
    }
    attended_by
}
