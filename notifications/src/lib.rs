//! Charter's notifications: what it tells people, and how it reaches them.
//!
//! The path from an event to a delivered message:
//! 1. [`notifier`] follows the event log like a read model and keeps its own facts of
//!    people, applications and votes;
//! 2. [`decide`] says who is told what about each event (pure rules);
//! 3. [`texts`] writes each notice in its reader's language (`locales/`);
//! 4. [`outbox`] keeps the message, sealed under the reader's key, in the same transaction
//!    that decided it;
//! 5. [`worker`] sends it through [`mail`] (SMTP, or a maildir without a mail server), with
//!    retries and the same Message-ID on every try; an interview's message carries a
//!    [`calendar`] invitation.
//!
//! [`webhooks`] take the same path to the endpoints the secretariat registers: their own
//! subscriber to the event log, the same outbox, and the same worker, which POSTs them
//! signed as the Standard Webhooks specification says.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod calendar;
pub mod decide;
pub mod links;
pub mod mail;
pub mod notice;
pub mod notifier;
pub mod outbox;
pub mod preferences;
pub mod reminders;
pub mod texts;
pub mod webhooks;
pub mod worker;

pub use notice::{Notice, NoticeKind, Recipient};
