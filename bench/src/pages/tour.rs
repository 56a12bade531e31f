//! Which pages each role opens: every GET page its routes serve (`api/src/pages/`), the
//! forms' POSTs and the downloads left out. A page with an id in its path gets it as a
//! browser would, from a link on a page the person opened before; where several links
//! fit, the one whose aggregate has the longest history in the store, so that each page is
//! timed at its heaviest on the network.

use super::browser::Browser;
use super::links::{first, shaped, uuid_in};
use anyhow::{bail, Context};
use sqlx::PgPool;
use std::collections::HashMap;

/// A page to time: its route (the report's label) and the path requested.
#[derive(Debug, Clone)]
pub struct Page {
    pub route: &'static str,
    pub path: String,
}

/// One person's walk through their pages, and the store that ranks the links they find.
struct Walk<'a> {
    browser: &'a mut Browser,
    pool: &'a PgPool,
    pages: Vec<Page>,
}

impl<'a> Walk<'a> {
    fn new(browser: &'a mut Browser, pool: &'a PgPool) -> Self {
        Self {
            browser,
            pool,
            pages: Vec::new(),
        }
    }

    /// Opens `path`, a page of `route` to time, and gives its HTML.
    async fn open(&mut self, route: &'static str, path: &str) -> anyhow::Result<String> {
        let html = self.read(path).await?;
        self.pages.push(Page {
            route,
            path: path.to_owned(),
        });
        Ok(html)
    }

    /// Opens `path` only for its links. Every page the walk reads must answer 200: a page
    /// that does not is no page of this role, and the metric would time an error.
    async fn read(&mut self, path: &str) -> anyhow::Result<String> {
        let answer = self.browser.get(path).await?;
        if answer.status != 200 {
            bail!("{path} answered {}: {}", answer.status, answer.body);
        }
        Ok(answer.body)
    }

    /// `links` with the longest history first: by the events of the aggregate each one's
    /// id names (an application, a vote), ties in the page's order.
    async fn longest_first(&self, links: Vec<String>) -> anyhow::Result<Vec<String>> {
        let ids: Vec<String> = links
            .iter()
            .filter_map(|link| uuid_in(link))
            .map(str::to_owned)
            .collect();
        let counted: HashMap<String, i64> = sqlx::query_as(
            "SELECT aggregate_id, count(*) FROM events
             WHERE aggregate_id = ANY($1) GROUP BY aggregate_id",
        )
        .bind(&ids)
        .fetch_all(self.pool)
        .await
        .context("cannot count the events behind the links")?
        .into_iter()
        .collect();
        let events = |link: &String| {
            uuid_in(link)
                .and_then(|id| counted.get(id))
                .copied()
                .unwrap_or(0)
        };
        let mut ranked = links;
        ranked.sort_by_key(|link| std::cmp::Reverse(events(link)));
        if let Some(chosen) = ranked.first() {
            tracing::info!(link = %chosen, events = events(chosen), of = ranked.len(), "the longest history");
        }
        Ok(ranked)
    }

    /// The first link of `shape` on the page of the first of `pages` that offers one.
    async fn first_offering(
        &mut self,
        pages: &[String],
        shape: &str,
    ) -> anyhow::Result<Option<String>> {
        for page in pages {
            if let Some(link) = first(&self.read(page).await?, shape) {
                return Ok(Some(link));
            }
        }
        Ok(None)
    }
}

/// The secretariat's pages: the board whole and narrowed, an application and one of its
/// interviews, the roster, a person and their erasure's confirmation, the deliveries and
/// one delivery, the account.
pub async fn secretariat(browser: &mut Browser, pool: &PgPool) -> anyhow::Result<Vec<Page>> {
    let mut walk = Walk::new(browser, pool);
    let board = walk.open("/", "/").await?;
    walk.open("/?stage=candidate", "/?stage=candidate").await?;
    let applications = walk
        .longest_first(shaped(&board, "/applications/{uuid}"))
        .await?;
    let application = applications
        .first()
        .context("the board links to no application")?;
    walk.open("/applications/{id}", application).await?;
    // Not every application has had an interview: the longest history that has one.
    let interview = walk
        .first_offering(&applications, "/applications/{uuid}/interviews/{n}")
        .await?
        .context("no application on the board links to an interview")?;
    walk.open("/applications/{id}/interviews/{n}", &interview)
        .await?;
    let roster = walk.open("/people", "/people").await?;
    let person = first(&roster, "/people/{uuid}").context("the roster links to no person")?;
    let record = walk.open("/people/{id}", &person).await?;
    let erasure = first(&record, "/people/{uuid}/erasure")
        .with_context(|| format!("{person} links to no erasure"))?;
    walk.open("/people/{id}/erasure", &erasure).await?;
    let deliveries = walk.open("/deliveries", "/deliveries").await?;
    let delivery =
        first(&deliveries, "/deliveries/{uuid}").context("the deliveries link to no message")?;
    walk.open("/deliveries/{id}", &delivery).await?;
    walk.open("/account", "/account").await?;
    Ok(walk.pages)
}

/// A committee member's pages: the open votes, a vote and its recusal form, the register,
/// the dashboard, an application's audit log, the account.
pub async fn committee(browser: &mut Browser, pool: &PgPool) -> anyhow::Result<Vec<Page>> {
    let mut walk = Walk::new(browser, pool);
    let open = walk.open("/", "/").await?;
    let votes = walk.longest_first(shaped(&open, "/votes/{uuid}")).await?;
    let vote = votes
        .first()
        .context("the committee's start page links to no open vote")?;
    walk.open("/votes/{id}", vote).await?;
    // The form is offered only while the member may still vote on the motion.
    let recusal = walk
        .first_offering(&votes, "/votes/{uuid}/recusal")
        .await?
        .context("no open vote offers the member a recusal")?;
    walk.open("/votes/{id}/recusal", &recusal).await?;
    let register = walk.open("/register", "/register").await?;
    let dashboard = walk.open("/dashboard", "/dashboard").await?;
    let shape = "/applications/{uuid}/audit";
    let mut audits = shaped(&register, shape);
    audits.extend(shaped(&dashboard, shape));
    let audits = walk.longest_first(audits).await?;
    let audit = audits
        .first()
        .context("neither the register nor the dashboard links to an audit log")?;
    walk.open("/applications/{id}/audit", audit).await?;
    walk.open("/account", "/account").await?;
    Ok(walk.pages)
}

/// A panelist's pages: the review queue, an application as its panel sees it, a review's
/// form and a revision's, the conflict-of-interest form, the account.
pub async fn panelist(browser: &mut Browser, pool: &PgPool) -> anyhow::Result<Vec<Page>> {
    let mut walk = Walk::new(browser, pool);
    let queue = walk.open("/", "/").await?;
    let applications = walk
        .longest_first(shaped(&queue, "/applications/{uuid}/review"))
        .await?;
    let application = applications
        .first()
        .context("the review queue links to no application")?;
    let record = walk.open("/applications/{id}/review", application).await?;
    let reviews = walk
        .longest_first(shaped(&queue, "/applications/{uuid}/review/{word}/{n}"))
        .await?;
    let review = reviews
        .first()
        .context("the review queue awaits no review")?;
    walk.open("/applications/{id}/review/{kind}/{version}", review)
        .await?;
    let revisions = walk
        .longest_first(shaped(&queue, "/applications/{uuid}/reviews/{n}/revise"))
        .await?;
    let revision = revisions
        .first()
        .context("the review queue holds no filed review to revise")?;
    walk.open("/applications/{id}/reviews/{n}/revise", revision)
        .await?;
    let conflict = first(&record, "/applications/{uuid}/conflict")
        .with_context(|| format!("{application} links to no conflict form"))?;
    walk.open("/applications/{id}/conflict", &conflict).await?;
    walk.open("/account", "/account").await?;
    Ok(walk.pages)
}

/// A founder's pages: where the application stands, its documents, its timeline, the
/// withdrawal form, the agreement and the appeal, the account. A candidate's start page
/// links to neither the agreement nor the appeal, but both answer it (with what has to
/// happen first: approval, a rejection), as they do a founder who follows a link from an
/// e-mail or a bookmark, and they read the same status as the pages that are linked.
pub async fn founder(browser: &mut Browser, pool: &PgPool) -> anyhow::Result<Vec<Page>> {
    let mut walk = Walk::new(browser, pool);
    walk.open("/", "/").await?;
    for route in [
        "/documents",
        "/timeline",
        "/withdraw",
        "/agreement",
        "/appeal",
    ] {
        walk.open(route, route).await?;
    }
    walk.open("/account", "/account").await?;
    Ok(walk.pages)
}

/// The address of the panelist who sits on the most panels (not recused): the queue
/// whose reading grows with every panel its panelist ever sat on is the heaviest of the pool.
/// The roster keeps addresses sealed: the one found is opened.
pub async fn busiest_panelist(pool: &PgPool) -> anyhow::Result<String> {
    let mut email: String = sqlx::query_scalar(
        "SELECT p.email FROM application_panel a JOIN people p ON p.person_id = a.panelist_id
         WHERE a.recused_at IS NULL AND p.email IS NOT NULL
         GROUP BY p.person_id, p.email ORDER BY count(*) DESC, p.person_id LIMIT 1",
    )
    .fetch_optional(pool)
    .await?
    .context("no panelist of the demo sits on a panel")?;
    charter_store::opening::open_texts(pool, [&mut email]).await?;
    Ok(email)
}
