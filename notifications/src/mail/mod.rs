//! E-mail: a message as Charter composes it ([`Mail`]) and the transport that sends it
//! ([`Mailer`]): SMTP (STARTTLS or TLS) or a maildir directory any mail reader opens.

mod message;
mod transport;

pub use message::{Calendar, CalendarMethod, Mail, MailError};
pub use transport::{Mailer, SendError, CONNECTIONS, SEND_TIMEOUT};
