//! How many personal-data keys this process has destroyed, per database. What the reads
//! keep opened ([`crate::opening::ReadKeys`]) is forgotten as soon as its database's count
//! moves, so that no read that begins after an erasure made here has answered opens the
//! erased value, even before the erasure's announcement is heard.

use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

static DESTROYED: LazyLock<Mutex<HashMap<String, u64>>> = LazyLock::new(Default::default);

/// The database `pool` connects to (host, port, name), as the caches of this process name it.
pub(crate) fn database_of(pool: &PgPool) -> String {
    let options = pool.connect_options();
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}

/// A key of `pool`'s database was destroyed by this process (called once its destruction
/// is committed).
pub(crate) fn key_destroyed(pool: &PgPool) {
    let mut destroyed = DESTROYED.lock().unwrap_or_else(|e| e.into_inner());
    *destroyed.entry(database_of(pool)).or_default() += 1;
}

/// How many keys of `database` this process has destroyed so far.
pub(crate) fn destroyed(database: &str) -> u64 {
    let destroyed = DESTROYED.lock().unwrap_or_else(|e| e.into_inner());
    destroyed.get(database).copied().unwrap_or_default()
}
