//! Writing a notice in its reader's language: every text comes from `locales/<language>/`
//! (Project Fluent), so a translation is a folder of text, not code.

mod html;

#[cfg(test)]
mod tests;

use crate::notice::{Arg, Notice};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around values: mail clients show them as stray boxes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Arguments whose values are names with a text of their own (`document-feasibility_study`).
const NAMED: [&str; 2] = ["document", "stage"];

/// A message in words, ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The person a message is written for, and where it sends them.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    pub name: &'a str,
    /// A BCP 47 tag; a language without texts falls back to English.
    pub language: &'a str,
    /// The server's public address, which links start with.
    pub base_url: &'a str,
    /// Where the reader stops this kind of message (or has it batched, for a kind they
    /// cannot stop), without signing in.
    pub unsubscribe_url: Option<&'a str>,
}

/// `notice` written for `reader`.
pub fn write(notice: &Notice, reader: &Reader<'_>) -> Written {
    let language = reader
        .language
        .parse::<LanguageIdentifier>()
        .unwrap_or_else(|_| english());
    let args = arguments(notice, &language);
    let text = |id: &str| lookup(&language, id, &args);
    let kind = notice.kind.as_str();
    let url = format!("{}{}", reader.base_url.trim_end_matches('/'), notice.link);
    let mut greeting_args = HashMap::new();
    greeting_args.insert(Cow::Borrowed("name"), FluentValue::from(reader.name));
    let greeting = lookup(&language, "greeting", &greeting_args);
    let body = text(&format!("{kind}-body"));
    let action = text(&format!("{kind}-action"));
    // Why the reader receives it: a kind may say so itself (an invitation is no part in
    // an application).
    let why = LOCALES
        .try_lookup(&language, &format!("{kind}-why"))
        .unwrap_or_else(|| text("footer-why"));
    let mut footer = vec![why];
    if let Some(unsubscribe) = reader.unsubscribe_url {
        let mut footer_args = HashMap::new();
        footer_args.insert(Cow::Borrowed("url"), FluentValue::from(unsubscribe));
        let id = if notice.kind.is_required() {
            "footer-digest"
        } else {
            "footer-stop"
        };
        footer.push(lookup(&language, id, &footer_args));
    }
    let paragraphs: Vec<String> = body
        .split("\n\n")
        .map(|paragraph| paragraph.trim().to_owned())
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    let signature = text("signature");
    let plain = plain_text(&greeting, &paragraphs, &action, &url, &signature, &footer);
    Written {
        subject: single_line(&text(&format!("{kind}-subject"))),
        html: html::page(&greeting, &paragraphs, &action, &url, &signature, &footer),
        text: plain,
    }
}

fn plain_text(
    greeting: &str,
    paragraphs: &[String],
    action: &str,
    url: &str,
    signature: &str,
    footer: &[String],
) -> String {
    let mut out = format!("{greeting}\n\n");
    for paragraph in paragraphs {
        out.push_str(paragraph);
        out.push_str("\n\n");
    }
    out.push_str(&format!("{action}: {url}\n\n{signature}\n\n-- \n"));
    out.push_str(&footer.join("\n"));
    out.push('\n');
    out
}

/// One line of text `id` about `notice`, in `language` (a calendar entry's summary).
pub fn line(notice: &Notice, language: &str, id: &str) -> String {
    let language = language
        .parse::<LanguageIdentifier>()
        .unwrap_or_else(|_| english());
    single_line(&lookup(&language, id, &arguments(notice, &language)))
}

/// A subject is one line, whatever a value held.
fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn english() -> LanguageIdentifier {
    "en".parse().unwrap_or_default()
}

fn lookup(
    language: &LanguageIdentifier,
    id: &str,
    args: &HashMap<Cow<'static, str>, FluentValue<'_>>,
) -> String {
    LOCALES
        .try_lookup_with_args(language, id, args)
        .unwrap_or_else(|| {
            tracing::error!(id, %language, "a message text is missing");
            id.to_owned()
        })
}

/// The notice's values as Fluent arguments, names translated and times written out.
fn arguments(
    notice: &Notice,
    language: &LanguageIdentifier,
) -> HashMap<Cow<'static, str>, FluentValue<'static>> {
    notice
        .args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(text) if NAMED.contains(name) => {
                    let id = format!("{name}-{text}");
                    let named = LOCALES.try_lookup(language, &id);
                    FluentValue::from(named.unwrap_or_else(|| text.clone()))
                }
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(number) => FluentValue::from(*number),
                Arg::Time(at) => FluentValue::from(moment(at)),
            };
            (Cow::Borrowed(*name), value)
        })
        .collect()
}

/// A moment in words. In UTC, said so, until people's time zones are known.
pub fn moment(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%A %-d %B %Y, %H:%M UTC").to_string()
}
