//! Webhooks, following the Standard Webhooks specification: the secretariat registers an
//! endpoint and the kinds of event it wants ([`registry`]); the [`subscriber`] follows the
//! event log and puts a message for each such event in the outbox, in the same
//! transaction that moves its checkpoint; the outbox's worker sends it ([`send`]), signed
//! with the endpoint's [`secret`], retried with the same `webhook-id` on every try.
//!
//! A message carries what happened (its kind from [`event_types`], ids, positions) and
//! links to read it with a secretariat token: never more than the secretariat could read,
//! and no personal data at all.

pub mod event_types;
pub mod registry;
pub mod secret;
pub mod send;
pub mod subscriber;

pub use registry::Webhook;
pub use secret::Secret;
pub use send::WebhookSending;
pub use subscriber::WebhookSubscriber;
