//! `POST /documents`: a new version of a document, sent as `multipart/form-data` with the
//! form key, the kind and the file. The form key is checked here, before the file is read,
//! since [`Posted`](super::super::forms::Posted) reads only urlencoded forms.

use super::super::forms::check_key;
use super::super::render::{Chrome, FieldError};
use super::super::visitor::Member;
use super::super::PageState;
use super::application_of;
use super::documents::{known_kind, render};
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// What the form carried.
#[derive(Debug, Default)]
struct Upload {
    key: Option<String>,
    kind: Option<String>,
    file: Option<File>,
    too_large: bool,
    /// The form did not arrive whole within the body timeout.
    timed_out: bool,
}

/// The file of the form, as the browser sent it.
#[derive(Debug)]
struct File {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
}

/// Uploads the new version, then shows the documents; a refused form is shown again
/// with its errors (422) and nothing is written.
pub async fn submit(
    State(state): State<PageState>,
    mut member: Member,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    // A body that is not a multipart form carries no form key the page can trust.
    let Ok(mut multipart) = multipart else {
        return refused_key(&member, None).await;
    };
    let mut upload = Upload::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                upload.too_large = too_large(&error);
                upload.timed_out = timed_out(&error);
                break;
            }
        };
        match field.name() {
            Some("csrf") => upload.key = field.text().await.ok(),
            Some("kind") => upload.kind = field.text().await.ok(),
            Some("file") => {
                // The key comes first in the form: no file is read for a form without it.
                if let Err(page) = check_key(&member.visitor, upload.key.as_deref()).await {
                    return page;
                }
                match read_file(field).await {
                    Ok(file) => upload.file = file,
                    Err(error) => {
                        upload.too_large = too_large(&error);
                        upload.timed_out = timed_out(&error);
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if upload.timed_out {
        // Nothing of a form cut short can be trusted, nor shown again.
        let chrome = member.chrome("slow-upload-heading").await;
        return super::super::render::error_page(
            chrome,
            StatusCode::REQUEST_TIMEOUT,
            "slow-upload-heading",
            "slow-upload-body",
        );
    }
    if let Err(page) = check_key(&member.visitor, upload.key.as_deref()).await {
        return page;
    }
    send(&state, &mut member, upload).await
}

async fn refused_key(member: &Member, key: Option<&str>) -> Response {
    match check_key(&member.visitor, key).await {
        Err(page) => page,
        Ok(()) => StatusCode::BAD_REQUEST.into_response(),
    }
}

fn too_large(error: &MultipartError) -> bool {
    error.status() == StatusCode::PAYLOAD_TOO_LARGE
}

fn timed_out(error: &MultipartError) -> bool {
    crate::http::deadlines::body_timed_out(error).is_some()
}

/// The file of a field; `None` when no file was chosen (the browser sends an empty part).
async fn read_file(field: Field<'_>) -> Result<Option<File>, MultipartError> {
    let name = field.file_name().unwrap_or_default().trim().to_owned();
    let content_type = field
        .content_type()
        .unwrap_or("application/octet-stream")
        .to_owned();
    let bytes = field.bytes().await?;
    if name.is_empty() && bytes.is_empty() {
        return Ok(None);
    }
    Ok(Some(File {
        name,
        content_type,
        bytes: bytes.to_vec(),
    }))
}

async fn send(state: &PageState, member: &mut Member, upload: Upload) -> Response {
    let application = match application_of(member).await {
        Ok(application) => application,
        Err(page) => return page,
    };
    let limit = state.app.settings.max_upload_bytes;
    let kind = upload
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|kind| known_kind(kind))
        .map(str::to_owned);
    let file = upload.file;
    let too_large = upload.too_large || file.as_ref().is_some_and(|f| f.bytes.len() > limit);
    let missing_file = file.is_none() && !too_large;
    let kind_missing = kind.is_none();
    let (Some(kind), Some(file), false) = (kind.clone(), file, too_large) else {
        return render(state, member, kind, |chrome: &mut Chrome| {
            if kind_missing {
                chrome.error("kind", "upload-kind-missing");
            }
            if too_large {
                let megabytes = limit.div_ceil(1024 * 1024);
                let message = chrome.t1("upload-file-too-large", "size", megabytes);
                chrome.errors.push(FieldError {
                    field: "file".to_owned(),
                    message,
                });
            } else if missing_file {
                chrome.error("file", "upload-file-missing");
            }
        })
        .await;
    };
    let name = if file.name.is_empty() {
        kind.clone()
    } else {
        file.name.clone()
    };
    let query = serde_urlencoded::to_string([("kind", kind.as_str()), ("file_name", &name)])
        .unwrap_or_default();
    let answer = member
        .api(state)
        .upload(
            &format!("/api/v1/applications/{application}/documents?{query}"),
            file.bytes,
            &file.content_type,
        )
        .await;
    match answer {
        Ok(done) => {
            member.remember("upload-done", done.position).await;
            Redirect::to("/documents").into_response()
        }
        Err(problem) => {
            render(state, member, Some(kind), |chrome: &mut Chrome| {
                chrome.refused(
                    &problem,
                    &[("kind", "kind"), ("file_name", "file"), ("body", "file")],
                    "file",
                );
            })
            .await
        }
    }
}
