//! The people of the browser tests and their server, gathered the same way for every test:
//! Selin of the secretariat, Ayla, Berk and Cem of the committee, Ada and Deniz of the
//! panel pool, and Ines, a founder whose application is open. Each has an address, so that
//! they sign in at a browser through the e-mailed code as anyone does.

use crate::notifications::support::{received, Received};
use crate::pages::support::{code_in, code_mail, pages_app, settled};
use charter_domain::Role;
use charter_tests::{Browser, Caller, SmtpServer, TestApp};
use serde_json::json;

/// Selin Aydın, of the secretariat.
pub(super) const SELIN: &str = "selin@hubs.test";
/// Ayla Demir, of the committee.
pub(super) const AYLA: &str = "ayla@hubs.test";
/// Berk Şahin, of the committee.
pub(super) const BERK: &str = "berk@hubs.test";
/// Cem Yılmaz, of the committee.
pub(super) const CEM: &str = "cem@hubs.test";
/// Ada Panel, a panelist.
pub(super) const ADA: &str = "ada@hubs.test";
/// Deniz Kaya, a panelist.
pub(super) const DENIZ: &str = "deniz@hubs.test";
/// Ines Moreau, who founds Impact Hub Porto.
pub(super) const INES: &str = "ines@hubs.test";
/// Hanna Vogel, the delegate of Impact Hub Hamburg (once [`Cast::member_hubs`] registers
/// it).
pub(super) const HANNA: &str = "hanna@hubs.test";

/// The server, its mail, and the people.
pub(super) struct Cast {
    pub(super) smtp: SmtpServer,
    pub(super) app: TestApp,
    pub(super) secretariat: Caller,
    /// Ayla, Berk and Cem, each seated on the committee today.
    pub(super) committee: Vec<Caller>,
    /// Ada and Deniz, in the panel pool.
    pub(super) panelists: Vec<Caller>,
    /// Ines, the founder.
    pub(super) founder: Caller,
    /// Ines's application, opened through the API: no page opens one.
    pub(super) id: String,
}

impl Cast {
    /// A fresh server and database with the people enrolled and Ines's application open.
    pub(super) async fn gather() -> Self {
        let smtp = SmtpServer::start().await;
        let app = pages_app(&smtp).await;
        let secretariat = app
            .issue_with_email(Role::Secretariat, "Selin Aydın", Some(SELIN))
            .await;
        let mut committee = Vec::new();
        for (name, address) in [
            ("Ayla Demir", AYLA),
            ("Berk Şahin", BERK),
            ("Cem Yılmaz", CEM),
        ] {
            committee.push(
                app.issue_with_email(Role::Committee, name, Some(address))
                    .await,
            );
        }
        let mut panelists = Vec::new();
        for (name, address) in [("Ada Panel", ADA), ("Deniz Kaya", DENIZ)] {
            panelists.push(
                app.issue_with_email(Role::Panelist, name, Some(address))
                    .await,
            );
        }
        let mut cast = Self {
            founder: app
                .issue_with_email(Role::Applicant, "Ines Moreau", Some(INES))
                .await,
            smtp,
            secretariat,
            committee,
            panelists,
            id: String::new(),
            app,
        };
        cast.id = cast
            .open_application(&cast.founder, "Ines Moreau", INES, "Porto")
            .await;
        cast
    }

    /// Another founder, `name` at `address`, with an application of their own for `city`;
    /// the founder and the application's id.
    pub(super) async fn another_founder(
        &self,
        name: &str,
        address: &str,
        city: &str,
    ) -> (Caller, String) {
        let founder = self
            .app
            .issue_with_email(Role::Applicant, name, Some(address))
            .await;
        let id = self.open_application(&founder, name, address, city).await;
        (founder, id)
    }

    async fn open_application(
        &self,
        founder: &Caller,
        name: &str,
        address: &str,
        city: &str,
    ) -> String {
        let opened = self
            .app
            .post(
                "/api/v1/applications",
                founder,
                &json!({
                    "city": city, "country": "PT", "hub_name": format!("Impact Hub {city}"),
                    "founders": [{ "name": name, "email": address }]
                }),
            )
            .await;
        assert!(
            opened.status().is_success(),
            "{}",
            opened.text().await.unwrap_or_default()
        );
        founder.application.expect("an application").0.to_string()
    }

    /// The address of `path` on the server.
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.address)
    }

    /// Signs `address` in through the pages; see [`sign_in`].
    pub(super) async fn sign_in(&self, browser: &mut Browser, address: &str) {
        sign_in(browser, &self.app, &self.smtp, address).await;
    }

    /// Asks for a sign-in code for `address`; see [`ask_for_mail`].
    pub(super) async fn ask_for_mail(&self, browser: &mut Browser, address: &str) -> Received {
        ask_for_mail(browser, &self.app, &self.smtp, address).await
    }

    /// Signs out whoever is signed in at `browser`, from the header of any page.
    pub(super) async fn sign_out(&self, browser: &mut Browser) {
        browser.click_button("Sign out").await;
        browser.wait_for_text("You have signed out").await;
    }

    /// Waits until the read models have caught up with everything written so far.
    pub(super) async fn settle(&self) {
        settled(&self.app.state, &self.app.pool).await;
    }
}

/// Signs `address` in through the pages of `app`, as a person at a browser does: the
/// address, then the code from the e-mail. Ends on the page the code leads to.
pub(super) async fn sign_in(
    browser: &mut Browser,
    app: &TestApp,
    smtp: &SmtpServer,
    address: &str,
) {
    let code = code_in(&ask_for_mail(browser, app, smtp, address).await);
    browser.fill("Code", &code).await;
    browser.click_button("Continue").await;
}

/// Asks for a sign-in code for `address` on the sign-in page, and hands back the e-mail
/// that carries it; the browser is left on the page that asks for the code.
pub(super) async fn ask_for_mail(
    browser: &mut Browser,
    app: &TestApp,
    smtp: &SmtpServer,
    address: &str,
) -> Received {
    // A person just enrolled is found by their address once the read models have it.
    settled(&app.state, &app.pool).await;
    let before = received(smtp).len();
    browser.goto(&format!("{}/sign-in", app.address)).await;
    browser.fill("E-mail address", address).await;
    browser.click_button("Send me a code").await;
    browser.wait_for_text("Check your e-mail").await;
    code_mail(smtp, address, before).await
}
