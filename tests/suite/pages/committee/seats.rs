//! A committee member's pages last as long as their seat: once it has ended, the pages
//! no longer show them the committee's records (issue 26, finding 6).

use crate::pages::support::{pages_app, Visit};
use charter_domain::Role;
use charter_tests::SmtpServer;
use chrono::Days;
use serde_json::{json, Value};

#[tokio::test]
async fn a_member_whose_seat_ends_no_longer_sees_the_committees_pages() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let registered: Value = app
        .post(
            "/api/v1/people",
            &secretariat,
            &json!({"name": "Ayla Demir", "email": "ayla@hubs.test"}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let person = registered["person_id"].as_str().expect("person").to_owned();
    let today = app.state.clock.now().date_naive();
    let since = today.checked_sub_days(Days::new(60)).expect("a day");
    let seat = format!("/api/v1/people/{person}/committee-seat");
    let seated = app
        .post(&seat, &secretariat, &json!({"since": since}))
        .await;
    assert_eq!(seated.status(), 201);

    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    visit.open(&format!("/applications/{id}/audit")).await;
    assert!(visit.shows("Impact Hub Lisbon"), "{}", visit.html);

    let ended = app
        .post(&format!("{seat}/end"), &secretariat, &json!({"on": today}))
        .await;
    assert_eq!(ended.status(), 200);
    visit.settle().await;
    for page in [format!("/applications/{id}/audit"), "/register".to_owned()] {
        visit.open(&page).await;
        assert!(!visit.shows("Impact Hub Lisbon"), "{page}: {}", visit.html);
        assert!(!visit.shows("Audit log"), "{page}: {}", visit.html);
    }
    app.stop().await;
}
