//! A milestone's facts as values, for a reader's own words about it: a document's kind and
//! version, an interview's time and place, the stages of a move. No personal data (names,
//! reasons, notes, file names) but the names of an interview's attendees, each beside the
//! id it is about and sealed under its key: an erasure scrubs the timeline's actor names
//! and those attendees by id, so nothing else here may name a person.

use crate::engine::event::StoredEvent;
use crate::read_models::attendees::sealed;
use charter_domain::application::ApplicationEvent;
use serde_json::{json, Value};

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
            "attended_by": sealed(event, attendees, about),
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
        GateVotePassed { to, electorate, .. } => json!({ "to": to, "electorate": electorate }),
    }
}
