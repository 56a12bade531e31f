//! Stream guards: for each projection, the last sequence it applied of each aggregate, so
//! that a gap in a stream is caught and a replayed event changes nothing.

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use sqlx::PgConnection;
use std::collections::{HashMap, HashSet};

/// Whether an event should be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The next event of its stream: apply it.
    Apply,
    /// Already applied (a replay): change nothing.
    AlreadyApplied,
}

/// The stream guards of one batch: for each projection, the last sequence it applied of
/// each aggregate the batch touches. They check that each aggregate's events arrive one
/// after another (a gap means the global order broke, which must never pass silently;
/// only a projection that follows some event types, [`Follows::Only`], sees gaps by
/// design) and recognise a replay, with one read before the batch and one write after it
/// instead of a statement per event. The projector holds its checkpoint rows locked meanwhile, so no
/// other writer moves the same guards.
///
/// [`Follows::Only`]: crate::Follows::Only
#[derive(Debug, Default)]
pub struct StreamGuards {
    last: HashMap<(&'static str, String, String), i64>,
    moved: HashSet<(&'static str, String, String)>,
}

impl StreamGuards {
    /// Reads the guards of `projections` for the aggregates of `events`.
    pub async fn load(
        conn: &mut PgConnection,
        projections: &[&'static str],
        events: &[&StoredEvent],
    ) -> Result<Self, ProjectionError> {
        let keys = Self::keys(projections, events);
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT s.projection, s.aggregate_type, s.aggregate_id, s.last_sequence
             FROM unnest($1::text[], $2::text[], $3::text[]) AS k (projection, aggregate_type, aggregate_id)
             JOIN projection_streams s USING (projection, aggregate_type, aggregate_id)",
        )
        .bind(&keys.0)
        .bind(&keys.1)
        .bind(&keys.2)
        .fetch_all(&mut *conn)
        .await?;
        Ok(Self::from_rows(projections, rows))
    }

    /// Locks the checkpoint rows of `projections` (`FOR UPDATE`, in name order) and reads
    /// their guards for the aggregates of `events`, in one statement: the checkpoints as
    /// locked, in the order of `projections`, and the guards. `None` when that statement
    /// cannot vouch for the guards: a checkpoint row is missing, or one was written while
    /// the lock was awaited (the guards were read in the statement's snapshot, from before
    /// that write; a rebuild's switch may even write the same checkpoint with other
    /// guards, so the row versions are compared, not the values). The caller then locks
    /// and loads in two statements.
    pub async fn lock_and_load(
        conn: &mut PgConnection,
        projections: &[&'static str],
        events: &[&StoredEvent],
    ) -> Result<Option<(Vec<(i64, i64)>, Self)>, ProjectionError> {
        let keys = Self::keys(projections, events);
        // A checkpoint row: the projection, the checkpoint as locked, and whether the
        // locked row is the version the snapshot saw. A guard row: the projection, the
        // stream and its last sequence.
        type Row = (
            String,
            Option<i64>,
            Option<i64>,
            Option<bool>,
            Option<String>,
            Option<String>,
            Option<i64>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "WITH locked AS (
                 SELECT projection, tx_id, global_position, xmin::text AS version
                 FROM projection_checkpoints
                 WHERE projection = ANY($1) ORDER BY projection FOR UPDATE),
             seen AS (
                 SELECT projection, xmin::text AS version FROM projection_checkpoints
                 WHERE projection = ANY($1))
             SELECT l.projection, l.tx_id::text::bigint, l.global_position,
                    s.version IS NOT DISTINCT FROM l.version, NULL, NULL, NULL::bigint
             FROM locked l LEFT JOIN seen s USING (projection)
             UNION ALL
             SELECT g.projection, NULL, NULL, NULL, g.aggregate_type, g.aggregate_id,
                    g.last_sequence
             FROM unnest($2::text[], $3::text[], $4::text[])
                  AS k (projection, aggregate_type, aggregate_id)
             JOIN projection_streams g USING (projection, aggregate_type, aggregate_id)",
        )
        .bind(projections)
        .bind(&keys.0)
        .bind(&keys.1)
        .bind(&keys.2)
        .fetch_all(&mut *conn)
        .await?;
        let mut checkpoints: Vec<Option<(i64, i64)>> = vec![None; projections.len()];
        let mut guards = Vec::with_capacity(rows.len());
        for (projection, tx_id, position, unchanged, kind, id, sequence) in rows {
            match (tx_id, position, kind, id, sequence) {
                (Some(tx_id), Some(position), _, _, _) => {
                    if unchanged != Some(true) {
                        return Ok(None);
                    }
                    if let Some(k) = projections.iter().position(|name| *name == projection) {
                        checkpoints[k] = Some((tx_id, position));
                    }
                }
                (_, _, Some(kind), Some(id), Some(sequence)) => {
                    guards.push((projection, kind, id, sequence));
                }
                _ => {}
            }
        }
        let Some(checkpoints) = checkpoints.into_iter().collect::<Option<Vec<_>>>() else {
            return Ok(None);
        };
        Ok(Some((checkpoints, Self::from_rows(projections, guards))))
    }

    /// Every (projection, stream) pair of `projections` and the aggregates of `events`,
    /// as three columns for `unnest`, to look the guards up by their primary key.
    fn keys<'a>(
        projections: &[&'a str],
        events: &'a [&StoredEvent],
    ) -> (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>) {
        let mut streams: Vec<(&str, &str)> = events
            .iter()
            .map(|e| (e.aggregate_type.as_str(), e.aggregate_id.as_str()))
            .collect();
        streams.sort_unstable();
        streams.dedup();
        let mut keys: (Vec<&str>, Vec<&str>, Vec<&str>) = Default::default();
        for projection in projections {
            for (aggregate_type, aggregate_id) in &streams {
                keys.0.push(projection);
                keys.1.push(aggregate_type);
                keys.2.push(aggregate_id);
            }
        }
        keys
    }

    fn from_rows(projections: &[&'static str], rows: Vec<(String, String, String, i64)>) -> Self {
        let mut last = HashMap::with_capacity(rows.len());
        for (projection, aggregate_type, aggregate_id, sequence) in rows {
            if let Some(&name) = projections.iter().find(|name| **name == projection) {
                last.insert((name, aggregate_type, aggregate_id), sequence);
            }
        }
        Self {
            last,
            moved: HashSet::new(),
        }
    }

    /// Whether `projection` should apply `event`; records it as applied when so. With
    /// `gaps` (a projection that follows only some events, see [`Follows::Only`]), any
    /// event after the last one applied of its stream is applied; otherwise only the next.
    ///
    /// [`Follows::Only`]: crate::Follows::Only
    pub fn claim(
        &mut self,
        projection: &'static str,
        event: &StoredEvent,
        gaps: bool,
    ) -> Result<Claim, ProjectionError> {
        let key = (
            projection,
            event.aggregate_type.clone(),
            event.aggregate_id.clone(),
        );
        let last = self.last.get(&key).copied();
        let next = last.unwrap_or(0) + 1;
        if event.sequence == next || (gaps && event.sequence > next) {
            self.last.insert(key.clone(), event.sequence);
            self.moved.insert(key);
            return Ok(Claim::Apply);
        }
        match last {
            Some(last) if event.sequence <= last => Ok(Claim::AlreadyApplied),
            _ => Err(ProjectionError::OutOfOrder {
                projection,
                position: event.global_position,
                aggregate_type: event.aggregate_type.clone(),
                aggregate_id: event.aggregate_id.clone(),
                sequence: event.sequence,
                last: last.unwrap_or(0),
            }),
        }
    }

    /// Writes the guards the batch moved, and moves the checkpoints of `projections` to
    /// `last` (`(tx_id, global_position)`), adding `read[k]` to the events the k-th has
    /// applied: one statement.
    pub async fn save_with_checkpoints(
        &self,
        conn: &mut PgConnection,
        projections: &[&'static str],
        read: &[i64],
        last: (i64, i64),
    ) -> Result<(), ProjectionError> {
        let mut names = Vec::with_capacity(self.moved.len());
        let mut types = Vec::with_capacity(self.moved.len());
        let mut ids = Vec::with_capacity(self.moved.len());
        let mut sequences = Vec::with_capacity(self.moved.len());
        for key in &self.moved {
            names.push(key.0);
            types.push(key.1.as_str());
            ids.push(key.2.as_str());
            sequences.push(self.last.get(key).copied().unwrap_or(0));
        }
        sqlx::query(
            "WITH guards AS (
                 INSERT INTO projection_streams
                     (projection, aggregate_type, aggregate_id, last_sequence)
                 SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::bigint[])
                 ON CONFLICT (projection, aggregate_type, aggregate_id)
                 DO UPDATE SET last_sequence = EXCLUDED.last_sequence)
             UPDATE projection_checkpoints c
             SET tx_id = $2::bigint::text::xid8, global_position = $3,
                 events_applied = c.events_applied + m.read, updated_at = now()
             FROM unnest($1::text[], $4::bigint[]) AS m (projection, read)
             WHERE c.projection = m.projection",
        )
        .bind(projections)
        .bind(last.0)
        .bind(last.1)
        .bind(read)
        .bind(&names)
        .bind(&types)
        .bind(&ids)
        .bind(&sequences)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::{Claim, StreamGuards};
    use crate::engine::event::StoredEvent;
    use crate::engine::projection::ProjectionError;

    fn claim(guards: &mut StreamGuards, sequence: i64, gaps: bool) -> Option<Claim> {
        match guards.claim("p", &StoredEvent::for_test("a", sequence), gaps) {
            Ok(claim) => Some(claim),
            Err(ProjectionError::OutOfOrder { .. }) => None,
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn a_dense_guard_applies_the_next_event_only_and_recognises_replays() {
        let mut guards = StreamGuards::default();
        assert_eq!(claim(&mut guards, 2, false), None, "a stream starts at 1");
        assert_eq!(claim(&mut guards, 1, false), Some(Claim::Apply));
        assert_eq!(claim(&mut guards, 2, false), Some(Claim::Apply));
        assert_eq!(claim(&mut guards, 4, false), None, "3 is missing");
        assert_eq!(claim(&mut guards, 2, false), Some(Claim::AlreadyApplied));
        assert_eq!(claim(&mut guards, 3, false), Some(Claim::Apply));
    }

    #[test]
    fn a_guard_with_gaps_applies_any_later_event_and_recognises_replays() {
        let mut guards = StreamGuards::default();
        assert_eq!(claim(&mut guards, 3, true), Some(Claim::Apply));
        assert_eq!(claim(&mut guards, 3, true), Some(Claim::AlreadyApplied));
        assert_eq!(claim(&mut guards, 2, true), Some(Claim::AlreadyApplied));
        assert_eq!(claim(&mut guards, 9, true), Some(Claim::Apply));
        assert_eq!(claim(&mut guards, 8, true), Some(Claim::AlreadyApplied));
        // Another stream keeps its own place.
        let other = StoredEvent::for_test("b", 1);
        assert_eq!(guards.claim("p", &other, true).ok(), Some(Claim::Apply));
    }
}
