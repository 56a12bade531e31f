//! What became of a command: accepted with its events and position, or why not.

use charter_store::db;
use cqrs_es::AggregateError;

/// A command the store accepted.
#[derive(Debug, Clone)]
pub struct Accepted<E> {
    /// The version after the command of what it acted on (see
    /// [`charter_domain::Versioned`]): the sequence of the aggregate's last event, or, on
    /// the roster, of its last event about the person the command names.
    pub version: i64,
    /// The global position of the last event written; reads can wait for it. When the
    /// command changed nothing (a vote already carried out), the position of the
    /// aggregate's last event.
    pub position: i64,
    /// The events written, with their sequences.
    pub events: Vec<(i64, E)>,
}

/// Why a command was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum CommandError<E: std::error::Error + 'static> {
    #[error(transparent)]
    Refused(E),
    #[error("{0}")]
    Occupied(String),
    #[error(
        "the request expected {expected}, but it is at version {actual}: read it again and \
         decide anew"
    )]
    Stale {
        expected: super::VersionMatch,
        actual: i64,
    },
    #[error("another change to the same application kept winning; {attempts} attempts failed")]
    Contended { attempts: u32 },
    #[error("event store: {0}")]
    Store(String),
    /// The event store could not be reached.
    #[error("event store unreachable: {0}")]
    Unavailable(String),
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

/// A store's failure as a command's: a refusal, an unreachable store, or anything else.
pub(super) fn store_error<E: std::error::Error + 'static>(
    error: AggregateError<E>,
) -> CommandError<E> {
    match error {
        AggregateError::UserError(refusal) => CommandError::Refused(refusal),
        AggregateError::DatabaseConnectionError(cause) => {
            CommandError::Unavailable(cause.to_string())
        }
        // postgres-es reports a pool that timed out or closed as unexpected; the sealing
        // store wraps the database's errors in its own.
        AggregateError::UnexpectedError(cause) if db::caused_by_unreachable(&*cause) => {
            CommandError::Unavailable(cause.to_string())
        }
        other => CommandError::Store(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("refused")]
    struct Refused;

    fn mapped(error: AggregateError<Refused>) -> &'static str {
        match store_error(error) {
            CommandError::Refused(_) => "refused",
            CommandError::Unavailable(_) => "unavailable",
            CommandError::Store(_) => "store",
            _ => "other",
        }
    }

    #[test]
    fn an_unreachable_store_is_unavailable_and_any_other_failure_a_store_error() {
        let boxed =
            |error: sqlx::Error| -> Box<dyn std::error::Error + Send + Sync> { Box::new(error) };
        assert_eq!(mapped(AggregateError::UserError(Refused)), "refused");
        assert_eq!(
            mapped(AggregateError::DatabaseConnectionError(boxed(
                sqlx::Error::PoolClosed
            ))),
            "unavailable"
        );
        // How postgres-es reports a pool that timed out.
        assert_eq!(
            mapped(AggregateError::UnexpectedError(boxed(
                sqlx::Error::PoolTimedOut
            ))),
            "unavailable"
        );
        assert_eq!(
            mapped(AggregateError::UnexpectedError(boxed(
                sqlx::Error::RowNotFound
            ))),
            "store"
        );
        // A socket reset under another error.
        #[derive(Debug, thiserror::Error)]
        #[error("append failed")]
        struct Append(#[source] std::io::Error);
        let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert_eq!(
            mapped(AggregateError::UnexpectedError(Box::new(Append(reset)))),
            "unavailable"
        );
        assert_eq!(mapped(AggregateError::AggregateConflict), "store");
    }
}
