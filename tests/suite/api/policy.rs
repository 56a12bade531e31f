//! The gate policy is data: a server started with another policy follows it, and records
//! its version in the events it governs.

use super::steps::{assign, grant_eligibility, ok, submit};
use charter_domain::policy::DEFAULT_POLICY;
use charter_domain::{Policy, Role};
use charter_tests::spawn_app_with;
use serde_json::json;

#[tokio::test]
async fn a_server_follows_the_policy_file_it_was_started_with() {
    // A stricter network: one rubric criterion, three reviews for the preliminary report.
    let text = DEFAULT_POLICY
        .replace("version = \"default-2026.2\"", "version = \"strict-7\"")
        .replace(
            "rubric = [\"team\", \"community\", \"feasibility\", \"impact\"]",
            "rubric = [\"clarity\"]",
        )
        .replacen("per_document = 2", "per_document = 3", 1);
    let policy = Policy::from_toml(&text).expect("a valid policy");
    let app = spawn_app_with(|settings| settings.policy = policy).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let granted = grant_eligibility(&app, &secretariat, &id).await;
    assert_eq!(granted["events"][0]["data"]["policy_version"], "strict-7");
    submit(&app, &applicant, "preliminary_report", "report").await;
    assign(&app, &secretariat, &id, &ada).await;

    let review = |scores| {
        json!({"document_kind": "preliminary_report", "document_version": 1,
               "scores": scores, "recommendation": "advance", "comments": "Read."})
    };
    let path = format!("/api/v1/applications/{id}/reviews");
    let refused = app
        .post(
            &path,
            &ada,
            &review(json!({"team": 4, "community": 4, "feasibility": 4, "impact": 4})),
        )
        .await;
    let problem = ok(refused, 422, "the default rubric").await;
    assert_eq!(problem["field"], "scores.clarity");
    ok(
        app.post(&path, &ada, &review(json!({"clarity": 5}))).await,
        201,
        "this policy's rubric",
    )
    .await;

    let refused = app
        .post(
            &format!("/api/v1/applications/{id}/advance"),
            &secretariat,
            &json!({"to": "pre_candidate"}),
        )
        .await;
    let problem = ok(refused, 422, "three reviews needed").await;
    assert_eq!(problem["missing"][0]["need"], 3);
    let recorded: String = sqlx::query_scalar(
        "SELECT metadata->>'policy_version' FROM events WHERE aggregate_type = 'Application'
         ORDER BY global_position DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("metadata");
    assert_eq!(recorded, "strict-7");
    app.stop().await;
}
