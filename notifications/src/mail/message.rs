//! A message as Charter composes it, and its MIME form: a plain-text and an HTML part, an
//! iCalendar invitation when there is one, and the Message-ID Charter chose (the same on
//! every try, so that a receiver can tell a retry from a second message).

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// One e-mail to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The sender, as `Name <address>` or a bare address.
    pub from: String,
    /// The recipient, likewise.
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The Message-ID without its angle brackets (`<id@host>` is written).
    pub message_id: String,
    /// Where the recipient changes what they receive, without signing in
    /// (`List-Unsubscribe`, RFC 2369, with one-click unsubscription, RFC 8058).
    pub unsubscribe: Option<String>,
    /// An invitation that mail clients add to, update in or remove from a calendar.
    pub calendar: Option<Calendar>,
}

/// What an iCalendar part asks of the calendar it reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMethod {
    /// Add the event, or update it (same UID, a higher SEQUENCE).
    Request,
    /// Remove the event of that UID.
    Cancel,
}

impl CalendarMethod {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CalendarMethod::Request => "REQUEST",
            CalendarMethod::Cancel => "CANCEL",
        }
    }
}

/// An iCalendar (RFC 5545) object, already written, with the method it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub method: CalendarMethod,
    pub ics: String,
}

/// Why a message could not be composed: a bad address or header. Sending it again fails
/// the same way.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{field} is not an e-mail address: {value:?}")]
    Address { field: &'static str, value: String },
    #[error("the message could not be composed: {0}")]
    Compose(String),
}

impl Mail {
    /// The message in its MIME form.
    pub fn to_message(&self) -> Result<Message, MailError> {
        let mailbox = |field: &'static str, value: &str| {
            value.parse::<Mailbox>().map_err(|_| MailError::Address {
                field,
                value: value.to_owned(),
            })
        };
        let compose = |error: &dyn std::fmt::Display| MailError::Compose(error.to_string());
        let mut builder = Message::builder()
            .from(mailbox("from", &self.from)?)
            .to(mailbox("to", &self.to)?)
            .subject(self.subject.clone())
            .message_id(Some(format!("<{}>", self.message_id)));
        if let Some(url) = &self.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let mut alternative = MultiPart::alternative()
            .singlepart(SinglePart::plain(self.text.clone()))
            .singlepart(SinglePart::html(self.html.clone()));
        let Some(calendar) = &self.calendar else {
            return builder.multipart(alternative).map_err(|e| compose(&e));
        };
        // The invitation twice, as mail clients expect it: a `text/calendar` alternative
        // with the method (what Outlook and Gmail act on), and a file to open by hand.
        let method = calendar.method.as_str();
        let inline = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
            .map_err(|e| compose(&e))?;
        alternative = alternative.singlepart(
            SinglePart::builder()
                .header(inline)
                .body(calendar.ics.clone()),
        );
        let file = ContentType::parse("application/ics").map_err(|e| compose(&e))?;
        builder
            .multipart(MultiPart::mixed().multipart(alternative).singlepart(
                Attachment::new("invite.ics".to_owned()).body(calendar.ics.clone(), file),
            ))
            .map_err(|e| compose(&e))
    }
}
