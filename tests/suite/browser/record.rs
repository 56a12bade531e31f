//! What the record holds before a page is looked at, written through the API as the
//! people would write it: a browser test that checks the pages of a later stage need not
//! click its way there (the journey does that once).

use super::cast::Cast;
use crate::api::steps::{
    assign, decide_by_vote, grant_eligibility, hold_interview, ok, open_vote, review, submit,
    wait_for_stage,
};
use crate::pages::network::delegate_at;
use charter_tests::Caller;
use serde_json::{json, Value};

impl Cast {
    /// The secretariat grants eligibility to `id` and assigns Ada and Deniz to its panel.
    pub(super) async fn eligible_with_panel(&self, id: &str) {
        grant_eligibility(&self.app, &self.secretariat, id).await;
        for panelist in &self.panelists {
            assign(&self.app, &self.secretariat, id, panelist).await;
        }
    }

    /// `founder` submits a new version of `kind`; its number.
    pub(super) async fn submitted(&self, founder: &Caller, kind: &str) -> u32 {
        let answer = submit(&self.app, founder, kind, &format!("The {kind}.")).await;
        let version = answer["events"][0]["data"]["version"].as_u64();
        version
            .and_then(|version| u32::try_from(version).ok())
            .unwrap_or_else(|| panic!("a version in {answer}"))
    }

    /// `founder` submits a new version of each of `kinds`, and both panelists recommend
    /// each to advance.
    pub(super) async fn submitted_and_reviewed(&self, founder: &Caller, id: &str, kinds: &[&str]) {
        for kind in kinds {
            let version = self.submitted(founder, kind).await;
            for panelist in &self.panelists {
                review(&self.app, panelist, id, kind, version, "advance").await;
            }
        }
    }

    /// Takes `id`, applied, to `approved`: eligibility and the panel, each gate's documents
    /// submitted and reviewed, interviews held, and the committee's votes where a gate
    /// needs one (all three members say yes).
    pub(super) async fn approved(&self, founder: &Caller, id: &str) {
        self.eligible_with_panel(id).await;
        self.submitted_and_reviewed(founder, id, &["preliminary_report"])
            .await;
        ok(
            self.app
                .post(
                    &format!("/api/v1/applications/{id}/advance"),
                    &self.secretariat,
                    &json!({"to": "pre_candidate"}),
                )
                .await,
            200,
            "advance to pre_candidate",
        )
        .await;
        let gates: [(&str, &[&str]); 2] = [
            (
                "candidate",
                &[
                    "feasibility_study",
                    "financial_projection",
                    "community_strategy",
                ],
            ),
            ("approved", &["future_plan", "space_design"]),
        ];
        for (stage, kinds) in gates {
            self.submitted_and_reviewed(founder, id, kinds).await;
            hold_interview(&self.app, &self.secretariat, id).await;
            let ballots: Vec<(&Caller, &str)> = self
                .committee
                .iter()
                .map(|member| (member, "yes"))
                .collect();
            decide_by_vote(
                &self.app,
                &self.secretariat,
                id,
                json!({"kind": "advance", "to": stage}),
                &ballots,
            )
            .await;
            wait_for_stage(&self.app, &self.secretariat, id, stage).await;
        }
    }

    /// The secretariat rejects `id` at the eligibility gate.
    pub(super) async fn rejected(&self, id: &str) {
        ok(
            self.app
                .post(
                    &format!("/api/v1/applications/{id}/rejection"),
                    &self.secretariat,
                    &json!({"reason": "The founders have no legal entity yet."}),
                )
                .await,
            200,
            "reject",
        )
        .await;
    }

    /// `founder` appeals the rejection of `id`.
    pub(super) async fn appealed(&self, founder: &Caller, id: &str) {
        ok(
            self.app
                .post(
                    &format!("/api/v1/applications/{id}/appeals"),
                    founder,
                    &json!({"grounds": "The entity was registered last week."}),
                )
                .await,
            201,
            "appeal",
        )
        .await;
    }

    /// Two member hubs, registered by the secretariat: Impact Hub Hamburg, whose delegate
    /// Hanna signs in at a browser, and Impact Hub Geneva, whose delegate votes through the
    /// API; Geneva's delegate. (Not the hubs `TestApp::network` registers, so both may be.)
    pub(super) async fn member_hubs(&self) -> Caller {
        let (app, secretariat) = (&self.app, &self.secretariat);
        let hamburg = app.register_hub(secretariat, "Impact Hub Hamburg").await;
        delegate_at(
            app,
            secretariat,
            &hamburg,
            "Hanna Vogel",
            super::cast::HANNA,
        )
        .await;
        let geneva = app.register_hub(secretariat, "Impact Hub Geneva").await;
        app.delegate_of(&geneva, "Gabriel Roux").await
    }

    /// The secretariat puts `motion` about `id` to the committee; the vote's id.
    pub(super) async fn vote_on(&self, id: &str, motion: Value) -> String {
        open_vote(
            &self.app,
            &self.secretariat,
            json!({"application_id": id, "motion": motion}),
        )
        .await
    }

    /// The secretariat schedules an interview about `id` for next week; its number.
    pub(super) async fn interview_scheduled(&self, id: &str) -> u64 {
        let scheduled = ok(
            self.app
                .post(
                    &format!("/api/v1/applications/{id}/interviews"),
                    &self.secretariat,
                    &json!({
                        "scheduled_for": chrono::Utc::now() + chrono::Duration::days(7),
                        "location": "Video call",
                    }),
                )
                .await,
            201,
            "schedule an interview",
        )
        .await;
        scheduled["events"][0]["data"]["interview"]
            .as_u64()
            .unwrap_or_else(|| panic!("an interview number in {scheduled}"))
    }
}
