//! A notice's values as Fluent arguments, in the reader's language: names (a document kind,
//! a stage), phrases (a motion, a count) and moments are words of `locales/`, not the code's.

use super::{lookup, LOCALES};
use crate::notice::{Arg, Notice};
use chrono::{DateTime, Datelike, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

/// Fluent arguments, by name.
pub(super) type Arguments = HashMap<Cow<'static, str>, FluentValue<'static>>;

/// Arguments whose values are names with a text of their own (`document-feasibility_study`).
const NAMED: [&str; 2] = ["document", "stage"];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The notice's values as Fluent arguments, in `language`.
pub(super) fn arguments(notice: &Notice, language: &LanguageIdentifier) -> Arguments {
    fill(&notice.args, language)
}

fn fill(args: &[(&'static str, Arg)], language: &LanguageIdentifier) -> Arguments {
    args.iter()
        .map(|(name, value)| (Cow::Borrowed(*name), value_of(name, value, language)))
        .collect()
}

fn value_of(name: &str, value: &Arg, language: &LanguageIdentifier) -> FluentValue<'static> {
    match value {
        Arg::Text(text) if NAMED.contains(&name) => {
            let id = format!("{name}-{text}");
            let named = LOCALES.try_lookup(language, &id);
            FluentValue::from(named.unwrap_or_else(|| text.clone()))
        }
        Arg::Text(text) => FluentValue::from(text.clone()),
        Arg::Number(number) => FluentValue::from(*number),
        Arg::Time(at) => FluentValue::from(moment(at, language)),
        Arg::Phrase { id, args } => FluentValue::from(lookup(language, id, &fill(args, language))),
    }
}

/// A moment in words of `language` (text `moment`). In UTC, said so, until people's time
/// zones are known.
pub fn moment(at: &DateTime<Utc>, language: &LanguageIdentifier) -> String {
    let weekday = WEEKDAYS[at.weekday().num_days_from_monday() as usize % 7];
    let month = MONTHS[at.month0() as usize % 12];
    let word = |id: String| FluentValue::from(lookup(language, &id, &HashMap::new()));
    // Numbers as text: Fluent would write them in its own way (grouping a year's digits).
    let args: Arguments = [
        ("weekday", word(format!("weekday-{weekday}"))),
        ("month", word(format!("month-{month}"))),
        ("day", FluentValue::from(at.day().to_string())),
        ("year", FluentValue::from(at.year().to_string())),
        ("time", FluentValue::from(at.format("%H:%M").to_string())),
    ]
    .into_iter()
    .map(|(name, value)| (Cow::Borrowed(name), value))
    .collect();
    lookup(language, "moment", &args)
}
