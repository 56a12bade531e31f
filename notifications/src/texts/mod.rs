//! Writing a notice in its reader's language: every text comes from `locales/<language>/`
//! (Project Fluent), so a translation is a folder of text, not code.

mod html;
mod values;

#[cfg(test)]
mod catalogue_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod turkish_tests;

use crate::notice::Notice;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use values::arguments;
pub use values::moment;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around values: mail clients show them as stray boxes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A message in words, ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The language it is written in (a folder of `locales/`): the reader's, or English.
    pub language: String,
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
    let language = language_of(reader.language);
    let args = arguments(notice, &language);
    let text = |id: &str| lookup(&language, id, &args);
    let kind = notice.kind.as_str();
    let url = format!("{}{}", reader.base_url.trim_end_matches('/'), notice.link);
    let greeting = lookup(&language, "greeting", &one("name", reader.name));
    let body = text(&format!("{kind}-body"));
    let action = text(&format!("{kind}-action"));
    let mut link_args = one("action", &action);
    link_args.insert(Cow::Borrowed("url"), FluentValue::from(url.as_str()));
    let link = lookup(&language, "link-intro", &link_args);
    // Why the reader receives it: a kind may say so itself (an invitation is no part in
    // an application).
    let why = LOCALES
        .try_lookup(&language, &format!("{kind}-why"))
        .unwrap_or_else(|| text("footer-why"));
    let mut footer = vec![why];
    if let Some(unsubscribe) = reader.unsubscribe_url {
        let id = if notice.kind.is_required() {
            "footer-digest"
        } else {
            "footer-stop"
        };
        footer.push(lookup(&language, id, &one("url", unsubscribe)));
    }
    let paragraphs: Vec<String> = body
        .split("\n\n")
        .map(|paragraph| paragraph.trim().to_owned())
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    let signature = text("signature");
    let plain = plain_text(&greeting, &paragraphs, &link, &signature, &footer);
    let written_in = written_in(&language).to_string();
    Written {
        subject: single_line(&text(&format!("{kind}-subject"))),
        html: html::page(
            &written_in,
            &greeting,
            &paragraphs,
            &action,
            &url,
            &signature,
            &footer,
        ),
        text: plain,
        language: written_in,
    }
}

/// Arguments holding one value.
fn one<'a>(name: &'static str, value: &'a str) -> HashMap<Cow<'static, str>, FluentValue<'a>> {
    HashMap::from([(Cow::Borrowed(name), FluentValue::from(value))])
}

fn plain_text(
    greeting: &str,
    paragraphs: &[String],
    link: &str,
    signature: &str,
    footer: &[String],
) -> String {
    let mut out = format!("{greeting}\n\n");
    for paragraph in paragraphs {
        out.push_str(paragraph);
        out.push_str("\n\n");
    }
    // "-- " is the signature delimiter mail readers know (RFC 3676), in every language.
    out.push_str(&format!("{link}\n\n{signature}\n\n-- \n"));
    out.push_str(&footer.join("\n"));
    out.push('\n');
    out
}

/// One line of text `id` about `notice`, in `language` (a calendar entry's summary).
pub fn line(notice: &Notice, language: &str, id: &str) -> String {
    let language = language_of(language);
    single_line(&lookup(&language, id, &arguments(notice, &language)))
}

/// A subject is one line, whatever a value held.
fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn english() -> LanguageIdentifier {
    "en".parse().unwrap_or_default()
}

/// The language a BCP 47 tag asks for; English if it is not one.
fn language_of(tag: &str) -> LanguageIdentifier {
    tag.parse().unwrap_or_else(|_| english())
}

/// The folder of `locales/` that texts for `language` come from: the one of the same
/// language (`tr` for `tr-TR`), or English.
fn written_in(language: &LanguageIdentifier) -> LanguageIdentifier {
    LOCALES
        .locales()
        .find(|available| available.language == language.language)
        .cloned()
        .unwrap_or_else(english)
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
