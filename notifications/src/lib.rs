//! Charter's notifications: what it tells people, and how it reaches them.
//!
//! So far the way out: [`mail`], an e-mail sent over SMTP, or written into a maildir when
//! no mail server is configured; and [`calendar`], the iCalendar invitations such a mail
//! carries and the calendar feed each person subscribes to. Deciding who is told what from the event log, the outbox
//! that delivers it with retries, reminders and webhooks build on it (issue 24).

pub mod calendar;
pub mod mail;
