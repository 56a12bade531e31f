//! A browser without a browser: a cookie-keeping HTTP client that reads the pages' forms,
//! sends them back with their form key, and signs in through the e-mailed code.

use crate::notifications::support::{received, wait_for_mail, Received};
use charter_api::settings::MailTransport;
use charter_api::state::AppState;
use charter_notifications::outbox::deliver::Retry;
use charter_tests::{spawn_app_with, SmtpServer, TestApp};
use reqwest::header::{HeaderValue, LOCATION, ORIGIN};
use reqwest::{redirect, StatusCode};
use sqlx::PgPool;
use std::time::Duration;

/// A server that mails through `smtp` at once, its links pointing at itself.
pub async fn pages_app(smtp: &SmtpServer) -> TestApp {
    pages_app_with(smtp, |_| {}).await
}

/// Like [`pages_app`], with the settings adjusted further.
pub async fn pages_app_with(
    smtp: &SmtpServer,
    adjust: impl FnOnce(&mut charter_api::settings::Settings),
) -> TestApp {
    let url = smtp.url();
    spawn_app_with(move |settings| {
        adjust(settings);
        settings.mail.transport = MailTransport::Smtp(url);
        settings.mail.from = "Charter <charter@hubs.test>".to_owned();
        settings.mail.poll = Duration::from_millis(50);
        settings.mail.retry = Retry {
            attempts: 3,
            give_up_after: Duration::ZERO,
            first_wait: Duration::from_millis(50),
            longest: Duration::from_millis(200),
        };
    })
    .await
}

/// Waits until the read models have applied every event written so far: a person just
/// enrolled can then be found by their address, as they would be by the time their
/// invitation reached them.
pub async fn settled(state: &AppState, pool: &PgPool) {
    let last: Option<i64> = sqlx::query_scalar("SELECT max(global_position) FROM events")
        .fetch_one(pool)
        .await
        .expect("the last position");
    state
        .wait_for(last, charter_api::routes::GENERAL_READ_MODELS)
        .await
        .expect("the read models catch up");
}

/// One browser's visit: its cookies, and the last page it was shown.
#[derive(Debug)]
pub struct Visit {
    pub base: String,
    state: AppState,
    pool: PgPool,
    client: reqwest::Client,
    pub status: StatusCode,
    pub html: String,
    pub path: String,
    /// The browser's `Accept-Language`.
    language: &'static str,
}

impl Visit {
    /// A new browser, with no cookie yet.
    pub fn new(app: &TestApp) -> Self {
        Self {
            base: app.address.clone(),
            state: app.state.clone(),
            pool: app.pool.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(redirect::Policy::none())
                .build()
                .expect("a client"),
            status: StatusCode::OK,
            html: String::new(),
            path: String::new(),
            language: "en",
        }
    }

    /// A new browser that asks for pages in `language` (its `Accept-Language`).
    pub fn speaking(app: &TestApp, language: &'static str) -> Self {
        Self {
            language,
            ..Self::new(app)
        }
    }

    /// Opens `path`, following redirects; returns the final status.
    pub async fn open(&mut self, path: &str) -> StatusCode {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept-language", self.language)
            .send()
            .await
            .expect("the page answers");
        self.take(response, path).await
    }

    /// Fetches `path` as a download: the answer as it is, its headers included.
    pub async fn download(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("the download answers")
    }

    /// Opens `path` as a download: its status, `Content-Disposition` and bytes.
    pub async fn fetch(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let response = self.download(path).await;
        let disposition = response
            .headers()
            .get(reqwest::header::CONTENT_DISPOSITION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let status = response.status();
        let bytes = response.bytes().await.expect("the bytes").to_vec();
        (status, disposition, bytes)
    }

    /// Waits until the read models have applied every event written so far.
    pub async fn settle(&self) {
        settled(&self.state, &self.pool).await;
    }

    /// Sends the form posted to `action` with `fields` and the page's form key, as a
    /// browser on this site does; follows the redirect.
    pub async fn submit(&mut self, action: &str, fields: &[(&str, &str)]) -> StatusCode {
        let key = self.form_key();
        let mut form: Vec<(&str, &str)> = vec![("csrf", key.as_str())];
        form.extend_from_slice(fields);
        self.post_raw(action, &form, Some(&self.base.clone())).await
    }

    /// Posts `form` as it is (no form key added), with `origin` as the `Origin` header.
    pub async fn post_raw(
        &mut self,
        action: &str,
        form: &[(&str, &str)],
        origin: Option<&str>,
    ) -> StatusCode {
        let mut request = self
            .client
            .post(format!("{}{action}", self.base))
            .header("accept-language", self.language)
            .form(form);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, HeaderValue::from_str(origin).expect("an origin"));
        }
        let response = request.send().await.expect("the form is answered");
        self.take(response, action).await
    }

    /// Sends a `multipart/form-data` form to `action` with `fields` (the form key first,
    /// as the page's form has it) and `file` as `(name, content type, bytes)` in the part
    /// named `file`; follows the redirect.
    pub async fn upload(
        &mut self,
        action: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> StatusCode {
        const BOUNDARY: &str = "charter-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((file_name, content_type, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let response = self
            .client
            .post(format!("{}{action}", self.base))
            .header("accept-language", self.language)
            .header(
                ORIGIN,
                HeaderValue::from_str(&self.base).expect("an origin"),
            )
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .expect("the form is answered");
        self.take(response, action).await
    }

    async fn take(&mut self, mut response: reqwest::Response, path: &str) -> StatusCode {
        self.path = path.to_owned();
        let mut hops = 0;
        while response.status().is_redirection() && hops < 5 {
            let location = response.headers()[LOCATION]
                .to_str()
                .expect("a location")
                .to_owned();
            self.path = location.clone();
            response = self
                .client
                .get(format!("{}{location}", self.base))
                .header("accept-language", self.language)
                .send()
                .await
                .expect("the page answers");
            hops += 1;
        }
        self.status = response.status();
        self.html = response.text().await.expect("a page");
        self.status
    }

    /// The form key of the page shown.
    pub fn form_key(&self) -> String {
        value_after(&self.html, "name=\"csrf\" value=\"").unwrap_or_default()
    }

    /// The text of the page's error summary, if it has one.
    pub fn error_summary(&self) -> Option<String> {
        let start = self.html.find("class=\"error-summary\"")?;
        let end = self.html[start..].find("</div>")? + start;
        Some(strip_tags(&self.html[start..end]))
    }

    /// Whether the page shows `text` (tags stripped, whitespace collapsed).
    pub fn shows(&self, text: &str) -> bool {
        strip_tags(&self.html).contains(text)
    }

    /// Asks for a code for `address`, reads it from the mail, and enters it.
    pub async fn sign_in(&mut self, smtp: &SmtpServer, address: &str) -> StatusCode {
        settled(&self.state, &self.pool).await;
        let before = received(smtp).len();
        self.open("/sign-in").await;
        self.submit("/sign-in", &[("address", address)]).await;
        assert_eq!(self.path, "/sign-in/code", "{}", self.html);
        let mail = code_mail(smtp, address, before).await;
        let code = code_in(&mail);
        self.submit("/sign-in/code", &[("code", &code)]).await
    }
}

/// The newest sign-in message to `address` after the first `before` messages.
/// Other messages (a stage's news, an interview's) may arrive first: it waits for more
/// until the code is among them.
pub async fn code_mail(smtp: &SmtpServer, address: &str, before: usize) -> Received {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut want = before + 1;
    loop {
        let messages = wait_for_mail(smtp, want).await;
        let found = messages.iter().skip(before).rfind(|message| {
            message.to.eq_ignore_ascii_case(address) && message.subject.contains("sign in")
        });
        if let Some(found) = found {
            return found.clone();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no sign-in code reached {address}"
        );
        want = messages.len() + 1;
    }
}

/// The six-digit code a sign-in message carries, in its text (never in its subject,
/// which the secretariat's list of deliveries shows).
pub fn code_in(message: &Received) -> String {
    assert!(
        !message.subject.chars().any(|c| c.is_ascii_digit()),
        "the subject carries no code: {}",
        message.subject
    );
    message
        .text
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .unwrap_or_else(|| panic!("no code in {}", message.text))
        .to_owned()
}

/// The link a sign-in message carries.
pub fn link_in(message: &Received) -> String {
    message
        .text
        .split_whitespace()
        .find(|word| word.contains("/sign-in/link/"))
        .unwrap_or_else(|| panic!("no link in {}", message.text))
        .to_owned()
}

fn value_after(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// The text of `html`, without tags, whitespace collapsed, the common entities decoded.
pub fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
