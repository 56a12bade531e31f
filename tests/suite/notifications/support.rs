//! A server that sends its mail to the test's mail server, and reading what arrived.

use charter_api::settings::MailTransport;
use charter_api::Settings;
use charter_notifications::outbox::deliver::Retry;
use charter_tests::{spawn_app_with, SmtpServer, TestApp};
use mail_parser::{Message, MessageParser, MimeHeaders};
use std::time::Duration;

/// Where the links in messages point.
pub const PUBLIC_URL: &str = "https://charter.test";

/// A server mailing through `smtp`, retrying quickly: `attempts` tries 50 to 200 ms apart.
pub async fn mailing_app(smtp: &SmtpServer, attempts: i32) -> TestApp {
    mailing_app_with(smtp, attempts, |_| {}).await
}

/// Like [`mailing_app`], with more settings adjusted by `adjust`.
pub async fn mailing_app_with(
    smtp: &SmtpServer,
    attempts: i32,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let url = smtp.url();
    spawn_app_with(move |settings| {
        settings.mail.transport = MailTransport::Smtp(url);
        settings.mail.from = "Charter <charter@hubs.test>".to_owned();
        settings.mail.public_url = Some(PUBLIC_URL.to_owned());
        settings.mail.poll = Duration::from_millis(50);
        settings.mail.retry = Retry {
            attempts,
            give_up_after: Duration::ZERO,
            first_wait: Duration::from_millis(50),
            longest: Duration::from_millis(200),
        };
        adjust(settings);
    })
    .await
}

/// A message as received, parsed.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    /// The `List-Unsubscribe` link, without its angle brackets.
    pub unsubscribe: Option<String>,
    /// The iCalendar invitations it carries.
    pub calendars: Vec<String>,
}

impl Received {
    fn parse(raw: &[u8]) -> Self {
        let message: Message<'_> = MessageParser::default()
            .parse(raw)
            .expect("a parsable message");
        let to = message
            .to()
            .and_then(|to| to.first())
            .and_then(|address| address.address())
            .unwrap_or_default()
            .to_owned();
        Self {
            to,
            subject: message.subject().unwrap_or_default().to_owned(),
            message_id: message.message_id().unwrap_or_default().to_owned(),
            text: message.body_text(0).unwrap_or_default().into_owned(),
            html: message.body_html(0).unwrap_or_default().into_owned(),
            calendars: message
                .attachments()
                .filter(|part| {
                    part.content_type()
                        .is_some_and(|t| t.subtype() == Some("calendar"))
                })
                .map(|part| String::from_utf8_lossy(part.contents()).into_owned())
                .collect(),
            unsubscribe: message
                .header_raw("List-Unsubscribe")
                .map(|value| value.trim().trim_matches(['<', '>']).to_owned()),
        }
    }
}

/// The subject of the invitation to sign in that everyone registered on the roster with an
/// address receives.
const INVITATION: &str = "You are invited to Charter";

/// Every message the mail server accepted so far, but the invitations to sign in: each
/// person a test registers with an address gets one, whatever the test is about (they are
/// read with [`invitations`]).
pub fn received(smtp: &SmtpServer) -> Vec<Received> {
    every_message(smtp)
        .into_iter()
        .filter(|message| message.subject != INVITATION)
        .collect()
}

/// The invitations to sign in the mail server accepted so far.
pub fn invitations(smtp: &SmtpServer) -> Vec<Received> {
    every_message(smtp)
        .into_iter()
        .filter(|message| message.subject == INVITATION)
        .collect()
}

fn every_message(smtp: &SmtpServer) -> Vec<Received> {
    smtp.received()
        .iter()
        .map(|raw| Received::parse(raw))
        .collect()
}

/// Waits until the mail server holds at least `count` messages besides invitations (for
/// at most 60 s: a loaded machine's notifier can be that far behind), then a moment more
/// for any that should not come; returns them all (see [`received`]).
pub async fn wait_for_mail(smtp: &SmtpServer, count: usize) -> Vec<Received> {
    wait_for(smtp, count, received).await
}

/// Like [`wait_for_mail`], for invitations.
pub async fn wait_for_invitations(smtp: &SmtpServer, count: usize) -> Vec<Received> {
    wait_for(smtp, count, invitations).await
}

async fn wait_for(
    smtp: &SmtpServer,
    count: usize,
    read: fn(&SmtpServer) -> Vec<Received>,
) -> Vec<Received> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while read(smtp).len() < count && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    read(smtp)
}

/// The messages to `address`.
pub fn to<'a>(messages: &'a [Received], address: &str) -> Vec<&'a Received> {
    messages
        .iter()
        .filter(|message| message.to == address)
        .collect()
}

/// Who each message went to and its subject, a line each: what a failed count shows.
pub fn summary(messages: &[Received]) -> String {
    messages
        .iter()
        .map(|message| format!("{} | {}", message.to, message.subject))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Waits (at most 60 s) until the notifier has read every event in the store: what it
/// would enqueue for them is in the outbox, and sent within moments.
pub async fn notifier_caught_up(app: &TestApp) {
    let pool = app.database.pool(1).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let behind: bool = sqlx::query_scalar(
            "SELECT COALESCE((SELECT global_position FROM projection_checkpoints
                              WHERE projection = $1), 0)
                    < (SELECT COALESCE(max(global_position), 0) FROM events)",
        )
        .bind(charter_notifications::notifier::NAME)
        .fetch_one(&pool)
        .await
        .expect("the notifier's checkpoint");
        if !behind {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the notifier did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
