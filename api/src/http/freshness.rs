//! Fresh reads: every command's answer carries a consistency token (`Consistency-Token`,
//! today the decimal global position of the last event it wrote), and a read waits, bounded,
//! until the read models it uses have reached the token it is given, or, given none, the
//! caller's own latest write (session consistency), so that a client reads its own writes
//! without knowing about positions. `min_position` stays an alias of the header.
//!
//! The answer side is one layer ([`answer`]) around every API route, told what a request
//! wrote by the command bus ([`crate::commands::written`]); the read side is one extractor
//! ([`ReadAfter`]) that each read takes, naming only the read models it draws on.

use crate::commands::written;
use crate::http::error::{ApiError, ApiResult};
use crate::http::latest_writes::Written;
use crate::http::replica_reads::replica_for;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use charter_projections::{Watermark, WatermarkError};
use sqlx::PgPool;
use tokio::time::Instant;

/// The request and response header.
pub static HEADER: HeaderName = HeaderName::from_static("consistency-token");
/// The name problems give the header in their `field`.
const FIELD: &str = "Consistency-Token";

/// The layer: a command's answer carries the token of what it wrote, and the caller is
/// remembered as having written it. A read passes through untouched.
pub async fn answer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let caller = request
        .headers()
        .get(AUTHORIZATION)
        .map(|credential| state.latest_writes.caller(credential.as_bytes()));
    let (mut response, written) = written::track(next.run(request)).await;
    let Some(position) = written else {
        return response;
    };
    // Remembered even when a later step of the request failed: its reads must still see
    // what was written before.
    if let Some(caller) = caller {
        let tx_id = state.watermark.tx_of(position);
        state
            .latest_writes
            .record(caller, Written { position, tx_id });
    }
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(HEADER.clone(), HeaderValue::from(position));
    }
    response
}

/// Where a read must not start before: the token the request carried, and the caller's own
/// latest write.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadAfter {
    token: Option<i64>,
    own: Option<Written>,
}

impl FromRequestParts<AppState> for ReadAfter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = match parts.headers.get(&HEADER) {
            None => None,
            Some(value) => Some(parse(value)?),
        };
        let own = parts.headers.get(AUTHORIZATION).and_then(|credential| {
            let caller = state.latest_writes.caller(credential.as_bytes());
            state.latest_writes.of(caller)
        });
        Ok(Self { token, own })
    }
}

/// A token as the contract gives it: 1 to 19 decimal digits, within a position's range.
fn parse(value: &HeaderValue) -> ApiResult<i64> {
    let malformed = || ApiError::BadRequest {
        detail: "Consistency-Token must be the token of a command's answer: 1 to 19 digits"
            .to_owned(),
        field: Some(FIELD.to_owned()),
    };
    let text = value.to_str().map_err(|_| malformed())?;
    if !(1..=19).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse().map_err(|_| malformed())
}

impl ReadAfter {
    /// Waits until `projections` have reached what the read must show: the latest of the
    /// token, the caller's own latest write and `min_position` (the alias, whose refusals
    /// stay as they were: a negative or unknown one is 400).
    ///
    /// Gives the connections to read with: a streaming replica's when one is configured
    /// and has reached it in time, the primary's otherwise.
    pub async fn wait(
        &self,
        state: &AppState,
        min_position: Option<i64>,
        projections: &[&str],
    ) -> ApiResult<PgPool> {
        let own = self
            .own
            .filter(|own| self.token.is_none_or(|token| own.position >= token));
        let (carried, tx_id) = match own {
            Some(own) => (Some(own.position), own.tx_id),
            None => (self.token, None),
        };
        // A negative min_position is refused below, by the primary's path.
        if min_position.is_none_or(|asked| asked >= 0) {
            let wanted = carried.unwrap_or(0).max(min_position.unwrap_or(0));
            if let Some(replica) = replica_for(
                state.replica.as_ref(),
                &state.reads_served,
                wanted,
                projections,
            )
            .await
            {
                return Ok(replica);
            }
        }
        match carried.filter(|&position| position > 0) {
            Some(carried) if min_position.is_none_or(|asked| (0..carried).contains(&asked)) => {
                wait_for_token(state, carried, tx_id, projections).await?
            }
            _ => state.wait_for(min_position, projections).await?,
        }
        Ok(state.pool.clone())
    }
}

/// Waits for the token `position`. A position no event has yet may be one this server has
/// not seen committed (a token from another instance, or from a read of a replica that is
/// ahead): it is waited for like the rest, and the read is unavailable (503) when the wait
/// runs out. The watermark answers at once, without any waiting machinery, when the read
/// models are there already.
async fn wait_for_token(
    state: &AppState,
    position: i64,
    tx_id: Option<i64>,
    projections: &[&str],
) -> ApiResult<()> {
    let deadline = Instant::now() + state.settings.max_read_wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let waited = state
            .watermark
            .wait_for_in(position, tx_id, projections, left);
        match waited.await {
            Ok(()) => return Ok(()),
            // Asked until the bound has passed, not merely come within a poll of it.
            Err(WatermarkError::UnknownPosition(_)) if !left.is_zero() => {
                tokio::time::sleep(Watermark::POLL.min(left)).await;
            }
            Err(WatermarkError::UnknownPosition(_) | WatermarkError::TimedOut(_)) => {
                return Err(ApiError::Unavailable(format!(
                    "the read models did not reach consistency token {position} in time; retry"
                )))
            }
            Err(WatermarkError::Database(error)) => return Err(error.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use axum::http::HeaderValue;

    #[test]
    fn a_token_is_one_to_nineteen_digits_within_range() {
        let parsed = |text: &str| parse(&HeaderValue::from_str(text).expect("a header value"));
        assert_eq!(parsed("42").ok(), Some(42));
        assert_eq!(parsed("0").ok(), Some(0));
        for malformed in ["", "-1", "+1", "1.0", "abc", " 1", "99999999999999999999"] {
            assert!(parsed(malformed).is_err(), "{malformed:?} refused");
        }
        // Nineteen digits, past the largest position.
        assert!(parsed("9999999999999999999").is_err());
    }
}
