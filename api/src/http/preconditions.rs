//! `If-Match`: a command sent with the version of the aggregate it acts on (as the `ETag`
//! of a read or the `version` of a command's answer gave it) is refused with 412, writing
//! nothing, when the aggregate has moved on since. The version is checked against the
//! state the command is decided on, in the same turn as the append. The header is read as
//! RFC 9110 says: `*`, or a list of tags any of which may match, compared strongly.
//!
//! `If-None-Match`: a read sent with the `ETag` it was given answers 304 while the
//! representation has not changed. A founder's read is tagged by a hash of what they are
//! shown ([`view_etag`]), not by the version, which also counts the panel's work hidden
//! from them: that tag is for `If-None-Match` only.

use crate::commands::{ExpectedVersion, VersionMatch};
use crate::http::error::ApiError;
use axum::extract::Request;
use axum::http::header::IF_MATCH;
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// An entity tag for `version`, as `ETag` headers carry it.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// An entity tag for a representation that is not an aggregate's version: a hash of the
/// exact bytes sent, so that it changes exactly when they do.
pub fn view_etag(body: &[u8]) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let digest = hex::encode(Sha256::digest(body));
    HeaderValue::from_str(&format!("\"view-{}\"", &digest[..32]))
        .unwrap_or(HeaderValue::from_static("\"view\""))
}

/// A read's answer tagged `tag`: 304 (with the tag, no body) when `If-None-Match` in
/// `headers` names it, else `body`, JSON, with the tag as its `ETag`.
pub fn tagged_json(headers: &axum::http::HeaderMap, tag: HeaderValue, body: Vec<u8>) -> Response {
    use axum::http::{header, StatusCode};
    if none_match(headers, &tag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    let json = HeaderValue::from_static("application/json");
    ([(header::ETAG, tag), (header::CONTENT_TYPE, json)], body).into_response()
}

/// What an `If-Match` or `If-None-Match` names: any current representation (`*`), or a
/// list of entity tags (RFC 9110, section 8.8.3), each weak or strong, by its opaque part.
#[derive(Debug, PartialEq, Eq)]
enum Tags {
    Any,
    List(Vec<(bool, String)>),
}

/// Parses every line of a conditional header as one list. A bare number (`7`) is taken as
/// the strong tag `"7"`, as Charter has always accepted; anything else that is not an
/// entity tag is refused.
fn tags<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Result<Tags, ()> {
    let mut list = Vec::new();
    let mut any = false;
    for value in values {
        let mut rest = value.to_str().map_err(|_| ())?.trim();
        while !rest.is_empty() {
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix('*') {
                any = true;
                rest = after;
                continue;
            }
            let (weak, tag) = match rest.strip_prefix("W/") {
                Some(tag) => (true, tag),
                None => (false, rest),
            };
            let (opaque, after) = if let Some(quoted) = tag.strip_prefix('"') {
                let end = quoted.find('"').ok_or(())?;
                (&quoted[..end], &quoted[end + 1..])
            } else if !weak {
                let end = tag.find(|c: char| !c.is_ascii_digit()).unwrap_or(tag.len());
                if end == 0 {
                    return Err(());
                }
                (&tag[..end], &tag[end..])
            } else {
                return Err(());
            };
            if opaque.chars().any(|c| c.is_control() || c == ' ') {
                return Err(());
            }
            let after = after.trim_start();
            if !(after.is_empty() || after.starts_with(',')) {
                return Err(());
            }
            list.push((weak, opaque.to_owned()));
            rest = after;
        }
    }
    match (any, list.is_empty()) {
        // `*` alone, or (leniently, as Charter always read it) beside tags: any.
        (true, _) => Ok(Tags::Any),
        (false, false) => Ok(Tags::List(list)),
        // A header with nothing in it.
        (false, true) => Err(()),
    }
}

/// Whether `If-None-Match` in `headers` names `etag` (or is `*`): the client holds the
/// current representation. Entity tags compare weakly, as RFC 9110 says for this header;
/// a header that is not a list of entity tags is ignored, as it may be.
pub fn none_match(headers: &axum::http::HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(current) = etag.to_str() else {
        return false;
    };
    let current = current.trim().trim_start_matches("W/").trim_matches('"');
    let lines = headers.get_all(axum::http::header::IF_NONE_MATCH);
    if lines.iter().next().is_none() {
        return false;
    }
    match tags(lines.iter()) {
        Ok(Tags::Any) => true,
        Ok(Tags::List(list)) => list.iter().any(|(_, opaque)| opaque == current),
        Err(()) => false,
    }
}

/// The versions an `If-Match` accepts. It compares strongly: a weak tag, or a tag that is
/// not a version (a founder's view tag), matches no version and the command gets 412.
fn version_match<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Result<VersionMatch, ()> {
    Ok(match tags(values)? {
        Tags::Any => VersionMatch::Any,
        Tags::List(list) => VersionMatch::OneOf(
            list.into_iter()
                .filter(|(weak, _)| !weak)
                .filter_map(|(_, opaque)| opaque.parse::<i64>().ok())
                .filter(|version| *version >= 0)
                .collect(),
        ),
    })
}

/// The middleware: leaves a command's (a POST's or a DELETE's) `If-Match` version in the
/// request's extensions, where the command it runs finds it (see [`crate::auth::Caller`]).
pub async fn scope(mut request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::POST | Method::DELETE) {
        return next.run(request).await;
    }
    let lines = request.headers().get_all(IF_MATCH);
    let expected = match lines.iter().next().map(|_| version_match(lines.iter())) {
        None => None,
        Some(Ok(expected)) => Some(expected),
        Some(Err(())) => {
            return ApiError::BadRequest {
                detail: "If-Match must be `*` or a list of entity tags, such as \"7\" (the \
                         ETag of a read or the version of a command's answer); a founder's \
                         read is tagged for If-None-Match only"
                    .to_owned(),
                field: Some("If-Match".to_owned()),
            }
            .into_response()
        }
    };
    request
        .extensions_mut()
        .insert(ExpectedVersion::new(expected));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::{none_match, version_match, VersionMatch};
    use axum::http::{HeaderMap, HeaderValue};

    fn if_match(lines: &[&str]) -> Result<VersionMatch, ()> {
        let values: Vec<HeaderValue> = lines
            .iter()
            .map(|l| HeaderValue::from_str(l).unwrap())
            .collect();
        version_match(values.iter())
    }

    #[test]
    fn if_match_takes_star_lists_and_bare_numbers_and_compares_strongly() {
        assert_eq!(if_match(&["*"]), Ok(VersionMatch::Any));
        assert_eq!(if_match(&["\"7\", *"]), Ok(VersionMatch::Any));
        assert_eq!(if_match(&["\"7\""]), Ok(VersionMatch::OneOf(vec![7])));
        assert_eq!(if_match(&["7"]), Ok(VersionMatch::OneOf(vec![7])));
        assert_eq!(
            if_match(&["\"3\", \"4\"", "\"9\""]),
            Ok(VersionMatch::OneOf(vec![3, 4, 9]))
        );
        // Weak tags and tags of another representation are well formed but match nothing.
        assert_eq!(if_match(&["W/\"1\""]), Ok(VersionMatch::OneOf(vec![])));
        assert_eq!(
            if_match(&["W/\"1\", \"view-ab12\", \"-1\", \"2\""]),
            Ok(VersionMatch::OneOf(vec![2]))
        );
    }

    #[test]
    fn if_match_refuses_what_is_not_a_list_of_entity_tags() {
        for bad in ["seven", "\"7", "W/7", "\"7\" \"8\"", "", " , ", "7x"] {
            assert_eq!(if_match(&[bad]), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn a_star_accepts_any_version_of_an_aggregate_that_exists() {
        assert!(VersionMatch::Any.accepts(1));
        assert!(!VersionMatch::Any.accepts(0));
        assert!(VersionMatch::OneOf(vec![3, 4]).accepts(4));
        assert!(!VersionMatch::OneOf(vec![]).accepts(0));
    }

    #[test]
    fn if_none_match_compares_weakly_and_ignores_what_it_cannot_read() {
        let current = HeaderValue::from_static("\"5\"");
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("if-none-match", HeaderValue::from_str(value).unwrap());
            none_match(&headers, &current)
        };
        assert!(with("W/\"5\""));
        assert!(with("\"4\", \"5\""));
        assert!(with("*"));
        assert!(!with("\"4\""));
        assert!(!with("garbage"));
        assert!(!none_match(&HeaderMap::new(), &current));
    }
}
