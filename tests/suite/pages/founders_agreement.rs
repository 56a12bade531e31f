//! The founders' signature of the membership agreement, from the page, once approved;
//! and the initiative it makes, which takes no new document.

use super::support::{pages_app, Visit};
use crate::api::steps::{
    assign, committee, decide_by_vote, grant_eligibility, hold_interview, review, submit,
    wait_for_stage,
};
use charter_domain::Role;
use charter_tests::{SmtpServer, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_approved_founder_signs_the_agreement_after_checking_it() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let ben = app.caller(Role::Panelist, "Ben").await;
    let founder = app
        .issue_with_email(Role::Applicant, "Ana Sousa", Some("ana@porto.example"))
        .await;
    let opened = app
        .post(
            "/api/v1/applications",
            &founder,
            &json!({"city": "Porto", "country": "PT", "hub_name": "Impact Hub Porto",
                    "founders": [{"name": "Ana Sousa", "email": "ana@porto.example"}]}),
        )
        .await;
    assert_eq!(opened.status(), 201);
    let id = TestApp::id_of(&founder).to_string();
    let members = committee(&app).await;
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &ada).await;
    assign(&app, &secretariat, &id, &ben).await;
    let gates: [(&str, &[&str], bool); 3] = [
        ("pre_candidate", &["preliminary_report"], false),
        (
            "candidate",
            &[
                "feasibility_study",
                "financial_projection",
                "community_strategy",
            ],
            true,
        ),
        ("approved", &["future_plan", "space_design"], true),
    ];
    for (stage, kinds, needs_vote) in gates {
        for kind in kinds {
            submit(&app, &founder, kind, kind).await;
            review(&app, &ada, &id, kind, 1, "advance").await;
            review(&app, &ben, &id, kind, 1, "advance").await;
        }
        if needs_vote {
            hold_interview(&app, &secretariat, &id).await;
            let ballots = [
                (&members[0], "yes"),
                (&members[1], "yes"),
                (&members[2], "yes"),
            ];
            decide_by_vote(
                &app,
                &secretariat,
                &id,
                json!({"kind": "advance", "to": stage}),
                &ballots,
            )
            .await;
            wait_for_stage(&app, &secretariat, &id, stage).await;
        } else {
            let advanced = app
                .post(
                    &format!("/api/v1/applications/{id}/advance"),
                    &secretariat,
                    &json!({"to": stage}),
                )
                .await;
            assert_eq!(advanced.status(), 200, "{stage}");
        }
    }

    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ana@porto.example").await;
    assert!(visit.html.contains("href=\"/agreement\""), "{}", visit.html);
    assert_eq!(visit.open("/agreement").await, StatusCode::OK);
    assert!(visit.shows("cannot be taken back"), "{}", visit.html);
    assert_eq!(visit.submit("/agreement", &[]).await, StatusCode::OK);
    assert_eq!(visit.path, "/");
    assert!(
        visit.shows("You have signed the membership agreement."),
        "{}",
        visit.html
    );
    visit.open("/agreement").await;
    assert!(
        visit.shows("The founders have signed the membership agreement."),
        "{}",
        visit.html
    );
    assert!(!visit.html.contains("action=\"/agreement\""));

    // Once the association has signed too, the hub is an initiative: its application
    // takes no new document, and the pages no longer offer one.
    let signed = app
        .post(
            &format!("/api/v1/applications/{id}/signatures"),
            &secretariat,
            &json!({}),
        )
        .await;
    assert_eq!(signed.status(), 201, "the association signs");
    visit.settle().await;
    let status: serde_json::Value = app
        .get(&format!("/api/v1/applications/{id}/status"), &founder)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(status["stage"], "initiative");
    assert_eq!(status["accepts_documents"], false);
    visit.open("/").await;
    assert!(!visit.shows("Submit a new version"), "{}", visit.html);
    visit.open("/documents").await;
    assert!(visit.shows("Your application is closed"), "{}", visit.html);
    assert!(
        !visit.html.contains("action=\"/documents\""),
        "{}",
        visit.html
    );
}
