//! The people of the journey at their browsers, and the steps each takes at the pages.

use super::super::cast::{Cast, ADA, AYLA, BERK, DENIZ, HANNA};
use charter_tests::{Browser, Caller};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::json;
use std::collections::HashSet;
use std::path::PathBuf;

/// The people, their browsers and the pages already checked.
pub(super) struct Journey<'a> {
    pub(super) cast: &'a Cast,
    pub(super) id: String,
    /// The secretariat's browser, signed in all along.
    pub(super) office: Browser,
    /// The founder's browser, signed in all along.
    pub(super) founder: Browser,
    /// One browser that panelists and committee members take turns at.
    pub(super) desk: Browser,
    pub(super) at_desk: Option<&'static str>,
    pub(super) checked: HashSet<String>,
    pub(super) files: PathBuf,
}

/// The element that `xpath` finds on `browser`'s page.
pub(super) async fn element(browser: &Browser, xpath: &str) -> Element {
    browser
        .client()
        .find(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|error| panic!("find {xpath}: {error}"))
}

/// Screenshots and checks the page with axe-core the first time a page of this name shows.
async fn look(browser: &mut Browser, checked: &mut HashSet<String>, name: &str) {
    let name = format!("journey-{name}");
    if checked.insert(name.clone()) {
        browser.check_page(&name).await;
    }
}

impl Journey<'_> {
    pub(super) fn url(&self, path: &str) -> String {
        self.cast.url(path)
    }

    /// Signs `address` in at the shared desk, signing out whoever sat there before.
    pub(super) async fn sit(&mut self, address: &'static str) {
        if self.at_desk == Some(address) {
            return;
        }
        if self.at_desk.is_some() {
            self.desk.goto(&self.url("/")).await;
            self.cast.sign_out(&mut self.desk).await;
        }
        self.cast.sign_in(&mut self.desk, address).await;
        self.at_desk = Some(address);
    }

    /// The secretariat's page of the application, waited for until it shows `text`.
    pub(super) async fn office_page(&mut self, text: &str) {
        let url = self.url(&format!("/applications/{}", self.id));
        self.office.goto(&url).await;
        self.office.wait_for_text(text).await;
    }

    /// The founder uploads version 1 of each of `kinds` through the documents page.
    pub(super) async fn upload(&mut self, kinds: &[&str]) {
        for kind in kinds {
            self.founder.goto(&self.url("/documents")).await;
            self.founder.wait_for_text("Submit the document").await;
            look(&mut self.founder, &mut self.checked, "founder-documents").await;
            let path = self.files.join(format!("{kind}.pdf"));
            std::fs::write(&path, format!("%PDF-1.4\n% {kind}\n")).expect("write the file");
            element(&self.founder, "//select[@id='kind']")
                .await
                .select_by_value(kind)
                .await
                .expect("choose the kind");
            element(&self.founder, "//input[@id='file']")
                .await
                .send_keys(&path.display().to_string())
                .await
                .expect("choose the file");
            self.founder.click_button("Submit the document").await;
            self.founder
                .wait_for_text("Your document has been submitted.")
                .await;
        }
        look(&mut self.founder, &mut self.checked, "founder-uploaded").await;
    }

    /// Each panelist reviews each of `kinds`: the form, check your answers, file.
    pub(super) async fn review(&mut self, kinds: &[&str]) {
        for (address, who) in [(ADA, "ada"), (DENIZ, "deniz")] {
            self.sit(address).await;
            for kind in kinds {
                let overview = self.url(&format!("/applications/{}/review", self.id));
                self.desk.goto(&overview).await;
                self.desk.wait_for_text("Review this version").await;
                look(&mut self.desk, &mut self.checked, "panelist-application").await;
                let form = format!("/applications/{}/review/{kind}/1", self.id);
                self.desk.goto(&self.url(&form)).await;
                self.desk.wait_for_text("Comments").await;
                look(&mut self.desk, &mut self.checked, "panelist-review").await;
                for criterion in ["team", "community", "feasibility", "impact"] {
                    let xpath = format!("//input[@name='score-{criterion}' and @value='4']");
                    element(&self.desk, &xpath)
                        .await
                        .click()
                        .await
                        .expect("score");
                }
                element(
                    &self.desk,
                    "//input[@name='recommendation' and @value='advance']",
                )
                .await
                .click()
                .await
                .expect("recommend");
                let comments = format!("{who} read the {kind} closely.");
                self.desk.fill("comments", &comments).await;
                self.desk.click_button("Continue").await;
                self.desk.wait_for_text("File the review").await;
                look(&mut self.desk, &mut self.checked, "panelist-check-answers").await;
                self.desk.click_button("File the review").await;
                self.desk.wait_for_text("Your review has been filed.").await;
            }
        }
    }

    /// The secretariat schedules an interview a day ago and records it as held.
    pub(super) async fn interview(&mut self) {
        self.office_page("Schedule an interview").await;
        let when = (chrono::Utc::now() - chrono::Duration::days(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        // A datetime-local input takes typed keys in the browser's own date order: set it.
        self.office
            .execute(
                "document.getElementById('interview-when').value = arguments[0];",
                vec![json!(when)],
            )
            .await;
        self.office.fill("interview-where", "Video call").await;
        self.office.click_button("Schedule").await;
        self.office.wait_for_text("Interview scheduled").await;
        let links = self
            .office
            .client()
            .find_all(Locator::XPath("//a[contains(@href, '/interviews/')]"))
            .await
            .expect("the interviews' links");
        let mut hrefs = Vec::new();
        for link in links {
            hrefs.push(link.attr("href").await.expect("href").expect("an href"));
        }
        for href in hrefs {
            self.office.goto(&self.url(&href)).await;
            if self
                .office
                .text()
                .await
                .contains("Record the interview as held")
            {
                break;
            }
        }
        look(&mut self.office, &mut self.checked, "secretariat-interview").await;
        self.office
            .fill("notes", "The team knows its city and its members.")
            .await;
        self.office
            .fill("attendees", "Ines Moreau\nSelin Aydın")
            .await;
        self.office
            .click_button("Record the interview as held")
            .await;
        self.office.wait_for_text("Interview recorded.").await;
    }

    /// The secretariat opens a vote to advance to the next stage; its id.
    pub(super) async fn open_vote(&mut self) -> String {
        self.office_page("Open a vote").await;
        self.office.click_button("Open a vote").await;
        self.office.wait_for_text("Vote opened").await;
        let form = element(
            &self.office,
            "//form[contains(@action, '/votes/') and contains(@action, '/close')]",
        )
        .await;
        let action = form
            .attr("action")
            .await
            .expect("action")
            .expect("an action");
        action
            .split('/')
            .rev()
            .nth(1)
            .expect("the vote's id")
            .to_owned()
    }

    /// Two of the three committee members vote yes on the vote page: over half of them
    /// take part (the quorum) and two thirds of the members say yes (either threshold).
    pub(super) async fn ballots(&mut self, vote: &str, stage: &str) {
        for address in [AYLA, BERK] {
            self.sit(address).await;
            self.desk.goto(&self.url(&format!("/votes/{vote}"))).await;
            self.desk.wait_for_text("Cast your ballot").await;
            // The approval's vote is a secret ballot: a page of its own.
            let name = format!("committee-vote-{stage}");
            look(&mut self.desk, &mut self.checked, &name).await;
            element(&self.desk, "//input[@name='choice' and @value='yes']")
                .await
                .click()
                .await
                .expect("choose yes");
            self.desk.click_button("Cast your ballot").await;
            self.desk
                .wait_for_text("Your ballot has been recorded.")
                .await;
        }
        // Cem votes through the API: the secretariat closes a secret vote before its time
        // only once every member has voted or recused.
        let cem = &self.cast.committee[2];
        crate::api::steps::cast(&self.cast.app, cem, vote, json!({"choice": "yes"})).await;
        let name = format!("committee-voted-{stage}");
        look(&mut self.desk, &mut self.checked, &name).await;
    }

    /// The member hubs decide the approval: Hanna casts Hamburg's ballot on the vote page,
    /// Geneva's delegate through the API (a secret vote closes early only once every hub
    /// has voted or recused).
    pub(super) async fn hub_ballots(&mut self, vote: &str, geneva: &Caller) {
        self.sit(HANNA).await;
        self.desk.wait_for_text("Votes of Impact Hub Hamburg").await;
        look(&mut self.desk, &mut self.checked, "delegate-home").await;
        self.desk.goto(&self.url(&format!("/votes/{vote}"))).await;
        self.desk.wait_for_text("Cast your hub's ballot").await;
        look(&mut self.desk, &mut self.checked, "delegate-vote").await;
        element(&self.desk, "//input[@name='choice' and @value='yes']")
            .await
            .click()
            .await
            .expect("choose yes");
        self.desk.click_button("Cast your hub's ballot").await;
        self.desk
            .wait_for_text("Your hub's ballot has been recorded.")
            .await;
        look(&mut self.desk, &mut self.checked, "delegate-voted").await;
        crate::api::steps::cast(&self.cast.app, geneva, vote, json!({"choice": "yes"})).await;
    }

    /// The secretariat closes the open vote to advance to `word` (the stage, in words).
    pub(super) async fn close_vote(&mut self, word: &str) {
        self.office_page("Close the vote now").await;
        // The button names its vote, for those who hear it rather than see its row.
        let close = format!("Close the vote now: Advance to {word}");
        self.office.click_button(&close).await;
        self.office.wait_for_text("Vote closed.").await;
    }
}
