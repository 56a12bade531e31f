//! Moving a scheduled interview to a new time or place.

use super::*;

/// Where interview 1 is first scheduled (see `history::interview_scheduled`).
const PORTO: &str = "Rua do Almada 10, Porto";

/// Eligible, with interview 1 scheduled in Porto for day 1 010, after `now()`.
fn interview_ahead() -> Vec<ApplicationEvent> {
    [eligible(), vec![interview_scheduled(1, day(1_010))]].concat()
}

fn move_to(interview: u32, scheduled_for: DateTime<Utc>, location: &str) -> ApplicationCommand {
    ApplicationCommand::RescheduleInterview {
        interview,
        scheduled_for,
        location: location.to_owned(),
    }
}

fn moved(moves: u32, scheduled_for: DateTime<Utc>, location: &str) -> ApplicationEvent {
    ApplicationEvent::InterviewRescheduled {
        interview: 1,
        moves,
        scheduled_for,
        location: location.to_owned(),
        at: day(995),
    }
}

#[tokio::test]
async fn the_secretariat_moves_a_scheduled_interview() {
    given(interview_ahead())
        .when_async(by(secretary(), move_to(1, day(1_012), " Video call ")))
        .await
        .then_expect_events(vec![ApplicationEvent::InterviewRescheduled {
            interview: 1,
            moves: 1,
            scheduled_for: day(1_012),
            location: "Video call".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn each_move_is_counted_so_calendars_can_tell_the_latest() {
    let history = [interview_ahead(), vec![moved(1, day(1_012), "Video call")]].concat();
    given(history)
        .when_async(by(secretary(), move_to(1, day(1_014), "Video call")))
        .await
        .then_expect_events(vec![ApplicationEvent::InterviewRescheduled {
            interview: 1,
            moves: 2,
            scheduled_for: day(1_014),
            location: "Video call".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn a_new_time_alone_or_a_new_place_alone_is_a_move() {
    for command in [
        move_to(1, day(1_011), PORTO),
        move_to(1, day(1_010), "Video call"),
    ] {
        let result = given(interview_ahead())
            .when_async(by(secretary(), command))
            .await
            .inspect_result();
        assert!(
            matches!(
                result.as_deref(),
                Ok([ApplicationEvent::InterviewRescheduled { moves: 1, .. }])
            ),
            "{result:?}"
        );
    }
}

#[tokio::test]
async fn a_move_to_the_same_time_and_place_is_refused() {
    // The place is compared as it would be recorded, without the surrounding blanks.
    given(interview_ahead())
        .when_async(by(
            secretary(),
            move_to(1, day(1_010), " Rua do Almada 10, Porto "),
        ))
        .await
        .then_expect_error(ApplicationError::InterviewUnchanged { interview: 1 });
}

#[tokio::test]
async fn a_moved_interview_is_where_and_when_it_was_moved_to() {
    let history = [interview_ahead(), vec![moved(1, day(1_012), "Video call")]].concat();
    given(history.clone())
        .when_async(by(secretary(), move_to(1, day(1_012), "Video call")))
        .await
        .then_expect_error(ApplicationError::InterviewUnchanged { interview: 1 });
    // Back to the first time and place is a move like any other.
    let result = given(history)
        .when_async(by(secretary(), move_to(1, day(1_010), PORTO)))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_moved_interview_is_recorded_no_earlier_than_its_new_time() {
    // Scheduled for day 990, before `now()`, then moved to day 1 010, after it.
    let history = [
        eligible(),
        vec![
            interview_scheduled(1, day(990)),
            moved(1, day(1_010), PORTO),
        ],
    ]
    .concat();
    let record = ApplicationCommand::RecordInterview {
        interview: 1,
        notes: "Held as planned.".to_owned(),
        attendees: attendees(&["Marta Sousa"]),
    };
    given(history)
        .when_async(by(secretary(), record))
        .await
        .then_expect_error(ApplicationError::InterviewNotYetHeld { interview: 1 });
}

#[tokio::test]
async fn a_move_needs_a_sensible_location() {
    let cases = [
        (" ".to_owned(), InputProblem::Blank),
        ("x".repeat(151), InputProblem::TooLong { max: 150 }),
        ("Porto\nLisbon".to_owned(), InputProblem::ControlCharacters),
    ];
    for (location, problem) in cases {
        given(interview_ahead())
            .when_async(by(secretary(), move_to(1, day(1_012), &location)))
            .await
            .then_expect_error(invalid("location", problem));
    }
}

#[tokio::test]
async fn an_interview_never_scheduled_cannot_be_moved() {
    for interview in [0, 2] {
        given(interview_ahead())
            .when_async(by(secretary(), move_to(interview, day(1_012), PORTO)))
            .await
            .then_expect_error(ApplicationError::UnknownInterview(interview));
    }
}

#[tokio::test]
async fn a_held_or_cancelled_interview_cannot_be_moved() {
    let cancelled = ApplicationEvent::InterviewCancelled {
        interview: 1,
        reason: "A founder is ill.".to_owned(),
        at: day(995),
    };
    let cases = [
        (
            [eligible(), interview_held(1, Stage::Eligible)].concat(),
            InterviewStatus::Held {
                stage: Stage::Eligible,
            },
        ),
        (
            [interview_ahead(), vec![cancelled]].concat(),
            InterviewStatus::Cancelled,
        ),
    ];
    for (history, status) in cases {
        given(history)
            .when_async(by(secretary(), move_to(1, day(1_012), PORTO)))
            .await
            .then_expect_error(ApplicationError::InterviewNotScheduled {
                interview: 1,
                status: InterviewStatusName(status),
            });
    }
}

#[tokio::test]
async fn only_the_secretariat_moves_interviews() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(interview_ahead())
            .when_async(by(actor, move_to(1, day(1_012), PORTO)))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "reschedule an interview",
            });
    }
}

#[tokio::test]
async fn no_interview_is_moved_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), move_to(1, day(1_012), PORTO)))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
