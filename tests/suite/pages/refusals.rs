//! A refused form in the reader's language: the API's refusal is worded by the pages'
//! texts, never shown as the API's English detail.

use super::founders::{founder, REPORT};
use super::support::{pages_app, Visit};
use charter_tests::{Caller, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// The API's own English words for a closed application, which a page must not show.
const ENGLISH_DETAIL: &str = "takes no further changes";

async fn withdraw_behind_the_page(app: &TestApp, founder: &Caller, visit: &Visit) {
    let id = TestApp::id_of(founder);
    let withdrawn = app
        .post(
            &format!("/api/v1/applications/{id}/withdrawal"),
            founder,
            &json!({}),
        )
        .await;
    assert_eq!(withdrawn.status(), 200, "withdraw");
    visit.settle().await;
}

#[tokio::test]
async fn a_turkish_speaking_founder_is_told_in_turkish_why_an_upload_was_refused() {
    let smtp = charter_tests::SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let caller = founder(&app, "Ayşe Kaya", "ayse@izmir.example", "Izmir").await;
    let mut visit = Visit::speaking(&app, "tr-TR,tr;q=0.9");
    visit.sign_in(&smtp, "ayse@izmir.example").await;
    assert_eq!(visit.open("/documents").await, StatusCode::OK);
    assert!(visit.shows("Yeni bir sürüm gönderin"), "{}", visit.html);
    let key = visit.form_key();
    withdraw_behind_the_page(&app, &caller, &visit).await;

    let status = visit
        .upload(
            "/documents",
            &[("csrf", &key), ("kind", "preliminary_report")],
            Some(("rapor.pdf", "application/pdf", REPORT)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", visit.html);
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("Başvuru geri çekilmiştir; bu nedenle artık değişiklik kabul etmez."),
        "{summary}"
    );
    assert!(!summary.contains(ENGLISH_DETAIL), "{summary}");
    assert!(visit.html.contains("<title>Hata:"), "{}", visit.html);
}

#[tokio::test]
async fn a_founder_who_chose_turkish_is_told_in_turkish_why_a_withdrawal_was_refused() {
    let smtp = charter_tests::SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let caller = founder(&app, "Ayşe Kaya", "ayse@izmir.example", "Izmir").await;
    // The browser asks for English; the language chosen on the pages wins.
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayse@izmir.example").await;
    visit.open("/language/tr?back=/withdraw").await;
    assert_eq!(visit.path, "/withdraw");
    assert!(visit.shows("Başvurunuzu geri çekin"), "{}", visit.html);
    visit
        .submit("/withdraw/check", &[("reason", "Bina bulamadık.")])
        .await;
    assert!(
        visit.shows("Geri çekmeden önce kontrol ediniz"),
        "{}",
        visit.html
    );
    withdraw_behind_the_page(&app, &caller, &visit).await;

    let status = visit
        .submit("/withdraw", &[("reason", "Bina bulamadık.")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", visit.html);
    let summary = visit.error_summary().expect("an error summary");
    assert!(summary.contains("Başvuru geri çekilmiştir"), "{summary}");
    assert!(!summary.contains(ENGLISH_DETAIL), "{summary}");
}
