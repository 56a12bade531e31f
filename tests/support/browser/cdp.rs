//! A Chrome DevTools Protocol command sent through chromedriver's own endpoint
//! (`goog/cdp/execute`): what WebDriver cannot do, such as a phone-sized viewport (a
//! headless window is never narrower than 500 pixels) or a screenshot of the whole page.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

/// One DevTools command and its parameters.
#[derive(Debug)]
pub struct Cdp {
    command: &'static str,
    params: Value,
}

impl Cdp {
    /// The command `command` (such as `Page.captureScreenshot`) with `params`.
    pub fn new(command: &'static str, params: Value) -> Self {
        Self { command, params }
    }
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
