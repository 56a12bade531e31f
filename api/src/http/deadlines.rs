//! How long a request may take. The head has the connection's header read timeout (see
//! `server::connections`); here, the body gets a deadline of its own (408 past it) and the
//! whole request another (503 past it). Both are counted from the head's arrival.
//!
//! The body's deadline is for the whole body, not for each piece of it: a client that
//! sends a byte a second never lets a per-piece timeout expire, and would hold a task and
//! a buffer for as long as it liked.

use crate::http::error::ApiError;
use crate::settings::Timeouts;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::ACCEPT_LANGUAGE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// A request body that did not arrive whole within its time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {} s", .0.as_secs_f64())]
pub struct BodyTimedOut(pub Duration);

/// Whether `error`, or any error it was caused by, is a body that timed out; the limit.
pub fn body_timed_out(error: &(dyn std::error::Error + 'static)) -> Option<Duration> {
    std::iter::successors(Some(error), |error| error.source())
        .find_map(|error| error.downcast_ref::<BodyTimedOut>())
        .map(|timed_out| timed_out.0)
}

/// A body that fails with [`BodyTimedOut`] once its deadline has passed.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
    limit: Duration,
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        let this = self.get_mut();
        // Checked before the body too: a steady trickle is always ready with a byte.
        if this.deadline.is_elapsed() {
            return Poll::Ready(Some(Err(Box::new(BodyTimedOut(this.limit)))));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|frame| frame.map_err(Into::into))),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut(this.limit))))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Gives `body` until `limit` from now to arrive whole.
pub fn within(body: Body, limit: Duration) -> Body {
    Body::new(DeadlineBody {
        inner: body,
        deadline: Box::pin(tokio::time::sleep_until(Instant::now() + limit)),
        limit,
    })
}

/// The middleware: the body must arrive within `timeouts.body`, and the answer's head be
/// ready within `timeouts.request`; otherwise 503, as a problem for the API and as a page
/// for the pages.
pub async fn limit(State(timeouts): State<Timeouts>, request: Request, next: Next) -> Response {
    let page = is_page(request.uri().path());
    let language = request.headers().get(ACCEPT_LANGUAGE).cloned();
    let path = request.uri().path().to_owned();
    let request = request.map(|body| within(body, timeouts.body));
    match tokio::time::timeout(timeouts.request, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(limit = ?timeouts.request, "a request took too long; dropped");
            if page {
                crate::pages::away::plain_page(
                    language.as_ref(),
                    &path,
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    "timeout-heading",
                    "timeout-body",
                )
            } else {
                ApiError::Unavailable(format!(
                    "the request took longer than {} s and was given up; it may or may not \
                     have taken effect: read before you retry, or retry with the same \
                     Idempotency-Key",
                    timeouts.request.as_secs_f64()
                ))
                .into_response()
            }
        }
    }
}

/// Whether `path` is one of the pages' (answered with pages), not the API's, the
/// probes' or the OpenAPI document's (answered with problems).
pub fn is_page(path: &str) -> bool {
    let machine = path.starts_with("/api/")
        || path == "/api"
        || path.starts_with("/docs")
        || matches!(path, "/healthz" | "/readyz" | "/metrics");
    !machine
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// A body of a byte every [`PACE`], `left` bytes long.
    struct Trickle {
        next: Pin<Box<Sleep>>,
        left: u32,
    }

    impl http_body::Body for Trickle {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            match self.next.as_mut().poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(()) => {
                    self.left -= 1;
                    self.next = Box::pin(tokio::time::sleep(PACE));
                    Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"x")))))
                }
            }
        }
    }

    const PACE: Duration = Duration::from_millis(20);

    fn trickle(bytes: u32) -> Body {
        Body::new(Trickle {
            next: Box::pin(tokio::time::sleep(PACE)),
            left: bytes,
        })
    }

    #[tokio::test]
    async fn a_body_that_trickles_past_its_deadline_fails_though_every_piece_came_in_time() {
        let limit = PACE * 10;
        let body = within(trickle(50), limit);
        let error = body.collect().await.expect_err("timed out");
        assert_eq!(body_timed_out(&error), Some(limit));
        let body = within(trickle(3), limit);
        assert_eq!(body.collect().await.expect("read").to_bytes().len(), 3);
    }

    #[tokio::test]
    async fn a_body_that_arrives_in_time_is_read_whole() {
        let body = within(Body::from("all of it"), Duration::from_secs(5));
        let bytes = body.collect().await.expect("read").to_bytes();
        assert_eq!(&bytes[..], b"all of it");
    }

    #[test]
    fn the_api_the_probes_and_the_document_are_not_pages() {
        for path in [
            "/api/v1/people",
            "/api/openapi.json",
            "/docs/",
            "/healthz",
            "/metrics",
        ] {
            assert!(!is_page(path), "{path}");
        }
        for path in ["/", "/documents", "/sign-in", "/apiary"] {
            assert!(is_page(path), "{path}");
        }
    }
}
