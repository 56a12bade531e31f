//! `GET /documents/{kind}/{version}`: one version of a document of the founder's own
//! application, byte for byte, as a download.

use super::super::visitor::Member;
use super::super::PageState;
use super::documents::known_kind;
use super::{application_of, or_problem};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Streams the version from the API, with its media type and file name.
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
    let header_value = |text: &str, fallback: &'static str| {
        HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(fallback))
    };
    let disposition = download.disposition.as_deref().unwrap_or("attachment");
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                header_value(&download.content_type, "application/octet-stream"),
            ),
            (
                header::CONTENT_DISPOSITION,
                header_value(disposition, "attachment"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        download.bytes,
    )
        .into_response()
}
