//! The answers kept for replays, sealed under the keys of the people they name.
//!
//! An answer can show personal data (a registered person's name and address, a team's
//! founders). It is kept sealed, as one value, under the keys of everyone whose id it
//! mentions and who has personal data (the answers name the subject beside every personal
//! value, as the events do), and of the caller: erasing any of them destroys a key it
//! needs, so no copy of the row (an old version, the WAL, a backup) tells it any more. An
//! answer that names no one with personal data is kept as it is.

use charter_domain::personal;
use charter_store::personal_data::{KeyRing, Resealed};
use sqlx::PgPool;
use uuid::Uuid;

/// `body`, sealed under the keys of the people it names and of `caller` where they have
/// keys; as it is when it names no one who has.
pub(super) async fn seal(pool: &PgPool, caller: Uuid, body: &[u8]) -> Result<Vec<u8>, sqlx::Error> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Ok(body.to_vec());
    };
    let mut named = ids_in(text);
    named.push(caller);
    named.sort_unstable();
    named.dedup();
    let mut conn = pool.acquire().await?;
    let ring = KeyRing::load(&mut conn, &named).await?;
    let keyed: Vec<Uuid> = ring.keys().map(|(id, _)| id).collect();
    Ok(match ring.reseal(&keyed, text) {
        Resealed::Sealed(sealed) => sealed.into_bytes(),
        Resealed::Erased | Resealed::Plain => body.to_vec(),
    })
}

/// A kept answer's body, opened; `None` when someone it names has been erased since.
pub(super) async fn open(pool: &PgPool, body: Vec<u8>) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let Some(subjects) = std::str::from_utf8(&body)
        .ok()
        .and_then(personal::sealed_subjects)
    else {
        return Ok(Some(body));
    };
    let mut conn = pool.acquire().await?;
    let ring = KeyRing::load(&mut conn, &subjects).await?;
    let mut text = String::from_utf8(body).unwrap_or_default();
    ring.open_text(&mut text)
        .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
    Ok((text != personal::ERASED).then(|| text.into_bytes()))
}

/// Every UUID written in `text` in its hyphenated form, in order, with repeats.
fn ids_in(text: &str) -> Vec<Uuid> {
    const LEN: usize = 36;
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at + LEN <= bytes.len() {
        let candidate = &bytes[at..at + LEN];
        let shaped = candidate.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
        match shaped
            .then(|| Uuid::try_parse_ascii(candidate).ok())
            .flatten()
        {
            Some(id) => {
                found.push(id);
                at += LEN;
            }
            None => at += 1,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_an_answer_writes_is_found() {
        let (a, b) = (Uuid::from_u128(1), Uuid::now_v7());
        let text =
            format!(r#"{{"person_id":"{a}","founders":[{{"person_id":"{b}"}}],"n":"{a}x"}}"#);
        assert_eq!(ids_in(&text), [a, b, a]);
        assert!(ids_in("no ids here, not even 00000000-0000-0000-0000-00000000000").is_empty());
    }
}
