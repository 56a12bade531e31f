//! `/applications/{id}/review`: an application the panelist sits on, its latest documents
//! (to download) and the reviews they filed of them; and the documents' downloads.

use super::record::{self, Document, OwnReview, Summary};
use super::{refusal, PageState};
use crate::pages::render::{page, Chrome};
use crate::pages::visitor::Member;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

#[derive(Debug, Template)]
#[template(path = "panelists/application.html")]
struct ApplicationPage {
    page: Chrome,
    id: Uuid,
    summary: Summary,
    rows: Vec<Row>,
    reviews: Vec<OwnReview>,
}

crate::framed!(ApplicationPage);

/// A latest document and the reader's review of it, if any.
#[derive(Debug)]
struct Row {
    document: Document,
    review: Option<OwnReview>,
}

impl Row {
    /// The size in kilobytes, at least 1.
    fn kilobytes(&self) -> i64 {
        (self.document.size / 1024).max(1)
    }
}

/// The application, as a panelist on its panel sees it.
pub async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    let api = member.api(&state);
    let summary = match record::summary(&api, id).await {
        Ok(summary) => summary,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let reviews = match record::own_reviews(&api, id, member.signed.person).await {
        Ok(reviews) => reviews,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let rows = summary
        .documents
        .iter()
        .map(|document| Row {
            document: document.clone(),
            review: reviews
                .iter()
                .find(|review| review.kind == document.kind && review.version == document.version)
                .cloned(),
        })
        .collect();
    let mut chrome = member.chrome("review-application-title").await;
    chrome.title = summary.hub_name.clone();
    page(&ApplicationPage {
        page: chrome,
        id,
        summary,
        rows,
        reviews,
    })
}

/// One version of a document, byte for byte, as a download.
pub async fn download(
    State(state): State<PageState>,
    mut member: Member,
    Path((id, kind, version)): Path<(Uuid, String, i32)>,
) -> Response {
    let api = member.api(&state);
    // The file's name is the record's; the API's list tells it (and whether there is one).
    let listed = api
        .list::<Document>(&format!("/api/v1/applications/{id}/documents"))
        .await;
    let documents = match listed {
        Ok(documents) => documents,
        Err(problem) => return refusal(&mut member, &problem).await,
    };
    let Some(document) = documents
        .into_iter()
        .find(|document| document.kind == kind && document.version == version)
    else {
        return crate::pages::not_found(member.visitor).await;
    };
    let bytes = api
        .download(&format!(
            "/api/v1/applications/{id}/documents/{kind}/{version}"
        ))
        .await;
    match bytes {
        Ok(crate::pages::api_client::Download {
            content_type: media_type,
            bytes,
            ..
        }) => (
            StatusCode::OK,
            crate::http::downloads::document_headers(
                &media_type,
                crate::http::downloads::content_disposition(&document.file_name),
            ),
            bytes,
        )
            .into_response(),
        Err(problem) => refusal(&mut member, &problem).await,
    }
}
