//! The document bytes events refer to, hashed here.

use super::leaf::{digest, document_named};
use crate::event_row::EventRow;
use crate::merkle::Hash;
use sqlx::PgConnection;
use std::collections::HashMap;

/// Documents read per query: each may be as large as an upload (25 MiB by default).
const DOCUMENTS_PER_QUERY: usize = 8;

/// The SHA-256 of the bytes stored under each document name `events` refer to, recomputed
/// from `document_blobs.content` (`None` for a name with no bytes stored).
pub(crate) async fn digests(
    conn: &mut PgConnection,
    events: &[EventRow],
) -> Result<HashMap<String, Option<Hash>>, sqlx::Error> {
    let mut names: Vec<String> = events
        .iter()
        .filter_map(|event| document_named(&event.payload))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut digests: HashMap<String, Option<Hash>> =
        names.iter().map(|name| (name.clone(), None)).collect();
    for chunk in names.chunks(DOCUMENTS_PER_QUERY) {
        let rows: Vec<(String, Vec<u8>)> =
            sqlx::query_as("SELECT sha256, content FROM document_blobs WHERE sha256 = ANY($1)")
                .bind(chunk)
                .fetch_all(&mut *conn)
                .await?;
        for (name, content) in rows {
            digests.insert(name, Some(digest(&content)));
        }
    }
    Ok(digests)
}

/// What a leaf records of the document `event` refers to (see [`super::EventLeaf::of`]).
pub(crate) fn document_of(
    event: &EventRow,
    digests: &HashMap<String, Option<Hash>>,
) -> Option<Option<Hash>> {
    document_named(&event.payload).map(|name| digests.get(&name).copied().flatten())
}
