//! The Membership Committee's pages: a vote's record and ballot, refusals that write
//! nothing, the secrecy of a secret ballot, recusal, the register, the dashboard's charts
//! and its CSV exports, the audit log.

mod records;
mod seats;
mod votes;

use crate::api::steps::{grant_eligibility, open_vote};
use charter_tests::{Caller, TestApp};
use serde_json::{json, Value};

/// An application that is eligible, and an open vote to reject it (an open ballot).
async fn open_motion(app: &TestApp, secretariat: &Caller, city: &str) -> (String, String) {
    let (_, opened) = app.open_application(city).await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(app, secretariat, &id).await;
    let vote = open_vote(
        app,
        secretariat,
        json!({"application_id": id, "motion": {"kind": "reject", "grounds": "No legal entity yet."}}),
    )
    .await;
    (id, vote)
}

/// The vote's record, as the API holds it.
async fn record(app: &TestApp, secretariat: &Caller, vote: &str) -> Value {
    let response = app.get(&format!("/api/v1/votes/{vote}"), secretariat).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

async fn ballots(app: &TestApp, secretariat: &Caller, vote: &str) -> usize {
    record(app, secretariat, vote).await["ballots"]
        .as_array()
        .expect("ballots")
        .len()
}
