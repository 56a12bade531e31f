//! Charter marks a revision request whose deadline passed unanswered.

use super::*;
use DocumentKind::FinancialProjection;

fn requested() -> Vec<ApplicationEvent> {
    [
        eligible(),
        vec![
            submitted(FinancialProjection, 1),
            revision_requested(1, FinancialProjection),
        ],
    ]
    .concat()
}

/// The scheduler, on `day`.
fn scheduler_on(day_n: i64) -> Authored<ApplicationCommand> {
    Authored::new(
        Actor::system("deadline"),
        day(day_n),
        ApplicationCommand::MarkRevisionOverdue { request: 1 },
    )
}

#[tokio::test]
async fn a_request_past_its_deadline_unanswered_is_marked_overdue() {
    given(requested())
        .when_async(scheduler_on(1_101))
        .await
        .then_expect_events(vec![ApplicationEvent::RevisionRequestOverdue {
            request: 1,
            kind: FinancialProjection,
            deadline: day(1_100),
            at: day(1_101),
        }]);
}

#[tokio::test]
async fn a_request_is_not_overdue_before_or_at_its_deadline() {
    given(requested())
        .when_async(scheduler_on(1_100))
        .await
        .then_expect_error(ApplicationError::DeadlineNotPassed {
            request: 1,
            deadline: day(1_100),
        });
}

#[tokio::test]
async fn an_answered_request_is_never_overdue() {
    let history = [
        requested(),
        vec![
            submitted(FinancialProjection, 2),
            revision_answered(1, FinancialProjection, 2),
        ],
    ]
    .concat();
    given(history)
        .when_async(scheduler_on(1_200))
        .await
        .then_expect_error(ApplicationError::RevisionAlreadyAnswered {
            request: 1,
            version: 2,
        });
}

#[tokio::test]
async fn marking_twice_changes_nothing_the_second_time() {
    let marked = ApplicationEvent::RevisionRequestOverdue {
        request: 1,
        kind: FinancialProjection,
        deadline: day(1_100),
        at: day(1_101),
    };
    given([requested(), vec![marked]].concat())
        .when_async(scheduler_on(1_102))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn an_unknown_request_is_not_found() {
    given(eligible())
        .when_async(scheduler_on(1_200))
        .await
        .then_expect_error(ApplicationError::UnknownRevisionRequest(1));
}

#[tokio::test]
async fn only_charter_marks_a_request_overdue() {
    for actor in [secretary(), founder()] {
        let role = actor.role;
        given(requested())
            .when_async(Authored::new(
                actor,
                day(1_200),
                ApplicationCommand::MarkRevisionOverdue { request: 1 },
            ))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "mark a revision request overdue",
            });
    }
}
