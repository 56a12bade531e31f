//! Messages in words.

use super::*;
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_domain::PersonId;
use chrono::{TimeZone, Utc};

fn reader() -> Reader<'static> {
    Reader {
        name: "Ana <Silva>",
        language: "en",
        base_url: "https://charter.example/",
        unsubscribe_url: Some("https://charter.example/p/x"),
    }
}

#[test]
fn every_kind_has_a_subject_a_body_an_action_and_a_name_in_english() {
    let english = english();
    // Every value any text is filled with.
    let names = [
        "hub",
        "document",
        "version",
        "deadline",
        "reason",
        "when",
        "location",
        "interview",
        "stage",
        "decision",
        "motion",
        "ballot",
        "closes",
        "outcome",
        "tally",
        "carried_out",
        "voters",
        "message_kind",
        "attempts",
        "error",
        "due",
        "since",
        "days",
        "count",
        "items",
        "name",
        "code",
        "minutes",
    ];
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = names
        .into_iter()
        .map(|name| (Cow::Borrowed(name), FluentValue::from("x")))
        .collect();
    for kind in NoticeKind::ALL {
        for id in ["subject", "body", "action"]
            .map(|part| format!("{kind}-{part}"))
            .into_iter()
            .chain([format!("kind-{kind}")])
        {
            assert!(
                LOCALES.try_lookup_with_args(&english, &id, &args).is_some(),
                "{id} is missing"
            );
        }
    }
}

#[test]
fn a_revision_request_reads_with_its_names_and_deadline_written_out() {
    let deadline = Utc
        .with_ymd_and_hms(2026, 12, 11, 17, 0, 0)
        .single()
        .unwrap_or_default();
    let notice = Notice::new(
        NoticeKind::RevisionRequested,
        Recipient::Person(PersonId::new()),
        "/api/v1/applications/1/status",
    )
    .text("hub", "Impact Hub Porto")
    .text("document", "feasibility_study")
    .with("deadline", Arg::Time(deadline))
    .text("reason", "Costs <unclear> & late");
    let written = write(&notice, &reader());
    assert_eq!(
        written.subject,
        "Impact Hub Porto: a revision of your feasibility study is requested"
    );
    assert!(
        written.text.starts_with("Hello Ana <Silva>,\n\n"),
        "{}",
        written.text
    );
    assert!(written
        .text
        .contains("by Friday 11 December 2026, 17:00 UTC"));
    assert!(written
        .text
        .contains("See the request: https://charter.example/api/v1/applications/1/status"));
    assert!(written.text.contains("https://charter.example/p/x"));
    // The HTML says the same, escaped.
    assert!(written.html.contains("Costs &lt;unclear&gt; &amp; late"));
    assert!(written.html.contains("Hello Ana &lt;Silva&gt;,"));
    assert!(!written.html.contains("<unclear>"));
    assert!(!written.text.contains('\u{2068}'), "no isolation marks");
}

#[test]
fn an_unknown_language_falls_back_to_english() {
    let notice =
        Notice::new(NoticeKind::AppealReceived, Recipient::Secretariat, "/x").text("hub", "Hub");
    let mut reader = reader();
    reader.language = "xx-invalid-$$";
    assert_eq!(
        write(&notice, &reader).subject,
        "Hub: your appeal is received"
    );
}

#[test]
fn an_invitation_names_its_reader_and_the_sign_in_page_and_says_why_it_came() {
    let notice = Notice::new(
        NoticeKind::Invited,
        Recipient::Person(PersonId::new()),
        "/sign-in",
    )
    .text("name", "Ines Moreau");
    let mut reader = reader();
    reader.unsubscribe_url = None;
    let written = write(&notice, &reader);
    assert_eq!(written.subject, "You are invited to Charter");
    assert!(written.text.contains("Ines Moreau"), "{}", written.text);
    assert!(
        written
            .text
            .contains("Sign in: https://charter.example/sign-in"),
        "{}",
        written.text
    );
    assert!(
        written.text.contains("were put on the network's roster"),
        "{}",
        written.text
    );
    assert!(!written.text.contains("part in an application"));
    assert!(written.html.contains("https://charter.example/sign-in"));
}
