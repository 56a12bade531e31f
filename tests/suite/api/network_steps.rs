//! Steps of the network's part in a journey: member hubs with delegates, and an application
//! brought to the approval gate, where the committee votes first and the network decides.

use super::steps::{
    assign, cast, close, decide_by_vote, grant_eligibility, hold_interview, ok, open_vote, review,
    submit, wait_for_stage,
};
use charter_domain::Role;
use charter_tests::{Caller, TestApp};
use serde_json::{json, Value};

/// A member hub and the delegates who cast its ballot.
pub(crate) struct Hub {
    pub id: String,
    pub delegates: Vec<Caller>,
}

/// Member hubs, each with one delegate: the network of a test.
pub(crate) async fn network(app: &TestApp, secretariat: &Caller, names: &[&str]) -> Vec<Hub> {
    let mut hubs = Vec::new();
    for name in names {
        let id = app.register_hub(secretariat, name).await;
        let first = app.delegate_of(&id, &format!("Delegate of {name}")).await;
        hubs.push(Hub {
            id,
            delegates: vec![first],
        });
    }
    hubs
}

/// An application for `city` brought through the candidate gate (by a committee vote) and
/// to everything the approval gate asks but its votes; its founder and id.
pub(crate) async fn at_approval_gate(
    app: &TestApp,
    secretariat: &Caller,
    members: &[Caller],
    city: &str,
) -> (Caller, String) {
    let ada = app.caller(Role::Panelist, &format!("Ada of {city}")).await;
    let ben = app.caller(Role::Panelist, &format!("Ben of {city}")).await;
    let (applicant, opened) = app.open_application(city).await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(app, secretariat, &id).await;
    assign(app, secretariat, &id, &ada).await;
    assign(app, secretariat, &id, &ben).await;
    let gates: [(&str, &[&str]); 3] = [
        ("pre_candidate", &["preliminary_report"]),
        (
            "candidate",
            &[
                "feasibility_study",
                "financial_projection",
                "community_strategy",
            ],
        ),
        ("approved", &["future_plan", "space_design"]),
    ];
    for (stage, kinds) in gates {
        for kind in kinds {
            submit(app, &applicant, kind, &format!("{kind} for {stage}")).await;
            review(app, &ada, &id, kind, 1, "advance").await;
            review(app, &ben, &id, kind, 1, "advance").await;
        }
        match stage {
            "pre_candidate" => {
                ok(
                    app.post(
                        &format!("/api/v1/applications/{id}/advance"),
                        secretariat,
                        &json!({"to": stage}),
                    )
                    .await,
                    200,
                    stage,
                )
                .await;
            }
            "candidate" => {
                hold_interview(app, secretariat, &id).await;
                let ballots: Vec<(&Caller, &str)> = members.iter().map(|m| (m, "yes")).collect();
                let motion = json!({"kind": "advance", "to": stage});
                decide_by_vote(app, secretariat, &id, motion, &ballots).await;
                wait_for_stage(app, secretariat, &id, stage).await;
            }
            _ => {
                hold_interview(app, secretariat, &id).await;
            }
        }
    }
    (applicant, id)
}

/// The committee's approval vote, passed: the application records it and stays where it
/// is until the network's vote (which this test holds itself, unlike `decide_by_vote`).
pub(crate) async fn committee_approves(
    app: &TestApp,
    secretariat: &Caller,
    members: &[Caller],
    id: &str,
) -> Value {
    let body = json!({"application_id": id, "motion": {"kind": "advance", "to": "approved"}});
    let vote = open_vote(app, secretariat, body).await;
    for member in members {
        cast(app, member, &vote, json!({"choice": "yes"})).await;
    }
    close(app, secretariat, &vote).await
}

/// Waits (up to 10 s) until the committee's passed approval vote is carried out: the
/// checklist of application `id` shows it met, and the stage has not moved; the status.
pub(crate) async fn wait_for_recommendation(app: &TestApp, caller: &Caller, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let response = app
            .get(&format!("/api/v1/applications/{id}/status"), caller)
            .await;
        let status: Value = response.json().await.expect("JSON");
        let met = status["next_gate"]["checks"]
            .as_array()
            .is_some_and(|checks| {
                checks.iter().any(|check| {
                    check["requirement"] == "vote"
                        && check["electorate"] == "committee"
                        && check["met"] == true
                })
            });
        if met {
            return status;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the committee's vote was never carried out: {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
