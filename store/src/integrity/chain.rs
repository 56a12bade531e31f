//! The chain hash of one event, computed here exactly as the database's `event_hash()`
//! (migration 10) computes it, so that a check does not ask the database, whose functions
//! its operator can replace, what a hash should be:
//!
//! ```sql
//! sha256(coalesce(previous, '') || convert_to(jsonb_build_array(aggregate_type,
//!     aggregate_id, sequence, event_type, event_version, payload::text, metadata::text,
//!     global_position, event_id::text,
//!     (extract(epoch FROM recorded_at) * 1000000)::bigint)::text, 'UTF8'))
//! ```
//!
//! The array's text is jsonb's rendering: `[`, the elements separated by `, `, `]`; each
//! number in decimal; each string quoted, with `"` and `\` escaped by a backslash,
//! backspace, form feed, line feed, carriage return and tab as `\b \f \n \r \t`, every
//! other character below U+0020 as `\u00xx` (lowercase hexadecimal), and every other
//! character, non-ASCII included, as it is (PostgreSQL's `escape_json`).

use crate::event_row::EventRow;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The hash the row should carry, given the hash of the event before it in its stream
/// (`None` for a stream's first).
pub fn event_hash(previous: Option<&[u8]>, event: &EventRow) -> [u8; 32] {
    let mut hasher = Sha256::new();
    if let Some(previous) = previous {
        hasher.update(previous);
    }
    hasher.update(rendered(event).as_bytes());
    hasher.finalize().into()
}

/// The text of the jsonb array the hash covers.
pub fn rendered(event: &EventRow) -> String {
    let mut text = String::with_capacity(
        event.payload.len() + event.metadata.len() + event.aggregate_id.len() + 160,
    );
    text.push('[');
    string(&mut text, &event.aggregate_type);
    text.push_str(", ");
    string(&mut text, &event.aggregate_id);
    let _ = write!(text, ", {}, ", event.sequence);
    string(&mut text, &event.event_type);
    text.push_str(", ");
    string(&mut text, &event.event_version);
    text.push_str(", ");
    string(&mut text, &event.payload);
    text.push_str(", ");
    string(&mut text, &event.metadata);
    let _ = write!(text, ", {}, ", event.global_position);
    string(&mut text, &event.event_id.to_string());
    let _ = write!(text, ", {}]", event.recorded_micros());
    text
}

/// A string as jsonb writes it (PostgreSQL's `escape_json`).
fn string(text: &mut String, value: &str) {
    text.push('"');
    for c in value.chars() {
        match c {
            '\u{8}' => text.push_str("\\b"),
            '\u{c}' => text.push_str("\\f"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(text, "\\u{:04x}", u32::from(c));
            }
            c => text.push(c),
        }
    }
    text.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    #[test]
    fn the_array_is_rendered_as_jsonb_renders_it() {
        let event = EventRow {
            aggregate_type: "Application".to_owned(),
            aggregate_id: "a\"b\\c\u{1}\n\tç".to_owned(),
            sequence: 3,
            event_type: "T".to_owned(),
            event_version: "1.0".to_owned(),
            payload: "{\"x\": \"é\\n\"}".to_owned(),
            metadata: "{}".to_owned(),
            global_position: 42,
            tx_id: 7,
            event_id: Uuid::nil(),
            recorded_at: Utc.timestamp_micros(-1).single().unwrap_or_default(),
            hash: Vec::new(),
        };
        assert_eq!(
            rendered(&event),
            "[\"Application\", \"a\\\"b\\\\c\\u0001\\n\\tç\", 3, \"T\", \"1.0\", \
             \"{\\\"x\\\": \\\"é\\\\n\\\"}\", \"{}\", 42, \
             \"00000000-0000-0000-0000-000000000000\", -1]"
        );
    }
}
