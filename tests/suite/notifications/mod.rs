//! Notifications: the mail Charter sends, received by a real mail server on loopback.

mod delivery;
mod interviews;
mod mail;
mod outage;
mod preferences;
mod reminders;
mod support;
mod votes;
