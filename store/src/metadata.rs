//! The metadata every command writes with its events: who caused them, under which
//! request and policy.

use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Metadata keys written with every event.
pub mod keys {
    pub const ACTOR_ID: &str = "actor_id";
    pub const ACTOR_NAME: &str = "actor_name";
    pub const ACTOR_ROLE: &str = "actor_role";
    pub const REQUEST_ID: &str = "request_id";
    pub const POLICY_VERSION: &str = "policy_version";
    pub const IDEMPOTENCY_KEY: &str = "idempotency_key";
    pub const TRACE_ID: &str = "trace_id";
    pub const CLAIM_INSTANCE: &str = "claim_instance";
}

/// Who caused an event and under which request and policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventMetadata {
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub request_id: Option<String>,
    pub policy_version: Option<String>,
    /// The `Idempotency-Key` of the request that wrote the event, if it had one.
    pub idempotency_key: Option<String>,
    /// The W3C trace id of the request that wrote the event, when it came with a
    /// `traceparent`. Events written before it was recorded lack it.
    pub trace_id: Option<String>,
    /// The server instance whose claim on `idempotency_key` the request ran under: the
    /// store refuses the append once another instance has taken that claim over (its
    /// request was given up for dead), so a request that outlived its server cannot write.
    pub claim_instance: Option<i32>,
}

impl EventMetadata {
    /// Reads the metadata map postgres-es stores as JSON; unknown keys are ignored.
    pub fn from_json(value: &serde_json::Value) -> Self {
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        Self {
            actor_id: text(keys::ACTOR_ID).and_then(|id| Uuid::parse_str(&id).ok()),
            actor_name: text(keys::ACTOR_NAME),
            actor_role: text(keys::ACTOR_ROLE),
            request_id: text(keys::REQUEST_ID),
            policy_version: text(keys::POLICY_VERSION),
            idempotency_key: text(keys::IDEMPOTENCY_KEY),
            trace_id: text(keys::TRACE_ID),
            claim_instance: text(keys::CLAIM_INSTANCE).and_then(|id| id.parse().ok()),
        }
    }

    /// The map form postgres-es writes.
    pub fn to_map(&self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                map.insert(key.to_owned(), value);
            }
        };
        put(keys::ACTOR_ID, self.actor_id.map(|id| id.to_string()));
        put(keys::ACTOR_NAME, self.actor_name.clone());
        put(keys::ACTOR_ROLE, self.actor_role.clone());
        put(keys::REQUEST_ID, self.request_id.clone());
        put(keys::POLICY_VERSION, self.policy_version.clone());
        put(keys::IDEMPOTENCY_KEY, self.idempotency_key.clone());
        put(keys::TRACE_ID, self.trace_id.clone());
        put(
            keys::CLAIM_INSTANCE,
            self.claim_instance.map(|id| id.to_string()),
        );
        map
    }
}

/// The metadata map as postgres-es writes it (strings only); other keys are ignored.
#[derive(Debug, Deserialize)]
pub struct StoredMetadata {
    actor_id: Option<String>,
    actor_name: Option<String>,
    actor_role: Option<String>,
    request_id: Option<String>,
    policy_version: Option<String>,
    idempotency_key: Option<String>,
    trace_id: Option<String>,
    claim_instance: Option<String>,
}

impl From<StoredMetadata> for EventMetadata {
    fn from(stored: StoredMetadata) -> Self {
        Self {
            actor_id: stored.actor_id.and_then(|id| Uuid::parse_str(&id).ok()),
            actor_name: stored.actor_name,
            actor_role: stored.actor_role,
            request_id: stored.request_id,
            policy_version: stored.policy_version,
            idempotency_key: stored.idempotency_key,
            trace_id: stored.trace_id,
            claim_instance: stored.claim_instance.and_then(|id| id.parse().ok()),
        }
    }
}
