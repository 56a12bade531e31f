use super::support::{pages_app, Visit};
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_and_pages_carry_a_strict_policy() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let response = app
        .client
        .get(format!("{}/sign-in", app.address))
        .send()
        .await
        .expect("the page");
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    let cookie = headers["set-cookie"].to_str().expect("a cookie");
    assert!(cookie.starts_with("charter="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let policy = headers["content-security-policy"]
        .to_str()
        .expect("a policy");
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(policy.contains(part), "{policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-store");
    let html = response.text().await.expect("a page");
    assert!(
        !html.contains("<script>") && !html.contains("style="),
        "nothing inline"
    );
}

#[tokio::test]
async fn a_form_without_the_sessions_key_or_from_another_site_is_refused_and_changes_nothing() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.open("/sign-in").await;
    let key = visit.form_key();
    let own = app.address.clone();
    let address = [("address", "ayla@hubs.test")];
    assert_eq!(
        visit.post_raw("/sign-in", &address, Some(&own)).await,
        StatusCode::FORBIDDEN
    );
    assert!(visit.shows("This form has expired"), "{}", visit.html);
    let wrong_key = [
        ("csrf", "0".repeat(64)),
        ("address", "ayla@hubs.test".to_owned()),
    ];
    let wrong_key: Vec<(&str, &str)> = wrong_key.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(
        visit.post_raw("/sign-in", &wrong_key, Some(&own)).await,
        StatusCode::FORBIDDEN
    );
    let with_key = [("csrf", key.as_str()), ("address", "ayla@hubs.test")];
    assert_eq!(
        visit
            .post_raw("/sign-in", &with_key, Some("https://elsewhere.example"))
            .await,
        StatusCode::FORBIDDEN
    );
    let requests: i64 = sqlx::query_scalar("SELECT count(*) FROM sign_in_requests")
        .fetch_one(&app.pool)
        .await
        .expect("a count");
    assert_eq!(requests, 0, "nothing was recorded");
    // The same form from this site goes through.
    assert_eq!(
        visit.post_raw("/sign-in", &with_key, Some(&own)).await,
        StatusCode::OK
    );
    assert_eq!(visit.path, "/sign-in/code");
}

#[tokio::test]
async fn signing_out_ends_the_session_in_the_database() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Secretariat, "Selin Aydın", Some("selin@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "selin@hubs.test").await;
    assert!(visit.shows("Pipeline"), "{}", visit.html);
    let signed_in: Vec<String> = sqlx::query_scalar("SELECT id FROM web_sessions")
        .fetch_all(&app.pool)
        .await
        .expect("the sessions");
    assert_eq!(visit.submit("/sign-out", &[]).await, StatusCode::OK);
    assert!(visit.shows("You have signed out"), "{}", visit.html);
    let after: Vec<String> = sqlx::query_scalar("SELECT id FROM web_sessions")
        .fetch_all(&app.pool)
        .await
        .expect("the sessions");
    assert!(
        signed_in.iter().all(|id| !after.contains(id)),
        "the signed-in session is gone from the database"
    );
    visit.open("/").await;
    assert!(visit.shows("Sign in"));
    assert!(!visit.shows("Selin Aydın"));
}

#[tokio::test]
async fn a_session_ends_when_the_role_it_acts_in_ends() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let panelist = app
        .issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "deniz@hubs.test").await;
    assert!(visit.shows("Your reviews"));

    let ended = app
        .post(
            &format!("/api/v1/people/{}/panel-pool/leave", panelist.person),
            &secretariat,
            &json!({}),
        )
        .await;
    assert!(
        ended.status().is_success(),
        "{}",
        ended.text().await.unwrap_or_default()
    );
    let body: serde_json::Value = app
        .get("/api/v1/people", &secretariat)
        .await
        .json()
        .await
        .expect("people");
    assert!(body["items"].is_array(), "{body}");
    // The roster read model must show the seat ended before the next page is asked.
    let mut signed_out = false;
    for _ in 0..50 {
        visit.open("/").await;
        if visit.shows("Sign in") && !visit.shows("Your reviews") {
            signed_out = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(signed_out, "{}", visit.html);
}

#[tokio::test]
async fn a_person_with_two_roles_chooses_one_and_can_switch() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let member = app
        .issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let joined = app
        .post(
            &format!("/api/v1/people/{}/panel-pool", member.person),
            &secretariat,
            &json!({ "expertise": ["finance"] }),
        )
        .await;
    assert!(
        joined.status().is_success(),
        "{}",
        joined.text().await.unwrap_or_default()
    );
    let position = joined.json::<serde_json::Value>().await.expect("a body")["position"]
        .as_i64()
        .expect("a position");
    app.list("/api/v1/people", &secretariat, position).await;

    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    assert_eq!(visit.path, "/sign-in/role", "{}", visit.html);
    assert_eq!(
        visit.submit("/sign-in/role", &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(visit
        .error_summary()
        .expect("a summary")
        .contains("Choose how"));
    assert!(visit.shows("Committee member") && visit.shows("Expert panelist"));
    let panelist = if visit.html.find("Committee member") < visit.html.find("Expert panelist") {
        "1"
    } else {
        "0"
    };
    visit.submit("/sign-in/role", &[("role", panelist)]).await;
    assert!(visit.shows("Your reviews"), "{}", visit.html);
    visit.open("/sign-in/role").await;
    let committee = if panelist == "1" { "0" } else { "1" };
    visit.submit("/sign-in/role", &[("role", committee)]).await;
    assert!(visit.shows("Open votes"), "{}", visit.html);
}

#[tokio::test]
async fn the_pages_speak_the_language_asked_for_and_keep_the_one_chosen() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let turkish = app
        .client
        .get(format!("{}/sign-in", app.address))
        .header("accept-language", "tr-TR,tr;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("the page")
        .text()
        .await
        .expect("a page");
    assert!(turkish.contains("<html lang=\"tr\">"), "{turkish}");
    assert!(turkish.contains("Oturum açın"), "{turkish}");

    let mut visit = Visit::new(&app);
    visit.open("/sign-in").await;
    assert!(visit.html.contains("<html lang=\"en\">"));
    visit.open("/language/tr?back=/sign-in").await;
    assert_eq!(visit.path, "/sign-in");
    assert!(visit.html.contains("<html lang=\"tr\">"), "{}", visit.html);
    // Never a redirect to another site.
    visit.open("/language/en?back=//elsewhere.example/").await;
    assert_eq!(visit.path, "/");
}

#[tokio::test]
async fn an_unknown_page_is_a_page_and_an_unknown_api_path_a_problem() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let page = app
        .client
        .get(format!("{}/no-such-page", app.address))
        .send()
        .await
        .expect("an answer");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/html"));
    let api = app
        .client
        .get(format!("{}/api/v1/nowhere", app.address))
        .send()
        .await
        .expect("an answer");
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn the_scheduler_forgets_expired_sessions_and_spent_codes_and_keeps_the_rest() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;
    for old in [
        "INSERT INTO web_sessions (id, data, expiry_date)
         VALUES ('old', '\\x00', now() - interval '1 minute')",
        "INSERT INTO sign_in_codes (code_id, person_id, code_hash, link_hash, expires_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), '\\x01', '\\x02', now() - interval '2 days')",
        "INSERT INTO sign_in_requests (address_hash, client_hash, at)
         VALUES ('\\x03', '\\x04', now() - interval '2 days')",
    ] {
        sqlx::query(old).execute(&app.pool).await.expect("an old row");
    }
    charter_api::workers::scheduler::run_once(&app.state, None)
        .await
        .expect("a round");
    let count = |sql: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect("a count")
        }
    };
    assert_eq!(
        count("SELECT count(*) FROM web_sessions WHERE id = 'old'").await,
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM sign_in_codes").await,
        1,
        "today's code stays"
    );
    assert_eq!(
        count("SELECT count(*) FROM sign_in_requests").await,
        1,
        "today's request stays"
    );
    // The live session still works.
    visit.open("/").await;
    assert!(visit.shows("Open votes"), "{}", visit.html);
}
