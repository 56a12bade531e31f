//! The network's pages: a delegate's home and their hub's ballot and recusal, a network
//! vote on the vote's page, the register and the dashboard, the secretariat opening the
//! network's vote from the application, and the secretariat's pages of the member hubs.

mod delegates;
mod hubs;
mod register;

use super::secretariat::secretariat;
use super::support::{pages_app, Visit};
use crate::api::network_steps::{at_approval_gate, committee_approves, wait_for_recommendation};
use crate::api::steps::ok;
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Ayla Demir, of the committee.
const AYLA: &str = "ayla@hubs.test";
/// Hanna Vogel, the delegate of Impact Hub Berlin.
const HANNA: &str = "hanna@hubs.test";
/// Zoe Keller, the delegate of Impact Hub Zurich.
const ZOE: &str = "zoe@hubs.test";

/// A server with two member hubs, each with a delegate who has an address, and an
/// application at the approval gate whose committee vote has passed.
struct Network {
    smtp: SmtpServer,
    app: TestApp,
    secretariat: Caller,
    /// Selin of the secretariat, signed in.
    selin: Visit,
    /// Impact Hub Berlin and Impact Hub Zurich.
    hubs: [String; 2],
    /// The application, Impact Hub Porto.
    id: String,
}

impl Network {
    async fn at_gate() -> Self {
        let smtp = SmtpServer::start().await;
        let app = pages_app(&smtp).await;
        let (secretariat, selin) = secretariat(&app, &smtp).await;
        let mut members = vec![
            app.issue_with_email(Role::Committee, "Ayla Demir", Some(AYLA))
                .await,
        ];
        for name in ["Berk Şahin", "Cem Yılmaz"] {
            members.push(app.caller(Role::Committee, name).await);
        }
        let berlin = app.register_hub(&secretariat, "Impact Hub Berlin").await;
        let zurich = app.register_hub(&secretariat, "Impact Hub Zurich").await;
        delegate_at(&app, &secretariat, &berlin, "Hanna Vogel", HANNA).await;
        delegate_at(&app, &secretariat, &zurich, "Zoe Keller", ZOE).await;
        let (_, id) = at_approval_gate(&app, &secretariat, &members, "Porto").await;
        committee_approves(&app, &secretariat, &members, &id).await;
        wait_for_recommendation(&app, &secretariat, &id).await;
        Network {
            smtp,
            app,
            secretariat,
            selin,
            hubs: [berlin, zurich],
            id,
        }
    }

    /// The secretariat opens the network's vote from the application's page, where the
    /// advance names the member hubs as its voters; the vote's id.
    async fn open_network_vote(&mut self) -> String {
        let id = self.id.clone();
        let page = format!("/applications/{id}");
        self.selin.settle().await;
        assert_eq!(self.selin.open(&page).await, StatusCode::OK);
        assert!(
            self.selin.shows("A vote of the Membership Committee Done"),
            "{}",
            self.selin.html
        );
        assert!(self.selin.shows("A vote of the member hubs Not done"));
        assert!(
            self.selin
                .shows("Advance to Approved: the member hubs vote"),
            "{}",
            self.selin.html
        );
        let status = self
            .selin
            .submit(
                &format!("{page}/votes"),
                &[
                    ("vote-motion", "advance"),
                    ("vote-to", "approved"),
                    ("vote-electorate", "network"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", self.selin.html);
        assert!(
            self.selin
                .shows("Vote opened; the delegates of the member hubs have been told."),
            "{}",
            self.selin.html
        );
        assert!(self.selin.shows("Advance to Approved Member hubs"));
        self.selin.settle().await;
        let open = self
            .app
            .list(
                &format!("/api/v1/votes?application_id={id}&open=true"),
                &self.secretariat,
                0,
            )
            .await;
        assert_eq!(open[0]["voters"], "network", "{open}");
        open[0]["vote_id"].as_str().expect("a vote id").to_owned()
    }

    /// A browser with `address` signed in.
    async fn signed_in(&self, address: &str) -> Visit {
        let mut visit = Visit::new(&self.app);
        assert_eq!(visit.sign_in(&self.smtp, address).await, StatusCode::OK);
        visit
    }

    /// The vote as the secretariat reads it.
    async fn vote(&self, vote: &str) -> Value {
        self.selin.settle().await;
        let response = self
            .app
            .get(&format!("/api/v1/votes/{vote}"), &self.secretariat)
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("JSON")
    }
}

/// Registers `name` at `address` and appoints them to represent `hub` from today, as the
/// secretariat does; their id.
pub(crate) async fn delegate_at(
    app: &TestApp,
    secretariat: &Caller,
    hub: &str,
    name: &str,
    address: &str,
) -> String {
    let person = ok(
        app.post(
            "/api/v1/people",
            secretariat,
            &json!({"name": name, "email": address}),
        )
        .await,
        201,
        "register a delegate",
    )
    .await;
    let person = person["person_id"].as_str().expect("an id").to_owned();
    ok(
        app.post(
            &format!("/api/v1/hubs/{hub}/delegates"),
            secretariat,
            &json!({"person_id": person}),
        )
        .await,
        201,
        "appoint a delegate",
    )
    .await;
    person
}
