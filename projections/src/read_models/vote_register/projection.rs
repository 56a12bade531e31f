//! How each vote event changes the register's tables, and how an erasure scrubs a name.
//! The electorate's names and the reasons of recusals are kept sealed under each member's
//! key (see `charter_store::opening`); the queries open them.

use super::{VoteRegisterProjection, NAME};
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::{incoming, one_by_one, Incoming, ReadModel};
use async_trait::async_trait;
use charter_domain::personal::ERASED;
use charter_domain::policy::Ballot;
use charter_domain::vote::{Choice, CommitteeVote, Outcome, RecordedChoice, VoteEvent};
use sqlx::types::Json;
use sqlx::PgConnection;

fn choice_name(choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => "yes",
        Choice::No => "no",
        Choice::Abstain => "abstain",
    }
}

/// The choice and reason of an open ballot; a sealed one stays sealed.
fn copied(choice: &RecordedChoice) -> (Option<&'static str>, Option<String>) {
    match choice {
        RecordedChoice::Open { choice, reason } => (Some(choice_name(*choice)), reason.clone()),
        RecordedChoice::Sealed { .. } => (None, None),
    }
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::NoQuorum => "no_quorum",
    }
}

#[async_trait]
impl ReadModel for VoteRegisterProjection {
    type Aggregate = CommitteeVote;
    const NAME: &'static str = NAME;
    const TABLES: &'static [&'static str] = &[
        "votes",
        "vote_members",
        "vote_ballots",
        "vote_hubs",
        "vote_hub_ballots",
    ];
    /// The electorate's names, and the reasons of recusals.
    const FOLLOWS_ERASURES: bool = true;

    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        one_by_one(conn, events, apply).await
    }
}

/// Applies one vote event, or an erasure.
async fn apply(conn: &mut PgConnection, event: &StoredEvent) -> Result<(), ProjectionError> {
    let (vote, payload) = match incoming::<CommitteeVote>(event)? {
        Incoming::Own { id, payload } => (id, payload),
        Incoming::Erasure(subject) => {
            if let Some(subject) = subject {
                sqlx::query(
                    "UPDATE vote_members SET name = $2,
                            recusal_reason = CASE WHEN recusal_reason IS NULL THEN NULL ELSE $2 END
                     WHERE person_id = $1",
                )
                .bind(subject)
                .bind(ERASED)
                .execute(&mut *conn)
                .await?;
                // A delegate's reason for their hub's recusal was sealed under their key.
                sqlx::query(
                    "UPDATE vote_hubs SET recusal_reason = $2
                     WHERE recused_by = $1 AND recusal_reason IS NOT NULL",
                )
                .bind(subject)
                .bind(ERASED)
                .execute(conn)
                .await?;
            }
            return Ok(());
        }
    };
    match &*payload {
        VoteEvent::VoteOpened {
            application_id,
            stage,
            motion,
            electorate,
            hubs,
            rule,
            policy_version,
            closes_at,
            at,
            ..
        } => {
            let ballot = match rule.ballot {
                Ballot::Open => "open",
                Ballot::Secret => "secret",
            };
            sqlx::query(
                "INSERT INTO votes (vote_id, application_id, stage, motion, rule, ballot,
                   policy_version, opened_at, opened_by, closes_at, version, electorate)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(vote)
            .bind(application_id.0)
            .bind(stage.as_str())
            .bind(Json(motion))
            .bind(Json(rule))
            .bind(ballot)
            .bind(policy_version)
            .bind(at)
            .bind(event.metadata.actor_id)
            .bind(closes_at)
            .bind(event.sequence)
            .bind(rule.electorate.as_str())
            .execute(&mut *conn)
            .await?;
            for (hub, name) in hubs {
                sqlx::query("INSERT INTO vote_hubs (vote_id, hub_id, name) VALUES ($1, $2, $3)")
                    .bind(vote)
                    .bind(hub.0)
                    .bind(name)
                    .execute(&mut *conn)
                    .await?;
            }
            for (person, name) in electorate {
                sqlx::query(
                    "INSERT INTO vote_members (vote_id, person_id, name) VALUES ($1, $2, $3)",
                )
                .bind(vote)
                .bind(person.0)
                .bind(event.seal(&[person.0], name))
                .execute(&mut *conn)
                .await?;
            }
        }
        VoteEvent::BallotCast {
            member,
            hub: Some(hub),
            revision,
            choice,
            at,
        } => {
            let (choice, reason) = copied(choice);
            sqlx::query(
                "INSERT INTO vote_hub_ballots
                   (vote_id, hub_id, revision, delegate_id, cast_at, choice, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(vote)
            .bind(hub.0)
            .bind(i32::try_from(*revision).unwrap_or(i32::MAX))
            .bind(member.0)
            .bind(at)
            .bind(choice)
            .bind(reason)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "UPDATE vote_hubs
                 SET ballots_cast = ballots_cast + 1, last_cast_at = $3, last_cast_by = $4
                 WHERE vote_id = $1 AND hub_id = $2",
            )
            .bind(vote)
            .bind(hub.0)
            .bind(at)
            .bind(member.0)
            .execute(&mut *conn)
            .await?;
        }
        VoteEvent::MemberRecused {
            member,
            hub: Some(hub),
            reason,
            at,
        } => {
            sqlx::query(
                "UPDATE vote_hubs SET recused_at = $3, recused_by = $4, recusal_reason = $5
                 WHERE vote_id = $1 AND hub_id = $2",
            )
            .bind(vote)
            .bind(hub.0)
            .bind(at)
            .bind(member.0)
            .bind(event.seal(&[member.0], reason))
            .execute(&mut *conn)
            .await?;
        }
        VoteEvent::BallotCast {
            member,
            hub: None,
            revision,
            choice,
            at,
        } => {
            let (choice, reason) = copied(choice);
            sqlx::query(
                "INSERT INTO vote_ballots (vote_id, person_id, revision, cast_at, choice, reason)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(vote)
            .bind(member.0)
            .bind(i32::try_from(*revision).unwrap_or(i32::MAX))
            .bind(at)
            .bind(choice)
            .bind(reason)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "UPDATE vote_members SET ballots_cast = ballots_cast + 1, last_cast_at = $3
                 WHERE vote_id = $1 AND person_id = $2",
            )
            .bind(vote)
            .bind(member.0)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
        VoteEvent::MemberRecused {
            member,
            hub: None,
            reason,
            at,
        } => {
            sqlx::query(
                "UPDATE vote_members SET recused_at = $3, recusal_reason = $4
                 WHERE vote_id = $1 AND person_id = $2",
            )
            .bind(vote)
            .bind(member.0)
            .bind(at)
            .bind(event.seal(&[member.0], reason))
            .execute(&mut *conn)
            .await?;
        }
        VoteEvent::VoteClosed {
            tally, outcome, at, ..
        } => {
            sqlx::query(
                "UPDATE votes SET closed_at = $2, tally = $3, outcome = $4 WHERE vote_id = $1",
            )
            .bind(vote)
            .bind(at)
            .bind(Json(tally))
            .bind(outcome_name(*outcome))
            .execute(&mut *conn)
            .await?;
        }
    }
    sqlx::query("UPDATE votes SET version = $2 WHERE vote_id = $1")
        .bind(vote)
        .bind(event.sequence)
        .execute(conn)
        .await?;
    Ok(())
}
