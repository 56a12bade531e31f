//! The expert panel pool: joining with areas of expertise, and leaving.

use super::*;

fn join(person_id: PersonId, expertise: &[&str]) -> RosterCommand {
    RosterCommand::JoinPanelPool {
        person_id,
        expertise: expertise.iter().map(|area| (*area).to_owned()).collect(),
    }
}

fn joined(person_id: PersonId, expertise: &[&str]) -> RosterEvent {
    RosterEvent::PanelPoolJoined {
        person_id,
        expertise: expertise.iter().map(|area| (*area).to_owned()).collect(),
        at: now(),
    }
}

fn left(person_id: PersonId) -> RosterEvent {
    RosterEvent::PanelPoolLeft {
        person_id,
        at: now(),
    }
}

/// Jonas is in the pool as an expert in finance.
fn jonas_in_pool() -> Vec<RosterEvent> {
    [two_people(), vec![joined(jonas(), &["finance"])]].concat()
}

#[tokio::test]
async fn a_person_joins_the_pool_with_trimmed_areas_of_expertise() {
    given(two_people())
        .when_async(by_secretary(join(jonas(), &[" finance ", "architecture"])))
        .await
        .then_expect_events(vec![joined(jonas(), &["finance", "architecture"])]);
}

#[tokio::test]
async fn a_person_is_in_the_pool_only_once() {
    given(jonas_in_pool())
        .when_async(by_secretary(join(jonas(), &["law"])))
        .await
        .then_expect_error(RosterError::AlreadyInPool);
}

#[tokio::test]
async fn a_person_in_the_pool_leaves_it() {
    given(jonas_in_pool())
        .when_async(by_secretary(RosterCommand::LeavePanelPool {
            person_id: jonas(),
        }))
        .await
        .then_expect_events(vec![left(jonas())]);
}

#[tokio::test]
async fn only_a_person_in_the_pool_leaves_it() {
    for history in [
        two_people(),
        [jonas_in_pool(), vec![left(jonas())]].concat(),
    ] {
        given(history)
            .when_async(by_secretary(RosterCommand::LeavePanelPool {
                person_id: jonas(),
            }))
            .await
            .then_expect_error(RosterError::NotInPool);
    }
}

#[tokio::test]
async fn a_person_who_left_the_pool_may_join_again() {
    given([jonas_in_pool(), vec![left(jonas())]].concat())
        .when_async(by_secretary(join(jonas(), &["law"])))
        .await
        .then_expect_events(vec![joined(jonas(), &["law"])]);
}

#[tokio::test]
async fn an_area_of_expertise_is_named_once() {
    given(two_people())
        .when_async(by_secretary(join(jonas(), &["finance", " finance"])))
        .await
        .then_expect_error(invalid("expertise[1]", InputProblem::Duplicate));
}

#[tokio::test]
async fn an_area_of_expertise_is_not_blank() {
    given(two_people())
        .when_async(by_secretary(join(jonas(), &["finance", "  "])))
        .await
        .then_expect_error(invalid("expertise[1]", InputProblem::Blank));
}

#[tokio::test]
async fn a_person_names_at_most_twenty_areas_of_expertise() {
    let areas: Vec<String> = (1..=21).map(|n| format!("area {n}")).collect();
    let areas: Vec<&str> = areas.iter().map(String::as_str).collect();
    given(two_people())
        .when_async(by_secretary(join(jonas(), &areas)))
        .await
        .then_expect_error(invalid("expertise", InputProblem::TooMany { max: 20 }));
    let result = given(two_people())
        .when_async(by_secretary(join(jonas(), &areas[..20])))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn the_roster_knows_who_is_in_the_pool() {
    let roster = replayed(jonas_in_pool());
    assert!(roster.in_panel_pool(jonas()));
    assert!(!roster.in_panel_pool(amara()));
    assert!(!roster.in_panel_pool(stranger()));
    assert_eq!(
        roster.person(jonas()).and_then(|p| p.panel_pool.clone()),
        Some(vec!["finance".to_owned()])
    );
    assert!(!replayed([jonas_in_pool(), vec![left(jonas())]].concat()).in_panel_pool(jonas()));
}
