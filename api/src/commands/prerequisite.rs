//! Rows a command's events need, written only once the command has been decided.

use sqlx::PgPool;

/// A row the events of a command need, written only once the command has been decided: a
/// refused command writes nothing.
///
/// A document's bytes go into the append's own transaction, after the events (see DESIGN:
/// the append transaction writes the events first), so an event and its bytes commit
/// together. A vote's opening is written in a short transaction of its own just before the
/// append (it may find the application's one open-vote place taken, and refuse the
/// command), idempotently, so a retry or a crash before the append leaves at worst an
/// unreferenced row, never an event without its row.
#[derive(Debug, Clone)]
pub enum Prerequisite {
    /// A document's bytes, stored under their SHA-256.
    Blob {
        sha256: String,
        content: bytes::Bytes,
    },
    /// A vote being opened: its sealing key, and the reservation of its application,
    /// which holds one open vote at a time.
    VoteOpening {
        vote_id: uuid::Uuid,
        application_id: uuid::Uuid,
        key: Vec<u8>,
    },
}

impl Prerequisite {
    /// The document bytes the append writes after the events, if this is one.
    pub(super) fn blob(&self) -> Option<(&str, &[u8])> {
        match self {
            Prerequisite::Blob { sha256, content } => Some((sha256.as_str(), content.as_ref())),
            Prerequisite::VoteOpening { .. } => None,
        }
    }

    /// Writes the row that goes before the append, if this is one; `Ok(Some(reason))` when
    /// something else already holds its place.
    pub(super) async fn write_before(&self, pool: &PgPool) -> Result<Option<String>, sqlx::Error> {
        match self {
            // Written by the append itself.
            Prerequisite::Blob { .. } => {}
            Prerequisite::VoteOpening {
                vote_id,
                application_id,
                key,
            } => {
                let mut tx = pool.begin().await?;
                sqlx::query(
                    "INSERT INTO open_votes (application_id, vote_id) VALUES ($1, $2)
                     ON CONFLICT (application_id) DO NOTHING",
                )
                .bind(application_id)
                .bind(vote_id)
                .execute(&mut *tx)
                .await?;
                let holder: uuid::Uuid =
                    sqlx::query_scalar("SELECT vote_id FROM open_votes WHERE application_id = $1")
                        .bind(application_id)
                        .fetch_one(&mut *tx)
                        .await?;
                if holder != *vote_id {
                    return Ok(Some(format!(
                        "vote {holder} on application {application_id} is still open; \
                         the committee votes on one motion about an application at a time"
                    )));
                }
                let key = <&[u8; 32]>::try_from(key.as_slice()).map_err(|_| {
                    sqlx::Error::Protocol("a vote's sealing key is 32 bytes".into())
                })?;
                charter_store::keys::vote_keys::keep(&mut tx, *vote_id, key).await?;
                tx.commit().await?;
            }
        }
        Ok(None)
    }
}
