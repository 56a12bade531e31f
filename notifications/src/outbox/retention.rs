//! How long a message's words are kept. Once it is sent (or dropped), its words and address
//! serve only to show what was sent, and the attempts already prove that it was: they are
//! forgotten after [`KEEP_SENT`]. The row (kind, recipient, times, attempts) stays, so that
//! the message is never decided again and its delivery can still be shown. A dead message
//! keeps its words for [`KEEP_DEAD`], for the secretariat to send it again.

use sqlx::PgPool;
use std::time::Duration;

/// How long a sent message's words are kept: 30 days, for a recipient who asks "what did
/// you send me?" and for an operator who checks a complaint.
pub const KEEP_SENT: Duration = Duration::from_secs(30 * 24 * 3600);

/// How long a dead message's words are kept.
pub const KEEP_DEAD: Duration = Duration::from_secs(90 * 24 * 3600);

/// Forgets the words of messages kept longer than `sent` (sent, dropped, or sent in a
/// digest) or `dead`;
/// returns how many.
pub async fn forget_old(pool: &PgPool, sent: Duration, dead: Duration) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notification_messages SET sealed_content = NULL, purged_at = now()
         WHERE sealed_content IS NOT NULL
           AND created_at < now() - make_interval(secs => least($1, $2))
           AND ((status IN ('sent', 'dropped', 'digested')
                 AND COALESCE(sent_at, created_at) < now() - make_interval(secs => $1))
             OR (status = 'dead' AND created_at < now() - make_interval(secs => $2)))",
    )
    .bind(sent.as_secs_f64())
    .bind(dead.as_secs_f64())
    .execute(pool)
    .await?
    .rows_affected())
}
