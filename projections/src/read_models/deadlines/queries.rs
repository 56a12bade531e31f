//! Reading the deadlines: the reminders due now, and a person's open deadlines.
//!
//! A review is due the policy's `review_days` after its version was submitted, and a stay
//! in a stage falls due `max_days_in_stage` after the application entered it, both with
//! the policy in force when read: the rules of the review queue and of the dashboard,
//! so that a reminder and the page it points to agree.

use super::rows::{Deadline, DueReminder};
use charter_domain::policy::Offset;
use charter_domain::{PersonId, Policy};
use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

/// The open deadlines with their due time (`due_at`): `$1` the policy's review days,
/// `$2` and `$3` its limited stages and their days. A stay in a stage the policy does
/// not limit has no due time.
const OPEN: &str = "WITH open AS (
    SELECT d.deadline_key, d.kind, d.application_id,
           CASE d.kind
             WHEN 'review_due' THEN d.runs_from + make_interval(days => $1)
             WHEN 'stage_limit' THEN d.runs_from + make_interval(days => l.max_days)
             ELSE d.due_at END AS due_at,
           d.stage, d.document_kind, d.document_version, d.request, d.vote_id, d.motion,
           d.interview, d.location, d.secret
    FROM deadlines d
    LEFT JOIN unnest($2::text[], $3::int[]) AS l(stage, max_days)
      ON d.kind = 'stage_limit' AND l.stage = d.stage
    WHERE d.done_at IS NULL)";

/// The columns of [`Deadline`], from `open` as `d`.
const COLUMNS: &str = "d.deadline_key, d.kind, d.application_id, d.due_at, d.stage,
    d.document_kind, d.document_version, d.request, d.vote_id, d.motion, d.interview,
    d.location, d.secret";

/// The policy's figures that [`OPEN`] binds first.
struct Rules {
    review_days: i32,
    stages: Vec<&'static str>,
    days: Vec<i32>,
}

impl Rules {
    fn of(policy: &Policy) -> Self {
        let (stages, days) = policy
            .max_days_in_stage
            .iter()
            .map(|(stage, days)| (stage.as_str(), clamp(u64::from(*days))))
            .unzip();
        Self {
            review_days: clamp(u64::from(policy.review_days)),
            stages,
            days,
        }
    }
}

fn clamp(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[derive(FromRow)]
struct DueRow {
    #[sqlx(flatten)]
    deadline: Deadline,
    person_id: Option<Uuid>,
    /// The offset as the policy writes it; none when overdue.
    offset_label: Option<String>,
}

/// The reminders due at `now` under `policy`'s reminder offsets and due times: for each
/// open deadline and each person who has yet to act on it, the offset whose window
/// (from `due_at - offset` until `due_at`) holds `now`; when several do, only the
/// nearest the deadline, so that a reminder found late is not followed at once by an
/// earlier one that no longer says anything true. Reviews and stays in a stage are also
/// reminded of as overdue (no offset) in the day after they fall due; a stay's reminders
/// are for no person (the secretariat). Revisions overdue are an event of their own
/// (`RevisionRequestOverdue`), raised by the scheduler. Each is keyed by
/// [`DueReminder::reminder_key`]: the same reminder is found due again on every call
/// within its window, and whoever sends it sends it once.
pub async fn reminders_due(
    pool: &PgPool,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<Vec<DueReminder>, sqlx::Error> {
    let rules = Rules::of(policy);
    let mut kinds = Vec::new();
    let mut labels = Vec::new();
    let mut minutes = Vec::new();
    for (kind, offsets) in policy.reminders.kinds() {
        for offset in offsets {
            kinds.push(kind);
            labels.push(offset.to_string());
            minutes.push(clamp(offset.minutes()));
        }
    }
    let ahead: Vec<DueRow> = sqlx::query_as(&format!(
        "{OPEN}
         SELECT DISTINCT ON (d.deadline_key, p.person_id) {COLUMNS}, p.person_id,
                o.label AS offset_label
         FROM open d
         JOIN deadline_people p ON p.deadline_key = d.deadline_key
         JOIN unnest($5::text[], $6::text[], $7::int[]) AS o(kind, label, minutes)
           ON o.kind = d.kind
         WHERE d.due_at - make_interval(mins => o.minutes) <= $4 AND $4 < d.due_at
         ORDER BY d.deadline_key, p.person_id, o.minutes"
    ))
    .bind(rules.review_days)
    .bind(&rules.stages)
    .bind(&rules.days)
    .bind(now)
    .bind(&kinds)
    .bind(&labels)
    .bind(&minutes)
    .fetch_all(pool)
    .await?;
    let overdue: Vec<DueRow> = sqlx::query_as(&format!(
        "{OPEN}
         SELECT {COLUMNS}, p.person_id, NULL::text AS offset_label
         FROM open d
         LEFT JOIN deadline_people p ON p.deadline_key = d.deadline_key
         WHERE ((d.kind = 'review_due' AND p.person_id IS NOT NULL) OR d.kind = 'stage_limit')
           AND d.due_at <= $4 AND $4 < d.due_at + interval '1 day'
         ORDER BY d.deadline_key, p.person_id"
    ))
    .bind(rules.review_days)
    .bind(&rules.stages)
    .bind(&rules.days)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut due = ahead
        .into_iter()
        .chain(overdue)
        .map(|row| {
            let offset = row
                .offset_label
                .map(|label| label.parse::<Offset>())
                .transpose()
                .map_err(|e| sqlx::Error::Decode(e.into()))?;
            Ok(DueReminder {
                deadline: row.deadline,
                person: row.person_id.map(PersonId),
                offset,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    due.sort_by(|a, b| {
        (a.deadline.due_at, &a.deadline.deadline_key, a.person).cmp(&(
            b.deadline.due_at,
            &b.deadline.deadline_key,
            b.person,
        ))
    });
    Ok(due)
}

/// The open deadlines that concern `person`, soonest first: the reviews they owe, the
/// revisions and interviews of their applications, the votes they have yet to cast, with
/// due times under `policy`. For their calendar.
pub async fn for_person(
    pool: &PgPool,
    person: PersonId,
    policy: &Policy,
) -> Result<Vec<Deadline>, sqlx::Error> {
    let rules = Rules::of(policy);
    sqlx::query_as(&format!(
        "{OPEN}
         SELECT {COLUMNS} FROM open d
         JOIN deadline_people p ON p.deadline_key = d.deadline_key
         WHERE p.person_id = $4 AND d.due_at IS NOT NULL
         ORDER BY d.due_at, d.deadline_key"
    ))
    .bind(rules.review_days)
    .bind(&rules.stages)
    .bind(&rules.days)
    .bind(person.0)
    .fetch_all(pool)
    .await
}
