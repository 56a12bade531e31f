//! Notifications: the mail Charter sends, received by a real mail server on loopback, and
//! its webhooks, received by a real HTTP receiver.

mod delivery;
mod mail;
mod outage;
mod support;
mod webhook_endpoints;
mod webhook_steps;
mod webhooks;
