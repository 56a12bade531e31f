//! Faults: the server killed under load, two servers on one database, PostgreSQL restarted,
//! its connections terminated.
//! Each test runs servers as processes of their own (see `charter_tests::ServerProcess`).

mod instances;
mod kill;
mod mail;
mod replica;
mod restart;
mod retried;
mod terminated;

pub(crate) mod child {
    use charter_api::settings::{MailSettings, MailTransport};
    use charter_api::{Server, Settings};
    use charter_notifications::outbox::deliver::Retry;
    use charter_tests::{DATABASE_ENV, LISTEN_ENV, SMTP_ENV};
    use tokio_util::sync::CancellationToken;

    /// Not a test: the server process the fault tests start and kill. Without its
    /// environment it does nothing.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "the fault tests run it as a server process of their own"]
    async fn serve() {
        let (Ok(url), Ok(listen)) = (std::env::var(DATABASE_ENV), std::env::var(LISTEN_ENV)) else {
            return;
        };
        charter_tests::init_logs();
        let pool = charter_store::db::connect(&url, 20)
            .await
            .expect("the child server reaches its database");
        // Mail to the test's SMTP server when it runs one; no notifications otherwise.
        let smtp = std::env::var(SMTP_ENV).ok();
        let notifications = smtp.is_some();
        let transport = MailTransport::Smtp(smtp.unwrap_or_default());
        let settings = Settings {
            listen: listen.parse().expect("a listening address"),
            mail: MailSettings {
                transport,
                poll: std::time::Duration::from_millis(200),
                retry: Retry {
                    attempts: 100,
                    give_up_after: std::time::Duration::ZERO,
                    first_wait: std::time::Duration::from_millis(200),
                    longest: std::time::Duration::from_millis(500),
                },
                ..MailSettings::default()
            },
            notifications,
            key_dir: charter_tests::shared_key_dir(),
            anchor_dir: std::env::temp_dir()
                .join(format!("{}-anchors", super::database_name(&url))),
            ..Settings::default()
        };
        let server = Server::build(settings, pool)
            .await
            .expect("the child server starts");
        server
            .run_until_stopped(CancellationToken::new())
            .await
            .expect("the child server runs");
    }
}

use charter_api::commands::enrolment::{enroll, Enrolment};
use charter_api::commands::CommandBus;
use charter_domain::roster::{Roster, RosterServices};
use charter_domain::{Policy, Role};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A secretariat token on the database in `pool`, issued as `charter token issue` does.
pub(crate) async fn secretariat_token(pool: &PgPool) -> String {
    charter_store::db::migrate(pool).await.expect("migrate");
    charter_store::keys::open(&charter_tests::shared_key_dir(), pool)
        .await
        .expect("open the key directory");
    let roster = CommandBus::<Roster>::new(pool.clone(), RosterServices, 10);
    enroll(
        pool,
        &roster,
        &Policy::default(),
        chrono::Utc::now(),
        Enrolment {
            role: Role::Secretariat,
            name: "Sam Secretariat".to_owned(),
            email: None,
            person: None,
            application: None,
            expertise: Vec::new(),
            expires_at: None,
        },
    )
    .await
    .expect("a token")
    .token
}

/// A command the server acknowledged with a 2xx: which application, at which version and
/// global position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ack {
    pub application: String,
    pub version: i64,
    pub position: i64,
}

/// Sends commands from `workers` concurrent clients until `stop`: each opens an
/// application, then schedules interviews on it. Each client talks to the server at
/// `addresses[worker % len]`. Returns every acknowledged command and how many requests
/// failed (no answer, or 5xx).
pub(crate) async fn load(
    addresses: Vec<String>,
    token: String,
    workers: usize,
    stop: Arc<AtomicBool>,
) -> (Vec<Ack>, usize) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .expect("client");
    let tasks: Vec<_> = (0..workers)
        .map(|worker| {
            let (client, token, stop) = (client.clone(), token.clone(), stop.clone());
            let address = addresses[worker % addresses.len()].clone();
            tokio::spawn(async move {
                let mut acks = Vec::new();
                let mut failed = 0;
                let mut application: Option<String> = None;
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let (path, body) = match &application {
                        Some(id) if !n.is_multiple_of(4) => (
                            format!("/api/v1/applications/{id}/interviews"),
                            json!({"scheduled_for": "2099-01-01T10:00:00Z", "location": format!("Room {n}")}),
                        ),
                        _ => (
                            "/api/v1/applications".to_owned(),
                            json!({"city": "Lisbon", "country": "PT", "hub_name": format!("Hub {worker}-{n}"),
                                   "founders": [{"name": "Ana Sousa", "email": "ana@lisbon.example"}]}),
                        ),
                    };
                    let sent = client
                        .post(format!("{address}{path}"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await;
                    let Ok(response) = sent else {
                        failed += 1;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    };
                    if !response.status().is_success() {
                        failed += 1;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                    let Ok(answer) = response.json::<Value>().await else {
                        failed += 1;
                        continue;
                    };
                    let ack = Ack {
                        application: answer["application_id"].as_str().expect("id").to_owned(),
                        version: answer["version"].as_i64().expect("version"),
                        position: answer["position"].as_i64().expect("position"),
                    };
                    application = Some(ack.application.clone());
                    acks.push(ack);
                }
                (acks, failed)
            })
        })
        .collect();
    let mut acks = Vec::new();
    let mut failed = 0;
    for task in tasks {
        let (mine, lost) = task.await.expect("a load worker");
        acks.extend(mine);
        failed += lost;
    }
    (acks, failed)
}

/// Asserts that every acknowledged command's last event is in the store where its answer
/// said.
pub(crate) async fn assert_all_stored(pool: &PgPool, acks: &[Ack]) {
    for ack in acks {
        let found: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events
             WHERE aggregate_type = 'Application' AND aggregate_id = $1 AND sequence = $2
               AND global_position = $3",
        )
        .bind(&ack.application)
        .bind(ack.version)
        .bind(ack.position)
        .fetch_one(pool)
        .await
        .expect("look up an acknowledged event");
        assert_eq!(found, 1, "acknowledged but not stored: {ack:?}");
    }
}

/// Waits until the read models have caught up, then rebuilds every one from the first event
/// and asserts the rows are exactly the live ones: no event was lost or applied twice.
pub(crate) async fn assert_read_models_match_a_rebuild(pool: &PgPool) {
    crate::projections::rebuild::settled(pool).await;
    let live = crate::projections::rebuild::snapshot(pool).await;
    for projection in charter_projections::all() {
        charter_projections::Rebuild::run(pool, projection, 1_000, |_| {})
            .await
            .expect("rebuild");
    }
    assert_eq!(crate::projections::rebuild::snapshot(pool).await, live);
}

/// The database a URL names (its last path segment, without parameters).
fn database_name(url: &str) -> &str {
    let path = url.rsplit('/').next().unwrap_or_default();
    path.split('?').next().unwrap_or_default()
}
