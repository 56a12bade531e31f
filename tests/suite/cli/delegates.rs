//! `charter token issue --role delegate`: a token for a person the secretariat appointed to
//! a member hub, or a new person enrolled for one with `--hub`; refused without a hub.

use super::run::{charter, Scratch};
use charter_api::commands::CommandBus;
use charter_domain::ids::HubId;
use charter_domain::roster::{HubCommand, Roster, RosterCommand, RosterServices, ROSTER_ID};
use charter_domain::{Actor, Authored, PersonId, Role};
use charter_store::EventMetadata;
use charter_tests::TestDatabase;
use serde_json::Value;

#[tokio::test]
async fn a_delegate_token_is_issued_to_a_delegate_or_a_new_person_enrolled_for_a_hub() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let url = database.url();
    let run = |args: &[&str]| charter(&url, &scratch.0, args);
    assert_eq!(run(&["migrate"]).code, Some(0));
    let pool = database.pool(2).await;
    charter_store::keys::open(&scratch.0.join("keys"), &pool)
        .await
        .expect("the key directory");
    let roster = CommandBus::<Roster>::new(pool.clone(), RosterServices, 3);
    let secretariat = Actor {
        id: PersonId::new(),
        name: "Sam Secretariat".to_owned(),
        role: Role::Secretariat,
        application: None,
    };
    let (hub, dana) = (HubId::new(), PersonId::new());
    let today = chrono::Utc::now().date_naive();
    for command in [
        RosterCommand::Hub(HubCommand::AdmitHub {
            hub_id: hub,
            name: "Impact Hub Lisbon".to_owned(),
            city: "Lisbon".to_owned(),
            country: "PT".to_owned(),
            joined: today,
            application_id: None,
        }),
        RosterCommand::Register {
            person_id: dana,
            name: "Dana Delegate".to_owned(),
            email: None,
        },
        RosterCommand::Hub(HubCommand::AppointDelegate {
            hub_id: hub,
            person_id: dana,
            since: today,
        }),
    ] {
        roster
            .execute(
                ROSTER_ID,
                Authored::new(secretariat.clone(), chrono::Utc::now(), command),
                &EventMetadata::default(),
                None,
            )
            .await
            .expect("the roster accepts it");
    }

    let person = dana.to_string();
    let issued = run(&[
        "token",
        "issue",
        "--role",
        "delegate",
        "--name",
        "Dana Delegate",
        "--person",
        &person,
        "--json",
    ]);
    assert_eq!(issued.code, Some(0), "{issued:?}");
    let issued: Value = serde_json::from_str(&issued.stdout).expect("JSON");
    assert_eq!(issued["person"], person.as_str());
    let role: String = sqlx::query_scalar("SELECT role FROM api_tokens WHERE person_id = $1")
        .bind(dana.0)
        .fetch_one(&pool)
        .await
        .expect("the token");
    assert_eq!(role, "delegate");

    // A new person is enrolled for the hub named, and appointed its delegate from today.
    let hub_id = hub.to_string();
    let enrolled = run(&[
        "token", "issue", "--role", "delegate", "--name", "Nuno New", "--hub", &hub_id, "--json",
    ]);
    assert_eq!(enrolled.code, Some(0), "{enrolled:?}");
    let enrolled: Value = serde_json::from_str(&enrolled.stdout).expect("JSON");
    let nuno = PersonId(
        enrolled["person"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("a person id"),
    );
    let (state, _) = roster.load(ROSTER_ID).await.expect("the roster");
    assert_eq!(
        state
            .delegation_of(nuno, today)
            .map(|delegation| delegation.hub),
        Some(hub)
    );

    let nowhere = run(&["token", "issue", "--role", "delegate", "--name", "Nobody"]);
    assert_ne!(nowhere.code, Some(0));
    assert!(nowhere.stderr.contains("name the hub"), "{nowhere:?}");
    let stray = run(&[
        "token", "issue", "--role", "panelist", "--name", "Paula", "--hub", &hub_id,
    ]);
    assert_ne!(stray.code, Some(0));
    assert!(stray.stderr.contains("only a delegate"), "{stray:?}");
}
