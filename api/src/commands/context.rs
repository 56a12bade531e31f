//! Who gives a command, and on which request: what every event the command writes records
//! in its metadata, and the version the request expects of the aggregate. Passed to each
//! command explicitly; a request's middleware leaves its parts in the request's
//! extensions ([`IdempotencyKey`], [`ExpectedVersion`]), where the caller's extractor
//! collects them.

use charter_domain::{Actor, Policy};
use charter_store::EventMetadata;
use std::sync::{Arc, Mutex, PoisonError};

/// The `Idempotency-Key` a request was sent with, and the server instance whose claim on
/// it the request runs under: both recorded in the metadata of every event it writes (see
/// [`crate::http::idempotency`]).
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub key: String,
    pub instance: i32,
}

/// The versions of an aggregate an `If-Match` accepts (RFC 9110, section 13.1.1): any
/// version of one that exists (`*`), or one of the versions its strong entity tags name.
/// The list is empty when no tag names a version (a weak tag never matches, nor does
/// another representation's tag): such a command is refused as stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionMatch {
    Any,
    OneOf(Vec<i64>),
}

impl VersionMatch {
    /// Whether an aggregate at `version` (0: not yet created) meets the condition.
    pub fn accepts(&self, version: i64) -> bool {
        match self {
            Self::Any => version > 0,
            Self::OneOf(versions) => versions.contains(&version),
        }
    }
}

impl std::fmt::Display for VersionMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Any => f.write_str("any version of an existing one"),
            Self::OneOf(versions) if versions.is_empty() => {
                f.write_str("an entity tag that names no version (a weak tag never matches)")
            }
            Self::OneOf(versions) => {
                let names: Vec<String> = versions.iter().map(i64::to_string).collect();
                write!(f, "version {}", names.join(" or "))
            }
        }
    }
}

/// The version a request expects of the aggregate its command acts on (`If-Match`), taken
/// once: a request that runs several commands holds only the first to it.
#[derive(Debug, Clone, Default)]
pub struct ExpectedVersion(Arc<Mutex<Option<VersionMatch>>>);

impl ExpectedVersion {
    /// Expects a version that `condition`, when given, accepts of the first command.
    pub fn new(condition: Option<VersionMatch>) -> Self {
        Self(Arc::new(Mutex::new(condition)))
    }

    /// The condition, for the first command that asks; `None` after that.
    pub fn take(&self) -> Option<VersionMatch> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// Who gives a command, on which request.
#[derive(Debug, Clone)]
pub struct CommandContext {
    pub actor: Actor,
    pub request_id: Option<String>,
    pub idempotency_key: Option<String>,
    /// The instance whose claim on the key the request runs under.
    pub claim_instance: Option<i32>,
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
            claim_instance: None,
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
            claim_instance: self.claim_instance,
        }
    }
}
