//! The member hubs a test's approvals are put to: the default policy's approval gate takes
//! the committee's vote, then the network's, one hub one vote.

use crate::app::{Caller, TestApp};
use charter_api::commands::enrolment::{enroll_delegate, Enrolment};
use charter_domain::ids::HubId;
use charter_domain::Role;
use reqwest::Response;
use serde_json::{json, Value};
use std::time::Duration;

/// The hubs registered for a test's network, each with one delegate.
const HUBS: [&str; 3] = [
    "Impact Hub Berlin",
    "Impact Hub Zurich",
    "Impact Hub Vienna",
];

async fn expect(response: Response, status: u16, what: &str) -> Value {
    let got = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{what}: {body}");
    body
}

impl TestApp {
    /// Registers `name`, a hub older than Charter, as the secretariat does; its id.
    pub async fn register_hub(&self, secretariat: &Caller, name: &str) -> String {
        let body = json!({"name": name, "city": name.trim_start_matches("Impact Hub "),
                          "country": "DE", "joined": "2016-03-01"});
        let hub = expect(
            self.post("/api/v1/hubs", secretariat, &body).await,
            201,
            "register a hub",
        )
        .await;
        hub["hub_id"].as_str().expect("hub id").to_owned()
    }

    /// A new person, put on the roster as a delegate of `hub` from today with a delegate's
    /// token, as `charter token issue --role delegate --hub` enrols them.
    pub async fn delegate_of(&self, hub: &str, name: &str) -> Caller {
        self.delegate_with_email(hub, name, None).await
    }

    /// Like [`TestApp::delegate_of`], registering the person with an e-mail address.
    pub async fn delegate_with_email(&self, hub: &str, name: &str, email: Option<&str>) -> Caller {
        let hub = HubId(hub.parse().expect("a hub id"));
        let state = &self.state;
        let enrolment = Enrolment {
            role: Role::Delegate,
            name: name.to_owned(),
            email: email.map(str::to_owned),
            person: None,
            application: None,
            expertise: Vec::new(),
            expires_at: None,
        };
        let issued = enroll_delegate(
            &state.pool,
            &state.roster,
            &state.policy,
            state.clock.now(),
            enrolment,
            hub,
        )
        .await
        .expect("enrol a delegate");
        Caller {
            token: issued.token,
            person: issued.person,
            name: name.to_owned(),
            role: Role::Delegate,
            application: None,
        }
    }

    /// The delegates of the test's member hubs, registered by `secretariat` on first use.
    pub async fn network(&self, secretariat: &Caller) -> &[Caller] {
        self.network
            .get_or_init(|| async {
                let mut delegates = Vec::new();
                for name in HUBS {
                    let hub = self.register_hub(secretariat, name).await;
                    let delegate =
                        format!("Delegate of {}", name.trim_start_matches("Impact Hub "));
                    delegates.push(self.delegate_of(&hub, &delegate).await);
                }
                delegates
            })
            .await
    }

    /// The network's vote on approving application `id`, once the committee's passed
    /// approval has been carried out: opened, every hub voting yes, closed; the closing.
    pub async fn network_approves(&self, secretariat: &Caller, id: &str) -> Value {
        let delegates = self.network(secretariat).await;
        let body = json!({"application_id": id, "electorate": "network",
                          "motion": {"kind": "advance", "to": "approved"}});
        // The committee's vote is carried out by Charter after its closing answered.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let opened = loop {
            let response = self.post("/api/v1/votes", secretariat, &body).await;
            if response.status() == 201 || tokio::time::Instant::now() > deadline {
                break expect(response, 201, "open the network's vote").await;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        };
        let vote = opened["vote_id"].as_str().expect("vote id").to_owned();
        for delegate in delegates {
            let path = format!("/api/v1/votes/{vote}/ballots");
            expect(
                self.post(&path, delegate, &json!({"choice": "yes"})).await,
                201,
                "a hub's ballot",
            )
            .await;
        }
        let path = format!("/api/v1/votes/{vote}/close");
        expect(
            self.post(&path, secretariat, &json!({})).await,
            200,
            "close the network's vote",
        )
        .await
    }
}
