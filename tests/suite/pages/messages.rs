//! `/account/messages`: how each kind of e-mail reaches a person, and their calendar's
//! address; and the page an e-mail's unsubscribe link opens, without signing in.

use super::support::{pages_app, Visit};
use crate::notifications::preferences::delivery_of;
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;

#[tokio::test]
async fn a_person_chooses_how_each_kind_of_email_reaches_them() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let ayla = app
        .issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    assert_eq!(visit.open("/account").await, StatusCode::OK);
    assert!(visit.html.contains("href=\"/account/messages\""));
    assert_eq!(visit.open("/account/messages").await, StatusCode::OK);
    assert!(visit.shows("A vote closes"), "{}", visit.html);
    // A kind about something to do offers no "Never".
    let required = visit
        .html
        .find("<select id=\"vote_opened\"")
        .expect("the vote_opened choice");
    let end = visit.html[required..].find("</select>").expect("its end") + required;
    assert!(!visit.html[required..end].contains("value=\"off\""));

    let saved = visit
        .submit(
            "/account/messages",
            &[("vote_closed", "daily_digest"), ("stage_reached", "off")],
        )
        .await;
    assert_eq!(saved, StatusCode::OK);
    assert_eq!(visit.path, "/account/messages");
    assert!(visit.shows("Your choices are saved."), "{}", visit.html);
    assert!(visit
        .html
        .contains("<option value=\"daily_digest\" selected>In the daily digest"));
    assert_eq!(
        delivery_of(&app, &ayla, "vote_closed").await,
        "daily_digest"
    );
    assert_eq!(delivery_of(&app, &ayla, "stage_reached").await, "off");

    // Refused, by the page or by the API: the summary says why and nothing changes.
    for (kind, way) in [("vote_closed", "sometimes"), ("vote_opened", "off")] {
        let refused = visit
            .submit(
                "/account/messages",
                &[("stage_reached", "immediate"), (kind, way)],
            )
            .await;
        assert_eq!(refused, StatusCode::UNPROCESSABLE_ENTITY, "{kind} {way}");
        assert!(visit.error_summary().is_some(), "{}", visit.html);
        assert!(
            visit.html.contains(&format!("href=\"#{kind}\"")),
            "{}",
            visit.html
        );
        assert_eq!(delivery_of(&app, &ayla, "stage_reached").await, "off");
    }
}

#[tokio::test]
async fn a_person_replaces_the_address_of_their_calendar() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Panelist, "Ada Panel", Some("ada@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ada@hubs.test").await;
    visit.open("/account/messages").await;
    let address = |html: &str| {
        let before = "id=\"calendar-url\" value=\"";
        let start = html.find(before).expect("the address") + before.len();
        let end = html[start..].find('"').expect("its end") + start;
        html[start..end].to_owned()
    };
    let old = address(&visit.html);
    let path = old
        .split_once("/api/")
        .map(|(_, path)| format!("/api/{path}"))
        .expect("a path");
    assert_eq!(visit.download(&path).await.status(), StatusCode::OK);

    assert_eq!(visit.submit("/account/calendar", &[]).await, StatusCode::OK);
    assert!(
        visit.shows("Your calendar has a new address."),
        "{}",
        visit.html
    );
    let new = address(&visit.html);
    assert_ne!(new, old);
    assert_eq!(visit.download(&path).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unsubscribe_link_opens_a_page_in_the_readers_language_that_asks_first() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let mei = app
        .issue_with_email(Role::Panelist, "Mei Lin", Some("mei@hubs.test"))
        .await;
    let mut conn = app.pool.acquire().await.expect("a connection");
    let key = charter_notifications::preferences::unsubscribe_key(&mut conn, mei.person.0)
        .await
        .expect("a key");
    drop(conn);
    let link = format!("/api/v1/notifications/unsubscribe/{key}?kind=panelist_assigned");

    // The link, as the e-mail has it, leads to the page; the page only asks.
    let mut visit = Visit::new(&app);
    let answer = visit.download(&link).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let page = answer.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert_eq!(page, format!("/unsubscribe/{key}?kind=panelist_assigned"));
    visit.open("/language/tr").await;
    assert_eq!(visit.open(&page).await, StatusCode::OK);
    assert!(visit.shows("durdurulsun mu?"), "{}", visit.html);
    assert_eq!(
        delivery_of(&app, &mei, "panelist_assigned").await,
        "immediate"
    );

    assert_eq!(visit.submit(&page, &[]).await, StatusCode::OK);
    assert!(visit.shows("artık size gönderilmeyecek"), "{}", visit.html);
    assert_eq!(delivery_of(&app, &mei, "panelist_assigned").await, "off");

    // A kind about something to do is gathered into the digest, never stopped.
    let required = format!("/unsubscribe/{key}?kind=document_awaits_review");
    visit.open(&required).await;
    visit.submit(&required, &[]).await;
    assert_eq!(
        delivery_of(&app, &mei, "document_awaits_review").await,
        "daily_digest"
    );

    // A link that is not one: a page that says so, and nothing changes.
    for bad in [
        format!("/unsubscribe/{key}00?kind=vote_closed"),
        format!("/unsubscribe/{key}?kind=gossip"),
    ] {
        assert_eq!(visit.open(&bad).await, StatusCode::NOT_FOUND, "{bad}");
    }
    let odd = visit
        .download("/api/v1/notifications/unsubscribe/not%0Ahex?kind=vote_closed")
        .await;
    assert_eq!(odd.status(), StatusCode::NOT_FOUND);
    assert_eq!(delivery_of(&app, &mei, "vote_closed").await, "immediate");
}
