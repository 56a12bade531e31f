//! Values of the record (a problem's, a milestone's) in the reader's words, as a text's
//! Fluent variables take them: a name of the record as it is, for a selector, and in words
//! as `<name>-word`; a moment or a day written in the reader's zone; a number as a number.

use super::texts::{Texts, Value};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value as Json};

/// The values that name something of the record, and the prefix of their words' texts:
/// `stage: "withdrawn"` stays as it is, for a selector, and also comes as `stage-word`,
/// the text `stage-withdrawn`.
pub const NAMED: [(&str, &str); 9] = [
    ("stage", "stage"),
    ("from", "stage"),
    ("to", "stage"),
    ("reopened_in", "stage"),
    ("kind", "document"),
    ("party", "party"),
    ("role", "role"),
    ("status", "interview"),
    ("recommendation", "recommendation"),
];

/// The values as a text takes them; a yes or no as `true` or `false`, for a selector.
pub fn arguments(texts: &Texts, values: &Map<String, Json>) -> Vec<(String, Value)> {
    let mut arguments = Vec::new();
    for (name, value) in values {
        match value {
            Json::Number(number) => {
                if let Some(number) = number.as_i64() {
                    arguments.push((name.clone(), Value::Number(number)));
                }
            }
            Json::Bool(yes) => arguments.push((name.clone(), Value::Text(yes.to_string()))),
            Json::String(text) => {
                let value = if let Some((_, prefix)) = NAMED.iter().find(|(n, _)| n == name) {
                    let word = texts.t(&format!("{prefix}-{text}"));
                    arguments.push((format!("{name}-word"), Value::Text(word)));
                    text.clone()
                } else if let Ok(at) = DateTime::parse_from_rfc3339(text) {
                    texts.when(&at.with_timezone(&Utc))
                } else if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    texts.day(&day)
                } else {
                    text.clone()
                };
                arguments.push((name.clone(), Value::Text(value)));
            }
            Json::Null | Json::Array(_) | Json::Object(_) => {}
        }
    }
    arguments
}

/// The text `id` filled with `values`.
pub fn fill(texts: &Texts, id: &str, values: &Map<String, Json>) -> String {
    let arguments = arguments(texts, values);
    let arguments: Vec<(&str, Value)> = arguments
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    texts.with(id, &arguments)
}
