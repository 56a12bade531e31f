//! How a read model takes in an event: one of its own aggregate's, decoded, or, for a read
//! model that keeps people's names, a roster event that may record an erasure. The same
//! first lines of every read model's `handles`, `prepare` and `apply`, written once.

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::personal_data;
use cqrs_es::Aggregate;
use std::borrow::Cow;
use uuid::Uuid;

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

/// Whether a read model of aggregate `A` that keeps people's names is given events of
/// `aggregate_type`: `A`'s own, and those of the aggregate that records erasures.
pub(crate) fn own_or_erasures<A: Aggregate>(aggregate_type: &str) -> bool {
    aggregate_type == A::TYPE || personal_data::records_erasures(aggregate_type)
}

/// Decodes `event` ahead if it is one of `A`'s (see
/// [`Projection::prepare`](crate::Projection::prepare)); a failure is left for the apply to
/// report.
pub(crate) fn prepare<A: Aggregate>(event: &StoredEvent)
where
    A::Event: 'static,
{
    if event.aggregate_type == A::TYPE {
        let _ = event.decoded::<A::Event>();
    }
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

/// Takes `event` in, as a read model of `A` that follows erasures (see [`own_or_erasures`]).
pub(crate) fn incoming<A: Aggregate>(
    event: &StoredEvent,
) -> Result<Incoming<'_, A>, ProjectionError>
where
    A::Event: 'static,
{
    if personal_data::records_erasures(&event.aggregate_type) {
        return Ok(Incoming::Erasure(personal_data::erased_subject(event)?));
    }
    Ok(Incoming::Own {
        id: event.aggregate_uuid()?,
        payload: decode::<A>(event)?,
    })
}
