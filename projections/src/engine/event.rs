//! Events as the projector reads them from the store: the postgres-es row plus the global
//! order columns and the metadata every command writes.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::Row;
use std::any::Any;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use uuid::Uuid;

use charter_store::metadata::StoredMetadata;
pub use charter_store::metadata::{keys, EventMetadata};
use charter_store::personal_data::KeyRing;

/// One stored event, in the global order.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub global_position: i64,
    /// The writing transaction's id (`xid8`, which fits an `i64` for 2^63 transactions).
    pub tx_id: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    /// The payload: as read, or as a JSON tree once something needed one (see
    /// [`StoredEvent::payload`]).
    pub(crate) payload: Payload,
    pub metadata: EventMetadata,
    pub recorded_at: DateTime<Utc>,
    /// The payload decoded as its domain type by [`StoredEvent::decoded`], kept for the
    /// other read models of the batch. Whoever changes `payload` after a decode must call
    /// [`StoredEvent::forget_decoded`].
    decoded: OnceLock<Arc<dyn Any + Send + Sync>>,
    /// The keys its personal values were opened with, to seal them again for a read model
    /// (see [`StoredEvent::seal`]); `None` until opened.
    pub(crate) keys: Option<Arc<KeyRing>>,
}

/// The columns, in order, that [`StoredEvent::from_row`] reads. The payload as text: it is
/// decoded straight into its domain type (see `Payload`).
pub const COLUMNS: &str = "global_position, tx_id::text::bigint AS tx_id, aggregate_type, \
    aggregate_id, sequence, event_type, event_version, payload::text AS payload, metadata, \
    recorded_at";

/// An event's payload. Read from the store as its JSON text, and decoded from that text
/// straight into the domain's event type: parsing it into a JSON tree first and the tree
/// into the event took about a fifth of a rebuild's CPU in the rebuilding process. The
/// tree is built only for what needs one: the personal values to open in place, and the
/// readers of the payload as JSON.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    /// The text as read; emptied once the tree is built.
    text: Box<str>,
    /// The tree, which then is the payload.
    tree: Option<serde_json::Value>,
}

impl Payload {
    fn text(text: String) -> Self {
        Self {
            text: text.into_boxed_str(),
            tree: None,
        }
    }

    fn tree(tree: serde_json::Value) -> Self {
        Self {
            text: Box::default(),
            tree: Some(tree),
        }
    }

    /// The payload as a tree, parsed in place the first time.
    pub(crate) fn tree_mut(&mut self) -> Result<&mut serde_json::Value, serde_json::Error> {
        let tree = match self.tree.take() {
            Some(tree) => tree,
            None => serde_json::from_str(&self.text)?,
        };
        self.text = Box::default();
        Ok(self.tree.insert(tree))
    }
}

impl StoredEvent {
    /// An event of stream `Test`/`aggregate_id` at `sequence`, with an empty payload, for
    /// unit tests.
    #[cfg(test)]
    pub(crate) fn for_test(aggregate_id: &str, sequence: i64) -> Self {
        Self {
            global_position: sequence,
            tx_id: 1,
            aggregate_type: "Test".to_owned(),
            aggregate_id: aggregate_id.to_owned(),
            sequence,
            event_type: "Tested".to_owned(),
            event_version: "1".to_owned(),
            payload: Payload::tree(serde_json::Value::Null),
            metadata: EventMetadata::default(),
            recorded_at: Utc::now(),
            decoded: OnceLock::new(),
            keys: None,
        }
    }

    /// Reads a row selected with [`COLUMNS`]. The payload is kept as text: it is checked
    /// when it is decoded (see [`StoredEvent::decoded`]), and an event no one decodes is
    /// never parsed.
    pub fn from_row(row: &PgRow) -> Result<Self, sqlx::Error> {
        let mut event = Self::from_row_in_order(row)?;
        event.payload = Payload::text(row.try_get("payload")?);
        // postgres-es writes the metadata as a map of strings: read straight into the
        // struct, without a JSON tree in between; anything else goes the tolerant way.
        event.metadata = match row.try_get::<Json<StoredMetadata>, _>("metadata") {
            Ok(Json(stored)) => stored.into(),
            Err(_) => EventMetadata::from_json(&row.try_get::<serde_json::Value, _>("metadata")?),
        };
        Ok(event)
    }

    /// Reads only the place of a row selected with [`COLUMNS`] in the global order and in
    /// its stream: the payload is left `null` and the metadata empty. For an event the
    /// reader only passes over (no projection it reads for follows it),
    /// whose JSON would cost more to decode than everything else about it.
    pub fn from_row_in_order(row: &PgRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            global_position: row.try_get("global_position")?,
            tx_id: row.try_get("tx_id")?,
            aggregate_type: row.try_get("aggregate_type")?,
            aggregate_id: row.try_get("aggregate_id")?,
            sequence: row.try_get("sequence")?,
            event_type: row.try_get("event_type")?,
            event_version: row.try_get("event_version")?,
            payload: Payload::tree(serde_json::Value::Null),
            metadata: EventMetadata::default(),
            recorded_at: row.try_get("recorded_at")?,
            decoded: OnceLock::new(),
            keys: None,
        })
    }

    /// The aggregate id as the UUID every Charter aggregate is keyed by.
    pub fn aggregate_uuid(&self) -> Result<Uuid, crate::engine::projection::ProjectionError> {
        Uuid::parse_str(&self.aggregate_id).map_err(|_| {
            crate::engine::projection::ProjectionError::Inconsistent {
                position: self.global_position,
                detail: format!("{} is not a UUID", self.aggregate_id),
            }
        })
    }

    /// The payload as a JSON tree: borrowed if one was built (its personal values
    /// opened), otherwise parsed from the text afresh.
    pub fn payload(&self) -> Result<Cow<'_, serde_json::Value>, serde_json::Error> {
        match &self.payload.tree {
            Some(tree) => Ok(Cow::Borrowed(tree)),
            None => serde_json::from_str(&self.payload.text).map(Cow::Owned),
        }
    }

    /// Replaces the payload (and drops its kept decoding).
    #[cfg(test)]
    pub(crate) fn set_payload(&mut self, payload: serde_json::Value) {
        self.payload = Payload::tree(payload);
        self.forget_decoded();
    }

    /// The payload as the domain's event type: from the text as read, in one pass, or
    /// from the tree once one was built.
    pub fn decode<E: DeserializeOwned>(&self) -> Result<E, serde_json::Error> {
        match &self.payload.tree {
            Some(tree) => E::deserialize(tree),
            None => serde_json::from_str(&self.payload.text),
        }
    }

    /// The payload as the domain's event type, decoded once: every read model of a batch
    /// that reads the event as `E` borrows the first one's decoding (an event of one
    /// aggregate type has one event type, so an `E` other than the kept one is only
    /// decoded afresh).
    pub fn decoded<E>(&self) -> Result<Cow<'_, E>, serde_json::Error>
    where
        E: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        if self.decoded.get().is_none() {
            let _ = self.decoded.set(Arc::new(self.decode::<E>()?));
        }
        match self.decoded.get().and_then(|kept| kept.downcast_ref::<E>()) {
            Some(kept) => Ok(Cow::Borrowed(kept)),
            None => self.decode().map(Cow::Owned),
        }
    }

    /// Drops the kept decoding, after the payload was changed (its personal data opened).
    pub(crate) fn forget_decoded(&mut self) {
        self.decoded = OnceLock::new();
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::borrow::Cow;

    #[derive(Debug, Clone, PartialEq, Deserialize)]
    enum Said {
        Said { by: String },
    }

    #[derive(Debug, Clone, PartialEq, Deserialize)]
    struct Loose {
        #[serde(rename = "Said")]
        said: serde_json::Value,
    }

    fn event(by: &str) -> StoredEvent {
        StoredEvent {
            global_position: 1,
            tx_id: 1,
            aggregate_type: "Test".to_owned(),
            aggregate_id: Uuid::nil().to_string(),
            sequence: 1,
            event_type: "Said".to_owned(),
            event_version: "1".to_owned(),
            payload: Payload::text(json!({ "Said": { "by": by } }).to_string()),
            metadata: EventMetadata::default(),
            recorded_at: Utc::now(),
            decoded: OnceLock::new(),
            keys: None,
        }
    }

    #[test]
    fn a_payload_is_decoded_once_and_lent_to_every_later_reader() {
        let event = event("Ada");
        let first = event.decoded::<Said>().expect("decodes");
        assert!(matches!(first, Cow::Borrowed(_)), "kept, then lent");
        let first: *const Said = &*first;
        let again = event.decoded::<Said>().expect("decodes");
        assert!(std::ptr::eq(first, &*again), "the same decoding both times");
        assert_eq!(*again, event.decode::<Said>().expect("decodes"));
    }

    #[test]
    fn another_type_is_decoded_afresh_and_a_changed_payload_once_forgotten() {
        let mut event = event("Ada");
        assert_eq!(
            *event.decoded::<Said>().expect("decodes"),
            Said::Said { by: "Ada".into() }
        );
        let loose = event.decoded::<Loose>().expect("decodes as another type");
        assert!(matches!(loose, Cow::Owned(_)));
        assert_eq!(loose.said, json!({ "by": "Ada" }));

        event.set_payload(json!({ "Said": { "by": "Grace" } }));
        assert_eq!(
            *event.decoded::<Said>().expect("decodes"),
            Said::Said { by: "Grace".into() }
        );
    }

    #[test]
    fn metadata_read_straight_is_what_the_tolerant_reading_gives() {
        let written = json!({
            "actor_id": "0190f3a4-5b6c-7d8e-9f00-112233445566",
            "actor_name": "Ada",
            "actor_role": "Applicant",
            "request_id": "r-1",
            "policy_version": "2026-1",
            "idempotency_key": "k-1",
            "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
            "something_newer": "ignored",
        });
        let straight: EventMetadata = serde_json::from_value::<StoredMetadata>(written.clone())
            .expect("a map of strings")
            .into();
        assert_eq!(straight, EventMetadata::from_json(&written));
        assert!(straight.actor_id.is_some());
        assert!(straight.trace_id.is_some());

        // Not what postgres-es writes: the straight reading refuses, so the row is read the
        // tolerant way, which drops the odd value.
        let odd = json!({ "actor_name": 7, "actor_role": "Member" });
        assert!(serde_json::from_value::<StoredMetadata>(odd.clone()).is_err());
        let tolerant = EventMetadata::from_json(&odd);
        assert_eq!(tolerant.actor_name, None);
        assert_eq!(tolerant.actor_role.as_deref(), Some("Member"));
    }

    #[test]
    fn a_payload_decodes_alike_from_its_text_and_from_its_tree() {
        let mut event = event("Ada \"the first\" Lovelace");
        assert!(event.payload.tree.is_none(), "kept as read");
        let from_text = event.decode::<Said>().expect("decodes from the text");
        assert!(event.payload.tree.is_none(), "decoding builds no tree");
        let tree = event.payload().expect("parses").into_owned();
        assert_eq!(
            tree,
            json!({ "Said": { "by": "Ada \"the first\" Lovelace" } })
        );

        let opened = event.payload.tree_mut().expect("parses in place");
        opened["Said"]["by"] = json!("Grace");
        assert!(event.payload.text.is_empty(), "the tree is now the payload");
        assert!(matches!(event.payload(), Ok(Cow::Borrowed(_))));
        assert_eq!(
            event.decode::<Said>().expect("decodes from the tree"),
            Said::Said { by: "Grace".into() }
        );
        assert_eq!(
            from_text,
            Said::Said {
                by: "Ada \"the first\" Lovelace".into()
            }
        );
    }

    #[test]
    fn a_payload_that_is_not_json_fails_where_it_is_read() {
        let mut event = event("Ada");
        event.payload = Payload::text("{\"Said\": {\"by\": ".to_owned());
        assert!(event.decode::<Said>().is_err());
        assert!(event.decoded::<Said>().is_err());
        assert!(event.payload().is_err());
        assert!(event.payload.tree_mut().is_err());
        assert!(
            event.payload.tree_mut().is_err(),
            "and again: nothing was kept"
        );
    }

    #[test]
    fn an_undecodable_payload_is_an_error_every_time() {
        let mut event = event("Ada");
        event.set_payload(json!({ "Shouted": {} }));
        assert!(event.decoded::<Said>().is_err());
        assert!(event.decoded::<Said>().is_err());
    }
}
