//! A message sent over SMTP to the test mail server, or written into a maildir, arrives
//! as composed: both parts, the Message-ID Charter chose, the unsubscribe link, the
//! invitation; a server that asks to try later gets the same message again, once.

use charter_notifications::mail::{Calendar, CalendarMethod, Mail, Mailer, SendError};
use charter_tests::SmtpServer;
use mail_parser::{MessageParser, MimeHeaders};

const INVITATION: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Charter//tests//EN\r\n\
METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:interview-1@charter.test\r\nSEQUENCE:0\r\n\
DTSTAMP:20261206T120000Z\r\nDTSTART:20261210T090000Z\r\nDTEND:20261210T100000Z\r\n\
SUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn mail(message_id: &str) -> Mail {
    Mail {
        from: "Charter <charter@hubs.test>".to_owned(),
        to: "Mei Lin <mei@panel.test>".to_owned(),
        subject: "You are on the panel of Impact Hub Lisbon".to_owned(),
        text: "Open https://charter.test/reviews to read the documents.".to_owned(),
        html: "<p>Open <a href=\"https://charter.test/reviews\">your reviews</a>.</p>".to_owned(),
        message_id: message_id.to_owned(),
        unsubscribe: Some("https://charter.test/unsubscribe/abc".to_owned()),
        calendar: Some(Calendar {
            method: CalendarMethod::Request,
            ics: INVITATION.to_owned(),
        }),
    }
}

#[tokio::test]
async fn a_message_sent_over_smtp_arrives_as_composed() {
    let server = SmtpServer::start().await;
    let mailer = Mailer::smtp(&server.url()).expect("a usable URL");
    mailer
        .send(&mail("first@charter.test"))
        .await
        .expect("accepted");

    let received = server.received();
    assert_eq!(received.len(), 1);
    let message = MessageParser::default()
        .parse(&received[0])
        .expect("a parsable message");
    assert_eq!(message.message_id(), Some("first@charter.test"));
    assert_eq!(
        message.subject(),
        Some("You are on the panel of Impact Hub Lisbon")
    );
    assert_eq!(
        message.header_raw("List-Unsubscribe").map(str::trim),
        Some("<https://charter.test/unsubscribe/abc>")
    );
    assert!(message
        .body_text(0)
        .is_some_and(|text| text.contains("https://charter.test/reviews")));
    assert!(message
        .body_html(0)
        .is_some_and(|html| html.contains("<a href=\"https://charter.test/reviews\">")));
    let invitations: Vec<String> = message
        .attachments()
        .filter(|part| {
            part.content_type()
                .is_some_and(|t| t.subtype() == Some("calendar") || t.subtype() == Some("ics"))
        })
        .map(|part| String::from_utf8_lossy(part.contents()).into_owned())
        .collect();
    assert!(
        !invitations.is_empty(),
        "the invitation travels with the message"
    );
    assert!(invitations
        .iter()
        .all(|ics| ics.contains("UID:interview-1@charter.test") && ics.contains("METHOD:REQUEST")));
}

#[tokio::test]
async fn a_server_that_asks_to_try_later_gets_the_same_message_once_when_tried_again() {
    let server = SmtpServer::start().await;
    let mailer = Mailer::smtp(&server.url()).expect("a usable URL");
    server.refuse_next(1);
    let refused = mailer
        .send(&mail("retried@charter.test"))
        .await
        .expect_err("451 is not an acceptance");
    assert!(
        matches!(refused, SendError::Unavailable(_)) && !refused.is_permanent(),
        "{refused:?}"
    );
    assert!(server.received().is_empty());

    mailer
        .send(&mail("retried@charter.test"))
        .await
        .expect("accepted the second time");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let message = MessageParser::default()
        .parse(&received[0])
        .expect("parsable");
    assert_eq!(message.message_id(), Some("retried@charter.test"));
}

#[tokio::test]
async fn a_server_that_is_not_there_is_unavailable_not_a_refusal() {
    let server = SmtpServer::start().await;
    let url = server.url();
    drop(server);
    let mailer = Mailer::smtp(&url).expect("a usable URL");
    let error = mailer
        .send(&mail("nobody@charter.test"))
        .await
        .expect_err("nothing listens");
    assert!(!error.is_permanent(), "{error:?}");
}

#[tokio::test]
async fn a_bad_address_is_a_permanent_failure() {
    let server = SmtpServer::start().await;
    let mailer = Mailer::smtp(&server.url()).expect("a usable URL");
    let mut bad = mail("bad@charter.test");
    bad.to = "not an address".to_owned();
    let error = mailer.send(&bad).await.expect_err("refused");
    assert!(error.is_permanent(), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn without_a_mail_server_the_message_is_written_into_a_maildir() {
    let directory = std::env::temp_dir().join(format!("charter-maildir-{}", uuid::Uuid::new_v4()));
    let mailer = Mailer::maildir(&directory).expect("a maildir");
    mailer
        .send(&mail("kept@charter.test"))
        .await
        .expect("written");
    let new: Vec<_> = std::fs::read_dir(directory.join("new"))
        .expect("new/")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    assert_eq!(new.len(), 1);
    let raw = std::fs::read(&new[0]).expect("the message");
    let message = MessageParser::default().parse(&raw).expect("parsable");
    assert_eq!(message.message_id(), Some("kept@charter.test"));
    std::fs::remove_dir_all(&directory).expect("cleaned up");
}
