//! The projector on a real database: global order, late commits, replays, gaps; one file
//! of tests per part of the engine's projector, and here what they share.

mod global_order;
mod group;
mod lag;
mod passed_over;
mod run;

use async_trait::async_trait;
use charter_api::commands::CommandBus;
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationEvent, ApplicationServices, DocumentKind, Founder,
};
use charter_domain::{Actor, ApplicationId, Authored, PersonId, Policy, Role};
use charter_projections::{
    EventMetadata, Projection, ProjectionError, Projector, ProjectorSettings, StoredEvent,
};
use charter_tests::{init_logs, TestDatabase};
use cqrs_es::{Aggregate, DomainEvent};
use sqlx::{PgConnection, PgPool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Records every event it is given; the primary key refuses a second application.
pub(super) struct Census;

#[async_trait]
impl Projection for Census {
    fn name(&self) -> &'static str {
        "census"
    }
    fn tables(&self) -> &'static [&'static str] {
        &["census"]
    }
    fn handles(&self, _aggregate_type: &str) -> bool {
        true
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        sqlx::query(
            "INSERT INTO census (global_position, aggregate_id, sequence) VALUES ($1, $2, $3)",
        )
        .bind(event.global_position)
        .bind(&event.aggregate_id)
        .bind(event.sequence)
        .execute(conn)
        .await?;
        Ok(())
    }
}

pub(crate) async fn database() -> (TestDatabase, PgPool) {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(40).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    charter_store::keys::open(&database.key_dir(), &pool)
        .await
        .expect("open the key directory");
    sqlx::query("CREATE TABLE census (global_position bigint PRIMARY KEY, aggregate_id text NOT NULL, sequence bigint NOT NULL)")
        .execute(&pool)
        .await
        .expect("census table");
    (database, pool)
}

pub(crate) fn founder(id: ApplicationId) -> Actor {
    Actor {
        id: PersonId::new(),
        name: "Ana Sousa".to_owned(),
        role: Role::Applicant,
        application: Some(id),
    }
}

pub(crate) fn opening(id: ApplicationId) -> ApplicationCommand {
    ApplicationCommand::Open {
        application_id: id,
        city: "Lisbon".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Lisbon".to_owned(),
        founders: vec![Founder {
            person_id: charter_domain::PersonId::new(),
            name: "Ana Sousa".to_owned(),
            email: "ana@lisbon.example".to_owned(),
        }],
    }
}

pub(crate) fn submission(n: usize) -> ApplicationCommand {
    submission_of(DocumentKind::PreliminaryReport, n)
}

/// The `n`-th version submitted of a document of `kind` (its content differs from every
/// other `n`'s).
pub(crate) fn submission_of(kind: DocumentKind, n: usize) -> ApplicationCommand {
    ApplicationCommand::SubmitDocument {
        kind,
        sha256: format!("{n:064x}"),
        size: 100,
        media_type: "application/pdf".to_owned(),
        file_name: format!("report-{n}.pdf"),
    }
}

pub(crate) fn commands(pool: &PgPool) -> Arc<CommandBus<Application>> {
    Arc::new(CommandBus::new(
        pool.clone(),
        ApplicationServices::new(Arc::new(Policy::default())),
        10,
    ))
}

/// Opens an application and submits `documents` versions, one command per transaction.
pub(crate) async fn write_history(
    commands: &CommandBus<Application>,
    documents: usize,
) -> ApplicationId {
    let id = ApplicationId::new();
    let by = founder(id);
    let meta = EventMetadata::default();
    let now = chrono::Utc::now();
    commands
        .execute(
            &id.to_string(),
            Authored::new(by.clone(), now, opening(id)),
            &meta,
            None,
        )
        .await
        .expect("open");
    for n in 1..=documents {
        commands
            .execute(
                &id.to_string(),
                Authored::new(by.clone(), now, submission(n)),
                &meta,
                None,
            )
            .await
            .expect("submit");
    }
    id
}

/// Appends an opening event by hand in a transaction that stays open for `hold` after
/// its insert, so that later transactions commit before it.
pub(super) async fn append_late(pool: &PgPool, hold: Duration) -> ApplicationId {
    let id = ApplicationId::new();
    let event = ApplicationEvent::ApplicationOpened {
        application_id: id,
        city: "Porto".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Porto".to_owned(),
        founders: vec![],
        opened_by: PersonId::new(),
        at: chrono::Utc::now(),
    };
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         VALUES ($1, $2, 1, $3, $4, $5, '{}')",
    )
    .bind(Application::TYPE)
    .bind(id.to_string())
    .bind(event.event_type())
    .bind(event.event_version())
    .bind(serde_json::to_value(&event).expect("payload"))
    .execute(&mut *tx)
    .await
    .expect("insert");
    sqlx::query("SELECT pg_sleep($1)")
        .bind(hold.as_secs_f64())
        .execute(&mut *tx)
        .await
        .expect("hold");
    tx.commit().await.expect("commit");
    id
}

pub(super) fn projectors(pool: &PgPool) -> Vec<Projector> {
    projectors_with(pool, 7)
}

/// One projector per read model (and the census), reading `batch_size` events at a time.
pub(super) fn projectors_with(pool: &PgPool, batch_size: i64) -> Vec<Projector> {
    let advanced = watch::Sender::new(0);
    let settings = ProjectorSettings {
        batch_size,
        idle_poll: Duration::from_millis(50),
        ..ProjectorSettings::default()
    };
    let mut all = charter_projections::all();
    all.push(Arc::new(Census));
    all.into_iter()
        .map(|projection| {
            Projector::new(pool.clone(), projection, settings.clone(), advanced.clone())
        })
        .collect()
}

/// Every read model and the census fed by one projector, as the server feeds them.
pub(crate) fn group(pool: &PgPool) -> Projector {
    group_with(pool, 7)
}

pub(super) fn group_with(pool: &PgPool, batch_size: i64) -> Projector {
    let mut all = charter_projections::all();
    all.push(Arc::new(Census));
    Projector::group(
        pool.clone(),
        all,
        ProjectorSettings {
            batch_size,
            idle_poll: Duration::from_millis(50),
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    )
}

pub(super) async fn checkpoint(pool: &PgPool, name: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT global_position, events_applied FROM projection_checkpoints WHERE projection = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await
    .expect("checkpoint")
    .unwrap_or((0, 0))
}

pub(super) async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

/// Every row of the read-model tables, as text (sealed values opened, see
/// [`opened`](crate::projections::rebuild::opened)), in a fixed order.
pub(super) async fn read_models(pool: &PgPool) -> Vec<String> {
    let mut rows = Vec::new();
    for table in [
        "application_summaries",
        "application_documents",
        "application_panel",
        "application_revision_requests",
        "application_reviews",
        "application_stays",
        "application_timeline",
        "census",
    ] {
        let dump: Vec<serde_json::Value> =
            sqlx::query_scalar(&format!("SELECT to_jsonb(t) FROM {table} t"))
                .fetch_all(pool)
                .await
                .expect("dump");
        let dump = crate::projections::rebuild::opened(pool, dump).await;
        rows.push(format!("{table}:\n{}", dump.join("\n")));
    }
    rows
}

pub(super) async fn tick(pool: &PgPool, sequence: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT * FROM append_events('Ticker', 't-1', $1, ARRAY['Ticked'], ARRAY['1.0'],
                                     ARRAY['{}'], ARRAY['{}'], NULL, NULL)",
    )
    .bind(sequence)
    .fetch_one(pool)
    .await
    .expect("tick")
}
