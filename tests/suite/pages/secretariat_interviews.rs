//! The secretariat records a held interview on its page, with names typed in, and the page
//! then lists who attended, each with the id that erases their name.

use super::secretariat::{application, secretariat};
use super::support::{pages_app, Visit};
use crate::api::steps::ok;
use charter_tests::SmtpServer;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_held_interview_lists_its_attendees_with_the_ids_that_erase_them() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut visit) = secretariat(&app, &smtp).await;
    let id = application(&app, "Ana Sousa", "Lisbon").await;
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/interviews"),
            &member,
            &json!({"scheduled_for": chrono::Utc::now() - chrono::Duration::hours(1),
                    "location": "Video call"}),
        )
        .await,
        201,
        "schedule",
    )
    .await;
    visit.settle().await;
    visit
        .open(&format!("/applications/{id}/interviews/1"))
        .await;
    assert!(
        visit.shows("A founder is known by their name"),
        "{}",
        visit.html
    );

    let status = visit
        .submit(
            &format!("/applications/{id}/interviews/1/record"),
            &[
                ("notes", "The team knows its city."),
                ("attendees", "ana sousa, Olga Outsider\nSelin Aydın"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", visit.html);
    assert!(visit.shows("Interview recorded"), "{}", visit.html);
    visit.settle().await;
    let status = app
        .read(&format!("/api/v1/applications/{id}/status"), &member, 0)
        .await;
    let attendees = status["interviews"][0]["attendees"].clone();
    let olga = attendees[1]["subject_id"]
        .as_str()
        .expect("Olga's id")
        .to_owned();
    assert_eq!(attendees[1]["name"], "Olga Outsider", "{attendees}");
    assert_eq!(
        attendees[0]["name"], "Ana Sousa",
        "the founder, by name: {attendees}"
    );

    for (language, id_text, erase_text) in [
        (
            "en",
            format!("id {olga}"),
            "Erase the personal data of Olga Outsider",
        ),
        (
            "tr",
            format!("kimlik {olga}"),
            "Olga Outsider adlı kişinin kişisel verilerini silin",
        ),
    ] {
        let mut reader = Visit::speaking(&app, language);
        reader.sign_in(&smtp, "selin@hubs.test").await;
        reader
            .open(&format!("/applications/{id}/interviews/1"))
            .await;
        assert!(reader.shows(&id_text), "{language}: {}", reader.html);
        assert!(reader.shows(erase_text), "{language}: {}", reader.html);
        assert!(
            reader
                .html
                .contains(&format!("href=\"/people/{olga}/erasure\"")),
            "{}",
            reader.html
        );
    }
    app.stop().await;
}
