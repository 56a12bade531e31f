//! One application from `applied` to `initiative` in Chromium, through the pages of every
//! role: the secretariat, two panelists, committee members, a member hub's delegate and a
//! founder each sign in through the e-mailed code and take their part; every distinct page along the way is
//! screenshotted and checked with axe-core on a desktop and a phone.

mod steps;

use super::cast::{Cast, INES, SELIN};
use crate::api::network_steps::wait_for_recommendation;
use crate::api::steps::wait_for_stage;
use charter_tests::Browser;
use std::collections::HashSet;
use steps::{element, Journey};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_goes_from_applied_to_initiative_with_every_role_at_the_pages() {
    let cast = Cast::gather().await;
    let (app, secretariat, id) = (&cast.app, &cast.secretariat, cast.id.clone());
    let geneva = cast.member_hubs().await;
    let files = std::env::temp_dir().join(format!("charter-journey-{id}"));
    std::fs::create_dir_all(&files).expect("a folder for the files");

    let mut journey = Journey {
        cast: &cast,
        id: id.clone(),
        office: Browser::start().await,
        founder: Browser::start().await,
        desk: Browser::start().await,
        at_desk: None,
        checked: HashSet::new(),
        files,
    };
    cast.sign_in(&mut journey.office, SELIN).await;
    journey.office.wait_for_text("Pipeline").await;
    journey.office.check_page("journey-secretariat-start").await;
    cast.sign_in(&mut journey.founder, INES).await;
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
    for panelist in &cast.panelists {
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
            journey.close_vote(word).await;
            if stage == "approved" {
                // The committee recommends; the member hubs decide, one hub one vote.
                wait_for_recommendation(app, secretariat, &id).await;
                let vote = journey.open_vote().await;
                journey.hub_ballots(&vote, &geneva).await;
                journey.close_vote(word).await;
            }
            // The passed motion advances the application by itself, after the close.
            wait_for_stage(app, secretariat, &id, stage).await;
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
        .wait_for_text("The association signed the membership agreement")
        .await;
    journey.founder.check_page("journey-founder-timeline").await;
    let summary = app
        .get(&format!("/api/v1/applications/{id}"), &cast.founder)
        .await
        .json::<serde_json::Value>()
        .await
        .expect("JSON");
    assert_eq!(summary["stage"], "initiative");
    let _ = std::fs::remove_dir_all(&journey.files);
}
