//! CSV exports of the vote register and the pipeline.

use super::steps::{committee, decide_by_vote, grant_eligibility, ok, wait_for_stage};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::json;

async fn csv_rows(app: &TestApp, caller: &Caller, path: &str, position: i64) -> Vec<Vec<String>> {
    let response = app
        .get(&format!("{path}?min_position={position}"), caller)
        .await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .expect("ASCII")
        .starts_with("attachment"));
    let body = response.text().await.expect("text");
    csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("a CSV record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_vote_register_and_the_pipeline_export_as_csv_a_spreadsheet_reads_safely() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let members = committee(&app).await;
    let applicant = app.applicant("Ana").await;
    let opened = ok(
        app.post(
            "/api/v1/applications",
            &applicant,
            &json!({"city": "Lisbon", "country": "PT", "hub_name": "=HYPERLINK(\"x\")",
                    "founders": [{"name": "Ana", "email": "ana@lisbon.example"}]}),
        )
        .await,
        201,
        "open",
    )
    .await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    let grounds = "No plan, no \"entity\",\nand no team";
    let ballots: Vec<_> = members.iter().map(|m| (m, "yes")).collect();
    let closed = decide_by_vote(
        &app,
        &secretariat,
        &id,
        json!({"kind": "reject", "grounds": grounds}),
        &ballots,
    )
    .await;
    wait_for_stage(&app, &secretariat, &id, "rejected").await;
    let position = closed["position"].as_i64().expect("position");

    let votes = csv_rows(&app, &members[0], "/api/v1/exports/votes.csv", position).await;
    assert_eq!(votes.len(), 1);
    let vote = &votes[0];
    assert_eq!(vote[0], closed["vote_id"].as_str().expect("vote"));
    assert_eq!(vote[2], "'=HYPERLINK(\"x\")", "a formula is neutralised");
    assert_eq!(vote[3], "reject");
    assert_eq!(vote[4], grounds, "commas, quotes and line breaks survive");
    assert_eq!(
        (vote[10].as_str(), vote[11].as_str(), vote[16].as_str()),
        ("3", "3", "passed")
    );

    let pipeline = csv_rows(&app, &secretariat, "/api/v1/exports/pipeline.csv", position).await;
    assert_eq!(pipeline.len(), 1);
    assert_eq!(pipeline[0][0], id);
    assert_eq!(pipeline[0][4], "rejected");
    assert_eq!(
        pipeline[0][7], "",
        "no time limit on a rejected application"
    );

    for caller in [&applicant, &app.caller(Role::Panelist, "Pia").await] {
        let refused = app.get("/api/v1/exports/votes.csv", caller).await;
        assert_eq!(refused.status(), 403);
    }
    app.stop().await;
}
