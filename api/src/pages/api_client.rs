//! The pages read and write through the API itself, in process: each page asks the same
//! routes a client would, as the person signed in, so that what a page shows and what it
//! may do are decided by the API's own rules, not by a second copy of them.

#![allow(clippy::result_large_err)]

use crate::auth::{OnBehalfOf, Principal};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

/// A page of a list, as every list of the API answers.
#[derive(Debug, Deserialize)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// The API as one signed-in person calls it from a page.
#[derive(Debug, Clone)]
pub struct Api {
    router: Router,
    principal: Principal,
    request_id: Option<HeaderValue>,
    /// Reads wait until the read models reach this position (the session's last command),
    /// sent as `Consistency-Token` on every request (a command ignores it).
    min_position: i64,
}

/// A refusal from the API: its problem body. Returned by value: it is the page's error,
/// shown once, not passed up through layers.
#[derive(Debug, Clone, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: u16,
    pub detail: String,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub missing: Option<serde_json::Value>,
    #[serde(default)]
    pub request_id: Option<String>,
    /// The values the rule names, for the page's words about it.
    #[serde(default)]
    pub values: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    /// The rule or failure's code: `gate-not-met` of `urn:charter:problem:gate-not-met`.
    pub fn code(&self) -> &str {
        self.kind.rsplit(':').next().unwrap_or_default()
    }

    /// A problem the pages find themselves, named by its code, as the API would name it.
    pub fn new(code: &str, status: u16, detail: String) -> Self {
        Problem {
            kind: format!("urn:charter:problem:{code}"),
            status,
            detail,
            field: None,
            missing: None,
            request_id: None,
            values: serde_json::Map::new(),
        }
    }

    fn unexpected(detail: String) -> Self {
        Problem::new("internal-error", 500, detail)
    }
}

/// What a command answered: where its events are in the global order.
#[derive(Debug, Clone, Deserialize)]
pub struct Done {
    #[serde(default)]
    pub position: i64,
    /// The answer's whole body, for what a page needs of it (an id it created).
    #[serde(skip)]
    pub body: serde_json::Value,
}

/// A file the API answered with.
#[derive(Debug, Clone)]
pub struct Download {
    pub content_type: String,
    /// The API's `Content-Disposition`, naming the file.
    pub disposition: Option<String>,
    pub bytes: Vec<u8>,
}

impl Api {
    /// The API of `router`, called as `principal` within the request `request_id`.
    pub fn new(
        router: Router,
        principal: Principal,
        request_id: Option<HeaderValue>,
        min_position: i64,
    ) -> Self {
        Self {
            router,
            principal,
            request_id,
            min_position,
        }
    }

    /// Who calls.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// `GET path`, once the read models show this session's last command: the session is
    /// a caller like a token, its latest write sent as the `Consistency-Token`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Problem> {
        let (status, bytes) = self.call(Method::GET, path, None, None).await?;
        decode(status, &bytes)
    }

    /// The same as [`Api::get`] (every read waits for the session's last command).
    pub async fn read<T: DeserializeOwned>(&self, path: &str) -> Result<T, Problem> {
        self.get(path).await
    }

    /// Every item of the list at `path`, page after page: each page's `next` is followed
    /// until the last.
    pub async fn list<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, Problem> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut page: ListPage<T> = self.get(path).await?;
        loop {
            items.append(&mut page.items);
            let Some(next) = page.next.take() else {
                return Ok(items);
            };
            page = self.get(&format!("{path}{separator}cursor={next}")).await?;
        }
    }

    /// `GET path` as bytes, with the answer's content type and disposition (a download).
    pub async fn download(&self, path: &str) -> Result<Download, Problem> {
        let response = self.respond(Method::GET, path, None, None).await?;
        let headers = response.headers();
        let header_of = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header_of(header::CONTENT_TYPE)
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let disposition = header_of(header::CONTENT_DISPOSITION);
        let (status, bytes) = collect(response).await?;
        if status.is_success() {
            Ok(Download {
                content_type,
                disposition,
                bytes,
            })
        } else {
            Err(problem(status, &bytes))
        }
    }

    /// A command: `method path` with `body` as JSON.
    pub async fn send<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<Done, Problem> {
        let json =
            serde_json::to_vec(body).map_err(|error| Problem::unexpected(error.to_string()))?;
        let (status, bytes) = self
            .call(method, path, Some(json), Some("application/json"))
            .await?;
        let body: serde_json::Value = decode(status, &bytes)?;
        Ok(Done {
            position: body.get("position").and_then(|p| p.as_i64()).unwrap_or(0),
            body,
        })
    }

    /// A command without a body (`DELETE`, or a `POST` that takes none).
    pub async fn act(&self, method: Method, path: &str) -> Result<Done, Problem> {
        let (status, bytes) = self.call(method, path, None, None).await?;
        if bytes.is_empty() && status.is_success() {
            return Ok(Done {
                position: 0,
                body: serde_json::Value::Null,
            });
        }
        let body: serde_json::Value = decode(status, &bytes)?;
        Ok(Done {
            position: body.get("position").and_then(|p| p.as_i64()).unwrap_or(0),
            body,
        })
    }

    /// An upload: `POST path` with `bytes` of `content_type`.
    pub async fn upload(
        &self,
        path: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<Done, Problem> {
        let (status, answer) = self
            .call(Method::POST, path, Some(bytes), Some(content_type))
            .await?;
        let body: serde_json::Value = decode(status, &answer)?;
        Ok(Done {
            position: body.get("position").and_then(|p| p.as_i64()).unwrap_or(0),
            body,
        })
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        content_type: Option<&str>,
    ) -> Result<(StatusCode, Vec<u8>), Problem> {
        let response = self.respond(method, path, body, content_type).await?;
        collect(response).await
    }

    async fn respond(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        content_type: Option<&str>,
    ) -> Result<axum::response::Response, Problem> {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(id) = &self.request_id {
            request = request.header(&crate::http::request_id::HEADER, id.clone());
        }
        if let Some(kind) = content_type {
            request = request.header(header::CONTENT_TYPE, kind);
        }
        if self.min_position > 0 {
            request = request.header(
                &crate::http::freshness::HEADER,
                HeaderValue::from(self.min_position),
            );
        }
        let mut request = request
            .body(body.map_or_else(Body::empty, Body::from))
            .map_err(|error| Problem::unexpected(error.to_string()))?;
        request
            .extensions_mut()
            .insert(OnBehalfOf(self.principal.clone()));
        match self.router.clone().oneshot(request).await {
            Ok(response) => Ok(response),
            Err(never) => match never {},
        }
    }
}

async fn collect(response: axum::response::Response) -> Result<(StatusCode, Vec<u8>), Problem> {
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|error| Problem::unexpected(error.to_string()))?
        .to_bytes();
    Ok((status, bytes.to_vec()))
}

fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, Problem> {
    if !status.is_success() {
        return Err(problem(status, bytes));
    }
    serde_json::from_slice(bytes).map_err(|error| {
        tracing::error!(%error, "a page could not read the API's answer");
        Problem::unexpected(format!("the API's answer could not be read: {error}"))
    })
}

fn problem(status: StatusCode, bytes: &[u8]) -> Problem {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Problem::unexpected(format!("the API answered {status}")))
}
