//! The founders' timeline: each milestone says what happened (which document and version,
//! when and where the interview is, what the panel's feedback is about) and who did it,
//! in the reader's language; the panel's own work stays out of it.

use super::founders::founder;
use super::support::{pages_app, Visit};
use crate::api::steps::{assign, grant_eligibility, ok, request_revision, review, submit};
use charter_domain::Role;
use charter_tests::{SmtpServer, TestApp};
use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn each_milestone_says_what_happened_and_who_did_it_in_the_readers_language() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let panelist = app.caller(Role::Panelist, "Pia Panelist").await;
    let caller = founder(&app, "Ana Sousa", "ana@braga.example", "Braga").await;
    let id = TestApp::id_of(&caller).to_string();
    submit(&app, &caller, "preliminary_report", "the first draft").await;
    submit(&app, &caller, "preliminary_report", "the second draft").await;
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &panelist).await;
    review(&app, &panelist, &id, "preliminary_report", 2, "advance").await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/1/release"),
            &secretariat,
            &json!({"revision": 1}),
        )
        .await,
        200,
        "release the feedback",
    )
    .await;
    let interview_at = Utc.with_ymd_and_hms(2040, 3, 14, 7, 30, 0).unwrap();
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            &secretariat,
            &json!({"scheduled_for": interview_at, "location": "Rua do Souto 5, Braga"}),
        )
        .await,
        201,
        "schedule the interview",
    )
    .await;
    let due = Utc.with_ymd_and_hms(2040, 5, 1, 12, 0, 0).unwrap();
    request_revision(&app, &secretariat, &id, due).await;

    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ana@braga.example").await;
    assert_eq!(visit.open("/timeline").await, StatusCode::OK);
    for milestone in [
        "The application for Impact Hub Braga in Braga was opened By Ana Sousa (Founder)",
        "Preliminary report version 1 submitted By Ana Sousa (Founder)",
        "Preliminary report version 2 submitted",
        "The secretariat found the application eligible By Sam Secretariat (Secretariat)",
        "Panel feedback on Preliminary report version 2 released to you",
        "Interview scheduled for 14 March 2040, 07:30 (UTC), at Rua do Souto 5, Braga",
        "A new version of the Preliminary report was asked for, due 1 May 2040, 12:00 (UTC)",
    ] {
        assert!(visit.shows(milestone), "{milestone}: {}", visit.html);
    }
    // The panel's internal work, and the panelist's name, are not the founders' to see.
    assert!(!visit.shows("Review 1"), "{}", visit.html);
    assert!(!visit.shows("Pia Panelist"), "{}", visit.html);

    visit.open("/language/tr?back=/timeline").await;
    assert_eq!(visit.path, "/timeline");
    for milestone in [
        "Braga kentindeki Impact Hub Braga için başvuru açıldı Ana Sousa (Kurucu) tarafından",
        "Ön rapor belgesinin 2. sürümü gönderildi",
        "Görüşme planlandı: 14 Mart 2040, 07:30 (UTC), Rua do Souto 5, Braga",
        "Ön rapor belgesinin 2. sürümüne ilişkin panel görüşleri size iletildi",
    ] {
        assert!(visit.shows(milestone), "{milestone}: {}", visit.html);
    }
}

#[tokio::test]
async fn a_milestone_recorded_before_its_facts_were_kept_is_told_in_general_words() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let caller = founder(&app, "Ana Sousa", "ana@braga.example", "Braga").await;
    submit(&app, &caller, "preliminary_report", "the first draft").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ana@braga.example").await;
    // As the migration that added the facts left the rows written before it.
    sqlx::query("UPDATE application_timeline SET details = '{}'")
        .execute(&app.pool)
        .await
        .expect("the facts forgotten");

    visit.open("/timeline").await;
    assert!(visit.shows("The application was opened"), "{}", visit.html);
    assert!(visit.shows("A document was submitted"), "{}", visit.html);
    assert!(!visit.shows("version 1 submitted"), "{}", visit.html);
}
