//! Notices about an application's own events.

use super::interviews::told;
use super::{ApplicationFacts, InterviewFacts, VoteFacts};
use crate::links;
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_domain::application::{ApplicationEvent, Party, Stage};
use charter_domain::PersonId;

/// The notices `event` gives rise to. `facts` is the application as it was before the
/// event (for the event that opens it, as it opened); `vote` is the vote the event carries
/// out, when it carries one.
pub fn decide(
    event: &ApplicationEvent,
    facts: &ApplicationFacts,
    vote: Option<&VoteFacts>,
) -> Vec<Notice> {
    let id = facts.application_id;
    let founders = |kind: NoticeKind| -> Vec<Notice> {
        to_each(&facts.founders, |person| {
            Notice::new(kind, Recipient::Person(person), links::applicant_status(id))
                .about(id)
                .text("hub", &facts.hub_name)
        })
    };
    let mut notices = match event {
        ApplicationEvent::ApplicationOpened { .. }
        | ApplicationEvent::RevisionRequestAnswered { .. }
        | ApplicationEvent::ConflictOfInterestDeclared { .. }
        | ApplicationEvent::PanelReviewFiled { .. }
        | ApplicationEvent::PanelReviewRevised { .. }
        | ApplicationEvent::InterviewRecorded { .. }
        | ApplicationEvent::ApplicationWithdrawn { .. }
        // The gate awaits its next vote: the stage reached is told when it is reached.
        | ApplicationEvent::GateVotePassed { .. } => Vec::new(),
        ApplicationEvent::EligibilityGranted { .. } => founders(NoticeKind::EligibilityGranted),
        ApplicationEvent::DocumentSubmitted { kind, version, .. } => {
            to_each(&facts.panelists, |person| {
                Notice::new(
                    NoticeKind::DocumentAwaitsReview,
                    Recipient::Person(person),
                    links::review_queue(),
                )
                .about(id)
                .text("hub", &facts.hub_name)
                .text("document", kind.as_str())
                .with("version", Arg::Number(i64::from(*version)))
            })
        }
        ApplicationEvent::RevisionRequested {
            kind,
            deadline,
            reason,
            ..
        } => with_each(founders(NoticeKind::RevisionRequested), |notice| {
            notice
                .text("document", kind.as_str())
                .with("deadline", Arg::Time(*deadline))
                .text("reason", reason)
        }),
        ApplicationEvent::RevisionRequestOverdue { kind, deadline, .. } => {
            with_each(founders(NoticeKind::RevisionOverdue), |notice| {
                notice
                    .text("document", kind.as_str())
                    .with("deadline", Arg::Time(*deadline))
            })
        }
        ApplicationEvent::PanelistAssigned { panelist_id, .. } => vec![Notice::new(
            NoticeKind::PanelistAssigned,
            Recipient::Person(*panelist_id),
            links::application(id),
        )
        .about(id)
        .text("hub", &facts.hub_name)],
        ApplicationEvent::PanelFeedbackReleased { kind, version, .. } => {
            // What was released is read on the status page, behind sign-in: the message
            // says only that there is feedback, never the assessment or who wrote it.
            with_each(founders(NoticeKind::FeedbackReleased), |notice| {
                notice
                    .text("document", kind.as_str())
                    .with("version", Arg::Number(i64::from(*version)))
            })
        }
        ApplicationEvent::InterviewScheduled {
            interview,
            scheduled_for,
            location,
            at,
        } => {
            let scheduled = InterviewFacts {
                interview: *interview,
                scheduled_for: *scheduled_for,
                location: location.clone(),
                moves: 0,
            };
            let kind = NoticeKind::InterviewScheduled;
            told(founders(kind), kind, facts, &scheduled, false, *at)
        }
        ApplicationEvent::InterviewRescheduled {
            interview,
            moves,
            scheduled_for,
            location,
            at,
        } => {
            let moved = InterviewFacts {
                interview: *interview,
                scheduled_for: *scheduled_for,
                location: location.clone(),
                moves: *moves,
            };
            let kind = NoticeKind::InterviewMoved;
            told(founders(kind), kind, facts, &moved, false, *at)
        }
        // The reason is the secretariat's: the founders' status does not show it, so neither
        // does the message.
        ApplicationEvent::InterviewCancelled { at, .. } => {
            let kind = NoticeKind::InterviewCancelled;
            match &facts.interview {
                Some(interview) => told(founders(kind), kind, facts, interview, true, *at),
                None => founders(kind),
            }
        }
        ApplicationEvent::StageAdvanced { to, .. } => {
            let mut notices = with_each(founders(NoticeKind::StageReached), |notice| {
                notice.text("stage", to.as_str())
            });
            if *to == Stage::Approved {
                notices.extend(founders(NoticeKind::AgreementAwaitsSignature));
            }
            notices
        }
        ApplicationEvent::ApplicationRejected { reason, .. } => {
            with_each(founders(NoticeKind::ApplicationRejected), |notice| {
                notice.text("reason", reason)
            })
        }
        ApplicationEvent::SignatureRecorded { party, .. } => match party {
            // The association signed first: the agreement now waits on the founders.
            Party::Association if facts.stage == Stage::Approved && !facts.founders_signed => {
                founders(NoticeKind::AgreementAwaitsSignature)
            }
            Party::Association | Party::Founders => Vec::new(),
        },
        ApplicationEvent::AppealLodged { .. } => founders(NoticeKind::AppealReceived),
        ApplicationEvent::AppealGranted { reopened_in, .. } => {
            with_each(founders(NoticeKind::AppealDecided), |notice| {
                notice
                    .text("decision", "granted")
                    .text("stage", reopened_in.as_str())
            })
        }
        ApplicationEvent::AppealDismissed { .. } => {
            with_each(founders(NoticeKind::AppealDecided), |notice| {
                notice
                    .text("decision", "dismissed")
                    .text("stage", Stage::Rejected.as_str())
            })
        }
    };
    if let Some(vote) = vote {
        notices.extend(vote_carried_out(event, vote));
    }
    notices
}

/// The committee hears how the vote they took part in ended once it is carried out.
fn vote_carried_out(event: &ApplicationEvent, vote: &VoteFacts) -> Vec<Notice> {
    let in_stage = |stage: &Stage| vec![("stage", Arg::Text(stage.as_str().to_owned()))];
    let carried_out = match event {
        ApplicationEvent::StageAdvanced { to, .. } => {
            Arg::phrase("carried_out-advanced", in_stage(to))
        }
        ApplicationEvent::ApplicationRejected { .. } => {
            Arg::phrase("carried_out-rejected", Vec::new())
        }
        ApplicationEvent::AppealGranted { reopened_in, .. } => {
            Arg::phrase("carried_out-appeal_granted", in_stage(reopened_in))
        }
        ApplicationEvent::AppealDismissed { .. } => {
            Arg::phrase("carried_out-appeal_dismissed", Vec::new())
        }
        _ => return Vec::new(),
    };
    // An appeal that did not pass is carried out too (dismissed).
    let outcome = vote.outcome.as_deref().unwrap_or("passed");
    to_each(&vote.electorate, |person| {
        Notice::new(
            NoticeKind::VoteClosed,
            Recipient::Person(person),
            links::vote(vote.vote_id),
        )
        .about(vote.application_id)
        .text("hub", &vote.hub_name)
        .with("motion", Arg::motion(&vote.motion))
        .text("outcome", outcome)
        .with("tally", Arg::tally(vote.tally.as_ref()))
        .with("carried_out", carried_out.clone())
    })
}

/// One notice per person.
pub(super) fn to_each(people: &[PersonId], notice: impl Fn(PersonId) -> Notice) -> Vec<Notice> {
    people.iter().map(|person| notice(*person)).collect()
}

/// Each notice, changed by `change`.
fn with_each(notices: Vec<Notice>, change: impl Fn(Notice) -> Notice) -> Vec<Notice> {
    notices.into_iter().map(change).collect()
}
