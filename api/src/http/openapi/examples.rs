//! An example of each request body, for the interactive page and generated clients' docs.
//! Spectral (`oas3-valid-schema-example`, run by `.ci/clients`) checks each against its
//! schema, so an example that drifts from its body fails CI.

use serde_json::{json, Map, Value};

/// The example of each request body schema that has none from its derive.
fn examples() -> Vec<(&'static str, Value)> {
    let application = "0b6f8a52-6d7e-4c3a-9a43-2f1d7c9e5a10";
    let person = "5d2c1b0a-3e4f-4a6b-8c7d-9e0f1a2b3c4d";
    vec![
        ("Advance", json!({ "to": "pre_candidate" })),
        (
            "Appeal",
            json!({ "grounds": "The panel read version 1 of the report; version 2 answers its concerns." }),
        ),
        (
            "AppointDelegate",
            json!({ "person_id": person, "since": "2027-01-01" }),
        ),
        ("AssignPanelist", json!({ "panelist_id": person })),
        (
            "CancelInterview",
            json!({ "reason": "The founders asked to move it to the new year." }),
        ),
        (
            "CastBallot",
            json!({ "choice": "yes", "reason": "A strong community strategy." }),
        ),
        ("EndDelegation", json!({ "on": "2027-06-01" })),
        (
            "DeclareConflict",
            json!({ "reason": "I advised one of the founders last year." }),
        ),
        (
            "FileReview",
            json!({
                "document_kind": "preliminary_report",
                "document_version": 1,
                "scores": { "team": 4, "community": 5, "feasibility": 3, "impact": 4 },
                "recommendation": "advance",
                "comments": "A clear case for a hub in Lisbon; the budget needs a second look."
            }),
        ),
        ("GrantEligibility", json!({ "note": "References checked." })),
        (
            "JoinPool",
            json!({ "expertise": ["finance", "community building"] }),
        ),
        ("LeaveSeat", json!({ "on": "2027-01-01" })),
        (
            "MakeToken",
            json!({ "label": "reporting script", "expires_in_days": 30 }),
        ),
        (
            "OpenVote",
            json!({
                "application_id": application,
                "motion": { "kind": "advance", "to": "candidate" }
            }),
        ),
        (
            "PreferenceChanges",
            json!({ "choices": { "stage_reached": "off", "vote_closed": "daily_digest" } }),
        ),
        (
            "RecordInterview",
            json!({
                "notes": "The founders walked the panel through the space and the first year's budget.",
                "attendees": ["Ana Sousa", { "person_id": person }]
            }),
        ),
        (
            "Recuse",
            json!({ "reason": "A founder is a relative of mine." }),
        ),
        (
            "RecordDeparture",
            json!({ "reason": "The hub closed its space and ended its membership." }),
        ),
        (
            "Register",
            json!({ "name": "Maria Costa", "email": "maria@example.org" }),
        ),
        (
            "RegisterHub",
            json!({ "name": "Impact Hub Lisbon", "city": "Lisbon", "country": "PT", "joined": "2014-05-01" }),
        ),
        (
            "RegisterWebhook",
            json!({
                "url": "https://example.org/charter-events",
                "event_types": ["application.stage_advanced", "vote.closed"]
            }),
        ),
        (
            "Reject",
            json!({ "reason": "The city already has a member hub within 5 km." }),
        ),
        (
            "ReleaseFeedback",
            json!({ "revision": 1, "note": "The panel's first reading." }),
        ),
        (
            "RequestRevision",
            json!({
                "document_kind": "financial_projection",
                "deadline": "2027-03-31T17:00:00Z",
                "reason": "The projection stops after year two; the policy asks for five."
            }),
        ),
        (
            "RescheduleInterview",
            json!({ "scheduled_for": "2027-02-10T14:00:00Z", "location": "Impact Hub Lisbon, room 2" }),
        ),
        (
            "ReviseReview",
            json!({
                "scores": { "team": 4, "community": 5, "feasibility": 4, "impact": 4 },
                "recommendation": "advance",
                "comments": "Version 2 answers the budget question."
            }),
        ),
        (
            "ScheduleInterview",
            json!({ "scheduled_for": "2027-02-03T14:00:00Z", "location": "Impact Hub Lisbon" }),
        ),
        (
            "SuspendHub",
            json!({ "reason": "Membership fees unpaid for two years." }),
        ),
        ("TakeSeat", json!({ "since": "2026-12-01" })),
        (
            "Withdraw",
            json!({ "reason": "The founders found another path." }),
        ),
    ]
}

/// Adds the examples to the component schemas that have none.
pub fn add(schemas: &mut Map<String, Value>) {
    for (name, example) in examples() {
        let Some(schema) = schemas.get_mut(name).and_then(Value::as_object_mut) else {
            continue;
        };
        if !schema.contains_key("example") && !schema.contains_key("examples") {
            schema.insert("examples".to_owned(), json!([example]));
        }
    }
}
