//! One application from `applied` to `initiative` in Chromium, through the pages of every
//! role: the secretariat, two panelists, committee members and a founder each sign in
//! through the e-mailed code and take their part; every distinct page along the way is
//! screenshotted and checked with axe-core on a desktop and a phone.

use super::sign_in::sign_in;
use crate::api::steps::wait_for_stage;
use crate::pages::support::pages_app;
use charter_domain::Role;
use charter_tests::{Browser, Caller, SmtpServer, TestApp};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::json;
use std::collections::HashSet;
use std::path::PathBuf;

/// The people, their browsers and the pages already checked.
struct Journey<'a> {
    app: &'a TestApp,
    smtp: &'a SmtpServer,
    id: String,
    /// The secretariat's browser, signed in all along.
    office: Browser,
    /// The founder's browser, signed in all along.
    founder: Browser,
    /// One browser that panelists and committee members take turns at.
    desk: Browser,
    at_desk: Option<&'static str>,
    checked: HashSet<String>,
    files: PathBuf,
}

/// The element that `xpath` finds on `browser`'s page.
async fn element(browser: &Browser, xpath: &str) -> Element {
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
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.address)
    }

    /// Signs `address` in at the shared desk, signing out whoever sat there before.
    async fn sit(&mut self, address: &'static str) {
        if self.at_desk == Some(address) {
            return;
        }
        if self.at_desk.is_some() {
            self.desk.goto(&self.url("/")).await;
            self.desk.click_button("Sign out").await;
            self.desk.wait_for_text("You have signed out").await;
        }
        sign_in(&mut self.desk, self.app, self.smtp, address).await;
        self.at_desk = Some(address);
    }

    /// The secretariat's page of the application, waited for until it shows `text`.
    async fn office_page(&mut self, text: &str) {
        let url = self.url(&format!("/applications/{}", self.id));
        self.office.goto(&url).await;
        self.office.wait_for_text(text).await;
    }

    /// The founder uploads version 1 of each of `kinds` through the documents page.
    async fn upload(&mut self, kinds: &[&str]) {
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
    async fn review(&mut self, kinds: &[&str]) {
        for (address, who) in [("ada@hubs.test", "ada"), ("deniz@hubs.test", "deniz")] {
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
    async fn interview(&mut self) {
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
    async fn open_vote(&mut self) -> String {
        self.office_page("Open a committee vote").await;
        self.office.click_button("Open a committee vote").await;
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
    async fn ballots(&mut self, vote: &str, stage: &str) {
        for address in ["ayla@hubs.test", "berk@hubs.test"] {
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
        let name = format!("committee-voted-{stage}");
        look(&mut self.desk, &mut self.checked, &name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_goes_from_applied_to_initiative_with_every_role_at_the_pages() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat: Caller = app
        .issue_with_email(Role::Secretariat, "Selin Aydın", Some("selin@hubs.test"))
        .await;
    for (name, address) in [
        ("Ayla Demir", "ayla@hubs.test"),
        ("Berk Şahin", "berk@hubs.test"),
        ("Cem Yılmaz", "cem@hubs.test"),
    ] {
        app.issue_with_email(Role::Committee, name, Some(address))
            .await;
    }
    let ada = app
        .issue_with_email(Role::Panelist, "Ada Panel", Some("ada@hubs.test"))
        .await;
    let deniz = app
        .issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let founder = app
        .issue_with_email(Role::Applicant, "Ines Moreau", Some("ines@hubs.test"))
        .await;
    // No page opens an application: the founder opens it through the API.
    let opened = app
        .post(
            "/api/v1/applications",
            &founder,
            &json!({
                "city": "Porto", "country": "PT", "hub_name": "Impact Hub Porto",
                "founders": [{ "name": "Ines Moreau", "email": "ines@hubs.test" }]
            }),
        )
        .await;
    assert!(opened.status().is_success());
    let id = founder.application.expect("an application").0.to_string();
    let files = std::env::temp_dir().join(format!("charter-journey-{id}"));
    std::fs::create_dir_all(&files).expect("a folder for the files");

    let mut journey = Journey {
        app: &app,
        smtp: &smtp,
        id: id.clone(),
        office: Browser::start().await,
        founder: Browser::start().await,
        desk: Browser::start().await,
        at_desk: None,
        checked: HashSet::new(),
        files,
    };
    sign_in(&mut journey.office, &app, &smtp, "selin@hubs.test").await;
    journey.office.wait_for_text("Pipeline").await;
    journey.office.check_page("journey-secretariat-start").await;
    sign_in(&mut journey.founder, &app, &smtp, "ines@hubs.test").await;
    journey.founder.wait_for_text("Impact Hub Porto").await;
    journey.founder.check_page("journey-founder-applied").await;

    // The secretariat grants eligibility and assigns both panelists.
    journey.office_page("Grant eligibility").await;
    journey
        .office
        .check_page("journey-secretariat-applied")
        .await;
    journey
        .office
        .fill("eligibility-note", "Team and city checked.")
        .await;
    journey.office.click_button("Grant eligibility").await;
    journey.office.wait_for_text("Eligibility granted.").await;
    for panelist in [&ada, &deniz] {
        element(&journey.office, "//select[@id='panelist']")
            .await
            .select_by_value(&panelist.person.0.to_string())
            .await
            .expect("choose the panelist");
        journey.office.click_button("Assign to the panel").await;
        journey.office.wait_for_text("Panelist assigned.").await;
    }
    journey
        .office
        .check_page("journey-secretariat-eligible")
        .await;

    let gates: [(&str, &str, &[&str], bool); 3] = [
        (
            "pre_candidate",
            "Pre-candidate",
            &["preliminary_report"],
            false,
        ),
        (
            "candidate",
            "Candidate",
            &[
                "feasibility_study",
                "financial_projection",
                "community_strategy",
            ],
            true,
        ),
        (
            "approved",
            "Approved",
            &["future_plan", "space_design"],
            true,
        ),
    ];
    for (stage, word, kinds, needs_vote) in gates {
        journey.upload(kinds).await;
        journey.review(kinds).await;
        if needs_vote {
            journey.interview().await;
            let vote = journey.open_vote().await;
            journey.ballots(&vote, stage).await;
            journey.office_page("Close the vote now").await;
            journey.office.click_button("Close the vote now").await;
            journey.office.wait_for_text("Vote closed.").await;
            // The passed motion advances the application by itself, after the close.
            wait_for_stage(&app, &secretariat, &id, stage).await;
        } else {
            let advance = format!("Advance to {word}");
            journey.office_page(&advance).await;
            journey.office.click_button(&advance).await;
            journey
                .office
                .wait_for_text("The application has advanced.")
                .await;
        }
        journey.office_page(word).await;
        journey
            .office
            .check_page(&format!("journey-secretariat-{stage}"))
            .await;
    }

    // Both sides sign: the founders on the agreement page, then the association.
    journey.founder.goto(&journey.url("/agreement")).await;
    journey.founder.wait_for_text("Sign the agreement").await;
    journey
        .founder
        .check_page("journey-founder-agreement")
        .await;
    journey.founder.click_button("Sign the agreement").await;
    journey
        .founder
        .wait_for_text("You have signed the membership agreement.")
        .await;
    journey
        .office_page("Record the association's signature")
        .await;
    journey
        .office
        .click_button("Record the association's signature")
        .await;
    journey
        .office
        .wait_for_text("The association's signature is recorded.")
        .await;
    journey
        .office
        .check_page("journey-secretariat-initiative")
        .await;

    journey.founder.goto(&journey.url("/")).await;
    journey.founder.wait_for_text("Initiative").await;
    journey
        .founder
        .check_page("journey-founder-initiative")
        .await;
    journey.founder.goto(&journey.url("/timeline")).await;
    journey
        .founder
        .wait_for_text("The membership agreement was signed")
        .await;
    journey.founder.check_page("journey-founder-timeline").await;
    let summary = app
        .get(&format!("/api/v1/applications/{id}"), &founder)
        .await
        .json::<serde_json::Value>()
        .await
        .expect("JSON");
    assert_eq!(summary["stage"], "initiative");
    let _ = std::fs::remove_dir_all(&journey.files);
}
