//! The advisory locks that make one projector of several instances the one that runs.

use super::Projector;
use sqlx::PgConnection;
use std::time::Duration;

/// How long the lock's connection may take to answer a ping before it counts as lost.
pub(super) const LOCK_PING_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the lock's connection may take to let go of the locks when the projector
/// gives them up (see [`release_locks`]).
const RELEASE_TIMEOUT: Duration = Duration::from_secs(1);

/// Lets go of the projections' advisory locks that `lock` holds at once, rather than when
/// the server notices the connection closed: taken again right after (a stuck batch given
/// up), they would otherwise still be held by this connection's server process, and the
/// projector would stand by instead of trying again. A connection that does not answer in
/// time is left to close, and the locks go with it.
pub(super) async fn release_locks(lock: &mut PgConnection) {
    let released = tokio::time::timeout(
        RELEASE_TIMEOUT,
        sqlx::query("SELECT pg_advisory_unlock_all()").execute(lock),
    )
    .await;
    if !matches!(released, Ok(Ok(_))) {
        tracing::warn!("the projector's locks are released only when its connection closes");
    }
}

impl Projector {
    /// A connection holding the session advisory lock of every projection fed, if they
    /// were all free. The connection is detached from the pool, so dropping it closes it
    /// and frees the locks.
    pub(super) async fn lock(&self) -> Result<Option<PgConnection>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?.detach();
        let locked: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_try_advisory_lock(hashtext('charter.projector.' || name))
             FROM unnest($1::text[]) AS name",
        )
        .bind(self.names())
        .fetch_all(&mut conn)
        .await?;
        Ok(locked.iter().all(|&held| held).then_some(conn))
    }
}
