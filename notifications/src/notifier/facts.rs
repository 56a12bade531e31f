//! What the notifier knows of people, applications and votes: its own tables, kept at its
//! own checkpoint from the same events it decides on, so that a notice is decided from
//! facts exactly as they were at its event. People's names and addresses are kept sealed
//! under each person's key (see `charter_store::opening`); whoever reads them opens them.

use crate::decide::{ApplicationFacts, InterviewFacts, VoteFacts};
use charter_domain::application::{ApplicationEvent, Party, Stage};
use charter_domain::personal::ERASED;
use charter_domain::policy::Ballot;
use charter_domain::roster::RosterEvent;
use charter_domain::vote::{Motion, Tally, VoteEvent};
use charter_domain::{ApplicationId, PersonId, VoteId};
use charter_projections::StoredEvent;
use charter_store::applications::opened_hub;
use sqlx::PgConnection;
use uuid::Uuid;

/// The application as the notifier knows it, if it does.
pub async fn application(
    conn: &mut PgConnection,
    id: ApplicationId,
) -> Result<Option<ApplicationFacts>, sqlx::Error> {
    type Row = (String, Vec<Uuid>, Vec<Uuid>, String, bool);
    let row: Option<Row> = sqlx::query_as(
        "SELECT hub_name, founders, panelists, stage, founders_signed FROM notice_applications
         WHERE application_id = $1",
    )
    .bind(id.0)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(hub_name, founders, panelists, stage, founders_signed)| ApplicationFacts {
            application_id: id,
            hub_name,
            founders: founders.into_iter().map(PersonId).collect(),
            panelists: panelists.into_iter().map(PersonId).collect(),
            stage: Stage::parse(&stage).unwrap_or(Stage::Applied),
            founders_signed,
            interview: None,
        },
    ))
}

/// The hub application `id` is for, as its opening in the store named it: a reminder, a
/// calendar feed or the process manager may come to it before the notifier (or any read
/// model) has read that opening. Empty for an application the store does not hold.
pub async fn hub_name(conn: &mut PgConnection, id: ApplicationId) -> Result<String, sqlx::Error> {
    Ok(opened_hub(conn, id)
        .await?
        .map(|hub| hub.hub_name)
        .unwrap_or_default())
}

/// Interview `interview` of the application, as the notifier knows it.
pub async fn interview(
    conn: &mut PgConnection,
    id: ApplicationId,
    interview: u32,
) -> Result<Option<InterviewFacts>, sqlx::Error> {
    let row: Option<(chrono::DateTime<chrono::Utc>, String, i32)> = sqlx::query_as(
        "SELECT scheduled_for, location, moves FROM notice_interviews
         WHERE application_id = $1 AND interview = $2",
    )
    .bind(id.0)
    .bind(i32::try_from(interview).unwrap_or(i32::MAX))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(scheduled_for, location, moves)| InterviewFacts {
        interview,
        scheduled_for,
        location,
        moves: u32::try_from(moves).unwrap_or(0),
    }))
}

/// The interview an event is about, if any.
pub fn interview_of(event: &ApplicationEvent) -> Option<u32> {
    match event {
        ApplicationEvent::InterviewScheduled { interview, .. }
        | ApplicationEvent::InterviewRescheduled { interview, .. }
        | ApplicationEvent::InterviewCancelled { interview, .. }
        | ApplicationEvent::InterviewRecorded { interview, .. } => Some(*interview),
        _ => None,
    }
}

/// The vote as the notifier knows it, if it does.
pub async fn vote(conn: &mut PgConnection, id: VoteId) -> Result<Option<VoteFacts>, sqlx::Error> {
    type Row = (
        Uuid,
        Vec<Uuid>,
        String,
        serde_json::Value,
        Option<String>,
        Option<String>,
        String,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT v.application_id, v.electorate, v.ballot, v.motion, v.outcome, v.tally,
                COALESCE(a.hub_name, ''), v.voters
         FROM notice_votes v LEFT JOIN notice_applications a USING (application_id)
         WHERE v.vote_id = $1",
    )
    .bind(id.0)
    .fetch_optional(conn)
    .await?;
    let Some((application, electorate, ballot, motion, outcome, tally, hub_name, voters)) = row
    else {
        return Ok(None);
    };
    let Ok(motion) = serde_json::from_value::<Motion>(motion) else {
        return Ok(None);
    };
    Ok(Some(VoteFacts {
        vote_id: id,
        application_id: ApplicationId(application),
        hub_name,
        electorate: electorate.into_iter().map(PersonId).collect(),
        ballot: if ballot == "secret" {
            Ballot::Secret
        } else {
            Ballot::Open
        },
        motion,
        network: voters == "network",
        outcome,
        // A count kept in words before messages were written in each reader's language
        // does not parse: it reads as not known.
        tally: tally.and_then(|tally| serde_json::from_str::<Tally>(&tally).ok()),
    }))
}

/// Keeps what the notifier knows of an application up to date with `payload`, `event`'s.
pub async fn record_application(
    conn: &mut PgConnection,
    event: &StoredEvent,
    id: ApplicationId,
    payload: &ApplicationEvent,
) -> Result<(), sqlx::Error> {
    match payload {
        ApplicationEvent::ApplicationOpened {
            hub_name,
            city,
            founders,
            ..
        } => {
            for founder in founders {
                let person = Person {
                    id: founder.person_id,
                    name: &founder.name,
                    email: Some(&founder.email),
                };
                remember_person(conn, event, person).await?;
            }
            let people: Vec<Uuid> = founders
                .iter()
                .map(|founder| founder.person_id.0)
                .filter(|person| !person.is_nil())
                .collect();
            sqlx::query(
                "INSERT INTO notice_applications (application_id, hub_name, city, founders, stage)
                 VALUES ($1, $2, $3, $4, 'applied') ON CONFLICT (application_id) DO NOTHING",
            )
            .bind(id.0)
            .bind(hub_name)
            .bind(city)
            .bind(people)
            .execute(conn)
            .await?;
        }
        ApplicationEvent::PanelistAssigned { panelist_id, .. } => {
            sqlx::query(
                "UPDATE notice_applications SET panelists = array_append(panelists, $2)
                 WHERE application_id = $1 AND NOT ($2 = ANY (panelists))",
            )
            .bind(id.0)
            .bind(panelist_id.0)
            .execute(conn)
            .await?;
        }
        ApplicationEvent::ConflictOfInterestDeclared { panelist_id, .. } => {
            sqlx::query(
                "UPDATE notice_applications SET panelists = array_remove(panelists, $2)
                 WHERE application_id = $1",
            )
            .bind(id.0)
            .bind(panelist_id.0)
            .execute(conn)
            .await?;
        }
        ApplicationEvent::InterviewScheduled {
            interview,
            scheduled_for,
            location,
            ..
        }
        | ApplicationEvent::InterviewRescheduled {
            interview,
            scheduled_for,
            location,
            ..
        } => {
            let moves = match payload {
                ApplicationEvent::InterviewRescheduled { moves, .. } => *moves,
                _ => 0,
            };
            sqlx::query(
                "INSERT INTO notice_interviews
                     (application_id, interview, scheduled_for, location, moves)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (application_id, interview) DO UPDATE
                 SET scheduled_for = EXCLUDED.scheduled_for, location = EXCLUDED.location,
                     moves = EXCLUDED.moves",
            )
            .bind(id.0)
            .bind(i32::try_from(*interview).unwrap_or(i32::MAX))
            .bind(scheduled_for)
            .bind(location)
            .bind(i32::try_from(moves).unwrap_or(i32::MAX))
            .execute(conn)
            .await?;
        }
        ApplicationEvent::SignatureRecorded {
            party: Party::Founders,
            ..
        } => {
            sqlx::query(
                "UPDATE notice_applications SET founders_signed = true WHERE application_id = $1",
            )
            .bind(id.0)
            .execute(conn)
            .await?;
        }
        _ => {
            if let Some(stage) = stage_after(payload) {
                sqlx::query("UPDATE notice_applications SET stage = $2 WHERE application_id = $1")
                    .bind(id.0)
                    .bind(stage.as_str())
                    .execute(conn)
                    .await?;
            }
        }
    }
    Ok(())
}

/// The stage an event leaves the application in, when it moves it.
fn stage_after(event: &ApplicationEvent) -> Option<Stage> {
    match event {
        ApplicationEvent::EligibilityGranted { .. } => Some(Stage::Eligible),
        ApplicationEvent::StageAdvanced { to, .. } => Some(*to),
        ApplicationEvent::ApplicationRejected { .. } => Some(Stage::Rejected),
        ApplicationEvent::ApplicationWithdrawn { .. } => Some(Stage::Withdrawn),
        ApplicationEvent::AppealGranted { reopened_in, .. } => Some(*reopened_in),
        _ => None,
    }
}

/// Keeps what the notifier knows of a vote up to date with `event`.
pub async fn record_vote(
    conn: &mut PgConnection,
    id: VoteId,
    event: &VoteEvent,
) -> Result<(), sqlx::Error> {
    match event {
        VoteEvent::VoteOpened {
            application_id,
            motion,
            electorate,
            hubs,
            rule,
            closes_at,
            at,
            ..
        } => {
            // A committee vote's members, or a network vote's hubs' delegates that day.
            let mut members: Vec<Uuid> = electorate.iter().map(|(person, _)| person.0).collect();
            members.extend(super::delegates::of(&mut *conn, hubs, at.date_naive()).await?);
            let ballot = match rule.ballot {
                Ballot::Open => "open",
                Ballot::Secret => "secret",
            };
            let motion = serde_json::to_value(motion).unwrap_or(serde_json::Value::Null);
            sqlx::query(
                "INSERT INTO notice_votes
                     (vote_id, application_id, electorate, ballot, motion, closes_at, voters)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (vote_id) DO NOTHING",
            )
            .bind(id.0)
            .bind(application_id.0)
            .bind(members)
            .bind(ballot)
            .bind(motion)
            .bind(closes_at)
            .bind(rule.electorate.as_str())
            .execute(conn)
            .await?;
        }
        VoteEvent::VoteClosed { outcome, tally, .. } => {
            let outcome = serde_json::to_value(outcome)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned));
            sqlx::query("UPDATE notice_votes SET outcome = $2, tally = $3 WHERE vote_id = $1")
                .bind(id.0)
                .bind(outcome)
                // The count as numbers (JSON), put in words in each reader's language.
                .bind(serde_json::to_string(tally).ok())
                .execute(conn)
                .await?;
        }
        VoteEvent::BallotCast { .. } | VoteEvent::MemberRecused { .. } => {}
    }
    Ok(())
}

/// Keeps what the notifier knows of people up to date with `payload`, a roster event,
/// `event`'s.
pub async fn record_roster(
    conn: &mut PgConnection,
    event: &StoredEvent,
    payload: &RosterEvent,
) -> Result<(), sqlx::Error> {
    match payload {
        RosterEvent::PersonRegistered {
            person_id,
            name,
            email,
            ..
        } => {
            let person = Person {
                id: *person_id,
                name,
                email: email.as_deref(),
            };
            remember_person(conn, event, person).await
        }
        RosterEvent::DelegateAppointed { .. } | RosterEvent::DelegationEnded { .. } => {
            super::delegates::record(conn, payload).await
        }
        RosterEvent::PersonalDataErased { subject, .. } => {
            sqlx::query("UPDATE notice_people SET name = $2, email = NULL WHERE person_id = $1")
                .bind(subject.0)
                .bind(ERASED)
                .execute(conn)
                .await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A person as an event names them, opened.
struct Person<'a> {
    id: PersonId,
    name: &'a str,
    email: Option<&'a str>,
}

/// Keeps `person`'s name and address, sealed under their key.
async fn remember_person(
    conn: &mut PgConnection,
    event: &StoredEvent,
    person: Person<'_>,
) -> Result<(), sqlx::Error> {
    if person.id.0.is_nil() {
        return Ok(());
    }
    let subject = [person.id.0];
    // A value read after an erasure is the marker, not an address.
    let email = person
        .email
        .filter(|email| *email != ERASED && email.contains('@'))
        .map(|email| event.seal(&subject, email))
        .filter(|email| email != ERASED);
    sqlx::query(
        "INSERT INTO notice_people (person_id, name, email) VALUES ($1, $2, $3)
         ON CONFLICT (person_id) DO UPDATE SET name = EXCLUDED.name,
             email = COALESCE(EXCLUDED.email, notice_people.email)",
    )
    .bind(person.id.0)
    .bind(event.seal(&subject, person.name))
    .bind(email)
    .execute(conn)
    .await?;
    Ok(())
}
