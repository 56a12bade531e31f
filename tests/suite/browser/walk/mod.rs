//! Every page of every role in Chromium, each checked as [`Browser::check_page`] checks:
//! axe-core on a desktop and on a phone, a visible focus on everything the keyboard
//! reaches, an error summary that leads to its fields, and nothing wider than the phone.
//!
//! One walk per role, each on a record written through the API to the states its pages
//! show (and refused forms, so that pages with their error summary are checked too). Each
//! walk names the routes it opens and fails unless it opened each; a test here reads the
//! routers' sources and fails if a page route is in no walk, so a new page cannot be left
//! out unnoticed.

mod committee;
mod delegates;
mod founders;
mod panelists;
mod secretariat;
mod visitors;

use super::cast::Cast;
use charter_tests::Browser;
use std::collections::BTreeSet;
use std::path::Path;

/// The routes answered with a GET that are not pages: files to download, the style sheet
/// and script, and the language switch that redirects back.
const NOT_PAGES: &[&str] = &[
    "/documents/{kind}/{version}",
    "/applications/{id}/documents/{kind}/{version}",
    "/dashboard/{name}",
    "/static/{name}",
    "/language/{tag}",
];

/// One person's walk through their pages at a browser.
pub(super) struct Walk<'a> {
    pub(super) cast: &'a Cast,
    pub(super) browser: Browser,
    /// Names the screenshots: the walker's role.
    who: &'static str,
    /// The routes this walk says it opens.
    routes: &'static [&'static str],
    opened: BTreeSet<&'static str>,
}

impl<'a> Walk<'a> {
    /// A browser for `who`'s walk through `routes`.
    pub(super) async fn start(
        cast: &'a Cast,
        who: &'static str,
        routes: &'static [&'static str],
    ) -> Self {
        Self {
            cast,
            browser: Browser::start().await,
            who,
            routes,
            opened: BTreeSet::new(),
        }
    }

    /// Signs `address` in.
    pub(super) async fn sign_in(&mut self, address: &str) {
        self.cast.sign_in(&mut self.browser, address).await;
    }

    /// Opens `path` (one of the walk's routes), waits until it shows `text`, and checks it
    /// as `name`.
    pub(super) async fn open(&mut self, path: &str, text: &str, name: &str) {
        let route = self
            .routes
            .iter()
            .find(|route| matches(route, path))
            .unwrap_or_else(|| panic!("{path} is none of the walk's routes {:?}", self.routes));
        self.opened.insert(route);
        self.browser.goto(&self.cast.url(path)).await;
        self.browser.wait_for_text(text).await;
        self.look(name).await;
    }

    /// Checks the page shown (one a form led to) as `name`.
    pub(super) async fn look(&mut self, name: &str) {
        let name = format!("{}-{name}", self.who);
        self.browser.check_page(&name).await;
    }

    /// Presses the button that reads `button` and checks the page it leads to, once it
    /// shows `text`, as `name`.
    pub(super) async fn press(&mut self, button: &str, text: &str, name: &str) {
        self.browser.click_button(button).await;
        self.browser.wait_for_text(text).await;
        self.look(name).await;
    }

    /// Presses `button` on a form left as it is, and checks the refusal: its error
    /// summary, as `name`.
    pub(super) async fn refused(&mut self, button: &str, name: &str) {
        self.press(button, "There is a problem", name).await;
    }

    /// Chooses the option of value `value` in the list whose id is `list`.
    pub(super) async fn choose(&self, list: &str, value: &str) {
        self.element(&format!("//select[@id='{list}']"))
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|error| panic!("choose {value} in {list}: {error}"));
    }

    /// Chooses the file at `path` in the file field whose id is `field`.
    pub(super) async fn attach(&self, field: &str, path: &Path) {
        self.element(&format!("//input[@id='{field}']"))
            .await
            .send_keys(&path.display().to_string())
            .await
            .unwrap_or_else(|error| panic!("attach {}: {error}", path.display()));
    }

    /// Picks the radio button of value `value` in the group named `name`.
    pub(super) async fn pick(&self, name: &str, value: &str) {
        self.element(&format!("//input[@name='{name}' and @value='{value}']"))
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("pick {value} for {name}: {error}"));
    }

    async fn element(&self, xpath: &str) -> fantoccini::elements::Element {
        self.browser
            .client()
            .find(fantoccini::Locator::XPath(xpath))
            .await
            .unwrap_or_else(|error| panic!("find {xpath}: {error}"))
    }

    /// The `href` of the first link whose address contains `part`.
    pub(super) async fn link_to(&self, part: &str) -> String {
        let found = self
            .browser
            .execute(
                "const link = Array.from(document.querySelectorAll('a[href]'))\
                 .find((a) => a.getAttribute('href').includes(arguments[0]));\
                 return link ? link.getAttribute('href') : null;",
                vec![part.into()],
            )
            .await;
        found
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no link to {part} on the page"))
    }

    /// Fails unless every route the walk names was opened.
    pub(super) fn finish(self) {
        let missed: Vec<&&str> = self
            .routes
            .iter()
            .filter(|route| !self.opened.contains(**route))
            .collect();
        assert!(
            missed.is_empty(),
            "the {} walk names routes it never opened: {missed:?}",
            self.who
        );
    }
}

/// Whether `path` (its query ignored) is an address of `route`, whose `{…}` segments
/// stand for any one segment.
fn matches(route: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let routes: Vec<&str> = route.split('/').collect();
    let paths: Vec<&str> = path.split('/').collect();
    routes.len() == paths.len()
        && routes
            .iter()
            .zip(&paths)
            .all(|(route, path)| (route.starts_with('{') && !path.is_empty()) || route == path)
}

/// The routes of the pages' routers answered with a GET, read from their sources.
fn get_routes() -> BTreeSet<String> {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/src/pages");
    let mut routes = BTreeSet::new();
    let mut folders = vec![pages];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("read {}: {error}", folder.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                routes.extend(routes_in(&source));
            }
        }
    }
    routes
}

/// The paths of `.route(…)` calls in `source` whose handlers include a `get(`.
fn routes_in(source: &str) -> Vec<String> {
    let mut routes = Vec::new();
    for (start, _) in source.match_indices(".route(") {
        let call = &source[start + ".route(".len()..];
        // The call's arguments: up to the parenthesis that closes it.
        let mut depth = 1;
        let end = call
            .char_indices()
            .find_map(|(at, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(at)
            })
            .unwrap_or(call.len());
        let arguments = &call[..end];
        let path = arguments.split('"').nth(1).unwrap_or_default();
        if arguments.contains("get(") {
            routes.push(path.to_owned());
        }
    }
    routes
}

#[test]
fn every_page_route_of_the_routers_is_in_a_walk() {
    let routes = get_routes();
    // The reading of the sources itself: too few would mean it lost its way.
    assert!(routes.len() > 25, "only {routes:?}");
    assert!(routes.contains("/votes/{id}") && routes.contains("/documents"));
    let walked: BTreeSet<&str> = [
        visitors::ROUTES,
        founders::ROUTES,
        panelists::ROUTES,
        committee::ROUTES,
        delegates::ROUTES,
        secretariat::ROUTES,
        NOT_PAGES,
    ]
    .concat()
    .into_iter()
    .collect();
    let missed: Vec<&String> = routes
        .iter()
        .filter(|route| !walked.contains(route.as_str()))
        .collect();
    assert!(missed.is_empty(), "pages no walk opens: {missed:?}");
    let stale: Vec<&&str> = walked
        .iter()
        .filter(|route| !routes.contains(**route))
        .collect();
    assert!(
        stale.is_empty(),
        "walks name routes no router has: {stale:?}"
    );
}

#[test]
fn a_route_matches_its_addresses_only() {
    assert!(matches("/votes/{id}", "/votes/3f2a"));
    assert!(matches("/", "/?stage=applied"));
    assert!(!matches("/votes/{id}", "/votes/3f2a/recusal"));
    assert!(!matches("/votes/{id}", "/votes/"));
    assert!(!matches("/people", "/people/3f2a"));
}
