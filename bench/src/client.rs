//! Charter's HTTP API as its clients call it, each request timed from sending to the last
//! byte of the answer.

use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Every document kind; concurrent writers on one application each take their own.
pub const DOCUMENT_KINDS: [&str; 6] = [
    "preliminary_report",
    "feasibility_study",
    "financial_projection",
    "future_plan",
    "community_strategy",
    "space_design",
];

/// One answered request.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    /// From sending the request to the last byte of the answer.
    pub latency: Duration,
    /// When the answer was complete.
    pub at: Instant,
    /// The body as JSON; a body that is not JSON as a JSON string.
    pub body: Value,
    /// A command's `Consistency-Token` header: what a read must send to show its write.
    pub consistency_token: Option<String>,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The global position a command's answer reports.
    pub fn position(&self) -> Option<i64> {
        self.body.get("position").and_then(Value::as_i64)
    }

    /// How many events a command's answer reports.
    pub fn events(&self) -> usize {
        self.body
            .get("events")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }

    /// A string field of the body.
    pub fn text(&self, field: &str) -> Option<String> {
        self.body
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// `self` if 2xx, otherwise an error naming `what` and the problem the server gave.
    pub fn expect_ok(self, what: &str) -> anyhow::Result<Self> {
        if !self.ok() {
            bail!("{what}: HTTP {} {}", self.status, self.body);
        }
        Ok(self)
    }
}

/// A client of one Charter server.
#[derive(Debug, Clone)]
pub struct Charter {
    http: reqwest::Client,
    base: String,
}

impl Charter {
    /// A client of the server at `base` (`http://127.0.0.1:<port>`).
    pub fn new(http: reqwest::Client, base: &str) -> Self {
        Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// Opens an application: the applicant's own, or as the secretariat a new one.
    pub async fn open_application(&self, token: &str, label: &str) -> anyhow::Result<Answer> {
        let body = json!({
            "city": format!("Bench {label}"),
            "country": "PT",
            "hub_name": format!("Impact Hub Bench {label}"),
            "founders": [{"name": format!("Founder {label}"), "email": "founder@example.org"}],
        });
        self.post_json(token, "/api/v1/applications".to_owned(), body)
            .await
    }

    /// Submits a new version of a document of `kind`: one `DocumentSubmitted` event. The
    /// content must differ from the latest version of that kind.
    pub async fn submit_document(
        &self,
        token: &str,
        application: &str,
        kind: &str,
        content: String,
    ) -> anyhow::Result<Answer> {
        let url = format!(
            "{}/api/v1/applications/{application}/documents?kind={kind}&file_name=r.pdf",
            self.base
        );
        let request = self
            .http
            .post(url)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/pdf")
            .body(content);
        send(request).await
    }

    /// Grants eligibility, as the secretariat.
    pub async fn grant_eligibility(
        &self,
        token: &str,
        application: &str,
    ) -> anyhow::Result<Answer> {
        let path = format!("/api/v1/applications/{application}/eligibility");
        self.post_json(token, path, json!({})).await
    }

    /// Assigns the panelist `panelist` (a person id) to `application`, as the secretariat.
    pub async fn assign_panelist(
        &self,
        token: &str,
        application: &str,
        panelist: &str,
    ) -> anyhow::Result<Answer> {
        let path = format!("/api/v1/applications/{application}/panelists");
        self.post_json(token, path, json!({"panelist_id": panelist}))
            .await
    }

    /// Puts a motion to reject `application` to the electorate the policy's rule names,
    /// as the secretariat: the committee seated today, or the member hubs. `electorate`,
    /// given, is sent along, and the server refuses a motion its rule puts to the other.
    pub async fn open_vote(
        &self,
        token: &str,
        application: &str,
        electorate: Option<&str>,
    ) -> anyhow::Result<Answer> {
        let mut body = json!({
            "application_id": application,
            "motion": {"kind": "reject", "grounds": "A benchmark's motion."},
        });
        if let (Some(electorate), Some(fields)) = (electorate, body.as_object_mut()) {
            fields.insert("electorate".to_owned(), json!(electorate));
        }
        self.post_json(token, "/api/v1/votes".to_owned(), body)
            .await
    }

    /// Registers a member hub that joined the network on `joined` (`YYYY-MM-DD`), as the
    /// secretariat.
    pub async fn register_hub(
        &self,
        token: &str,
        label: &str,
        joined: &str,
    ) -> anyhow::Result<Answer> {
        let body = json!({
            "name": format!("Impact Hub Bench {label}"),
            "city": format!("Bench {label}"),
            "country": "PT",
            "joined": joined,
        });
        self.post_json(token, "/api/v1/hubs".to_owned(), body).await
    }

    /// Casts a member's ballot.
    pub async fn cast_ballot(&self, token: &str, vote: &str) -> anyhow::Result<Answer> {
        let path = format!("/api/v1/votes/{vote}/ballots");
        self.post_json(token, path, json!({"choice": "yes"})).await
    }

    /// Closes a vote, as the secretariat.
    pub async fn close_vote(&self, token: &str, vote: &str) -> anyhow::Result<Answer> {
        let path = format!("/api/v1/votes/{vote}/close");
        self.post_json(token, path, json!({})).await
    }

    /// Reads an application's summary once the read models reach `min_position`.
    pub async fn read_application(
        &self,
        token: &str,
        application: &str,
        min_position: i64,
    ) -> anyhow::Result<Answer> {
        let url = format!(
            "{}/api/v1/applications/{application}?min_position={min_position}",
            self.base
        );
        send(self.http.get(url).bearer_auth(token)).await
    }

    /// Reads an application's summary with a command's `Consistency-Token` header: the
    /// server serves it once the read models (on the replica, when it has one) show it.
    pub async fn read_application_after(
        &self,
        token: &str,
        application: &str,
        consistency_token: &str,
    ) -> anyhow::Result<Answer> {
        let url = format!("{}/api/v1/applications/{application}", self.base);
        let request = self
            .http
            .get(url)
            .bearer_auth(token)
            .header("Consistency-Token", consistency_token);
        send(request).await
    }

    /// The text of the server's `/metrics`.
    pub async fn metrics(&self) -> anyhow::Result<String> {
        let answer = send(self.http.get(format!("{}/metrics", self.base)))
            .await?
            .expect_ok("reading /metrics")?;
        match answer.body {
            Value::String(text) => Ok(text),
            other => Ok(other.to_string()),
        }
    }

    /// Waits until every projector has applied every event (`/readyz` shows none behind),
    /// so that one metric's backlog does not weigh on the next. Returns how long it took.
    pub async fn wait_for_projections(&self) -> anyhow::Result<Duration> {
        let started = Instant::now();
        loop {
            let answer = send(self.http.get(format!("{}/readyz", self.base))).await?;
            let behind: i64 = answer
                .body
                .get("projections")
                .and_then(Value::as_array)
                .map_or(0, |projections| {
                    projections
                        .iter()
                        .filter_map(|p| p.get("events_behind").and_then(Value::as_i64))
                        .sum()
                });
            if answer.ok() && behind == 0 {
                return Ok(started.elapsed());
            }
            if started.elapsed() > Duration::from_secs(600) {
                bail!("the projections were still {behind} events behind after 10 minutes");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn post_json(&self, token: &str, path: String, body: Value) -> anyhow::Result<Answer> {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body);
        send(request).await
    }
}

/// Sends `request` and reads the whole answer, timing both.
async fn send(request: reqwest::RequestBuilder) -> anyhow::Result<Answer> {
    let started = Instant::now();
    let response = request.send().await.context("the request failed")?;
    let status = response.status().as_u16();
    let consistency_token = response
        .headers()
        .get("consistency-token")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await.context("the answer was cut off")?;
    let at = Instant::now();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Ok(Answer {
        status,
        latency: at - started,
        at,
        body,
        consistency_token,
    })
}

/// Numbers every document of the run.
static DOCUMENTS: AtomicU64 = AtomicU64::new(0);

/// A small document whose bytes no other submission of the run shares: a submission that
/// repeated the latest version would be refused as a duplicate.
pub fn document(writer: &str) -> String {
    let n = DOCUMENTS.fetch_add(1, Ordering::Relaxed);
    format!("%PDF-1.4\n% charter-bench {writer} {n}\n%%EOF\n")
}
