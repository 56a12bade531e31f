//! Who gives a command, and on which request: what every event the command writes records
//! in its metadata, and the version the request expects of the aggregate. Passed to each
//! command explicitly; a request's middleware leaves its parts in the request's
//! extensions ([`IdempotencyKey`], [`ExpectedVersion`]), where the caller's extractor
//! collects them.

use charter_domain::{Actor, Policy};
use charter_store::EventMetadata;
use std::sync::{Arc, Mutex, PoisonError};

/// The `Idempotency-Key` a request was sent with, recorded in the metadata of every event
/// it writes (see [`crate::http::idempotency`]).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub String);

/// The version a request expects of the aggregate its command acts on (`If-Match`), taken
/// once: a request that runs several commands holds only the first to it.
#[derive(Debug, Clone, Default)]
pub struct ExpectedVersion(Arc<Mutex<Option<i64>>>);

impl ExpectedVersion {
    /// Expects `version`, when given, of the first command.
    pub fn new(version: Option<i64>) -> Self {
        Self(Arc::new(Mutex::new(version)))
    }

    /// The expected version, for the first command that asks; `None` after that.
    pub fn take(&self) -> Option<i64> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// Who gives a command, on which request.
#[derive(Debug, Clone)]
pub struct CommandContext {
    pub actor: Actor,
    pub request_id: Option<String>,
    pub idempotency_key: Option<String>,
    /// The trace id of the request's `traceparent`, if it had one.
    pub trace_id: Option<String>,
    pub expected_version: ExpectedVersion,
}

impl CommandContext {
    /// A command given by `actor` outside any request: a worker's, the command line's, the
    /// demo's enrolments.
    pub fn of(actor: Actor, request_id: Option<String>) -> Self {
        Self {
            actor,
            request_id,
            idempotency_key: None,
            trace_id: None,
            expected_version: ExpectedVersion::default(),
        }
    }

    /// The metadata every event of the command carries.
    pub fn metadata(&self, policy: &Policy) -> EventMetadata {
        EventMetadata {
            actor_id: Some(self.actor.id.0),
            actor_name: Some(self.actor.name.clone()),
            actor_role: Some(self.actor.role.as_str().to_owned()),
            request_id: self.request_id.clone(),
            policy_version: Some(policy.version.clone()),
            idempotency_key: self.idempotency_key.clone(),
            trace_id: self.trace_id.clone(),
        }
    }
}
