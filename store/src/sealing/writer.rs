//! Writing appends to the store, one or a group in one statement, and telling this
//! instance about them.

use super::append::{Append, Appended, Waiting};
use super::stats::AppendStats;
use crate::announcer::Announcer;
use crate::db::{is_unreachable, KeptConnection};
use crate::recent::RecentAppends;
use cqrs_es::persist::PersistenceError;
use std::sync::Arc;

/// Writes appends to the store and tells this instance about them.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    /// The connection the last append was written on, kept for the next.
    pub(super) connection: KeptConnection,
    /// Told after each commit.
    pub(super) announcer: Announcer,
    /// Where each append's transaction id is kept for this instance's readers.
    pub(super) recent: RecentAppends,
    pub(super) stats: Arc<AppendStats>,
}

impl Writer {
    /// Writes `group` in one statement and one transaction and answers each append. When
    /// that fails on a clash (or a deadlock), nothing was written, and the group is
    /// written again so that only the one that clashed fails. Any other failure fails them
    /// all: the commit's outcome is then unknown, as it is for an append written alone.
    pub(super) async fn write(&self, mut group: Vec<Waiting>) {
        // Every group takes its streams' locks in the same order, so that two groups (of
        // this instance and another) never wait for each other in a circle.
        group.sort_by(|a, b| {
            let (a, b) = (&a.append, &b.append);
            (&a.aggregate_type, &a.aggregate_id, a.first_sequence).cmp(&(
                &b.aggregate_type,
                &b.aggregate_id,
                b.first_sequence,
            ))
        });
        let appends: Vec<&Append> = group.iter().map(|waiting| &waiting.append).collect();
        let written = match self.write_together(&appends).await {
            Ok(positions) => Ok(positions.into_iter().map(Ok).collect()),
            // Nothing was written: written again in one statement, each append in a
            // subtransaction of its own, so that only the one that clashed fails. Should
            // that fail as a whole too (a deadlock), each is written alone, one after
            // another (all at once they could take every connection of the pool, and wait
            // behind the one that clashed).
            Err(WriteError::Clash | WriteError::Contended(_)) if appends.len() > 1 => {
                match self.write_apart(&appends).await {
                    Err(WriteError::Clash | WriteError::Contended(_)) => {
                        let mut outcomes = Vec::with_capacity(appends.len());
                        for append in &appends {
                            outcomes.push(self.write_alone(append).await);
                        }
                        Ok(outcomes)
                    }
                    apart => apart,
                }
            }
            Err(error) => Err(error),
        };
        let outcomes: Vec<Appended> = written.unwrap_or_else(|error| {
            appends
                .iter()
                .map(|_| Err(error.to_persistence()))
                .collect()
        });
        drop(appends);
        self.announcer.announce().await;
        for (waiting, outcome) in group.into_iter().zip(outcomes) {
            // Gone if its command was dropped meanwhile: its events are stored all the same.
            let _ = waiting.done.send(outcome);
        }
    }

    /// Writes `append` in a transaction of its own and announces it; its positions.
    pub(super) async fn write_one(&self, append: &Append) -> Appended {
        let positions = self.write_alone(append).await;
        self.announcer.announce().await;
        positions
    }

    /// Writes `append` in a transaction of its own; its positions.
    async fn write_alone(&self, append: &Append) -> Appended {
        self.write_together(&[append])
            .await
            .map(|mut positions| positions.pop().unwrap_or_default())
            .map_err(WriteError::into_persistence)
    }

    /// Writes `appends` in one call of `append_event_groups`; the positions of each.
    async fn write_together(&self, appends: &[&Append]) -> Result<Vec<Vec<i64>>, WriteError> {
        self.stats.count(appends.len());
        let columns = Columns::of(appends);
        // The same bytes twice in one group are stored once.
        let mut blobs = columns.blobs.clone();
        blobs.dedup_by_key(|&mut (_, sha256, _)| sha256);
        let (blob_sha256, blob_content): (Vec<&str>, Vec<&[u8]>) = blobs
            .into_iter()
            .map(|(_, sha256, content)| (sha256, content))
            .unzip();
        // With the appending transaction's id: a read of this instance that waits for
        // these events then need not look it up (see `RecentAppends`).
        let rows = sqlx::query_as(
            "SELECT p, pg_current_xact_id()::text::bigint
             FROM append_event_groups($1, $2, $3, $4, $5, $6, $7, $8, $9)
                  WITH ORDINALITY AS a (p, n)
             ORDER BY n",
        );
        let mut conn = self.connection.take().await?;
        let rows: Result<Vec<(i64, i64)>, _> = columns
            .bind_events(rows)
            .bind(&blob_sha256)
            .bind(&blob_content)
            .fetch_all(&mut *conn)
            .await;
        self.connection.give_back(conn, rows.as_ref().map(|_| ()));
        let rows = rows?;
        let events = columns.owners.len();
        if rows.len() != events {
            return Err(WriteError::Database(sqlx::Error::Protocol(format!(
                "{events} events appended, {} positions returned",
                rows.len()
            ))));
        }
        let mut rows = rows.into_iter();
        let mut positions = Vec::with_capacity(appends.len());
        for append in appends {
            let taken: Vec<(i64, i64)> = rows.by_ref().take(append.event_types.len()).collect();
            positions.push(self.record(&taken));
        }
        Ok(positions)
    }

    /// Writes `appends` in one call of `append_event_groups_apart`, each in a
    /// subtransaction of its own: the positions of each, or its clash.
    async fn write_apart(&self, appends: &[&Append]) -> Result<Vec<Appended>, WriteError> {
        self.stats.count(appends.len());
        let columns = Columns::of(appends);
        let (blob_owners, blob_sha256, blob_content): (Vec<i32>, Vec<&str>, Vec<&[u8]>) =
            columns.blobs.iter().copied().collect();
        let rows = sqlx::query_as(
            "SELECT o_append, o_position, pg_current_xact_id()::text::bigint
             FROM append_event_groups_apart($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                  WITH ORDINALITY AS a (o_append, o_position, n)
             ORDER BY n",
        )
        .bind(&columns.owners);
        let mut conn = self.connection.take().await?;
        let rows: Result<Vec<(i32, Option<i64>, i64)>, _> = columns
            .bind_events(rows)
            .bind(&blob_owners)
            .bind(&blob_sha256)
            .bind(&blob_content)
            .fetch_all(&mut *conn)
            .await;
        self.connection.give_back(conn, rows.as_ref().map(|_| ()));
        let rows = rows?;
        let mut outcomes = Vec::with_capacity(appends.len());
        for (owner, append) in (1..).zip(appends) {
            let own: Vec<&(i32, Option<i64>, i64)> =
                rows.iter().filter(|(of, _, _)| *of == owner).collect();
            let written: Vec<(i64, i64)> = own
                .iter()
                .filter_map(|&&(_, position, tx_id)| position.map(|p| (p, tx_id)))
                .collect();
            outcomes.push(
                if written.len() == own.len() && written.len() == append.event_types.len() {
                    Ok(self.record(&written))
                } else if own.len() == 1 && written.is_empty() {
                    Err(PersistenceError::OptimisticLockError)
                } else {
                    return Err(WriteError::Database(sqlx::Error::Protocol(format!(
                        "{} events appended, {} rows returned",
                        append.event_types.len(),
                        own.len()
                    ))));
                },
            );
        }
        Ok(outcomes)
    }

    /// Keeps the transaction id of an append's `written` events (position, transaction)
    /// for this instance's readers; their positions.
    fn record(&self, written: &[(i64, i64)]) -> Vec<i64> {
        let positions: Vec<i64> = written.iter().map(|&(position, _)| position).collect();
        if let Some(&(_, tx_id)) = written.first() {
            self.recent.record(&positions, tx_id);
        }
        positions
    }
}

/// A group's appends as the columns the append functions take: one entry per event, in
/// the group's order, and the documents in the order of their hashes (as the streams', the
/// same order in every group).
struct Columns<'a> {
    /// The append (1-based) each event belongs to.
    owners: Vec<i32>,
    types: Vec<&'a str>,
    ids: Vec<&'a str>,
    sequences: Vec<i64>,
    event_types: Vec<&'a str>,
    versions: Vec<&'a str>,
    payloads: Vec<&'a str>,
    metadata: Vec<&'a str>,
    /// The append each document belongs to, its hash and its bytes.
    blobs: Vec<(i32, &'a str, &'a [u8])>,
}

impl<'a> Columns<'a> {
    fn of(appends: &[&'a Append]) -> Self {
        let events: usize = appends.iter().map(|a| a.event_types.len()).sum();
        let mut columns = Self {
            owners: Vec::with_capacity(events),
            types: Vec::with_capacity(events),
            ids: Vec::with_capacity(events),
            sequences: Vec::with_capacity(events),
            event_types: Vec::with_capacity(events),
            versions: Vec::with_capacity(events),
            payloads: Vec::with_capacity(events),
            metadata: Vec::with_capacity(events),
            blobs: Vec::new(),
        };
        for (owner, append) in (1..).zip(appends) {
            for (k, event_type) in append.event_types.iter().enumerate() {
                columns.owners.push(owner);
                columns.types.push(append.aggregate_type.as_str());
                columns.ids.push(append.aggregate_id.as_str());
                columns
                    .sequences
                    .push(append.first_sequence + i64::try_from(k).unwrap_or(i64::MAX));
                columns.event_types.push(event_type.as_str());
                columns.versions.push(append.event_versions[k].as_str());
                columns.payloads.push(append.payloads[k].as_str());
                columns.metadata.push(append.metadata[k].as_str());
            }
            if let Some((sha256, content)) = &append.blob {
                columns.blobs.push((owner, sha256, content));
            }
        }
        columns.blobs.sort_unstable_by_key(|&(_, sha256, _)| sha256);
        columns
    }
}

impl Columns<'_> {
    /// Binds the events' columns, in the order the append functions take them.
    fn bind_events<'q, O>(
        &'q self,
        query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
        query
            .bind(&self.types)
            .bind(&self.ids)
            .bind(&self.sequences)
            .bind(&self.event_types)
            .bind(&self.versions)
            .bind(&self.payloads)
            .bind(&self.metadata)
    }
}

/// Why a group's statement failed.
#[derive(Debug)]
pub(super) enum WriteError {
    /// An event is already stored at one of the sequences: nothing was written.
    Clash,
    /// Rolled back by PostgreSQL (a deadlock, a serialization failure): nothing was written.
    Contended(sqlx::Error),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(clash) if clash.is_unique_violation() => Self::Clash,
            // A deadlock with another writer, or a serialization failure: rolled back.
            sqlx::Error::Database(failed)
                if matches!(failed.code().as_deref(), Some("40P01" | "40001")) =>
            {
                Self::Contended(error)
            }
            _ => Self::Database(error),
        }
    }
}

impl WriteError {
    fn into_persistence(self) -> PersistenceError {
        match self {
            WriteError::Clash => PersistenceError::OptimisticLockError,
            WriteError::Contended(error) | WriteError::Database(error) => database(error),
        }
    }

    /// The error for each append of a group that failed together (sqlx's errors cannot
    /// be cloned: each gets its kind and message).
    fn to_persistence(&self) -> PersistenceError {
        match self {
            WriteError::Clash => PersistenceError::OptimisticLockError,
            WriteError::Database(error) if is_unreachable(error) => {
                PersistenceError::ConnectionError(error.to_string().into())
            }
            WriteError::Contended(error) | WriteError::Database(error) => {
                PersistenceError::UnknownError(error.to_string().into())
            }
        }
    }
}

/// A database error as cqrs-es reports it: unreachable, or anything else.
pub(super) fn database(error: sqlx::Error) -> PersistenceError {
    if is_unreachable(&error) {
        PersistenceError::ConnectionError(Box::new(error))
    } else {
        PersistenceError::UnknownError(Box::new(error))
    }
}
