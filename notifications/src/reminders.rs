//! Reminders: what the deadlines read model finds due, put in the outbox by the scheduler.
//! Each is keyed by what it reminds of, its offset and its reader, so it is sent once,
//! whichever round or server instance finds it first, and again after no restart.

use crate::links;
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use crate::notifier::facts::hub_name;
use crate::outbox::{enqueue, Writing};
use charter_domain::vote::Motion;
use charter_domain::{ApplicationId, Policy, VoteId};
use charter_projections::read_models::deadlines::{self, DeadlineKind, DueReminder};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Puts every reminder due at `now` in the outbox; returns how many messages were new.
pub async fn send_due(
    pool: &PgPool,
    writing: &Writing,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let mut added = 0;
    let mut conn = pool.acquire().await?;
    for reminder in deadlines::reminders_due(pool, now, policy).await? {
        let application = ApplicationId(reminder.deadline.application_id);
        let hub = hub_name(&mut conn, application).await?;
        let Some(notice) = notice(&reminder, &hub, policy) else {
            continue;
        };
        let key = format!("reminder/{}", reminder.reminder_key());
        added += enqueue(&mut conn, writing, &key, None, &notice)
            .await?
            .len();
    }
    Ok(added)
}

/// The notice a reminder gives, if its kind of deadline has one at that offset.
pub fn notice(reminder: &DueReminder, hub: &str, policy: &Policy) -> Option<Notice> {
    let deadline = &reminder.deadline;
    let application = ApplicationId(deadline.application_id);
    let soon = reminder.offset.is_some();
    let recipient = reminder
        .person
        .map_or(Recipient::Secretariat, Recipient::Person);
    let (kind, link) = match (deadline.kind, soon) {
        (DeadlineKind::ReviewDue, true) => (NoticeKind::ReviewDueSoon, links::review_queue()),
        (DeadlineKind::ReviewDue, false) => (NoticeKind::ReviewOverdue, links::review_queue()),
        (DeadlineKind::RevisionDue, true) => (
            NoticeKind::RevisionDueSoon,
            links::applicant_status(application),
        ),
        (DeadlineKind::Interview, true) => (
            NoticeKind::InterviewSoon,
            links::applicant_status(application),
        ),
        (DeadlineKind::VoteCloses, true) => (
            NoticeKind::VoteClosingSoon,
            links::vote(VoteId(deadline.vote_id?)),
        ),
        (DeadlineKind::StageLimit, false) => {
            (NoticeKind::StageOverdue, links::application(application))
        }
        _ => return None,
    };
    let mut notice = Notice::new(kind, recipient, link)
        .about(application)
        .text("hub", hub)
        .with("due", Arg::Time(deadline.due_at));
    if let Some(document) = &deadline.document_kind {
        notice = notice.text("document", document);
    }
    if let Some(version) = deadline.document_version {
        notice = notice.with("version", Arg::Number(i64::from(version)));
    }
    match kind {
        NoticeKind::InterviewSoon => {
            notice = notice
                .with("when", Arg::Time(deadline.due_at))
                .text("location", deadline.location.clone().unwrap_or_default());
        }
        NoticeKind::VoteClosingSoon => {
            let motion = deadline
                .motion
                .as_ref()
                .and_then(|motion| serde_json::from_value::<Motion>(motion.0.clone()).ok())
                .map_or_else(|| Arg::Text(String::new()), |motion| Arg::motion(&motion));
            // A secret vote reminds every member, voted or not: say nothing of whether
            // this one has.
            let ballot = if deadline.secret { "secret" } else { "open" };
            notice = notice
                .with("motion", motion)
                .with("closes", Arg::Time(deadline.due_at))
                .text("ballot", ballot);
        }
        NoticeKind::StageOverdue => {
            let stage = deadline.stage.clone().unwrap_or_default();
            let days = charter_domain::application::Stage::parse(&stage)
                .and_then(|stage| policy.max_days_in_stage.get(&stage).copied())
                .unwrap_or_default();
            let since = deadline.due_at - chrono::Duration::days(i64::from(days));
            notice = notice
                .text("stage", stage)
                .with("since", Arg::Time(since))
                .with("days", Arg::Number(i64::from(days)));
        }
        _ => {}
    }
    Some(notice)
}
