//! Scheduling, recording and cancelling interviews with the founding team.

use super::*;

/// Eligible, with interview 1 scheduled for day 990, before `now()`.
fn interview_due() -> Vec<ApplicationEvent> {
    [eligible(), vec![interview_scheduled(1, day(990))]].concat()
}

fn schedule(scheduled_for: DateTime<Utc>) -> ApplicationCommand {
    ApplicationCommand::ScheduleInterview {
        scheduled_for,
        location: " Rua do Almada 10, Porto ".to_owned(),
    }
}

fn record(interview: u32) -> ApplicationCommand {
    record_with(interview, &[" Marta Sousa ", "Ingrid Berg"])
}

fn record_with(interview: u32, names: &[&str]) -> ApplicationCommand {
    ApplicationCommand::RecordInterview {
        interview,
        notes: "The team answered every question on the lease.".to_owned(),
        attendees: attendees(names),
    }
}

fn cancel(interview: u32) -> ApplicationCommand {
    ApplicationCommand::CancelInterview {
        interview,
        reason: "A founder is ill.".to_owned(),
    }
}

fn cancelled(interview: u32) -> ApplicationEvent {
    ApplicationEvent::InterviewCancelled {
        interview,
        reason: "A founder is ill.".to_owned(),
        at: day(980),
    }
}

#[tokio::test]
async fn the_secretariat_schedules_an_interview() {
    given(eligible())
        .when_async(by(secretary(), schedule(day(1_010))))
        .await
        .then_expect_events(vec![ApplicationEvent::InterviewScheduled {
            interview: 1,
            scheduled_for: day(1_010),
            location: "Rua do Almada 10, Porto".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn interviews_are_numbered_within_the_application() {
    let events = given([interview_due(), vec![cancelled(1)]].concat())
        .when_async(by(secretary(), schedule(day(1_010))))
        .await
        .inspect_result()
        .expect("a new interview can be scheduled");
    assert!(matches!(
        events.as_slice(),
        [ApplicationEvent::InterviewScheduled { interview: 2, .. }]
    ));
}

#[tokio::test]
async fn an_interview_needs_a_location() {
    let command = ApplicationCommand::ScheduleInterview {
        scheduled_for: day(1_010),
        location: " ".to_owned(),
    };
    given(eligible())
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(invalid("location", InputProblem::Blank));
}

#[tokio::test]
async fn only_the_secretariat_schedules_interviews() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(eligible())
            .when_async(by(actor, schedule(day(1_010))))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "schedule an interview",
            });
    }
}

#[tokio::test]
async fn no_interview_is_scheduled_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), schedule(day(1_010))))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}

#[tokio::test]
async fn a_held_interview_is_recorded_with_the_stage_it_was_held_in() {
    given(interview_due())
        .when_async(by(secretary(), record(1)))
        .await
        .then_expect_events(vec![ApplicationEvent::InterviewRecorded {
            interview: 1,
            stage: Stage::Eligible,
            notes: "The team answered every question on the lease.".to_owned(),
            attendees: attendees(&["Marta Sousa", "Ingrid Berg"]),
            about: vec![founder().id],
            at: now(),
        }]);
}

#[tokio::test]
async fn an_interview_can_be_recorded_at_the_moment_it_was_scheduled_for() {
    let history = [eligible(), vec![interview_scheduled(1, now())]].concat();
    let result = given(history)
        .when_async(by(secretary(), record(1)))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn an_interview_cannot_be_recorded_before_it_is_due() {
    let history = [eligible(), vec![interview_scheduled(1, day(1_010))]].concat();
    given(history)
        .when_async(by(secretary(), record(1)))
        .await
        .then_expect_error(ApplicationError::InterviewNotYetHeld { interview: 1 });
}

#[tokio::test]
async fn an_interview_never_scheduled_cannot_be_recorded() {
    for interview in [0, 2] {
        given(interview_due())
            .when_async(by(secretary(), record(interview)))
            .await
            .then_expect_error(ApplicationError::UnknownInterview(interview));
    }
}

#[tokio::test]
async fn a_cancelled_interview_cannot_be_recorded() {
    given([interview_due(), vec![cancelled(1)]].concat())
        .when_async(by(secretary(), record(1)))
        .await
        .then_expect_error(ApplicationError::InterviewNotScheduled {
            interview: 1,
            status: InterviewStatusName(InterviewStatus::Cancelled),
        });
}

#[tokio::test]
async fn an_interview_is_recorded_only_once() {
    given([eligible(), interview_held(1, Stage::Eligible)].concat())
        .when_async(by(secretary(), record(1)))
        .await
        .then_expect_error(ApplicationError::InterviewNotScheduled {
            interview: 1,
            status: InterviewStatusName(InterviewStatus::Held {
                stage: Stage::Eligible,
            }),
        });
}

#[tokio::test]
async fn an_interview_record_names_at_least_one_attendee() {
    given(interview_due())
        .when_async(by(secretary(), record_with(1, &[])))
        .await
        .then_expect_error(invalid("attendees", InputProblem::TooFew { min: 1 }));
}

#[tokio::test]
async fn an_interview_record_names_each_attendee_once_and_not_blank() {
    let cases = [
        (
            ["Marta Sousa", " Marta Sousa"],
            invalid("attendees[1]", InputProblem::Duplicate),
        ),
        (
            ["Marta Sousa", ""],
            invalid("attendees[1]", InputProblem::Blank),
        ),
    ];
    for (attendees, refusal) in cases {
        given(interview_due())
            .when_async(by(secretary(), record_with(1, &attendees)))
            .await
            .then_expect_error(refusal);
    }
}

#[tokio::test]
async fn each_attendee_has_a_subject_of_their_own() {
    let with = |attendees: Vec<Attendee>| ApplicationCommand::RecordInterview {
        interview: 1,
        notes: "Held.".to_owned(),
        attendees,
    };
    let twice = vec![
        Attendee::new(person(7), "Marta Sousa"),
        Attendee::new(person(7), "Ingrid Berg"),
    ];
    let none = vec![Attendee::new(PersonId(Uuid::nil()), "Marta Sousa")];
    for (attendees, refusal) in [
        (twice, invalid("attendees[1]", InputProblem::Duplicate)),
        (
            none,
            invalid("attendees[0].subject_id", InputProblem::Required),
        ),
    ] {
        given(interview_due())
            .when_async(by(secretary(), with(attendees)))
            .await
            .then_expect_error(refusal);
    }
}

#[tokio::test]
async fn an_interview_record_keeps_notes() {
    let command = ApplicationCommand::RecordInterview {
        interview: 1,
        notes: String::new(),
        attendees: attendees(&["Marta Sousa"]),
    };
    given(interview_due())
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(invalid("notes", InputProblem::Blank));
}

#[tokio::test]
async fn only_the_secretariat_records_interviews() {
    given(interview_due())
        .when_async(by(committee_member(), record(1)))
        .await
        .then_expect_error(ApplicationError::RoleNotPermitted {
            role: Role::Committee,
            action: "record an interview",
        });
}

#[tokio::test]
async fn no_interview_is_recorded_once_the_application_has_ended() {
    let withdrawal = ApplicationEvent::ApplicationWithdrawn {
        stage: Stage::Eligible,
        reason: None,
        at: day(995),
    };
    given([interview_due(), vec![withdrawal]].concat())
        .when_async(by(secretary(), record(1)))
        .await
        .then_expect_error(ApplicationError::ApplicationClosed {
            stage: Stage::Withdrawn,
        });
}

#[tokio::test]
async fn the_secretariat_cancels_a_scheduled_interview() {
    given(interview_due())
        .when_async(by(secretary(), cancel(1)))
        .await
        .then_expect_events(vec![ApplicationEvent::InterviewCancelled {
            interview: 1,
            reason: "A founder is ill.".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn an_interview_never_scheduled_cannot_be_cancelled() {
    given(interview_due())
        .when_async(by(secretary(), cancel(2)))
        .await
        .then_expect_error(ApplicationError::UnknownInterview(2));
}

#[tokio::test]
async fn a_held_or_cancelled_interview_cannot_be_cancelled() {
    let cases = [
        (
            [eligible(), interview_held(1, Stage::Eligible)].concat(),
            InterviewStatus::Held {
                stage: Stage::Eligible,
            },
        ),
        (
            [interview_due(), vec![cancelled(1)]].concat(),
            InterviewStatus::Cancelled,
        ),
    ];
    for (history, status) in cases {
        given(history)
            .when_async(by(secretary(), cancel(1)))
            .await
            .then_expect_error(ApplicationError::InterviewNotScheduled {
                interview: 1,
                status: InterviewStatusName(status),
            });
    }
}

#[tokio::test]
async fn a_cancellation_gives_a_reason() {
    let command = ApplicationCommand::CancelInterview {
        interview: 1,
        reason: "\t".to_owned(),
    };
    given(interview_due())
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn only_the_secretariat_cancels_interviews() {
    given(interview_due())
        .when_async(by(founder(), cancel(1)))
        .await
        .then_expect_error(ApplicationError::RoleNotPermitted {
            role: Role::Applicant,
            action: "cancel an interview",
        });
}

#[tokio::test]
async fn no_interview_is_cancelled_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), cancel(1)))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
