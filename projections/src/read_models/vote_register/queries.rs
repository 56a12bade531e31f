//! Reading the register: votes listed or whole, a member's record, votes due to close.

use super::rows::{
    CarriedOut, HubBallotRecord, HubMemberRecord, MemberRecord, VoteDetail, VoteSummary,
    VotingRecordEntry,
};
use charter_store::opening::open_texts;
use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

/// Each vote of `votes` (a table or a subquery, as `v`) with its hub and how many of its
/// electorate have voted, recused or not yet. Counting the electorate costs a look at every
/// member: a list cuts its page from `votes` first, so that it counts only the page's.
fn summary_of(votes: &str) -> String {
    format!(
        "SELECT v.vote_id, v.application_id, a.hub_name, v.stage, v.motion, v.rule, v.ballot,
           v.electorate AS voters, v.policy_version, v.opened_at, v.opened_by, v.closes_at, v.closed_at,
           v.tally, v.outcome, p.voted, p.recused, p.awaiting
         FROM {votes} v
         LEFT JOIN application_summaries a ON a.application_id = v.application_id
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE m.recused_at IS NULL AND m.ballots_cast > 0) AS voted,
                  count(*) FILTER (WHERE m.recused_at IS NOT NULL) AS recused,
                  count(*) FILTER (WHERE m.recused_at IS NULL AND m.ballots_cast = 0)
                    AS awaiting
           FROM (SELECT recused_at, ballots_cast FROM vote_members
                 WHERE vote_id = v.vote_id
                 UNION ALL
                 SELECT recused_at, ballots_cast FROM vote_hubs
                 WHERE vote_id = v.vote_id) m) p"
    )
}

/// Which votes a list shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct VoteFilter<'a> {
    /// Only the votes about this application.
    pub application: Option<Uuid>,
    /// Only open (`true`) or closed (`false`) votes.
    pub open: Option<bool>,
    /// Only the votes of this electorate: `committee` or `network`.
    pub electorate: Option<&'a str>,
    /// Only the network votes this hub is in the electorate of.
    pub hub: Option<Uuid>,
}

/// Votes, newest first, as `filter` says, and only those after `after` (the opening time
/// and id of the last vote of a page before).
pub async fn list(
    pool: &PgPool,
    filter: VoteFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
    offset: i64,
) -> Result<Vec<VoteSummary>, sqlx::Error> {
    let page = "(SELECT * FROM votes w
                 WHERE ($1::uuid IS NULL OR application_id = $1)
                   AND ($2::bool IS NULL OR (closed_at IS NULL) = $2)
                   AND ($5::timestamptz IS NULL OR (opened_at, vote_id) < ($5, $6))
                   AND ($7::text IS NULL OR electorate = $7)
                   AND ($8::uuid IS NULL OR EXISTS (
                     SELECT 1 FROM vote_hubs h WHERE h.vote_id = w.vote_id AND h.hub_id = $8))
                 ORDER BY opened_at DESC, vote_id DESC LIMIT $3 OFFSET $4)";
    sqlx::query_as(&format!(
        "{} ORDER BY v.opened_at DESC, v.vote_id DESC",
        summary_of(page)
    ))
    .bind(filter.application)
    .bind(filter.open)
    .bind(limit)
    .bind(offset)
    .bind(after.map(|(at, _)| at))
    .bind(after.map(|(_, id)| id))
    .bind(filter.electorate)
    .bind(filter.hub)
    .fetch_all(pool)
    .await
}

/// A vote as listed, with the version of its aggregate.
#[derive(FromRow)]
struct VersionedSummary {
    #[sqlx(flatten)]
    vote: VoteSummary,
    version: i64,
}

/// One vote with its electorate (by name, opened) and every ballot and change, as `reader`
/// (a delegate of `reader_hub`, if any) may see it (see [`super::secrecy`]: while a secret
/// vote is open, who took part is withheld); and the version of the vote's aggregate (the
/// sequence of its last event), which is not for every reader to see: it moves with every
/// ballot, changes included.
pub async fn find(
    pool: &PgPool,
    id: Uuid,
    reader: Uuid,
    reader_hub: Option<Uuid>,
) -> Result<Option<(VoteDetail, i64)>, sqlx::Error> {
    let vote: Option<VersionedSummary> = sqlx::query_as(&format!(
        "SELECT s.*, w.version FROM ({} WHERE v.vote_id = $1) s
         JOIN votes w ON w.vote_id = s.vote_id",
        summary_of("votes")
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(VersionedSummary { vote, version }) = vote else {
        return Ok(None);
    };
    let mut electorate: Vec<MemberRecord> = sqlx::query_as(
        "SELECT person_id, name, ballots_cast, last_cast_at, recused_at, recusal_reason
         FROM vote_members WHERE vote_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    // Sealed in the table: opened, then put in order by name here.
    let personal: Vec<&mut String> = electorate
        .iter_mut()
        .flat_map(|member| std::iter::once(&mut member.name).chain(&mut member.recusal_reason))
        .collect();
    open_texts(pool, personal).await?;
    by_name(&mut electorate, |member| (&member.name, member.person_id));
    let ballots = sqlx::query_as(
        "SELECT person_id, revision, cast_at, choice, reason FROM vote_ballots
         WHERE vote_id = $1 ORDER BY cast_at, person_id, revision",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let carried_out = sqlx::query_as::<_, CarriedOut>(
        "SELECT action, result, detail, at, position FROM vote_outcome_actions
         WHERE vote_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .map(|mut carried_out| {
        carried_out.consistency_token = carried_out.position.map(|p| p.to_string());
        carried_out
    });
    let (hubs, hub_ballots) = hubs_of(pool, id).await?;
    let detail = VoteDetail {
        vote,
        participation_withheld: false,
        electorate,
        ballots,
        hubs,
        hub_ballots,
        carried_out,
    };
    Ok(Some((detail.seen_by(reader, reader_hub), version)))
}

/// The hubs of a network vote, by name, and every ballot and change of theirs, naming the
/// delegate (the names and reasons sealed in the tables, opened here).
async fn hubs_of(
    pool: &PgPool,
    id: Uuid,
) -> Result<(Vec<HubMemberRecord>, Vec<HubBallotRecord>), sqlx::Error> {
    let mut hubs: Vec<HubMemberRecord> = sqlx::query_as(
        "SELECT hub_id, name, ballots_cast, last_cast_at, last_cast_by, recused_at, recused_by,
                recusal_reason
         FROM vote_hubs WHERE vote_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let reasons: Vec<&mut String> = hubs
        .iter_mut()
        .flat_map(|hub| &mut hub.recusal_reason)
        .collect();
    open_texts(pool, reasons).await?;
    by_name(&mut hubs, |hub| (&hub.name, hub.hub_id));
    let mut ballots: Vec<HubBallotRecord> = sqlx::query_as(
        "SELECT b.hub_id, b.revision, b.delegate_id, p.name AS delegate_name, b.cast_at,
                b.choice, b.reason
         FROM vote_hub_ballots b LEFT JOIN people p ON p.person_id = b.delegate_id
         WHERE b.vote_id = $1 ORDER BY b.cast_at, b.hub_id, b.revision",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let names: Vec<&mut String> = ballots
        .iter_mut()
        .flat_map(|ballot| &mut ballot.delegate_name)
        .collect();
    open_texts(pool, names).await?;
    Ok((hubs, ballots))
}

/// Every vote `person` was in the electorate of, newest first, as `reader` may see it (an
/// open secret vote withholds what the person did from anyone but them); only those after
/// `after` (the opening time and id of the last vote of a page before).
pub async fn voting_record(
    pool: &PgPool,
    person: Uuid,
    reader: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
    offset: i64,
) -> Result<Vec<VotingRecordEntry>, sqlx::Error> {
    let entries: Vec<VotingRecordEntry> = sqlx::query_as(
        "SELECT v.vote_id, v.application_id, a.hub_name, v.motion, v.ballot, v.electorate AS voters,
                v.opened_at,
                v.closed_at, v.outcome, m.ballots_cast, m.recused_at,
                (SELECT b.choice FROM vote_ballots b
                 WHERE b.vote_id = v.vote_id AND b.person_id = m.person_id
                 ORDER BY b.revision DESC LIMIT 1) AS choice
         FROM vote_members m JOIN votes v ON v.vote_id = m.vote_id
         LEFT JOIN application_summaries a ON a.application_id = v.application_id
         WHERE m.person_id = $1
           AND ($4::timestamptz IS NULL OR (v.opened_at, v.vote_id) < ($4, $5))
         ORDER BY v.opened_at DESC, v.vote_id DESC
         LIMIT $2 OFFSET $3",
    )
    .bind(person)
    .bind(limit)
    .bind(offset)
    .bind(after.map(|(at, _)| at))
    .bind(after.map(|(_, id)| id))
    .fetch_all(pool)
    .await?;
    Ok(entries
        .into_iter()
        .map(|entry| entry.seen_by(person, reader))
        .collect())
}

/// Puts `rows` in order by name, in any case, then by id: `key` gives both.
pub(crate) fn by_name<T>(rows: &mut [T], key: impl Fn(&T) -> (&String, Uuid)) {
    rows.sort_by_cached_key(|row| {
        let (name, id) = key(row);
        (name.to_lowercase(), name.clone(), id)
    });
}

/// Open votes whose closing time has passed.
pub async fn due_for_closing(pool: &PgPool, now: DateTime<Utc>) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT vote_id FROM votes WHERE closed_at IS NULL AND closes_at <= $1 ORDER BY closes_at",
    )
    .bind(now)
    .fetch_all(pool)
    .await
}
