//! The real server, built as `charter serve` builds it, on port 0 against a fresh database.

use crate::database::TestDatabase;
use charter_api::commands::enrolment::{enroll, Enrolment};
use charter_api::settings::{MailSettings, MailTransport};
use charter_api::state::AppState;
use charter_api::{Server, Settings};
use charter_domain::{ApplicationId, PersonId, Role};
use reqwest::{Method, Response};
use serde_json::Value;
use sqlx::PgPool;
use std::net::SocketAddr;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// A running server and what a test needs to talk to it.
#[derive(Debug)]
pub struct TestApp {
    pub address: String,
    pub pool: PgPool,
    /// The server's own state, for enrolling people as `charter token issue` does.
    pub state: AppState,
    pub client: reqwest::Client,
    shutdown: CancellationToken,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    /// The delegates of the member hubs a test's approvals are put to (see
    /// [`TestApp::network_approves`]), registered on first use.
    pub(crate) network: tokio::sync::OnceCell<Vec<Caller>>,
    // Last: dropped after the server has stopped using it.
    pub database: TestDatabase,
}

/// Someone holding a token: the demo's caller, so that a test and the demo speak of
/// people the same way.
pub use charter_demo::Caller;

/// Logs through the test harness's capture (shown only for failing tests); `RUST_LOG`
/// sets the level, warnings by default.
pub fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
}

/// Starts the server with the default settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the server with settings adjusted by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    init_logs();
    spawn_app_on(TestDatabase::create().await, adjust).await
}

/// Starts the server on `database`, which may already hold data (such as the demo's).
pub async fn spawn_app_on(database: TestDatabase, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let pool = database.pool(20).await;
    spawn_app_as(database, pool, adjust).await
}

/// Starts the server on `database` through `pool`, which may log in as another role than
/// the tables' owner.
pub async fn spawn_app_as(
    database: TestDatabase,
    pool: PgPool,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        mail: MailSettings {
            transport: MailTransport::Maildir(database.maildir()),
            ..MailSettings::default()
        },
        key_dir: database.key_dir(),
        anchor_dir: database.anchor_dir(),
        ..Settings::default()
    };
    adjust(&mut settings);
    let built = Server::build(settings, pool.clone())
        .await
        .expect("build the server");
    let address = format!("http://127.0.0.1:{}", built.port());
    let state = built.state().clone();
    let shutdown = CancellationToken::new();
    let server = tokio::spawn(built.run_until_stopped(shutdown.clone()));
    TestApp {
        address,
        pool,
        state,
        client: reqwest::Client::new(),
        shutdown,
        server: Some(server),
        network: tokio::sync::OnceCell::new(),
        database,
    }
}

impl TestApp {
    /// Issues a token, as `charter token issue` does.
    pub async fn caller(&self, role: Role, name: &str) -> Caller {
        self.issue(role, name, None).await
    }

    /// An applicant whose token is scoped to a new application id.
    pub async fn applicant(&self, name: &str) -> Caller {
        self.issue(Role::Applicant, name, None).await
    }

    /// Enrolls a new person as `charter token issue` does (a panelist joins the panel
    /// pool, a committee member takes a seat today) and issues their token, scoped to
    /// `application` for an applicant.
    pub async fn issue(
        &self,
        role: Role,
        name: &str,
        application: Option<ApplicationId>,
    ) -> Caller {
        self.enrol(role, name, None, None, application).await
    }

    /// Like [`TestApp::caller`], registering the person with an e-mail address.
    pub async fn issue_with_email(&self, role: Role, name: &str, email: Option<&str>) -> Caller {
        self.enrol(role, name, email, None, None).await
    }

    /// Another token for `caller`'s person, as `charter token issue --person` issues it.
    pub async fn another_token(&self, caller: &Caller) -> Caller {
        let issued = self
            .enrol(
                caller.role,
                &caller.name,
                None,
                Some(caller.person),
                caller.application,
            )
            .await;
        Caller {
            token: issued.token,
            ..caller.clone()
        }
    }

    async fn enrol(
        &self,
        role: Role,
        name: &str,
        email: Option<&str>,
        person: Option<PersonId>,
        application: Option<ApplicationId>,
    ) -> Caller {
        let state = &self.state;
        let issued = enroll(
            &state.pool,
            &state.roster,
            &state.policy,
            state.clock.now(),
            Enrolment {
                role,
                name: name.to_owned(),
                email: email.map(str::to_owned),
                person,
                application,
                expertise: vec!["hub operations".to_owned()],
                expires_at: None,
            },
        )
        .await
        .expect("issue a token");
        Caller {
            token: issued.token,
            person: issued.person,
            name: name.to_owned(),
            role,
            application: issued.application,
        }
    }

    /// Sends `body` as JSON to `path` as `caller`.
    pub async fn post(&self, path: &str, caller: &Caller, body: &Value) -> Response {
        self.request(Method::POST, path, Some(caller))
            .json(body)
            .send()
            .await
            .expect("send")
    }

    /// GETs `path` as `caller`.
    pub async fn get(&self, path: &str, caller: &Caller) -> Response {
        self.request(Method::GET, path, Some(caller))
            .send()
            .await
            .expect("send")
    }

    /// A request builder for `path`, with `caller`'s token when given.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        caller: Option<&Caller>,
    ) -> reqwest::RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{path}", self.address));
        match caller {
            Some(caller) => builder.bearer_auth(&caller.token),
            None => builder,
        }
    }

    /// GETs `path` as `caller` once the read models have reached `position`; the JSON.
    pub async fn read(&self, path: &str, caller: &Caller, position: i64) -> Value {
        let separator = if path.contains('?') { '&' } else { '?' };
        let response = self
            .get(&format!("{path}{separator}min_position={position}"), caller)
            .await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON")
    }

    /// Registers a person with no role yet, as `secretariat` does through the API; their id
    /// and the position of the registration.
    pub async fn register(&self, secretariat: &Caller, name: &str) -> (Uuid, i64) {
        let response = self
            .post(
                "/api/v1/people",
                secretariat,
                &serde_json::json!({"name": name}),
            )
            .await;
        assert_eq!(response.status(), 201, "register {name}");
        let registered: Value = response.json().await.expect("JSON");
        let person = registered["person_id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("a person id");
        (person, registered["position"].as_i64().expect("a position"))
    }

    /// The OpenAPI document the server serves.
    pub async fn openapi_document(&self) -> Value {
        self.request(reqwest::Method::GET, "/api/openapi.json", None)
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("the OpenAPI document")
    }

    /// The items of the first page of a list (`{"items": [...], "next": ...}`), read from
    /// `position` on.
    pub async fn list(&self, path: &str, caller: &Caller, position: i64) -> Value {
        let page = self.read(path, caller, position).await;
        assert!(page["items"].is_array(), "GET {path} is a page: {page}");
        page["items"].clone()
    }

    /// The vote register's entry for `vote`, read from `position` on, once the committee's
    /// process manager has recorded `result` for it (it acts on a closed vote a moment
    /// after its close, at a pace of its own); as it stands after ten seconds otherwise.
    pub async fn register_carried_out(
        &self,
        vote: &str,
        caller: &Caller,
        position: i64,
        result: &str,
    ) -> Value {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let register = self
                .read(&format!("/api/v1/votes/{vote}"), caller, position)
                .await;
            if register["carried_out"]["result"] == result || tokio::time::Instant::now() > deadline
            {
                return register;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Opens an application for a new applicant; returns the applicant and the command's
    /// response.
    pub async fn open_application(&self, city: &str) -> (Caller, Value) {
        let applicant = self.applicant(&format!("Founder of {city}")).await;
        let response = self
            .post(
                "/api/v1/applications",
                &applicant,
                &serde_json::json!({
                    "city": city,
                    "country": "PT",
                    "hub_name": format!("Impact Hub {city}"),
                    "founders": [{"name": "Ana Sousa", "email": format!("ana@{}.example", city.to_lowercase())}],
                }),
            )
            .await;
        assert_eq!(response.status(), 201, "open application");
        (applicant, response.json().await.expect("JSON"))
    }

    /// How many application events the store holds (issuing tokens writes roster events,
    /// so a test that starts from no application counts these).
    pub async fn application_event_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM events WHERE aggregate_type = 'Application'")
            .fetch_one(&self.pool)
            .await
            .expect("count events")
    }

    /// Waits until the server's token cache serves (its change listener is connected, as
    /// it is shortly after start), past generation `since` when given (after a
    /// reconnection); panics after five seconds.
    pub async fn token_cache_serving(&self, since: Option<u64>) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        let tokens = &self.state.tokens;
        while !(tokens.is_live() && Some(tokens.generation()) != since) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the token cache did not start serving"
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    /// Waits until the server has heard of a change to the tokens made after its token
    /// cache stood at generation `since` (a change made outside the server, which learns
    /// of it by notification); panics after five seconds.
    pub async fn token_change_heard(&self, since: u64) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        while self.state.tokens.generation() == since {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the server did not hear of the change to the tokens"
            );
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    }

    /// How many events the store holds.
    pub async fn event_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&self.pool)
            .await
            .expect("count events")
    }

    /// Stops the server gracefully and waits for it and its workers.
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(server) = self.server.take() {
            server.await.expect("join").expect("server ran cleanly");
        }
    }

    /// Stops the server like [`TestApp::stop`] and hands its database over, for another
    /// server to start on (a restart, an upgrade).
    pub async fn stop_keeping_database(mut self) -> TestDatabase {
        self.shutdown.cancel();
        if let Some(server) = self.server.take() {
            server.await.expect("join").expect("server ran cleanly");
        }
        self.pool.close().await;
        self.database.hand_over()
    }

    /// The application id an applicant's token is scoped to.
    pub fn id_of(caller: &Caller) -> Uuid {
        caller.application.expect("an applicant").0
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
