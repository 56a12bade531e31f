//! The hubs read model on the database: hubs admitted, their delegations and standing,
//! each hub's own version, unchanged by a replay, and the same rows again from a rebuild.

use super::projector::{database, group};
use charter_api::commands::CommandBus;
use charter_domain::ids::HubId;
use charter_domain::roster::{HubCommand, Roster, RosterCommand, RosterServices, ROSTER_ID};
use charter_domain::{Actor, Authored, PersonId, Role};
use charter_projections::engine::event::COLUMNS;
use charter_projections::read_models::hubs::{self, HubFilter, HubStanding, HubsProjection};
use charter_projections::{Projection, Rebuild, StoredEvent};
use charter_store::EventMetadata;
use chrono::{Duration, NaiveDate, Utc};
use sqlx::PgPool;
use std::sync::Arc;

/// A member of the secretariat, who manages the hubs.
fn secretariat() -> Actor {
    Actor {
        id: PersonId::new(),
        name: "Sam Secretariat".to_owned(),
        role: Role::Secretariat,
        application: None,
    }
}

async fn run(bus: &CommandBus<Roster>, command: RosterCommand) {
    bus.execute(
        ROSTER_ID,
        Authored::new(secretariat(), Utc::now(), command),
        &EventMetadata::default(),
        None,
    )
    .await
    .expect("the roster accepts it");
}

async fn person(bus: &CommandBus<Roster>, name: &str) -> PersonId {
    let person = PersonId::new();
    let command = RosterCommand::Register {
        person_id: person,
        name: name.to_owned(),
        email: None,
    };
    run(bus, command).await;
    person
}

async fn hub(bus: &CommandBus<Roster>, name: &str, joined: NaiveDate) -> HubId {
    let hub = HubId::new();
    let command = HubCommand::AdmitHub {
        hub_id: hub,
        name: name.to_owned(),
        city: name.trim_start_matches("Impact Hub ").to_owned(),
        country: "PT".to_owned(),
        joined,
        application_id: None,
    };
    run(bus, RosterCommand::Hub(command)).await;
    hub
}

/// Every row of the read model's tables, as JSON text, sorted.
async fn rows(pool: &PgPool) -> Vec<String> {
    let mut rows = Vec::new();
    for table in HubsProjection.tables() {
        let mut table_rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT to_jsonb(t)::text FROM {table} t"))
                .fetch_all(pool)
                .await
                .expect("rows");
        table_rows.sort();
        rows.push(format!("{table}: {table_rows:?}"));
    }
    rows
}

async fn hub_events(pool: &PgPool) -> Vec<StoredEvent> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events WHERE aggregate_type = 'Roster' ORDER BY global_position"
    ))
    .fetch_all(pool)
    .await
    .expect("events")
    .iter()
    .map(|row| StoredEvent::from_row(row).expect("an event"))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hubs_delegations_and_standing_are_projected_replayed_and_rebuilt_alike() {
    let (_database, pool) = database().await;
    let bus = CommandBus::<Roster>::new(pool.clone(), RosterServices, 10);
    let today = Utc::now().date_naive();
    let (ines, jonas, lea) = (
        person(&bus, "Ines Moreau").await,
        person(&bus, "Jonas Weber").await,
        person(&bus, "Lea Costa").await,
    );
    let lisbon = hub(&bus, "Impact Hub Lisbon", today - Duration::days(3650)).await;
    let porto = hub(&bus, "Impact Hub Porto", today - Duration::days(365)).await;
    let appoint = |hub_id, person_id, since| {
        RosterCommand::Hub(HubCommand::AppointDelegate {
            hub_id,
            person_id,
            since,
        })
    };
    run(&bus, appoint(lisbon, ines, today - Duration::days(60))).await;
    let ended = today - Duration::days(10);
    let end = HubCommand::EndDelegation {
        hub_id: lisbon,
        person_id: ines,
        on: ended,
    };
    run(&bus, RosterCommand::Hub(end)).await;
    run(&bus, appoint(lisbon, jonas, ended)).await;
    run(&bus, appoint(porto, lea, today)).await;
    let suspend = HubCommand::SuspendHub {
        hub_id: porto,
        reason: "Fees unpaid.".to_owned(),
    };
    run(&bus, RosterCommand::Hub(suspend)).await;
    group(&pool).catch_up().await.expect("catch up");

    let every = HubFilter {
        limit: 10,
        ..HubFilter::default()
    };
    let listed = hubs::list(&pool, &every, today).await.expect("list");
    let names: Vec<&str> = listed.iter().map(|hub| hub.name.as_str()).collect();
    assert_eq!(names, ["Impact Hub Lisbon", "Impact Hub Porto"]);
    let delegates: Vec<Vec<&str>> = listed
        .iter()
        .map(|hub| hub.delegates.iter().map(|d| d.name.as_str()).collect())
        .collect();
    assert_eq!(delegates, [vec!["Jonas Weber"], vec!["Lea Costa"]]);
    assert_eq!(listed[1].standing, HubStanding::Suspended);
    assert_eq!(listed[1].standing_reason.as_deref(), Some("Fees unpaid."));
    let suspended = HubFilter {
        standing: Some(HubStanding::Suspended),
        limit: 10,
        ..HubFilter::default()
    };
    let only = hubs::list(&pool, &suspended, today).await.expect("list");
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].hub_id, porto.0);

    // Every delegation, past and present, and the hub's own version: the roster's.
    let (detail, version) = hubs::find(&pool, lisbon.0, today)
        .await
        .expect("find")
        .expect("Lisbon");
    let terms: Vec<(&str, Option<NaiveDate>)> = detail
        .delegations
        .iter()
        .map(|d| (d.name.as_str(), d.until))
        .collect();
    assert_eq!(terms, [("Ines Moreau", Some(ended)), ("Jonas Weber", None)]);
    let (roster, _) = bus.load(ROSTER_ID).await.expect("the roster");
    assert_eq!(version, roster.version_of_hub(lisbon));
    let (_, porto_version) = hubs::find(&pool, porto.0, today)
        .await
        .expect("find")
        .expect("Porto");
    assert_eq!(porto_version, roster.version_of_hub(porto));
    assert!(porto_version > version, "Porto changed last");

    // Whom each delegate represents, today and before.
    let represented = |person: PersonId, day| {
        let pool = pool.clone();
        async move {
            hubs::represented_by(&pool, person.0, day)
                .await
                .expect("read")
        }
    };
    assert_eq!(represented(ines, today).await, None, "her delegation ended");
    assert_eq!(
        represented(ines, ended - Duration::days(1)).await,
        Some((lisbon.0, HubStanding::Member))
    );
    assert_eq!(
        represented(lea, today).await,
        Some((porto.0, HubStanding::Suspended))
    );

    // Every hub event again, straight into the read model: nothing moves.
    let before = rows(&pool).await;
    let mut tx = pool.begin().await.expect("begin");
    for event in hub_events(&pool).await {
        HubsProjection
            .apply(&mut tx, &event)
            .await
            .expect("a replay applies");
    }
    tx.commit().await.expect("commit");
    assert_eq!(rows(&pool).await, before);

    // Lisbon leaves; a rebuild from the first event gives the live rows exactly.
    let left = HubCommand::RecordHubDeparture {
        hub_id: lisbon,
        reason: "The space closed.".to_owned(),
    };
    run(&bus, RosterCommand::Hub(left)).await;
    group(&pool).catch_up().await.expect("catch up");
    let live = rows(&pool).await;
    let standing: String = sqlx::query_scalar("SELECT standing FROM hubs WHERE hub_id = $1")
        .bind(lisbon.0)
        .fetch_one(&pool)
        .await
        .expect("Lisbon's row");
    assert_eq!(standing, "left");
    sqlx::query("DELETE FROM hub_delegates")
        .execute(&pool)
        .await
        .expect("damage");
    sqlx::query("UPDATE hubs SET standing = 'member', version = 0")
        .execute(&pool)
        .await
        .expect("damage");
    assert_ne!(rows(&pool).await, live);
    let done = Rebuild::run(&pool, Arc::new(HubsProjection), 3, |_| {})
        .await
        .expect("rebuild");
    assert_eq!(done.read, done.total, "every event was read once");
    assert_eq!(rows(&pool).await, live);
}
