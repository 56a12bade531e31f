//! How a document is handed out: byte for byte as it was submitted, but never as a page of
//! this site. A founder may upload HTML or SVG; opened in place, its scripts would run
//! with the site's origin and the reader's session. So every download is an attachment,
//! its media type is not to be second-guessed, and it runs in a sandbox (an opaque
//! origin, no scripts, no forms) should a browser show it anyway.

use axum::http::{header, HeaderName, HeaderValue};

/// The policy a download is sent with: a sandbox, and nothing loaded from anywhere.
pub const SANDBOX: &str = "sandbox; default-src 'none'";

/// The headers of a document of `media_type`, sent as `disposition` (see
/// [`content_disposition`]).
pub fn document_headers(
    media_type: &str,
    disposition: HeaderValue,
) -> [(HeaderName, HeaderValue); 4] {
    let media_type = HeaderValue::from_str(media_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let attachment = disposition.to_str().is_ok_and(|value| {
        value
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("attachment")
    });
    [
        (header::CONTENT_TYPE, media_type),
        (
            header::CONTENT_DISPOSITION,
            if attachment {
                disposition
            } else {
                HeaderValue::from_static("attachment")
            },
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SANDBOX),
        ),
    ]
}

/// `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266).
pub fn content_disposition(file_name: &str) -> HeaderValue {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_always_an_attachment_in_a_sandbox() {
        let headers = document_headers("text/html", content_disposition("page.html"));
        let get = |name: HeaderName| {
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_str().expect("text").to_owned())
        };
        assert_eq!(get(header::CONTENT_TYPE).as_deref(), Some("text/html"));
        assert!(get(header::CONTENT_DISPOSITION).is_some_and(|d| d.starts_with("attachment;")));
        assert_eq!(
            get(header::X_CONTENT_TYPE_OPTIONS).as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            get(header::CONTENT_SECURITY_POLICY).as_deref(),
            Some(SANDBOX)
        );
        let inline = document_headers("image/svg+xml", HeaderValue::from_static("inline"));
        assert_eq!(inline[1].1, "attachment");
        let broken = document_headers("text/html\n", HeaderValue::from_static("attachment"));
        assert_eq!(broken[0].1, "application/octet-stream");
    }
}
