//! Messages for a reader whose language is Turkish: every word of them, the parts that are
//! the same for every kind (greeting, link, signature, footer) and the values filled in
//! (names, motions, counts, moments) included, comes from `locales/tr/`.

use super::*;
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_domain::application::{DocumentKind, Stage};
use charter_domain::vote::{Motion, Tally};
use chrono::{TimeZone, Utc};
use fluent_syntax::ast::{Entry, Expression, Pattern, PatternElement};
use std::collections::BTreeSet;

fn reader(language: &'static str) -> Reader<'static> {
    Reader {
        name: "Ayşe Yılmaz",
        language,
        base_url: "https://charter.example/",
        unsubscribe_url: Some("https://charter.example/p/x"),
    }
}

fn revision_requested() -> Notice {
    let deadline = Utc
        .with_ymd_and_hms(2026, 12, 11, 17, 0, 0)
        .single()
        .unwrap_or_default();
    Notice::new(
        NoticeKind::RevisionRequested,
        Recipient::Person(charter_domain::PersonId::new()),
        "/api/v1/applications/1/status",
    )
    .text("hub", "Impact Hub İstanbul")
    .text("document", "feasibility_study")
    .with("deadline", Arg::Time(deadline))
    .text("reason", "Maliyetler belirsiz")
}

#[test]
fn a_notice_for_a_reader_whose_language_is_turkish_comes_out_in_turkish() {
    for tag in ["tr", "tr-TR"] {
        let written = write(&revision_requested(), &reader(tag));
        assert_eq!(
            written.subject,
            "Impact Hub İstanbul: fizibilite çalışması belgenizin revize edilmesi isteniyor",
            "{tag}"
        );
        assert_eq!(
            written.text,
            "Sayın Ayşe Yılmaz,\n\n\
             Ağ, fizibilite çalışması belgenizi revize etmenizi istiyor. \
             Son tarih: 11 Aralık 2026 Cuma, saat 17:00 (UTC).\n\n\
             Belirtilen gerekçe: Maliyetler belirsiz\n\n\
             Talebi görün: https://charter.example/api/v1/applications/1/status\n\n\
             Charter, ağın Üyelik Komitesi adına\n\n\
             -- \n\
             Bu iletiyi, ağa yapılan bir başvurudaki rolünüz nedeniyle alıyorsunuz.\n\
             Bu tür iletileri bunun yerine günlük özet olarak almak için şu adresi açın: \
             https://charter.example/p/x\n",
            "{tag}"
        );
        assert_eq!(written.language, "tr", "{tag}");
        assert!(written.html.contains("<html lang=\"tr\">"), "{tag}");
        assert!(written.html.contains("<p>Sayın Ayşe Yılmaz,</p>"), "{tag}");
        assert!(
            written.html.contains(">Talebi görün</a>"),
            "{}",
            written.html
        );
    }
}

#[test]
fn a_reader_of_a_language_without_texts_reads_english_marked_as_english() {
    let written = write(&revision_requested(), &reader("de-DE"));
    assert!(written.text.starts_with("Hello Ayşe Yılmaz,"));
    assert_eq!(written.language, "en");
    assert!(written.html.contains("<html lang=\"en\">"));
}

#[test]
fn the_lines_of_a_turkish_readers_calendar_are_turkish() {
    let notice = revision_requested().with(
        "motion",
        Arg::motion(&Motion::Advance {
            to: Stage::Candidate,
        }),
    );
    assert_eq!(
        line(&notice, "tr", "interview-summary"),
        "Impact Hub İstanbul: ağ ile görüşme"
    );
    assert_eq!(
        line(&notice, "tr-TR", "calendar-revision_due"),
        "Impact Hub İstanbul: fizibilite çalışması revizyonu için son tarih"
    );
    assert_eq!(
        line(&notice, "tr", "calendar-vote_closes"),
        "Impact Hub İstanbul: başvurunun adaylık aşamasına geçirilmesi önergesinin oylaması kapanıyor"
    );
}

#[test]
fn no_english_word_reaches_a_turkish_reader_in_any_kind_of_message() {
    // The words of the English texts but the few Turkish uses too: any of them in a
    // Turkish message came from English, through a value the code wrote, a text that fell
    // back, or a text left untranslated.
    // "hub" is in hubs' names too ("Impact Hub İstanbul"), which no text translates.
    let shared = ["charter", "panelist", "utc", "webhook", "hub"];
    let foreign: BTreeSet<String> = words_of("en")
        .into_iter()
        .filter(|word| !shared.contains(&word.as_str()))
        .collect();
    assert!(foreign.contains("friday") && foreign.contains("approved"));
    // Enough rounds that every value of every list is used once at least (the last
    // names a webhook's kind).
    for round in 0..=NoticeKind::ALL.len() {
        for kind in NoticeKind::ALL {
            let notice = sample(kind, round);
            let written = write(&notice, &reader("tr"));
            let mut said = vec![written.subject, written.text];
            for id in [
                "interview-summary",
                "calendar-name",
                "calendar-interview",
                "calendar-revision_due",
                "calendar-review_due",
                "calendar-vote_closes",
            ] {
                said.push(line(&notice, "tr", id));
            }
            for text in said {
                // A webhook's event name is a contract with its receivers, in no language.
                let leaked: Vec<String> = words(&text.replace(WEBHOOK_EVENT, ""))
                    .into_iter()
                    .filter(|word| foreign.contains(word))
                    .collect();
                assert!(leaked.is_empty(), "{kind}: {leaked:?} in:\n{text}");
            }
        }
    }
}

const WEBHOOK_EVENT: &str = "vote.closed";

/// A notice of `kind` with every value any text is filled with, the `round`-th of each
/// list of names, motions and outcomes.
fn sample(kind: NoticeKind, round: usize) -> Notice {
    let pick = |options: &[&str]| options[round % options.len()].to_owned();
    let at = Utc
        .with_ymd_and_hms(2026, 1 + (round % 12) as u32, 1 + round as u32, 9, 30, 0)
        .single()
        .unwrap_or_default();
    let stage = Stage::ALL[round % Stage::ALL.len()];
    let motions = [
        Motion::Advance { to: stage },
        Motion::Reject {
            grounds: "eksik".to_owned(),
        },
        Motion::Appeal,
    ];
    let tally = Tally {
        electorate: 5,
        yes: 3,
        no: 1,
        abstain: 0,
        recused: 0,
        did_not_vote: 1,
    };
    let stage_arg = || vec![("stage", Arg::Text(stage.as_str().to_owned()))];
    let carried_out = [
        Arg::phrase("carried_out-advanced", stage_arg()),
        Arg::phrase("carried_out-rejected", Vec::new()),
        Arg::phrase("carried_out-appeal_granted", stage_arg()),
        Arg::phrase("carried_out-appeal_dismissed", Vec::new()),
        Arg::phrase("carried_out-nothing", Vec::new()),
    ];
    let documents: Vec<&str> = DocumentKind::ALL.iter().map(|kind| kind.as_str()).collect();
    let count = i64::try_from(round).unwrap_or_default() + 1;
    Notice::new(kind, Recipient::Secretariat, "/x")
        .text("name", "Ayşe Yılmaz")
        .text("code", "042917")
        .with("minutes", Arg::Number(15))
        .text("hub", "Impact Hub İstanbul")
        .text("document", pick(&documents))
        .with("version", Arg::Number(count))
        .with("deadline", Arg::Time(at))
        .text("reason", "Maliyetler belirsiz")
        .with("when", Arg::Time(at))
        .text("location", "Kadıköy, İstanbul")
        .with("interview", Arg::Number(1))
        .text("stage", stage.as_str())
        .text("decision", pick(&["granted", "dismissed"]))
        .with("motion", Arg::motion(&motions[round % motions.len()]))
        .text("ballot", pick(&["secret", "open"]))
        .text("voters", pick(&["committee", "network"]))
        .with("closes", Arg::Time(at))
        .text("outcome", pick(&["passed", "failed", "no_quorum"]))
        .with(
            "tally",
            Arg::tally(round.is_multiple_of(2).then_some(&tally)),
        )
        .with(
            "carried_out",
            carried_out[round % carried_out.len()].clone(),
        )
        .with(
            "message_kind",
            match NoticeKind::ALL.get(round) {
                Some(kind) => Arg::kind(kind.as_str()),
                None => Arg::phrase(
                    "kind-webhook",
                    vec![("event", Arg::Text(WEBHOOK_EVENT.to_owned()))],
                ),
            },
        )
        .with("attempts", Arg::Number(count))
        .text("error", "550 posta kutusu bulunamadı")
        .with("due", Arg::Time(at))
        .with("since", Arg::Time(at))
        .with("days", Arg::Number(count))
        .with("count", Arg::Number(count))
        .text("items", "- Impact Hub İstanbul: https://charter.example/x")
}

/// The words of `text`, in lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| word.chars().count() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// Every word the texts of `language` are made of (not their ids or variables).
fn words_of(language: &str) -> BTreeSet<String> {
    let path = format!(
        "{}/locales/{language}/notices.ftl",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(r, _)| r);
    let mut found = BTreeSet::new();
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let attributes = message.attributes.iter().map(|a| &a.value);
            for pattern in message.value.iter().chain(attributes) {
                pattern_words(pattern, &mut found);
            }
        }
    }
    found
}

fn pattern_words(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => found.extend(words(value)),
            PatternElement::Placeable {
                expression: Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    pattern_words(&variant.value, found);
                }
            }
            PatternElement::Placeable { .. } => {}
        }
    }
}
