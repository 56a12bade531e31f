//! What every read model is: a [`ReadModel`] of one aggregate's events, which the engine
//! sees as a [`Projection`]. The first lines every read model's projection would otherwise
//! write again (which events it is given, decoding them ahead, taking one in: its own
//! aggregate's, decoded, or a roster event that may record an erasure) are written here.

use crate::engine::event::StoredEvent;
use crate::engine::opening;
use crate::engine::projection::{Projection, ProjectionError};
use async_trait::async_trait;
use cqrs_es::Aggregate;
use sqlx::PgConnection;
use std::borrow::Cow;
use uuid::Uuid;

/// A read model fed by the events of one aggregate (and, if it keeps people's names, by
/// the roster's erasures). Every type that is one is a [`Projection`].
#[async_trait]
pub trait ReadModel: Send + Sync + 'static {
    /// The aggregate whose events it reads.
    type Aggregate: Aggregate;

    /// Its name; also the key of its checkpoint.
    const NAME: &'static str;

    /// The tables it owns, emptied when it is rebuilt from the first event.
    const TABLES: &'static [&'static str];

    /// Whether it also follows the roster's events for erasures: it keeps people's names,
    /// read from its own aggregate's events, which it must scrub when their personal data
    /// is erased.
    const FOLLOWS_ERASURES: bool;

    /// Applies a batch's events of its aggregate (and erasures, if it keeps names), in the
    /// global order, inside the projector's transaction (see [`Projection::apply_all`]).
    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError>;
}

#[async_trait]
impl<R: ReadModel> Projection for R
where
    <R::Aggregate as Aggregate>::Event: 'static,
{
    fn name(&self) -> &'static str {
        R::NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        R::TABLES
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == R::Aggregate::TYPE
            || (R::FOLLOWS_ERASURES && opening::records_erasures(aggregate_type))
    }

    /// Decodes the payload ahead; a failure is left for the apply to report.
    fn prepare(&self, event: &StoredEvent) {
        if event.aggregate_type == R::Aggregate::TYPE {
            let _ = event.decoded::<<R::Aggregate as Aggregate>::Event>();
        }
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        self.apply_batch(conn, &[event]).await
    }

    async fn apply_all(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        self.apply_batch(conn, events).await
    }
}

/// Applies `events` one after another with `apply`: the batch of a read model that writes
/// each event alone.
pub(crate) async fn one_by_one(
    conn: &mut PgConnection,
    events: &[&StoredEvent],
    apply: impl AsyncFn(&mut PgConnection, &StoredEvent) -> Result<(), ProjectionError>,
) -> Result<(), ProjectionError> {
    for event in events {
        apply(&mut *conn, event).await?;
    }
    Ok(())
}

/// An event as a read model of aggregate `A` takes it in (see [`incoming`]).
pub(crate) enum Incoming<'a, A: Aggregate> {
    /// One of `A`'s events: its aggregate's id and its payload, decoded.
    Own {
        id: Uuid,
        payload: Cow<'a, A::Event>,
    },
    /// A roster event, followed for erasures: the person whose personal data it erased,
    /// if it records an erasure.
    Erasure(Option<Uuid>),
}

/// The payload of `event`, one of `A`'s, decoded once for every read model of the batch.
pub(crate) fn decode<A: Aggregate>(
    event: &StoredEvent,
) -> Result<Cow<'_, A::Event>, ProjectionError>
where
    A::Event: 'static,
{
    event
        .decoded::<A::Event>()
        .map_err(|e| ProjectionError::undecodable(event, e))
}

/// Takes `event` in, as a read model of `A` that follows erasures (see
/// [`ReadModel::FOLLOWS_ERASURES`]).
pub(crate) fn incoming<A: Aggregate>(
    event: &StoredEvent,
) -> Result<Incoming<'_, A>, ProjectionError>
where
    A::Event: 'static,
{
    if opening::records_erasures(&event.aggregate_type) {
        return Ok(Incoming::Erasure(opening::erased_subject(event)?));
    }
    Ok(Incoming::Own {
        id: event.aggregate_uuid()?,
        payload: decode::<A>(event)?,
    })
}
