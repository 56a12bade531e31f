//! One way to page every list that can grow. A page answers `{"items": [...], "next":
//! "<cursor>"}`, with `next` null on the last page, and the same continuation as a `Link`
//! header (`<...?cursor=...>; rel="next"`, RFC 8288) that keeps the request's filters and
//! limit. The cursor is opaque to clients: it names the list it came from and the key of
//! the last item given (a keyset, not an offset), so that a page continues after what was
//! shown even while items are added before or after it. A cursor from another list, or
//! one that was altered, is refused with 400.
//!
//! The older ways in are kept working: `offset` on the lists that had it and `after` on
//! the timeline and the audit log still choose where a page starts; each answer is now a
//! page with a `next` cursor. Naming both a cursor and one of them is refused.

use crate::http::error::{ApiError, ApiResult};
use axum::http::{header, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;

/// The query parameters a continuation replaces rather than keeps.
const REPLACED: [&str; 4] = ["cursor", "offset", "after", "min_position"];

/// Declares `$page`, a page of `$item`s, as a named schema of the OpenAPI document.
macro_rules! page_of {
    ($page:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $page {
            /// This page's items, in the list's order.
            pub items: Vec<$item>,
            /// Where the next page starts: pass it back as `cursor` (the `Link` header
            /// gives the whole URL). Null on the last page.
            #[schema(required = true)]
            pub next: Option<String>,
        }

        impl $crate::http::paging::Page for $page {
            fn next(&self) -> Option<&str> {
                self.next.as_deref()
            }
        }
    };
}
pub(crate) use page_of;

/// Where the next page of list `list` starts: after the item whose key is `key`.
pub fn cursor(list: &str, key: &[String]) -> String {
    let parts: Vec<&str> = std::iter::once(list)
        .chain(key.iter().map(String::as_str))
        .collect();
    let json = serde_json::to_vec(&parts).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// The key a `cursor` of list `list` names, with as many parts as `parts`; 400 for a
/// cursor that is not one this list gave.
pub fn key(list: &str, cursor: &str, parts: usize) -> ApiResult<Vec<String>> {
    let json = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| refused())?;
    let mut decoded: Vec<String> = serde_json::from_slice(&json).map_err(|_| refused())?;
    if decoded.len() != parts + 1 || decoded.first().map(String::as_str) != Some(list) {
        return Err(refused());
    }
    decoded.remove(0);
    Ok(decoded)
}

/// The answer to a cursor that is not one the list gave.
pub fn refused() -> ApiError {
    ApiError::BadRequest {
        detail: "cursor is not one this list gave: pass the `next` of its previous page \
                 unchanged, or leave it out for the first page"
            .to_owned(),
        field: Some("cursor".to_owned()),
    }
}

/// One part of a cursor's key, read back as what it was written from.
pub fn part<T: std::str::FromStr>(part: &str) -> ApiResult<T> {
    part.parse().map_err(|_| refused())
}

/// A time as a cursor's key holds it: to the microsecond, as PostgreSQL keeps it, so that
/// it reads back equal.
pub fn time(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// The key of a list ordered by a time and an id: what [`after_time`] reads back.
pub fn time_and_id(at: &chrono::DateTime<chrono::Utc>, id: &uuid::Uuid) -> Vec<String> {
    vec![time(at), id.to_string()]
}

/// Where a page of list `list`, ordered by a time and an id, starts: after the item the
/// cursor names; `None` for the first page.
pub fn after_time(
    list: &str,
    cursor: Option<&str>,
) -> ApiResult<Option<(chrono::DateTime<chrono::Utc>, uuid::Uuid)>> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    let key = key(list, cursor, 2)?;
    Ok(Some((part(&key[0])?, part(&key[1])?)))
}

/// Where a page of list `list`, ordered by an id, starts: after the item the cursor
/// names; `None` for the first page.
pub fn after_id(list: &str, cursor: Option<&str>) -> ApiResult<Option<uuid::Uuid>> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    Ok(Some(part(&key(list, cursor, 1)?[0])?))
}

/// Where a page of list `list`, ordered by a number, starts: after the item the cursor
/// names; `None` for the first page.
pub fn after_number(list: &str, cursor: Option<&str>) -> ApiResult<Option<i64>> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    Ok(Some(part(&key(list, cursor, 1)?[0])?))
}

/// Refuses a cursor beside an older way of choosing where a page starts.
pub fn one_start(cursor: &Option<String>, older: &str, given: bool) -> ApiResult<()> {
    if cursor.is_some() && given {
        return Err(ApiError::BadRequest {
            detail: format!("cursor and {older} both choose where the page starts: name one"),
            field: Some("cursor".to_owned()),
        });
    }
    Ok(())
}

/// Splits the `limit + 1` rows read for a page into the page and, when there were more,
/// the cursor after its last item.
pub fn split<T>(
    mut rows: Vec<T>,
    limit: i64,
    list: &str,
    key: impl Fn(&T) -> Vec<String>,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|last| cursor(list, &key(last)));
    (rows, next)
}

/// A page: what [`page_of`] declares.
pub trait Page {
    /// Where the next page starts, if there is one.
    fn next(&self) -> Option<&str>;
}

/// A page of a list, and the `Link` to the next one.
#[derive(Debug)]
pub struct Paged<P> {
    page: P,
    link: Option<HeaderValue>,
}

impl<P: Page> Paged<P> {
    /// `page` of the list `uri` asked for.
    pub fn new(page: P, uri: &Uri) -> Self {
        let link = page
            .next()
            .and_then(|next| HeaderValue::from_str(&next_link(uri, next)).ok());
        Paged { page, link }
    }
}

impl<P: Serialize> IntoResponse for Paged<P> {
    fn into_response(self) -> Response {
        let mut response = Json(self.page).into_response();
        if let Some(link) = self.link {
            response.headers_mut().insert(header::LINK, link);
        }
        response
    }
}

/// The `Link` header to the page after `uri` (the path and query the client asked for),
/// starting at `cursor`: the same filters and limit, the cursor in place of any start.
pub fn next_link(uri: &Uri, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    pairs.retain(|(name, _)| !REPLACED.contains(&name.as_str()));
    pairs.push(("cursor".to_owned(), cursor.to_owned()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("<{}?{query}>; rel=\"next\"", uri.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_gives_back_its_key_to_its_own_list_only() {
        let key_parts = vec!["2026-12-07T10:00:00.000001Z".to_owned(), "a b/c".to_owned()];
        let cursor = cursor("applications.opened", &key_parts);
        assert!(cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(key("applications.opened", &cursor, 2).unwrap(), key_parts);
        assert!(key("applications.newest_in_stage", &cursor, 2).is_err());
        assert!(key("applications.opened", &cursor, 1).is_err());
        assert!(key("applications.opened", "not a cursor", 2).is_err());
        assert!(key("applications.opened", &format!("{cursor}x"), 2).is_err());
    }

    #[test]
    fn a_page_has_a_next_only_when_more_rows_were_read_than_it_holds() {
        let (page, next) = split(vec![1, 2, 3], 3, "n", |n| vec![n.to_string()]);
        assert_eq!((page, next), (vec![1, 2, 3], None));
        let (page, next) = split(vec![1, 2, 3, 4], 3, "n", |n| vec![n.to_string()]);
        assert_eq!(page, vec![1, 2, 3]);
        assert_eq!(key("n", &next.unwrap(), 1).unwrap(), vec!["3"]);
    }

    #[test]
    fn the_link_keeps_the_filters_and_limit_and_replaces_where_the_page_starts() {
        let uri: Uri = "/api/v1/applications?stage=candidacy&offset=5&limit=2&min_position=9"
            .parse()
            .unwrap();
        assert_eq!(
            next_link(&uri, "abc"),
            "</api/v1/applications?stage=candidacy&limit=2&cursor=abc>; rel=\"next\""
        );
        let bare: Uri = "/api/v1/people".parse().unwrap();
        assert_eq!(
            next_link(&bare, "x_y-z"),
            "</api/v1/people?cursor=x_y-z>; rel=\"next\""
        );
    }

    #[test]
    fn a_cursor_beside_an_older_start_is_refused() {
        assert!(one_start(&Some("c".to_owned()), "offset", true).is_err());
        assert!(one_start(&Some("c".to_owned()), "offset", false).is_ok());
        assert!(one_start(&None, "offset", true).is_ok());
    }
}
