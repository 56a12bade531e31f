//! Documents: upload of a new version, download of any version, and revision requests.

use super::{accepted, created_at, CommandErrors, Consistency, ReadErrors, GENERAL_READ_MODELS};
use crate::auth::{Caller, Principal};
use crate::commands::Prerequisite;
use crate::http::downloads::{content_disposition, document_headers};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{read_body, ApiJson, ApiPath, ApiQuery};
use crate::http::freshness::ReadAfter;
use crate::http::paging::{self, page_of, Paged};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use charter_domain::application::{ApplicationCommand, ApplicationEvent, DocumentKind};
use charter_domain::permissions::CommandKind;
use charter_domain::ApplicationId;
use charter_projections::read_models::application_summary::{self, DocumentView};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// The route documents are uploaded to, as the router matches it (the one route whose
/// body may be as large as `max_upload_bytes`).
pub(crate) const UPLOAD_PATH: &str = "/api/v1/applications/{id}/documents";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit_document, list_documents))
        .routes(routes!(download_document))
        .routes(routes!(request_revision))
}

/// What is being uploaded.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The kind of document.
    pub kind: DocumentKind,
    /// The file's name, shown on download.
    #[param(min_length = 1, max_length = 255, example = "preliminary-report.pdf")]
    pub file_name: String,
}

/// Submits a new version of a document. The body is the file itself; its `Content-Type`
/// is recorded as the media type. The bytes are stored under their SHA-256.
#[utoipa::path(post, path = "/api/v1/applications/{id}/documents", tag = "documents",
    params(("id" = Uuid, Path, description = "The application"), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The file's bytes, sent with the file's own media type as `Content-Type` \
            (`application/octet-stream` is recorded as such); at most the server's \
            `--max-upload-bytes` (25 MiB unless configured), else 413. A form (`multipart/*`, \
            `application/x-www-form-urlencoded`) is refused with 415."),
    responses((status = 201, description = "Submitted", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn submit_document(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let id = ApplicationId(id);
    principal.may_give(CommandKind::SubmitDocument)?;
    principal.require_scope(id)?;
    let bytes = read_body(body, state.settings.max_upload_bytes).await?;
    if bytes.is_empty() {
        return Err(ApiError::InvalidBody {
            detail: "the document is empty".to_owned(),
            field: Some("body".to_owned()),
        });
    }
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| {
            ApiError::UnsupportedMediaType(
                "send the file with its media type as Content-Type".to_owned(),
            )
        })?
        .to_owned();
    refuse_envelope(&media_type)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let command = ApplicationCommand::SubmitDocument {
        kind: query.kind,
        sha256: sha256.clone(),
        size: bytes.len() as u64,
        media_type,
        file_name: query.file_name.clone(),
    };
    let blob = Prerequisite::Blob {
        sha256,
        content: bytes,
    };
    let outcome = state
        .execute_with(principal.context(), id, command, Some(&blob))
        .await?;
    let version = outcome
        .events
        .iter()
        .find_map(|(_, event)| match event {
            ApplicationEvent::DocumentSubmitted { version, .. } => Some(*version),
            _ => None,
        })
        .unwrap_or_default();
    let location = format!(
        "/api/v1/applications/{id}/documents/{}/{version}",
        query.kind
    );
    Ok(created_at(id, outcome, location))
}

/// A form's envelope (what `curl -F` or an HTML form sends) would be stored as if it were
/// the document, wrapped in boundaries and field headers: the body must be the file alone.
fn refuse_envelope(media_type: &str) -> ApiResult<()> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
        return Err(ApiError::UnsupportedMediaType(format!(
            "{essence} is a form's envelope, not a document: send the file's bytes alone as \
             the body, with the file's own media type (such as application/pdf) as \
             Content-Type, and kind and file_name in the query (curl --data-binary @file.pdf \
             -H 'Content-Type: application/pdf')"
        )));
    }
    Ok(())
}

/// Which page of the documents to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentsQuery {
    /// Where the page starts: the `next` of the previous page. Leave it out for the first.
    pub cursor: Option<String>,
    /// At most this many (1 to 500, default 500).
    #[param(minimum = 1, maximum = 500, default = 500)]
    pub limit: Option<i64>,
    /// Wait until the read models reach this position.
    pub min_position: Option<i64>,
}

page_of!(
    DocumentPage,
    DocumentView,
    "A page of an application's document versions, and where the next one starts."
);

/// Every submitted version of every document, by kind, then version.
#[utoipa::path(get, path = "/api/v1/applications/{id}/documents", tag = "documents",
    params(("id" = Uuid, Path, description = "The application"), DocumentsQuery),
    responses((status = 200, body = DocumentPage), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn list_documents(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DocumentsQuery>,
) -> ApiResult<Paged<DocumentPage>> {
    const LIST: &str = "documents";
    let limit = super::limit(query.limit, 500, 500)?;
    let after = match query.cursor.as_deref() {
        Some(cursor) => {
            let key = paging::key(LIST, cursor, 2)?;
            Some((key[0].clone(), paging::part::<i32>(&key[1])?))
        }
        None => None,
    };
    let pool = read
        .wait(&state, query.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.may_read(&state, ApplicationId(id)).await?;
    if application_summary::find(&pool, id).await?.is_none() {
        return Err(ApiError::NotFound(format!(
            "application {id} does not exist"
        )));
    }
    let after = after
        .as_ref()
        .map(|(kind, version)| (kind.as_str(), *version));
    let documents = application_summary::documents(&pool, id, after, limit + 1).await?;
    let (items, next) = paging::split(documents, limit, LIST, |document| {
        vec![document.kind.clone(), document.version.to_string()]
    });
    Ok(Paged::new(DocumentPage { items, next }, &uri))
}

/// Downloads one version of a document, byte for byte as submitted: always as an
/// attachment, with its media type as submitted, `nosniff`, and a sandboxing
/// `Content-Security-Policy`, so that an HTML or SVG document never runs as a page of
/// this site. A stored version never changes: its `ETag` is the SHA-256 of its bytes,
/// and a client that holds them is answered 304 without them.
#[utoipa::path(get, path = "/api/v1/applications/{id}/documents/{kind}/{version}", tag = "documents",
    params(("id" = Uuid, Path, description = "The application"),
           ("kind" = DocumentKind, Path, description = "The document kind"),
           ("version" = i32, Path, description = "The version, from 1"),
           Consistency,
           ("If-None-Match" = Option<String>, Header,
            description = "The `ETag` of an earlier download: 304, without the bytes, while it names this version's")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>,
            headers(("ETag" = String, description = "The file's SHA-256, quoted"))),
        (status = 304, description = "Not modified: `If-None-Match` names the file's `ETag`",
            headers(("ETag" = String, description = "The file's SHA-256, quoted"))),
        ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn download_document(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    request_headers: HeaderMap,
    ApiPath((id, kind, version)): ApiPath<(Uuid, DocumentKind, i32)>,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    let pool = read
        .wait(&state, consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.may_read(&state, ApplicationId(id)).await?;
    let document = application_summary::document(&pool, id, kind.as_str(), version)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!("no {kind} version {version} in application {id}"))
        })?;
    let etag = HeaderValue::from_str(&format!("\"{}\"", document.sha256))
        .unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    if crate::http::preconditions::none_match(&request_headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let content: Vec<u8> =
        sqlx::query_scalar("SELECT content FROM document_blobs WHERE sha256 = $1")
            .bind(&document.sha256)
            .fetch_optional(&pool)
            .await?
            .ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "the bytes of {} are missing",
                    document.sha256
                ))
            })?;
    let headers = document_headers(
        &document.media_type,
        content_disposition(&document.file_name),
    );
    Ok((headers, [(header::ETAG, etag)], Body::from(content)).into_response())
}

/// A request for a new version of a document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestRevision {
    pub document_kind: DocumentKind,
    /// When the new version is due; must lie in the future.
    pub deadline: DateTime<Utc>,
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
}

/// Asks the founders for a new version of a submitted document by a deadline. A new
/// version of that kind answers it; an unanswered request blocks the next gate.
#[utoipa::path(post, path = "/api/v1/applications/{id}/revision-requests", tag = "documents",
    params(("id" = Uuid, Path, description = "The application")),
    request_body = RequestRevision,
    responses((status = 201, description = "Requested", body = super::CommandAccepted), CommandErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(application = %id))]
async fn request_revision(
    State(state): State<AppState>,
    principal: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RequestRevision>,
) -> ApiResult<Response> {
    let id = ApplicationId(id);
    principal.may_give(CommandKind::RequestRevision)?;
    let command = ApplicationCommand::RequestRevision {
        kind: body.document_kind,
        deadline: body.deadline,
        reason: body.reason,
    };
    let outcome = state.execute(principal.context(), id, command).await?;
    Ok(accepted(id, outcome, true))
}
