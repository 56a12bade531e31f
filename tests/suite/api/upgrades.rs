//! What an upgrade records beyond its migrations: the secretariat's members, on a database
//! from before membership was a fact, found from the secretariat tokens they held.

use super::steps::ok;
use charter_api::server::Server;
use charter_api::settings::{MailSettings, MailTransport, Settings};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::json;
use std::net::SocketAddr;
use uuid::Uuid;

/// Registers `name` on the roster; their id.
async fn register(app: &TestApp, secretariat: &Caller, name: &str) -> Uuid {
    let email = format!("{}@hubs.test", name.to_lowercase().replace(' ', "."));
    let answer = ok(
        app.post(
            "/api/v1/people",
            secretariat,
            &json!({"name": name, "email": email}),
        )
        .await,
        201,
        "register",
    )
    .await;
    answer["person_id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("an id")
}

/// A secretariat token for `person` written straight into the table, as the CLI issued
/// them before membership was recorded; it expires `in_days` from now.
async fn old_token(app: &TestApp, person: Uuid, in_days: i32) {
    sqlx::query(
        "INSERT INTO api_tokens (token_id, token_hash, person_id, name, role, expires_at)
         VALUES ($1, sha256($1::text::bytea), $2, 'staff', 'secretariat',
                 now() + make_interval(days => $3))",
    )
    .bind(Uuid::new_v4())
    .bind(person)
    .bind(in_days)
    .execute(&app.pool)
    .await
    .expect("a token");
}

/// Builds another server on the app's database: it migrates and records what the
/// upgrade found missing before it would serve anyone.
async fn start_again(app: &TestApp) {
    let settings = Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        mail: MailSettings {
            transport: MailTransport::Maildir(app.database.maildir()),
            ..MailSettings::default()
        },
        notifications: false,
        key_dir: app.database.key_dir(),
        ..Settings::default()
    };
    let server = Server::build(settings, app.pool.clone())
        .await
        .expect("the server starts");
    drop(server);
}

async fn event_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("a count")
}

#[tokio::test]
async fn an_upgraded_database_records_its_secretariat_token_holders_as_members_once() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Selin Aydın").await;
    let ines = register(&app, &secretariat, "Ines Moreau").await;
    let rui = register(&app, &secretariat, "Rui Costa").await;
    let ayla = register(&app, &secretariat, "Ayla Demir").await;
    // Rui joined and left: a fact the upgrade must not undo.
    let joined = app
        .post(
            &format!("/api/v1/people/{rui}/secretariat"),
            &secretariat,
            &json!({}),
        )
        .await;
    ok(joined, 201, "join").await;
    let left = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/people/{rui}/secretariat"),
            Some(&secretariat),
        )
        .send()
        .await
        .expect("send");
    let left = ok(left, 200, "leave").await;
    old_token(&app, ines, 30).await;
    old_token(&app, rui, 30).await;
    old_token(&app, ayla, -1).await;

    // The database as it was before the upgrade: the backfill's migration not yet run.
    sqlx::raw_sql(
        "DROP TABLE secretariat_backfill;
         DELETE FROM _sqlx_migrations WHERE version = 20261209000005;",
    )
    .execute(&app.pool)
    .await
    .expect("undo the migration");
    let before = event_count(&app).await;
    start_again(&app).await;
    assert_eq!(event_count(&app).await, before + 1, "Ines alone joins");

    let at = left["position"].as_i64().expect("a position") + 1;
    let member = |person: Uuid| {
        let app = &app;
        let secretariat = &secretariat;
        async move {
            app.read(&format!("/api/v1/people/{person}"), secretariat, at)
                .await["secretariat"]
                .as_bool()
        }
    };
    assert_eq!(
        member(ines).await,
        Some(true),
        "a holder of a working token"
    );
    assert_eq!(member(rui).await, Some(false), "one who left stays out");
    assert_eq!(
        member(ayla).await,
        Some(false),
        "an expired token made no member"
    );

    // Nothing is left to record: another start writes nothing.
    let listed: i64 = sqlx::query_scalar("SELECT count(*) FROM secretariat_backfill")
        .fetch_one(&app.pool)
        .await
        .expect("a count");
    assert_eq!(listed, 0);
    start_again(&app).await;
    assert_eq!(event_count(&app).await, before + 1);
}
