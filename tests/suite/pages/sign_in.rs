use super::support::{code_in, code_mail, link_in, pages_app, Visit};
use crate::notifications::support::received;
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;

async fn requests_recorded(app: &charter_tests::TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM sign_in_requests")
        .fetch_one(&app.pool)
        .await
        .expect("a count")
}

#[tokio::test]
async fn a_committee_member_signs_in_with_the_emailed_code_and_sees_the_open_votes() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    assert_eq!(visit.open("/").await, StatusCode::OK);
    assert!(visit.shows("Sign in"), "{}", visit.html);

    assert_eq!(visit.sign_in(&smtp, "Ayla@Hubs.test").await, StatusCode::OK);
    assert_eq!(visit.path, "/");
    assert!(visit.shows("You are signed in."), "{}", visit.html);
    assert!(visit.shows("Open votes"), "{}", visit.html);
    assert!(
        visit.shows("Ayla Demir · Committee member"),
        "{}",
        visit.html
    );
    // The message is gone once shown.
    visit.open("/").await;
    assert!(!visit.shows("You are signed in."));
}

#[tokio::test]
async fn the_emailed_link_signs_in_only_once_confirmed_and_only_once() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let mut asking = Visit::new(&app);
    asking.settle().await;
    asking.open("/sign-in").await;
    asking
        .submit("/sign-in", &[("address", "deniz@hubs.test")])
        .await;
    let mail = code_mail(&smtp, "deniz@hubs.test", 0).await;
    let link = link_in(&mail);
    let path = &link[link.find("/sign-in/link/").expect("a link path")..];

    // A mail scanner opening the link uses nothing up.
    let mut scanner = Visit::new(&app);
    assert_eq!(scanner.open(path).await, StatusCode::OK);
    let mut reader = Visit::new(&app);
    assert_eq!(reader.open(path).await, StatusCode::OK);
    assert!(reader.shows("Confirm to sign in"), "{}", reader.html);
    reader.open("/").await;
    assert!(!reader.shows("Your reviews"));

    reader.open(path).await;
    let key = path.trim_start_matches("/sign-in/link/");
    assert_eq!(
        reader.submit("/sign-in/link", &[("key", key)]).await,
        StatusCode::OK
    );
    assert!(reader.shows("Your reviews"), "{}", reader.html);

    let mut again = Visit::new(&app);
    again.open(path).await;
    assert_eq!(
        again.submit("/sign-in/link", &[("key", key)]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(again
        .error_summary()
        .is_some_and(|summary| summary.contains("expired or has been used")));
}

#[tokio::test]
async fn a_wrong_code_is_refused_in_the_error_summary_and_five_spend_the_code() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.settle().await;
    visit.open("/sign-in").await;
    visit
        .submit("/sign-in", &[("address", "ayla@hubs.test")])
        .await;
    let code = code_in(&code_mail(&smtp, "ayla@hubs.test", 0).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };

    assert_eq!(
        visit.submit("/sign-in/code", &[("code", "")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let summary = visit.error_summary().expect("an error summary");
    assert!(
        summary.contains("Enter the code from the e-mail"),
        "{summary}"
    );
    assert!(
        visit.html.contains("href=\"#code\""),
        "the summary links to the field"
    );

    for _ in 0..4 {
        assert_eq!(
            visit.submit("/sign-in/code", &[("code", wrong)]).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert!(visit
            .error_summary()
            .expect("a summary")
            .contains("not right"));
    }
    visit.submit("/sign-in/code", &[("code", wrong)]).await;
    assert!(visit
        .error_summary()
        .expect("a summary")
        .contains("expired or has been used"));
    // Spent: even the right code no longer works.
    assert_eq!(
        visit.submit("/sign-in/code", &[("code", &code)]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    visit.open("/").await;
    assert!(!visit.shows("Open votes"));
}

#[tokio::test]
async fn an_unknown_address_is_answered_like_a_known_one_and_is_sent_nothing() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.open("/sign-in").await;
    assert_eq!(
        visit
            .submit("/sign-in", &[("address", "nobody@hubs.test")])
            .await,
        StatusCode::OK
    );
    assert_eq!(visit.path, "/sign-in/code");
    assert!(visit.shows("If nobody@hubs.test belongs to someone in the network"));
    assert_eq!(
        visit.submit("/sign-in/code", &[("code", "123456")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(received(&smtp).is_empty());
}

#[tokio::test]
async fn an_empty_or_malformed_address_is_refused_and_nothing_is_recorded() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let mut visit = Visit::new(&app);
    for (address, message) in [
        ("", "Enter your e-mail address"),
        ("   ", "Enter your e-mail address"),
        (
            "ayla.hubs.test",
            "Enter an e-mail address in the right format",
        ),
        ("ayla@", "Enter an e-mail address in the right format"),
        (
            "a yla@hubs.test",
            "Enter an e-mail address in the right format",
        ),
    ] {
        visit.open("/sign-in").await;
        assert_eq!(
            visit.submit("/sign-in", &[("address", address)]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{address:?}"
        );
        let summary = visit.error_summary().expect("an error summary");
        assert!(summary.contains(message), "{address:?}: {summary}");
        assert!(visit.html.contains("href=\"#address\""));
        assert!(
            visit.html.contains("<title>Error: Sign in"),
            "the title says so"
        );
    }
    assert_eq!(requests_recorded(&app).await, 0);
}

#[tokio::test]
async fn an_address_asked_for_too_often_is_refused_for_an_hour() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.settle().await;
    for _ in 0..5 {
        visit.open("/sign-in").await;
        assert_eq!(
            visit
                .submit("/sign-in", &[("address", "ayla@hubs.test")])
                .await,
            StatusCode::OK
        );
    }
    visit.open("/sign-in").await;
    assert_eq!(
        visit
            .submit("/sign-in", &[("address", "AYLA@hubs.test")])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(visit
        .error_summary()
        .expect("a summary")
        .contains("Too many codes"));
    assert_eq!(requests_recorded(&app).await, 5);
    let codes: i64 = sqlx::query_scalar("SELECT count(*) FROM sign_in_codes")
        .fetch_one(&app.pool)
        .await
        .expect("a count");
    assert_eq!(codes, 5);
}
