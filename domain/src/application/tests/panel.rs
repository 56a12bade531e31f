//! Assigning expert panelists, and panelists declaring a conflict of interest.

use super::*;

fn assign(panelist: &Actor) -> ApplicationCommand {
    ApplicationCommand::AssignPanelist {
        panelist_id: panelist.id,
        name: format!(" {} ", panelist.name),
    }
}

fn declare_conflict() -> ApplicationCommand {
    ApplicationCommand::DeclareConflict {
        reason: " I advised the founders on their lease. ".to_owned(),
    }
}

#[tokio::test]
async fn the_secretariat_assigns_a_panelist() {
    given(eligible())
        .when_async(by(secretary(), assign(&ana())))
        .await
        .then_expect_events(vec![ApplicationEvent::PanelistAssigned {
            panelist_id: ana().id,
            name: "Ana Lima".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn a_panelist_cannot_be_assigned_twice() {
    given(eligible_with_panel())
        .when_async(by(secretary(), assign(&ana())))
        .await
        .then_expect_error(ApplicationError::PanelistAlreadyAssigned);
}

#[tokio::test]
async fn a_recused_panelist_cannot_be_assigned_back_onto_the_panel() {
    given([eligible_with_panel(), vec![conflict_declared(&ana())]].concat())
        .when_async(by(secretary(), assign(&ana())))
        .await
        .then_expect_error(ApplicationError::PanelistAlreadyAssigned);
}

#[tokio::test]
async fn only_the_secretariat_assigns_panelists() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(eligible())
            .when_async(by(actor, assign(&dara())))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "assign a panelist",
            });
    }
}

#[tokio::test]
async fn a_panelist_is_assigned_by_name() {
    let command = ApplicationCommand::AssignPanelist {
        panelist_id: dara().id,
        name: "  ".to_owned(),
    };
    given(eligible())
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(invalid("name", InputProblem::Blank));
}

#[tokio::test]
async fn no_panelist_is_assigned_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), assign(&dara())))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}

#[tokio::test]
async fn an_assigned_panelist_declares_a_conflict_of_interest() {
    given(eligible_with_panel())
        .when_async(by(bruno(), declare_conflict()))
        .await
        .then_expect_events(vec![ApplicationEvent::ConflictOfInterestDeclared {
            panelist_id: bruno().id,
            reason: "I advised the founders on their lease.".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn a_panelist_not_on_the_panel_has_no_conflict_to_declare() {
    given(eligible_with_panel())
        .when_async(by(dara(), declare_conflict()))
        .await
        .then_expect_error(ApplicationError::PanelistNotAssigned);
}

#[tokio::test]
async fn a_conflict_of_interest_is_declared_only_once() {
    given([eligible_with_panel(), vec![conflict_declared(&bruno())]].concat())
        .when_async(by(bruno(), declare_conflict()))
        .await
        .then_expect_error(ApplicationError::ConflictAlreadyDeclared);
}

#[tokio::test]
async fn only_a_panelist_declares_a_conflict_of_interest() {
    for actor in [founder(), secretary(), committee_member()] {
        let role = actor.role;
        given(eligible_with_panel())
            .when_async(by(actor, declare_conflict()))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "declare a conflict of interest",
            });
    }
}

#[tokio::test]
async fn a_conflict_of_interest_needs_a_reason() {
    let command = ApplicationCommand::DeclareConflict {
        reason: String::new(),
    };
    given(eligible_with_panel())
        .when_async(by(bruno(), command))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn no_conflict_is_declared_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(ana(), declare_conflict()))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
