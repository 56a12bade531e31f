//! W3C Trace Context: the trace id of a request's `traceparent` header, so that a request
//! traced by a proxy or a calling service can be found in Charter's logs (the request
//! span's `trace_id`) and in the metadata of the events it wrote. Charter exports no spans
//! of its own; it only carries the caller's trace id along.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries the trace context in.
pub static HEADER: HeaderName = HeaderName::from_static("traceparent");

tokio::task_local! {
    static CURRENT: Option<String>;
}

/// The trace id of the request being served, if it came with a valid `traceparent`.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok().flatten()
}

/// The trace id of `headers`' `traceparent`, when it is one the specification accepts
/// (`version-traceid-parentid-flags`, lowercase hexadecimal, neither id all zeros, version
/// `ff` invalid); anything else is ignored, as the specification says, rather than
/// refused.
pub fn trace_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(&HEADER)?.to_str().ok()?.trim();
    let mut parts = value.split('-');
    let (version, trace, parent, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let hex = |part: &str, len: usize| {
        part.len() == len && part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let nonzero = |part: &str| part.bytes().any(|b| b != b'0');
    // A later version may add fields after the flags; version 00 has none.
    let fields_fit = version != "00" || parts.next().is_none();
    (hex(version, 2)
        && version != "ff"
        && hex(trace, 32)
        && nonzero(trace)
        && hex(parent, 16)
        && nonzero(parent)
        && hex(flags, 2)
        && fields_fit)
        .then(|| trace.to_owned())
}

/// Makes the request's trace id available to everything serving it.
pub async fn scope(request: Request, next: Next) -> Response {
    let id = trace_id(request.headers());
    CURRENT.scope(id, next.run(request)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn of(value: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(
            &HEADER,
            HeaderValue::from_str(value).expect("a header value"),
        );
        trace_id(&headers)
    }

    #[test]
    fn a_valid_traceparent_gives_its_trace_id_and_anything_else_none() {
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        assert_eq!(
            of(&format!("00-{trace}-00f067aa0ba902b7-01")).as_deref(),
            Some(trace)
        );
        assert_eq!(
            of(&format!("01-{trace}-00f067aa0ba902b7-01-later")).as_deref(),
            Some(trace)
        );
        for bad in [
            format!("00-{trace}-00f067aa0ba902b7-01-extra"),
            format!("ff-{trace}-00f067aa0ba902b7-01"),
            format!("00-{}-00f067aa0ba902b7-01", "0".repeat(32)),
            format!("00-{trace}-0000000000000000-01"),
            format!("00-{}-00f067aa0ba902b7-01", trace.to_uppercase()),
            format!("00-{trace}-00f067aa0ba902b7"),
            "garbage".to_owned(),
        ] {
            assert_eq!(of(&bad), None, "{bad}");
        }
    }
}
