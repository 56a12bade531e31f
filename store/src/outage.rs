//! The database away, as opposed to the database refusing: the SQLSTATEs of a server that
//! is not there to serve, and the search through an error's causes for a lost database.
//! [`is_unreachable`] is the rule for one `sqlx::Error`, re-exported by [`crate::db`].

use sqlx::postgres::{PgDatabaseError, PgSeverity};

/// Whether `error` says the database could not be reached or ended the session, rather
/// than that it refused what was asked: the one rule by which every caller tells "retry
/// shortly" (503) from a failure. Unreachable means the socket failed (refused, reset,
/// closed), the pool gave up waiting or was closed, the connection's worker is gone, the
/// server ended the session with a FATAL or PANIC error, or it answered with one of the
/// [`UNAVAILABLE_STATES`] (its process was terminated,
/// it shuts down or starts up, it is in recovery).
pub fn is_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(refused) => {
            refused.code().as_deref().is_some_and(unavailable_state)
                || refused
                    .try_downcast_ref::<PgDatabaseError>()
                    .is_some_and(|refused| {
                        matches!(refused.severity(), PgSeverity::Fatal | PgSeverity::Panic)
                    })
        }
        _ => false,
    }
}

/// The SQLSTATEs that say the server is not there to serve, for now: not that it refused
/// the statement. Class 08 (every connection exception) counts as a whole.
pub const UNAVAILABLE_STATES: &[(&str, &str)] = &[
    (
        "57P01",
        "admin_shutdown: the session was terminated (pg_terminate_backend, a fast shutdown)",
    ),
    ("57P02", "crash_shutdown: another server process crashed"),
    (
        "57P03",
        "cannot_connect_now: the server is starting up or shutting down",
    ),
    ("57P05", "idle_session_timeout"),
    ("53300", "too_many_connections"),
    (
        "55000",
        "object_not_in_prerequisite_state: the server is in recovery",
    ),
];

/// Whether SQLSTATE `code` is one of [`UNAVAILABLE_STATES`] or of class 08.
pub fn unavailable_state(code: &str) -> bool {
    code.starts_with("08") || UNAVAILABLE_STATES.iter().any(|(state, _)| *state == code)
}

/// Whether `error`, or any error it was caused by, is a database error that
/// [`is_unreachable`] counts as unreachable: for failures that carry the database's error
/// inside their own (a read model's, an event store's).
pub fn caused_by_unreachable(error: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(error), |error| error.source()).any(|error| {
        error
            .downcast_ref::<sqlx::Error>()
            .is_some_and(is_unreachable)
            || error
                .downcast_ref::<PgDatabaseError>()
                .is_some_and(|refused| unavailable_state(refused.code()))
            || error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| lost_connection(io.kind()))
    })
}

/// Whether an I/O failure of this kind means the peer is not there (or no longer).
fn lost_connection(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind;
    matches!(
        kind,
        ErrorKind::ConnectionRefused
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::NotConnected
            | ErrorKind::BrokenPipe
            | ErrorKind::UnexpectedEof
    )
}

#[cfg(test)]
mod tests {
    use super::{caused_by_unreachable, is_unreachable, unavailable_state};

    #[test]
    fn a_lost_socket_or_pool_is_unreachable_and_a_refusal_is_not() {
        let io = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(is_unreachable(&sqlx::Error::Io(io())));
        assert!(is_unreachable(&sqlx::Error::Tls(Box::new(io()))));
        assert!(is_unreachable(&sqlx::Error::PoolTimedOut));
        assert!(is_unreachable(&sqlx::Error::PoolClosed));
        assert!(!is_unreachable(&sqlx::Error::RowNotFound));
        assert!(is_unreachable(&sqlx::Error::WorkerCrashed));
        assert!(!is_unreachable(&sqlx::Error::Protocol(
            "unexpected".to_owned()
        )));
    }

    #[test]
    fn each_sqlstate_of_a_server_that_is_away_is_unavailable_and_a_refusal_is_not() {
        for away in [
            "57P01", "57P02", "57P03", "57P05", "53300", "55000", "08000", "08003", "08006",
            "08001", "08004", "08P01",
        ] {
            assert!(unavailable_state(away), "{away}");
        }
        // Refusals of the statement: a unique or check violation, a serialization failure,
        // a deadlock, a syntax error, a lock not available, a statement timeout.
        for refused in [
            "23505", "23514", "40001", "40P01", "42601", "55P03", "57014",
        ] {
            assert!(!unavailable_state(refused), "{refused}");
        }
    }

    #[test]
    fn a_failure_caused_by_a_lost_database_is_unreachable_however_deeply_wrapped() {
        #[derive(Debug, thiserror::Error)]
        #[error("a read model failed")]
        struct ReadModel(#[source] sqlx::Error);
        let wrapped = ReadModel(sqlx::Error::PoolTimedOut);
        assert!(caused_by_unreachable(&wrapped));
        let refused = ReadModel(sqlx::Error::RowNotFound);
        assert!(!caused_by_unreachable(&refused));
        let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(caused_by_unreachable(&reset));
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        assert!(!caused_by_unreachable(&missing));
    }
}
