//! Sending a [`Mail`]: over SMTP, or into a maildir directory.
//!
//! A send either hands the message over or says whether trying again can help: a mail
//! server that is down, busy or answers 4xx is [`SendError::Unavailable`] (try again
//! later, with the same Message-ID); one that refuses the message for good (5xx) or a
//! message that cannot be composed is permanent.

use super::message::{Mail, MailError};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The longest one send may take, end to end. lettre's own timeout covers connecting
/// only: a server that stalls in the middle of the conversation would hold a send forever.
/// A submission server answers in seconds; a message cut off here is tried again later.
/// It also bounds how long a message claimed by a server that died waits (see the lease
/// in `outbox::deliver`).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The connections to the mail server held at once, one for each of the delivery
/// worker's senders (`crate::worker::SENDERS`).
pub const CONNECTIONS: u32 = 8;

/// How long lettre waits to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where Charter's mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// A mail server, from a URL such as `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS from the start).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A maildir directory (`tmp/`, `new/`, `cur/`), for a machine without a mail server.
    Maildir(Arc<PathBuf>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the URL: it may hold the mail server's password.
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Maildir(path) => f.debug_tuple("Mailer::Maildir").field(path).finish(),
        }
    }
}

/// Why a message was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The message cannot be composed; it never will be.
    #[error(transparent)]
    Invalid(#[from] MailError),
    /// The mail server refused the message for good (a 5xx answer).
    #[error("the mail server refused the message: {0}")]
    Refused(String),
    /// The mail server could not be reached, timed out or asked to try later; so could a
    /// maildir that could not be written. Trying again can help.
    #[error("the mail could not be delivered now: {0}")]
    Unavailable(String),
}

impl SendError {
    /// Whether sending the same message again can never succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Invalid(_) | SendError::Refused(_))
    }
}

impl Mailer {
    /// A mailer for the mail server at `url`. A plain `smtp://` URL sends in the clear:
    /// add `?tls=required` for STARTTLS, or use `smtps://`.
    pub fn smtp(url: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| format!("the SMTP URL is not usable: {error}"))?
            .timeout(Some(CONNECT_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(CONNECTIONS))
            .build();
        Ok(Mailer::Smtp(transport))
    }

    /// A mailer that writes into the maildir at `path`, creating it when missing.
    pub fn maildir(path: &Path) -> std::io::Result<Self> {
        maildir::Maildir::from(path.to_path_buf()).create_dirs()?;
        Ok(Mailer::Maildir(Arc::new(path.to_path_buf())))
    }

    /// Sends `mail`, within [`SEND_TIMEOUT`].
    pub async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        let message = mail.to_message()?;
        match self {
            Mailer::Smtp(transport) => {
                match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
                    Err(_) => Err(SendError::Unavailable(format!(
                        "no answer within {} s",
                        SEND_TIMEOUT.as_secs()
                    ))),
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(error)) if error.is_permanent() => {
                        Err(SendError::Refused(error.to_string()))
                    }
                    Ok(Err(error)) => Err(SendError::Unavailable(error.to_string())),
                }
            }
            Mailer::Maildir(path) => {
                let path = path.clone();
                let raw = message.formatted();
                // File I/O: off the runtime's threads.
                tokio::task::spawn_blocking(move || {
                    maildir::Maildir::from(path.as_ref().clone()).store_new(&raw)
                })
                .await
                .map_err(|error| SendError::Unavailable(error.to_string()))?
                .map(|_| ())
                .map_err(|error| SendError::Unavailable(error.to_string()))
            }
        }
    }
}
