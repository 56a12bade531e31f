//! The pages' words: every text comes from `locales/<language>/*.ftl` (Project Fluent),
//! in the reader's language, and every moment is written in the reader's time zone, named.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static PAGES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around values: they would end up in form values.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the pages are written in: the tag and the language's own name.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("tr", "Türkçe")];

/// The language of a reader who asked for none the pages have.
pub const DEFAULT_LANGUAGE: &str = "en";

/// The reader's language and time zone, and the texts written in them.
#[derive(Debug, Clone)]
pub struct Texts {
    tag: &'static str,
    language: LanguageIdentifier,
    zone: Tz,
}

impl Texts {
    /// Texts in `language` (one of [`LANGUAGES`], else English) for a reader in `zone`
    /// (an IANA name; UTC when absent or unknown).
    pub fn new(language: &str, zone: Option<&str>) -> Self {
        let tag = supported(language).unwrap_or(DEFAULT_LANGUAGE);
        Self {
            tag,
            language: tag.parse().unwrap_or_default(),
            zone: zone.and_then(|zone| zone.parse().ok()).unwrap_or(Tz::UTC),
        }
    }

    /// The language's tag, for `<html lang>`.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The reader's time zone, as named to them.
    pub fn zone(&self) -> &str {
        self.zone.name()
    }

    /// The text `id`.
    pub fn t(&self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// The text `id` with one value, such as `("count", 3)`.
    pub fn t1(&self, id: &str, name: &str, value: impl Fill) -> String {
        self.with(id, &[(name, value.value())])
    }

    /// The text `id` with the values it names.
    pub fn with(&self, id: &str, values: &[(&str, Value)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = values
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::Text(text) => FluentValue::from(text.clone()),
                    Value::Number(number) => FluentValue::from(*number),
                };
                (Cow::Owned((*name).to_owned()), value)
            })
            .collect();
        self.lookup(id, Some(&args))
    }

    fn lookup(
        &self,
        id: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> String {
        match PAGES.try_lookup_complete(&self.language, id, args) {
            Some(text) => text,
            None => {
                // A test checks that every id the pages use exists in every language; one
                // missing at run time shows as its id rather than failing the page.
                tracing::warn!(id, language = self.tag, "a page text is missing");
                id.to_owned()
            }
        }
    }

    /// A moment in the reader's zone: "14 March 2027, 09:30 (Europe/Istanbul)".
    pub fn when(&self, at: &DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.zone);
        self.with(
            "moment",
            &[
                ("date", Value::Text(self.date_words(local.date_naive()))),
                ("time", Value::Text(local.format("%H:%M").to_string())),
                ("zone", Value::Text(self.zone.name().to_owned())),
            ],
        )
    }

    /// A moment's day in the reader's zone: "14 March 2027".
    pub fn day_of(&self, at: &DateTime<Utc>) -> String {
        self.date_words(at.with_timezone(&self.zone).date_naive())
    }

    /// A calendar day: "14 March 2027".
    pub fn day(&self, date: &NaiveDate) -> String {
        self.date_words(*date)
    }

    fn date_words(&self, date: NaiveDate) -> String {
        self.with(
            "date",
            &[
                ("day", Value::Number(i64::from(date.day()))),
                (
                    "month",
                    Value::Text(self.t(&format!("month-{}", date.month()))),
                ),
                ("year", Value::Number(i64::from(date.year()))),
            ],
        )
    }
}

/// A value a text is filled with.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Number(i64),
}

/// What a text can be filled with (templates pass their values by reference).
pub trait Fill {
    fn value(&self) -> Value;
}

impl Fill for Value {
    fn value(&self) -> Value {
        self.clone()
    }
}

impl Fill for str {
    fn value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl Fill for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl Fill for i64 {
    fn value(&self) -> Value {
        Value::Number(*self)
    }
}

impl Fill for i32 {
    fn value(&self) -> Value {
        Value::Number(i64::from(*self))
    }
}

impl Fill for u32 {
    fn value(&self) -> Value {
        Value::Number(i64::from(*self))
    }
}

impl Fill for usize {
    fn value(&self) -> Value {
        Value::Number(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl<T: Fill + ?Sized> Fill for &T {
    fn value(&self) -> Value {
        (**self).value()
    }
}

/// The language of the pages `tag` names (`tr`, `tr-TR`, `EN-gb`), if they are written in it.
pub fn supported(tag: &str) -> Option<&'static str> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    LANGUAGES
        .iter()
        .map(|(code, _)| *code)
        .find(|code| *code == primary)
}

/// The first language of an `Accept-Language` header, by weight, that the pages are
/// written in.
pub fn from_accept_language(header: &str) -> Option<&'static str> {
    let mut ranges: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let weight = parts
                .find_map(|param| param.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0 && !tag.is_empty()).then_some((weight, tag))
        })
        .collect();
    // Stable: among equal weights, the header's order stands.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges.into_iter().find_map(|(_, tag)| supported(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_heaviest_language_the_pages_have() {
        assert_eq!(from_accept_language("de-DE,tr;q=0.8,en;q=0.5"), Some("tr"));
        assert_eq!(from_accept_language("en-GB,en;q=0.9"), Some("en"));
        assert_eq!(from_accept_language("tr-TR;q=0.3, en;q=0.7"), Some("en"));
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("tr;q=0"), None);
    }

    #[test]
    fn a_moment_is_written_in_the_readers_zone_and_names_it() {
        let at = DateTime::parse_from_rfc3339("2027-03-14T07:30:00Z")
            .expect("a moment")
            .with_timezone(&Utc);
        let english = Texts::new("en", Some("Europe/Istanbul"));
        assert_eq!(english.when(&at), "14 March 2027, 10:30 (Europe/Istanbul)");
        let turkish = Texts::new("tr-TR", Some("Europe/Istanbul"));
        assert_eq!(turkish.when(&at), "14 Mart 2027, 10:30 (Europe/Istanbul)");
        assert_eq!(Texts::new("en", None).zone(), "UTC");
        assert_eq!(Texts::new("en", Some("Mars/Olympus")).zone(), "UTC");
    }
}

#[cfg(test)]
mod catalogue_tests {
    use super::LANGUAGES;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The message ids of one language's files (every `.ftl` of its folder): lines that
    /// start a message at column 0.
    fn ids(language: &str) -> BTreeSet<String> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(language);
        let mut ids = BTreeSet::new();
        for entry in std::fs::read_dir(&folder)
            .expect("the language's folder")
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "ftl") {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path:?}: {error}"));
            for line in text.lines() {
                if !line.starts_with(|c: char| c.is_ascii_lowercase()) {
                    continue;
                }
                if let Some((id, _)) = line.split_once(" =") {
                    let id = id.trim().to_owned();
                    assert!(!ids.contains(&id), "{language}: {id} is written twice");
                    ids.insert(id);
                }
            }
        }
        ids
    }

    #[test]
    fn every_language_of_the_pages_has_every_text() {
        let english = ids("en");
        assert!(english.contains("sign-in-title"));
        for (language, _) in LANGUAGES {
            let theirs = ids(language);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{language} has texts English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn every_text_a_template_names_exists() {
        let english = ids("en");
        let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut unknown = Vec::new();
        let mut stack = vec![templates];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)
                .expect("the templates folder")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a template");
                for marker in ["page.t(\"", "page.t1(\""] {
                    for (at, _) in text.match_indices(marker) {
                        let rest = &text[at + marker.len()..];
                        let id = &rest[..rest.find('"').unwrap_or(0)];
                        if !english.contains(id) {
                            unknown.push(format!("{}: {id}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "texts named but not written: {unknown:?}"
        );
    }
}
