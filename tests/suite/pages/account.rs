use super::support::{pages_app, Visit};
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn a_person_makes_a_token_on_their_account_page_uses_it_and_revokes_it() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    assert_eq!(visit.open("/account").await, StatusCode::OK);
    assert!(visit.shows("Issued by the secretariat"), "{}", visit.html);

    assert_eq!(
        visit
            .submit(
                "/account/tokens",
                &[("label", "my spreadsheet"), ("days", "30")]
            )
            .await,
        StatusCode::OK
    );
    assert_eq!(visit.path, "/account");
    assert!(visit.shows("Your token is made."), "{}", visit.html);
    assert!(visit.shows("my spreadsheet"));
    let start = visit.html.find("<code>").expect("the secret") + "<code>".len();
    let secret = visit.html[start..start + 68].to_owned();
    assert!(secret.starts_with("chr_"), "{secret}");

    // The token acts as its maker, in the role they were signed in with.
    let votes = app
        .client
        .get(format!("{}/api/v1/votes", app.address))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("an answer");
    assert_eq!(votes.status(), StatusCode::OK);
    // Shown only once.
    visit.open("/account").await;
    assert!(!visit.html.contains(&secret));

    // The revoke button in the new token's row.
    let row = visit
        .html
        .find("<td>my spreadsheet</td>")
        .expect("the new token's row");
    let id_start = row
        + visit.html[row..]
            .find("/account/tokens/")
            .expect("a revoke form")
        + 16;
    let id = visit.html[id_start..id_start + 36].to_owned();
    assert_eq!(
        visit
            .submit(&format!("/account/tokens/{id}/revoke"), &[])
            .await,
        StatusCode::OK
    );
    assert!(visit.shows("The token is revoked"), "{}", visit.html);
    // The account lists the tokens that still work; a revoked one is gone from it.
    assert!(
        !visit.html.contains("<td>my spreadsheet</td>"),
        "{}",
        visit.html
    );
    let refused = app
        .client
        .get(format!("{}/api/v1/votes", app.address))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("an answer");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_form_without_a_name_or_with_bad_days_is_refused_and_makes_nothing() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "deniz@hubs.test").await;
    visit.open("/account").await;
    for (label, days, message) in [
        ("", "30", "Enter a name for the token"),
        ("reports", "soon", "Enter the number of days"),
        ("reports", "400", "Enter a number from 1 to 365."),
    ] {
        assert_eq!(
            visit
                .submit("/account/tokens", &[("label", label), ("days", days)])
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label:?} {days:?}"
        );
        let summary = visit.error_summary().expect("a summary");
        assert!(summary.contains(message), "{summary}");
    }
    let tokens: i64 = sqlx::query_scalar("SELECT count(*) FROM api_tokens WHERE label IS NOT NULL")
        .fetch_one(&app.pool)
        .await
        .expect("a count");
    assert_eq!(tokens, 0);
}

#[tokio::test]
async fn the_account_api_makes_tokens_in_the_callers_role_and_revokes_only_their_own() {
    let app = charter_tests::spawn_app().await;
    let founder = app.applicant("Ines Moreau").await;
    let other = app.caller(Role::Panelist, "Deniz Kaya").await;
    let made = app
        .post(
            "/api/v1/account/tokens",
            &founder,
            &json!({ "label": "ci" }),
        )
        .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.expect("a body");
    assert_eq!(made["role"], "applicant");
    assert_eq!(
        made["application_id"],
        json!(founder.application.map(|a| a.0))
    );
    assert_eq!(made["label"], "ci");
    assert!(made["expires_at"].is_string(), "{made}");

    let listed: Value = app
        .get("/api/v1/account/tokens", &founder)
        .await
        .json()
        .await
        .expect("a list");
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));

    let id = made["token_id"].as_str().expect("an id");
    let stolen = app
        .post(
            &format!("/api/v1/account/tokens/{id}/revoke"),
            &other,
            &json!({}),
        )
        .await;
    charter_tests::assert_problem(stolen, 404, "not-found").await;
    let own = app
        .post(
            &format!("/api/v1/account/tokens/{id}/revoke"),
            &founder,
            &json!({}),
        )
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    for (body, field) in [
        (json!({ "label": " " }), "label"),
        (
            json!({ "label": "x", "expires_in_days": 0 }),
            "expires_in_days",
        ),
        (
            json!({ "label": "x", "expires_in_days": 366 }),
            "expires_in_days",
        ),
    ] {
        let refused = app.post("/api/v1/account/tokens", &founder, &body).await;
        let problem = charter_tests::assert_problem(refused, 422, "invalid-input").await;
        assert_eq!(problem["field"], field);
        assert!(problem["values"]["problem"].is_string(), "{problem}");
    }
}
