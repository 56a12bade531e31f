//! Cross-origin requests (CORS): a web application of another origin (a hub network's
//! website, its CRM) may call the API from a browser only when the server is told to allow
//! that origin (`--cors-origins`). Off by default: no answer carries CORS headers, so a
//! browser keeps every other origin's script from reading anything, and a preflight is
//! answered as any other unknown method.
//!
//! The API authenticates with bearer tokens, never cookies, so credentials are not allowed
//! cross-origin: an allowed origin's script must hold a token of its own.

use axum::http::header::{
    AUTHORIZATION, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH, LINK,
    LOCATION, RETRY_AFTER,
};
use axum::http::{HeaderName, HeaderValue, Method};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The origins whose scripts may call the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CorsOrigins {
    /// None: CORS is off.
    #[default]
    None,
    /// Any origin (`*`).
    Any,
    /// These origins, each `scheme://host[:port]`.
    List(Vec<HeaderValue>),
}

/// Parses `--cors-origins`: a comma-separated list of origins such as
/// `https://crm.example.org,http://localhost:3000`, or `*` for any; empty for none.
pub fn parse_origins(text: &str) -> Result<CorsOrigins, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(CorsOrigins::None);
    }
    if text == "*" {
        return Ok(CorsOrigins::Any);
    }
    let mut origins = Vec::new();
    for origin in text.split(',').map(str::trim) {
        let normal = origin.to_ascii_lowercase();
        let host = normal
            .strip_prefix("https://")
            .or_else(|| normal.strip_prefix("http://"));
        let valid = host.is_some_and(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        });
        if !valid {
            return Err(format!(
                "`{origin}` is not an origin: write each as scheme://host[:port] (http or \
                 https, no path, no trailing slash), separated by commas, or `*` for any"
            ));
        }
        let value = HeaderValue::from_str(&normal).map_err(|error| error.to_string())?;
        if !origins.contains(&value) {
            origins.push(value);
        }
    }
    Ok(CorsOrigins::List(origins))
}

/// The headers a client of another origin may send besides the CORS-safelisted ones.
const REQUEST_HEADERS: [&str; 6] = [
    "idempotency-key",
    "consistency-token",
    "x-request-id",
    "traceparent",
    "tracestate",
    "prefer",
];

/// The response headers its script may read besides the CORS-safelisted ones.
const RESPONSE_HEADERS: [&str; 4] = [
    "idempotent-replayed",
    "consistency-token",
    "x-request-id",
    "traceresponse",
];

/// The layer that answers preflights and marks answers readable by `origins`; `None` when
/// CORS is off.
pub fn layer(origins: &CorsOrigins) -> Option<CorsLayer> {
    let allow = match origins {
        CorsOrigins::None => return None,
        CorsOrigins::Any => AllowOrigin::any(),
        CorsOrigins::List(list) => AllowOrigin::list(list.iter().cloned()),
    };
    let mut request_headers = vec![AUTHORIZATION, CONTENT_TYPE, IF_MATCH, IF_NONE_MATCH];
    request_headers.extend(REQUEST_HEADERS.map(HeaderName::from_static));
    let mut response_headers = vec![ETAG, LOCATION, RETRY_AFTER, CONTENT_DISPOSITION, LINK];
    response_headers.extend(RESPONSE_HEADERS.map(HeaderName::from_static));
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                Method::GET,
                Method::HEAD,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers(request_headers)
            .expose_headers(response_headers)
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::{parse_origins, CorsOrigins};

    #[test]
    fn origins_are_a_comma_separated_list_or_a_star_or_nothing() {
        assert_eq!(parse_origins(""), Ok(CorsOrigins::None));
        assert_eq!(parse_origins("*"), Ok(CorsOrigins::Any));
        let CorsOrigins::List(list) =
            parse_origins("https://CRM.example.org, http://localhost:3000,https://crm.example.org")
                .expect("origins")
        else {
            panic!("a list");
        };
        let list: Vec<&str> = list.iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(list, ["https://crm.example.org", "http://localhost:3000"]);
    }

    #[test]
    fn what_is_not_an_origin_is_refused_with_the_form_it_should_take() {
        for bad in [
            "crm.example.org",
            "https://crm.example.org/",
            "https://crm.example.org/path",
            "ftp://crm.example.org",
            "https://",
            "https://a.example, *",
            "https://a b.example",
        ] {
            let error = parse_origins(bad).expect_err(bad);
            assert!(error.contains("scheme://host[:port]"), "{bad}: {error}");
        }
    }
}
