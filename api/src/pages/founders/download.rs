//! `GET /documents/{kind}/{version}`: one version of a document of the founder's own
//! application, byte for byte, as a download.

use super::super::visitor::Member;
use super::super::PageState;
use super::documents::known_kind;
use super::{application_of, or_problem};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Streams the version from the API, with its media type and file name, as the API sends
/// a document (see [`crate::http::downloads`]).
pub async fn file(
    State(state): State<PageState>,
    mut member: Member,
    Path((kind, version)): Path<(String, String)>,
) -> Response {
    let application = match application_of(&mut member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let version = version.parse::<i32>().ok().filter(|version| *version > 0);
    let (true, Some(version)) = (known_kind(&kind), version) else {
        return super::super::not_found(member.visitor).await;
    };
    let answer = member
        .api(&state)
        .download(&format!(
            "/api/v1/applications/{application}/documents/{kind}/{version}"
        ))
        .await;
    let download = match or_problem(&mut member, answer).await {
        Ok(download) => download,
        Err(page) => return page,
    };
    let disposition = download
        .disposition
        .as_deref()
        .and_then(|text| HeaderValue::from_str(text).ok())
        .unwrap_or_else(|| HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
        crate::http::downloads::document_headers(&download.content_type, disposition),
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        )],
        download.bytes,
    )
        .into_response()
}
