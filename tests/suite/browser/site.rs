//! A tiny site for testing the browser harness: an accessible page, a page with known
//! axe-core violations, a form, a page too wide for a phone, and a page that shows the
//! languages asked for. Every answer but one control carries the strict
//! Content-Security-Policy of Charter's pages, so that what passes here passes there.

use axum::extract::Query;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use tokio::task::JoinHandle;

/// No inline script, no `eval`, nothing from elsewhere.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

/// The site, on a free loopback port; it stops when dropped.
#[derive(Debug)]
pub struct Site {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl Site {
    /// Starts the site.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("its address");
        let app = Router::new()
            .route(
                "/accessible",
                get(|| page("An accessible page", ACCESSIBLE)),
            )
            .route(
                "/violations",
                get(|| page("A page with faults", VIOLATIONS)),
            )
            .route("/wide", get(|| page("A wide page", WIDE)))
            .route(
                "/unseen",
                get(|| page("A page that hides its focus", UNSEEN)),
            )
            .route("/small", get(|| page("A page of small print", SMALL)))
            .route("/unscaled", get(unscaled))
            .route("/form", get(|| page("A form", FORM)).post(receive))
            .route("/thanks", get(thanks))
            .route("/language", get(language))
            .route("/site.css", get(stylesheet))
            .layer(axum::middleware::map_response(with_csp))
            // The control: the same page without the policy, where its script runs.
            .route("/no-policy", get(|| page("An accessible page", ACCESSIBLE)));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { address, task }
    }

    /// The address of `path` on the site.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn with_csp(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    response
}

async fn page(title: &str, main: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/site.css\"></head>\
         <body><main><h1>{title}</h1>{main}</main></body></html>"
    ))
}

/// A page that forgot its viewport declaration: fine on a desktop, shrunk on a phone.
async fn unscaled() -> Html<String> {
    let page = page("An unscaled page", "<p>Small print on a phone.</p>").await;
    Html(page.0.replace(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "",
    ))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/css")],
        "body { font-family: sans-serif; margin: 1rem; color: #111; background: #fff; }\n\
         .wide { width: 900px; border: 1px solid #333; }\n\
         .unseen:focus { outline: none; box-shadow: none; }\n\
         .frame:focus { outline: 3px solid #111; }\n",
    )
}

/// Its inline script would mark the page if the policy let it run.
const ACCESSIBLE: &str = "<p>Everything here has a name.</p>\
    <script>document.body.dataset.inline = 'ran';</script>\
    <img src=\"/missing.png\" alt=\"The network's logo\">\
    <form method=\"post\" action=\"/form\"><label for=\"city\">City</label>\
    <input id=\"city\" name=\"city\"><button>Search</button></form>";

/// Two known faults: axe-core's rules `image-alt` and `label`.
const VIOLATIONS: &str = "<p>Two faults follow.</p><img src=\"/missing.png\">\
    <form method=\"post\" action=\"/form\"><input name=\"city\">\
    <button>Search</button></form>";

/// A button that shows no focus, an error summary whose link leads to no field, and a
/// stop of the tab order that says nothing of what it is.
const UNSEEN: &str = "<div class=\"error-summary\"><h2>There is a problem</h2>\
    <ul><li><a href=\"#postcode\">Enter a postcode</a></li></ul></div>\
    <div class=\"frame\" tabindex=\"0\"><p>A frame</p></div>\
    <p><a href=\"/accessible\">A link that shows its focus</a></p>\
    <button class=\"unseen\" type=\"button\">Hidden focus</button>";

/// A drawing five times wider than a phone, whose words shrink with it.
const SMALL: &str = "<p>Readable.</p><svg role=\"img\" aria-label=\"A chart\" \
    viewBox=\"0 0 2000 100\" width=\"100%\"><text x=\"0\" y=\"50\" \
    font-size=\"14\">Tiny words</text></svg>";

const WIDE: &str = "<div class=\"wide\">Nine hundred pixels wide, whatever the screen.</div>";

const FORM: &str = "<form method=\"post\" action=\"/form\">\
    <p><label for=\"name\">Your name <span>(as on your passport)</span></label>\
    <input id=\"name\" name=\"name\" value=\"someone\"></p>\
    <p><label for=\"stage\">Stage</label><select id=\"stage\" name=\"stage\">\
    <option value=\"applied\">Applied</option><option value=\"candidate\">Candidate</option>\
    </select></p>\
    <p><label><input type=\"checkbox\" name=\"agree\" value=\"yes\"> I agree</label></p>\
    <p><label for=\"note\">Note</label><textarea id=\"note\" name=\"note\"></textarea></p>\
    <button type=\"submit\">Send</button></form>";

#[derive(Debug, Deserialize)]
struct Sent {
    name: String,
    stage: String,
    agree: Option<String>,
    note: String,
}

/// Post, redirect, get: as Charter's forms answer.
async fn receive(Form(sent): Form<Sent>) -> Redirect {
    let query = [
        ("name", sent.name),
        ("stage", sent.stage),
        ("agree", sent.agree.unwrap_or_else(|| "no".to_owned())),
        ("note", sent.note),
    ];
    let query = query_string(&query);
    Redirect::to(&format!("/thanks?{query}"))
}

fn query_string(pairs: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

async fn thanks(Query(sent): Query<HashMap<String, String>>) -> Html<String> {
    let field = |name: &str| html_escape(sent.get(name).map(String::as_str).unwrap_or(""));
    let main = format!(
        "<p>Thank you, {}.</p><p>Stage: {}. Agreed: {}. Note: {}.</p>",
        field("name"),
        field("stage"),
        field("agree"),
        field("note")
    );
    page("Sent", &main).await
}

async fn language(headers: HeaderMap) -> Html<String> {
    let asked = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("nothing");
    page(
        "Languages",
        &format!("<p>Asked for: {}</p>", html_escape(asked)),
    )
    .await
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
