//! The roster read model on the database: membership of the secretariat, set and cleared,
//! ended by an erasure, and unchanged by a replay.

use super::projector::{database, group};
use charter_api::commands::CommandBus;
use charter_domain::roster::{Roster, RosterCommand, RosterServices, ROSTER_ID};
use charter_domain::{Actor, Authored, PersonId};
use charter_projections::engine::event::COLUMNS;
use charter_projections::read_models::roster::{self, PeopleFilter, PeopleGroup, RosterProjection};
use charter_projections::{Projection, StoredEvent};
use charter_store::EventMetadata;
use sqlx::PgPool;

/// Runs `command` on the roster as Charter's enrolment would.
async fn run(bus: &CommandBus<Roster>, command: RosterCommand) {
    bus.execute(
        ROSTER_ID,
        Authored::new(Actor::system("test"), chrono::Utc::now(), command),
        &EventMetadata::default(),
        None,
    )
    .await
    .expect("the roster accepts it");
}

/// The person's row as the read model holds it.
async fn row(pool: &PgPool, person: PersonId) -> (String, Option<String>, bool, bool) {
    sqlx::query_as(
        "SELECT name, email, in_panel_pool, secretariat FROM people WHERE person_id = $1",
    )
    .bind(person.0)
    .fetch_one(pool)
    .await
    .expect("the person's row")
}

async fn roster_events(pool: &PgPool) -> Vec<StoredEvent> {
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
async fn the_roster_shows_who_is_in_the_secretariat_and_a_replay_changes_nothing() {
    let (_database, pool) = database().await;
    let bus = CommandBus::<Roster>::new(pool.clone(), RosterServices, 10);
    let (ines, jonas) = (PersonId::new(), PersonId::new());
    for (person, name) in [(ines, "Ines Moreau"), (jonas, "Jonas Weber")] {
        run(
            &bus,
            RosterCommand::Register {
                person_id: person,
                name: name.to_owned(),
                email: Some(format!("{person}@hubs.example")),
            },
        )
        .await;
    }
    run(&bus, RosterCommand::JoinSecretariat { person_id: ines }).await;
    run(&bus, RosterCommand::JoinSecretariat { person_id: jonas }).await;
    run(&bus, RosterCommand::LeaveSecretariat { person_id: jonas }).await;
    group(&pool).catch_up().await.expect("catch up");

    assert!(roster::is_secretariat(&pool, ines.0).await.expect("read"));
    assert!(!roster::is_secretariat(&pool, jonas.0).await.expect("read"));
    assert!(!roster::is_secretariat(&pool, PersonId::new().0)
        .await
        .expect("read"));
    let found = roster::find(&pool, ines.0)
        .await
        .expect("find")
        .expect("Ines");
    assert!(found.secretariat);
    let everyone = PeopleFilter {
        limit: 500,
        ..PeopleFilter::default()
    };
    let (listed, _) = roster::list(&pool, &everyone).await.expect("list");
    let members: Vec<&str> = listed
        .iter()
        .filter(|person| person.secretariat)
        .map(|person| person.name.as_str())
        .collect();
    assert_eq!(members, ["Ines Moreau"]);
    let secretariat = PeopleFilter {
        group: Some(PeopleGroup::Secretariat),
        ..everyone.clone()
    };
    let (members, _) = roster::list(&pool, &secretariat).await.expect("list");
    let names: Vec<&str> = members.iter().map(|person| person.name.as_str()).collect();
    assert_eq!(names, ["Ines Moreau"]);

    // Every membership event again, straight into the read model: nothing moves.
    let before = (row(&pool, ines).await, row(&pool, jonas).await);
    let mut tx = pool.begin().await.expect("begin");
    for event in roster_events(&pool)
        .await
        .iter()
        .filter(|event| event.event_type.starts_with("Secretariat"))
    {
        RosterProjection
            .apply(&mut tx, event)
            .await
            .expect("a replay applies");
    }
    tx.commit().await.expect("commit");
    assert_eq!((row(&pool, ines).await, row(&pool, jonas).await), before);
    assert!(!before.1 .2 && !before.1 .3, "Jonas joined and left");

    // An erasure ends Ines's membership with her name and address.
    run(&bus, RosterCommand::RecordErasure { subject: ines }).await;
    group(&pool).catch_up().await.expect("catch up");
    assert!(!roster::is_secretariat(&pool, ines.0).await.expect("read"));
    let (name, email, _, member) = row(&pool, ines).await;
    assert_eq!(
        (name.as_str(), email, member),
        (charter_domain::personal::ERASED, None, false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_and_addresses_are_kept_sealed_and_listed_by_their_opened_names() {
    let (_database, pool) = database().await;
    let bus = CommandBus::<Roster>::new(pool.clone(), RosterServices, 10);
    let people = [PersonId::new(), PersonId::new(), PersonId::new()];
    let names = ["Zoe Adams", "ana Lima", "Anabel Costa"];
    for (person, name) in people.iter().zip(names) {
        let email = Some(format!("{}@hubs.example", name.replace(' ', ".")));
        run(
            &bus,
            RosterCommand::Register {
                person_id: *person,
                name: name.to_owned(),
                email,
            },
        )
        .await;
    }
    group(&pool).catch_up().await.expect("catch up");

    let (name, email, ..) = row(&pool, people[0]).await;
    let email = email.expect("an address");
    for kept in [&name, &email] {
        assert!(kept.starts_with("sealed:v1:"), "kept as {kept}");
        assert!(!kept.contains("Zoe"), "kept as {kept}");
    }
    let listed = |name: Option<&str>, offset: i64, limit: i64| {
        let filter = PeopleFilter {
            name: name.map(str::to_owned),
            offset,
            limit,
            ..PeopleFilter::default()
        };
        let pool = pool.clone();
        async move {
            let (people, _) = roster::list(&pool, &filter).await.expect("list");
            people.into_iter().map(|p| p.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(
        listed(None, 0, 10).await,
        ["ana Lima", "Anabel Costa", "Zoe Adams"]
    );
    assert_eq!(
        listed(Some("ANA"), 0, 10).await,
        ["ana Lima", "Anabel Costa"]
    );
    assert_eq!(listed(Some("anab"), 0, 10).await, ["Anabel Costa"]);
    assert_eq!(listed(None, 1, 1).await, ["Anabel Costa"]);
    let zoe = roster::find(&pool, people[0].0)
        .await
        .expect("find")
        .expect("Zoe");
    assert_eq!(
        (zoe.name.as_str(), zoe.email.as_deref()),
        ("Zoe Adams", Some("zoe.adams@hubs.example"))
    );

    // Her key destroyed, the row tells nothing more, before any scrub of it.
    charter_store::personal_data::destroy_key(&pool, people[0].0)
        .await
        .expect("destroy");
    let zoe = roster::find(&pool, people[0].0)
        .await
        .expect("find")
        .expect("Zoe");
    assert_eq!(zoe.name, charter_domain::personal::ERASED);
    assert_eq!(row(&pool, people[0]).await.0, name, "no row was rewritten");
}
