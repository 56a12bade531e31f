//! A real browser for the tests: Debian's Chromium, headless, driven over WebDriver by
//! chromedriver and fantoccini. Each test starts its own; dropping it ends chromedriver,
//! Chromium and its helper processes, and deletes their files.
//!
//! The helpers wait for what they need (a field, a button, the next page) rather than
//! sleeping, with limits generous enough for a loaded two-core machine, and fail saying
//! what they waited for, where, and what the page said. Screenshots go under
//! `<target>/browser-screenshots/<test>/`, and one more is taken when a test fails with a
//! browser open.

mod axe;
mod cdp;
mod checks;
mod driver;
mod forms;
mod keys;
mod shots;

pub use axe::{ViolatingNode, Violation};
pub use driver::{CHROMEDRIVER_ENV, CHROMIUM_ENV};
pub use fantoccini::key::Key;
pub use keys::Focused;
pub use shots::screenshots_root;

use base64::Engine as _;
use cdp::Cdp;
use driver::Driver;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use shots::TestFolder;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The desktop window, in CSS pixels (the page itself gets 1280 by about 760 of it).
pub const DESKTOP: (u32, u32) = (1280, 900);
/// The phone of [`Browser::check_page`]: an iPhone 12-15's viewport.
pub const PHONE: (u32, u32) = (390, 844);

/// How long a helper waits for an element, a page or a condition, unless told otherwise.
const WAIT: Duration = Duration::from_secs(30);
/// How long a page load or a script (axe-core on a long page) may take before WebDriver
/// gives up: far above what they need, since the machine may be busy with other tests.
const PAGE_LOAD_MS: u64 = 90_000;
/// How long any one WebDriver command may take before the test fails: a hung renderer
/// would otherwise hold it for chromedriver's own ten minutes.
const COMMAND_LIMIT: Duration = Duration::from_secs(150);

/// `command`'s outcome, or a failure naming `what` if it takes longer than
/// [`COMMAND_LIMIT`].
async fn within<T>(what: &str, command: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(COMMAND_LIMIT, command)
        .await
        .unwrap_or_else(|_| {
            panic!(
                "{what} took over {COMMAND_LIMIT:?}: Chromium may be hung (see chromedriver.log)"
            )
        })
}

/// One headless Chromium, its session and its test's screenshot folder.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    session: String,
    shots: TestFolder,
    /// The field filled last, whose form [`Browser::submit`] submits.
    last_field: Option<fantoccini::elements::Element>,
    wait: Duration,
    // Dropped in this order: the processes, then the files they wrote.
    driver: Driver,
    _scratch: Scratch,
}

impl Browser {
    /// Starts a browser whose pages are asked for in English.
    pub async fn start() -> Self {
        Self::start_in_language("en").await
    }

    /// Starts a browser that asks for pages in `language` (an `Accept-Language` tag such as
    /// `tr`), as a person whose browser is set to it would.
    pub async fn start_in_language(language: &str) -> Self {
        let chromium = driver::chromium();
        let shots = TestFolder::of_current_test();
        let scratch = Scratch::new();
        let log = shots.path().join("chromedriver.log");
        let driver = Driver::start(&log, &scratch.temporary()).await;
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_nodelay(true);
        let capabilities = capabilities(&chromium, &scratch.profile(), language);
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities);
        let client = within("starting Chromium", builder.connect(&driver.url()))
            .await
            .unwrap_or_else(|error| panic!("start a Chromium session: {error}"));
        let session = client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("the session's id");
        let browser = Self {
            client,
            session,
            shots,
            last_field: None,
            wait: WAIT,
            driver,
            _scratch: scratch,
        };
        // Headless, the window never has the system's focus, so a page a form led to has no
        // focused document until a key is pressed in it, and a script's focus shows no
        // `:focus` style; a person's window has the focus, and so does this one.
        browser
            .cdp(
                "Emulation.setFocusEmulationEnabled",
                json!({ "enabled": true }),
            )
            .await;
        browser
    }

    /// Makes the helpers wait at most `limit` (30 seconds at first) for what they look for.
    pub fn set_wait_limit(&mut self, limit: Duration) {
        self.wait = limit;
    }

    /// The fantoccini client, for what these helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url` and waits until it has loaded.
    pub async fn goto(&mut self, url: &str) {
        self.last_field = None;
        within(&format!("opening {url}"), self.client.goto(url))
            .await
            .unwrap_or_else(|error| panic!("open {url}: {error}"));
    }

    /// The address of the page shown.
    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|url| url.to_string())
            .unwrap_or_else(|error| panic!("read the current address: {error}"))
    }

    /// The path and query of the page shown (`/sign-in?next=%2F`).
    pub async fn current_path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .unwrap_or_else(|error| panic!("read the current address: {error}"));
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The page's text as a person sees it (hidden elements left out).
    pub async fn text(&self) -> String {
        within("reading the page", async {
            match self.client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            }
        })
        .await
    }

    /// Waits until the page's text contains `text`.
    pub async fn wait_for_text(&self, text: &str) {
        self.wait_until(&format!("the text {text:?}"), async || {
            self.text().await.contains(text).then_some(())
        })
        .await;
    }

    /// Runs `script` in the page (a function body; `arguments` holds `args`) and returns
    /// what it returns.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        within("a script", self.client.execute(script, args))
            .await
            .unwrap_or_else(|error| panic!("run a script in the page: {error}"))
    }

    /// Saves a screenshot of the whole page (not only the window) as the test's next
    /// `<nn>-<name>.png`, and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let size = self
            .execute(
                "const root = document.documentElement; \
                 return [Math.max(root.scrollWidth, window.innerWidth), \
                         Math.max(root.scrollHeight, window.innerHeight)];",
                vec![],
            )
            .await;
        // A runaway page must not make a picture of hundreds of megabytes.
        let width = size[0].as_f64().unwrap_or(DESKTOP.0.into()).min(4_000.0);
        let height = size[1].as_f64().unwrap_or(DESKTOP.1.into()).min(16_000.0);
        let answer = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await;
        let png = answer["data"]
            .as_str()
            .and_then(|data| base64::engine::general_purpose::STANDARD.decode(data).ok())
            .unwrap_or_else(|| panic!("a screenshot from Chromium, not {answer}"));
        self.save(name, &png)
    }

    /// Sends one DevTools command through chromedriver and returns its result.
    async fn cdp(&self, command: &'static str, params: Value) -> Value {
        within(command, self.client.issue_cmd(Cdp::new(command, params)))
            .await
            .unwrap_or_else(|error| panic!("DevTools command {command}: {error}"))
    }

    fn save(&self, name: &str, png: &[u8]) -> PathBuf {
        let path = self.shots.next(name);
        std::fs::write(&path, png)
            .unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
        path
    }

    /// Calls `probe` until it gives a value, and fails after the wait limit saying what it
    /// waited for and what the page showed then.
    async fn wait_until<T>(&self, what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
        let limit = self.wait;
        let deadline = Instant::now() + limit;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() > deadline {
                let url = self.current_url().await;
                let text: String = self.text().await.chars().take(800).collect();
                panic!("waited {limit:?} for {what} on {url}; the page says:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // What the page showed when the test failed; the viewport only, as the async
            // client cannot be used here.
            let path = format!("/session/{}/screenshot", self.session);
            let png = self
                .driver
                .request_blocking("GET", &path)
                .and_then(|body| serde_json::from_str::<Value>(&body).ok())
                .and_then(|body| body["value"].as_str().map(str::to_owned))
                .and_then(|data| base64::engine::general_purpose::STANDARD.decode(data).ok());
            if let Some(png) = png {
                let path = self.shots.next("failure");
                if std::fs::write(&path, png).is_ok() {
                    eprintln!("the browser's last page: {}", path.display());
                }
            }
        }
        // Ending the session lets chromedriver close Chromium in order; the driver's own
        // drop then kills whatever is left of the process group.
        let _ = self
            .driver
            .request_blocking("DELETE", &format!("/session/{}", self.session));
    }
}

/// The folder of one browser's files, deleted when the browser has ended: Chromium's
/// profile, and the temporary folder of chromedriver and Chromium, where they leave
/// folders behind when a session is ended in a hurry.
#[derive(Debug)]
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let number = STARTED.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("charter-chromium-{}-{number}", std::process::id()));
        let scratch = Self(path);
        std::fs::create_dir_all(scratch.temporary())
            .unwrap_or_else(|error| panic!("create {}: {error}", scratch.0.display()));
        scratch
    }

    fn profile(&self) -> PathBuf {
        self.0.join("profile")
    }

    fn temporary(&self) -> PathBuf {
        self.0.join("tmp")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn capabilities(chromium: &Path, profile: &Path, language: &str) -> fantoccini::wd::Capabilities {
    let (width, height) = DESKTOP;
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
                format!("--lang={language}"),
            ],
            "prefs": { "intl.accept_languages": language },
        },
        "pageLoadStrategy": "normal",
        "timeouts": { "pageLoad": PAGE_LOAD_MS, "script": PAGE_LOAD_MS, "implicit": 0 },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object"),
    }
}
