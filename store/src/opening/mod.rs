//! Opening, at the edge, the personal values that read models keep sealed.
//!
//! A read model keeps each personal value sealed under the key of the person it is about,
//! as the event store does (`sealed:v1:<subjects>:<ciphertext>`, see
//! [`charter_domain::personal`]): erasing the person destroys the key, so no copy of a
//! read-model row (an old row version, the WAL, a replica, a backup) tells the value any
//! more, with no row to scrub. Whoever reads such a row for a response opens its values
//! here, with one look-up of keys for all of them, just before showing them; a value
//! whose key is gone reads as [`charter_domain::personal::ERASED`]. Sorting and filtering
//! by a personal value therefore happen in the application, after opening. The keys opened
//! are kept in the process while erasures are heard at once ([`read_keys`]).

mod read_keys;

pub use read_keys::ReadKeys;

use crate::personal_data::KeyRing;
use charter_domain::personal;
use serde_json::Value;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Opens, in place, every sealed value among `texts`; the others are left as they are.
pub async fn open_texts<'a>(
    pool: &PgPool,
    texts: impl IntoIterator<Item = &'a mut String>,
) -> Result<(), sqlx::Error> {
    let sealed: Vec<&mut String> = texts
        .into_iter()
        .filter(|text| personal::is_sealed(text))
        .collect();
    if sealed.is_empty() {
        return Ok(());
    }
    let cache = ReadKeys::of(pool);
    let (mut texts, generation) = cache.open_known(sealed);
    let subjects = subjects_of(&texts);
    if subjects.is_empty() {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    let ring = cache.ring(&mut conn, &subjects).await?;
    let before: Vec<String> = texts.iter().map(|text| (**text).clone()).collect();
    open_with(&ring, &mut texts)?;
    // An erased value is not kept: it is cheap to find erased again.
    let opened = before
        .into_iter()
        .zip(texts.iter())
        .filter(|(_, plain)| plain.as_str() != personal::ERASED)
        .map(|(sealed, plain)| (sealed, (**plain).clone()))
        .collect();
    cache.remember(opened, generation);
    Ok(())
}

/// [`open_texts`] on a connection the caller holds (in a transaction, say), with keys read
/// from it (none kept).
pub async fn open_texts_on<'a>(
    conn: &mut PgConnection,
    texts: impl IntoIterator<Item = &'a mut String>,
) -> Result<(), sqlx::Error> {
    let mut texts: Vec<&mut String> = texts.into_iter().collect();
    let subjects = subjects_of(&texts);
    if subjects.is_empty() {
        return Ok(());
    }
    let ring = KeyRing::load(conn, &subjects).await?;
    open_with(&ring, &mut texts)
}

/// Every string in `value`, at any depth, for [`open_texts`]: a JSON column whose
/// personal values are sealed strings opens with `open_texts(pool, strings_in(&mut v))`.
pub fn strings_in(value: &mut Value) -> Vec<&mut String> {
    let mut found = Vec::new();
    collect(value, &mut found);
    found
}

fn collect<'a>(value: &'a mut Value, found: &mut Vec<&'a mut String>) {
    match value {
        Value::String(text) => found.push(text),
        Value::Array(items) => items.iter_mut().for_each(|item| collect(item, found)),
        Value::Object(fields) => fields.values_mut().for_each(|item| collect(item, found)),
        _ => {}
    }
}

/// The subjects the sealed values among `texts` are sealed under, each once.
fn subjects_of(texts: &[&mut String]) -> Vec<Uuid> {
    let mut subjects: Vec<Uuid> = texts
        .iter()
        .filter_map(|text| personal::sealed_subjects(text))
        .flatten()
        .collect();
    subjects.sort_unstable();
    subjects.dedup();
    subjects
}

fn open_with(ring: &KeyRing, texts: &mut [&mut String]) -> Result<(), sqlx::Error> {
    for text in texts.iter_mut() {
        // A value that does not open with its subjects' keys was altered in the database:
        // an error, not a silent "[erased]".
        ring.open_text(text)
            .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_string_of_a_json_value_is_found_at_any_depth() {
        let mut value = json!({
            "name": "a",
            "founders": [{"name": "b", "email": null, "n": 3}, "c"],
            "details": {"attended_by": [{"name": "d"}]},
        });
        let mut found: Vec<String> = strings_in(&mut value)
            .into_iter()
            .map(|s| s.clone())
            .collect();
        found.sort();
        assert_eq!(found, ["a", "b", "c", "d"]);
    }

    #[test]
    fn only_sealed_values_name_subjects_to_look_up() {
        let subject = Uuid::from_u128(7);
        let sealed = personal::seal("Ana", &[(subject, [1u8; personal::KEY_LEN])], [0; 12]);
        let (mut a, mut b, mut c) = (sealed.clone(), "plain".to_owned(), sealed);
        assert_eq!(subjects_of(&[&mut a, &mut b, &mut c]), [subject]);
    }
}
