//! The notification workers this server runs: the notifier and the webhooks' subscriber
//! (checkpointed subscribers that decide messages into the outbox) and the delivery worker
//! (which sends what the outbox holds). Built from the mail settings; a server started
//! with notifications off (`--no-notifications`) runs none of them, and another instance
//! on the same database sends everything.

use crate::settings::{MailSettings, MailTransport};
use charter_notifications::mail::Mailer;
use charter_notifications::notifier::Notifier;
use charter_notifications::outbox::deliver::Delivery;
use charter_notifications::outbox::Writing;
use charter_notifications::webhooks::{WebhookSending, WebhookSubscriber};
use charter_projections::{Projector, ProjectorSettings, ProjectorStatus};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// The notifier's and the webhooks' pace (see [`ProjectorSettings::pace`]): a message is
/// decided at most this much after its event.
const PACE: Duration = Duration::from_millis(25);

/// The notification workers, ready to run.
#[derive(Debug)]
pub struct NotificationWorkers {
    notifier: Projector,
    webhooks: Projector,
    delivery: Delivery,
    poll: Duration,
}

impl NotificationWorkers {
    /// Builds the workers; the delivery worker wakes on `advanced` (a projector committed).
    pub fn build(
        pool: &PgPool,
        mail: &MailSettings,
        writing: &Writing,
        projector: &ProjectorSettings,
        advanced: &watch::Sender<u64>,
    ) -> anyhow::Result<Self> {
        let settings = ProjectorSettings {
            pace: PACE,
            ..projector.clone()
        };
        Ok(Self {
            // Its commits wake the delivery worker, which waits on `advanced`: a message
            // decided goes out at once, not at the next command's commit or the next poll.
            notifier: Projector::new(
                pool.clone(),
                Arc::new(Notifier::new(writing.clone())),
                settings.clone(),
                advanced.clone(),
            )
            .waking(),
            webhooks: Projector::new(
                pool.clone(),
                Arc::new(WebhookSubscriber::new(writing.clone())),
                settings,
                advanced.clone(),
            )
            .waking(),
            delivery: delivery(mail, writing.clone())?,
            poll: mail.poll,
        })
    }

    /// The subscribers' names and statuses, for `/readyz` and the announcer.
    pub fn statuses(&self) -> Vec<(&'static str, watch::Receiver<ProjectorStatus>)> {
        [&self.notifier, &self.webhooks]
            .into_iter()
            .flat_map(Projector::statuses)
            .collect()
    }

    /// Runs them in `workers` until `shutdown`.
    pub fn spawn(
        self,
        workers: &mut JoinSet<()>,
        pool: PgPool,
        wake: &watch::Sender<u64>,
        advanced: &watch::Sender<u64>,
        shutdown: &CancellationToken,
    ) {
        workers.spawn(self.notifier.run(wake.subscribe(), shutdown.clone()));
        workers.spawn(self.webhooks.run(wake.subscribe(), shutdown.clone()));
        workers.spawn(charter_notifications::worker::run(
            pool,
            self.delivery,
            advanced.subscribe(),
            self.poll,
            shutdown.clone(),
        ));
    }
}

/// How messages are written: the address links start with, and the sender.
pub fn writing(mail: &MailSettings, listener: &TcpListener) -> std::io::Result<Writing> {
    let (organizer, calendar_host) = sender(&mail.from);
    Ok(Writing {
        base_url: match &mail.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", listener.local_addr()?),
        },
        organizer,
        calendar_host,
    })
}

/// The sender's address and its host (`Charter <charter@hubs.example>` gives
/// `charter@hubs.example` and `hubs.example`), which Message-IDs and calendar UIDs end in.
fn sender(from: &str) -> (String, String) {
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => &from[open + 1..close],
        _ => from,
    }
    .trim()
    .to_owned();
    let host = address
        .rsplit_once('@')
        .map(|(_, host)| host.to_owned())
        .filter(|host| !host.is_empty())
        .unwrap_or_else(|| "charter.localhost".to_owned());
    (address, host)
}

/// The delivery worker's settings, its transport opened (a maildir created when missing).
fn delivery(mail: &MailSettings, writing: Writing) -> anyhow::Result<Delivery> {
    let mailer = match &mail.transport {
        MailTransport::Smtp(url) => Mailer::smtp(url).map_err(anyhow::Error::msg)?,
        MailTransport::Maildir(path) => Mailer::maildir(path).map_err(|error| {
            anyhow::anyhow!("the maildir {} cannot be created: {error}", path.display())
        })?,
    };
    let (_, message_host) = sender(&mail.from);
    Ok(Delivery {
        mailer,
        from: mail.from.clone(),
        message_host,
        retry: mail.retry.clone(),
        writing,
        digest_after: mail.digest_after,
        webhooks: WebhookSending::new(mail.webhook_disable_after)
            .map_err(|error| anyhow::anyhow!("the webhooks' HTTP client: {error}"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::sender;

    #[test]
    fn the_sender_gives_the_address_and_host_that_ids_end_in() {
        assert_eq!(
            sender("Charter <charter@hubs.example>"),
            ("charter@hubs.example".to_owned(), "hubs.example".to_owned())
        );
        assert_eq!(
            sender("charter@hubs.example"),
            ("charter@hubs.example".to_owned(), "hubs.example".to_owned())
        );
        assert_eq!(sender("Charter").1, "charter.localhost");
    }
}
