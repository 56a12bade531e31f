//! Notifications: the mail Charter sends, received by a real mail server on loopback, and
//! its webhooks, received by a real HTTP receiver.

mod delivery;
mod interviews;
mod invitations;
mod mail;
mod network_votes;
mod outage;
pub(crate) mod preferences;
mod reminders;
pub(crate) mod support;
mod votes;
mod webhook_endpoints;
mod webhook_steps;
mod webhooks;
