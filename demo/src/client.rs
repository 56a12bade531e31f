//! The demo's HTTP client: real requests on loopback with real bearer tokens, so the
//! demo goes through routing, authentication, extractors and error mapping as any client.

use super::DemoError;
use charter_domain::{ApplicationId, PersonId, Role};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;

/// Someone in the demo holding a token.
#[derive(Clone)]
pub struct Caller {
    pub token: String,
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    /// For founders: the application their token acts for.
    pub application: Option<ApplicationId>,
}

/// Never shows the token: it is a secret even in a demo.
impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("person", &self.person)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("application", &self.application)
            .finish_non_exhaustive()
    }
}

/// Talks to the in-process server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    /// A client of the server listening on `port` of the loopback interface.
    pub fn new(port: u16) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// POSTs `body` as JSON; the response body when the status is `expect`.
    pub async fn post(
        &self,
        step: &str,
        caller: &Caller,
        path: &str,
        body: &Value,
        expect: u16,
    ) -> Result<Value, DemoError> {
        let request = self.request(Method::POST, path, caller).json(body);
        self.send(step, request, expect).await
    }

    /// POSTs a file's bytes with its media type.
    pub async fn upload(
        &self,
        step: &str,
        caller: &Caller,
        path: &str,
        media_type: &str,
        content: Vec<u8>,
    ) -> Result<Value, DemoError> {
        let request = self
            .request(Method::POST, path, caller)
            .header(reqwest::header::CONTENT_TYPE, media_type)
            .body(content);
        self.send(step, request, 201).await
    }

    /// GETs `path`; the JSON when the status is 200.
    pub async fn get(&self, step: &str, caller: &Caller, path: &str) -> Result<Value, DemoError> {
        let request = self.request(Method::GET, path, caller);
        self.send(step, request, 200).await
    }

    fn request(&self, method: Method, path: &str, caller: &Caller) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&caller.token)
    }

    async fn send(
        &self,
        step: &str,
        request: RequestBuilder,
        expect: u16,
    ) -> Result<Value, DemoError> {
        let http = |source| DemoError::Http {
            step: step.to_owned(),
            source,
        };
        let response = request.send().await.map_err(http)?;
        let status = response.status().as_u16();
        let body: Value = response.json().await.map_err(http)?;
        if status == expect {
            return Ok(body);
        }
        // A problem+json body says which rule refused the step.
        let problem = [&body["type"], &body["detail"]]
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(": ");
        Err(DemoError::Refused {
            step: step.to_owned(),
            status,
            problem: if problem.is_empty() {
                body.to_string()
            } else {
                problem
            },
        })
    }
}

/// The field `key` of `value` as text, or an error naming the step that needed it.
pub fn text<'v>(value: &'v Value, key: &str, step: &str) -> Result<&'v str, DemoError> {
    value[key]
        .as_str()
        .ok_or_else(|| DemoError::unexpected(step, format!("the response has no {key}: {value}")))
}

/// The number at `pointer` (a JSON pointer such as `/events/0/data/review`).
pub fn number(value: &Value, pointer: &str, step: &str) -> Result<u64, DemoError> {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            DemoError::unexpected(step, format!("the response has no {pointer}: {value}"))
        })
}
