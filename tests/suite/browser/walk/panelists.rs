//! The panelists' pages: the queue before and after a review, an application on the panel,
//! the review form refused and then checked and filed, a revision up to its check page,
//! and a conflict of interest refused and then checked.

use super::super::cast::{Cast, ADA};
use super::Walk;

/// The routes this walk opens.
pub(super) const ROUTES: &[&str] = &[
    "/",
    "/applications/{id}/review",
    "/applications/{id}/review/{kind}/{version}",
    "/applications/{id}/reviews/{review}/revise",
    "/applications/{id}/conflict",
    "/account",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_panelists_page_passes_axe_core_from_the_queue_to_a_revision_and_a_conflict() {
    let cast = Cast::gather().await;
    cast.eligible_with_panel(&cast.id).await;
    cast.submitted(&cast.founder, "preliminary_report").await;
    let id = cast.id.clone();
    let mut walk = Walk::start(&cast, "panelist", ROUTES).await;
    walk.sign_in(ADA).await;
    walk.open("/", "Impact Hub Porto", "queue").await;
    walk.open(
        &format!("/applications/{id}/review"),
        "Review this version",
        "application",
    )
    .await;
    walk.open(
        &format!("/applications/{id}/review/preliminary_report/1"),
        "Comments",
        "review",
    )
    .await;
    walk.refused("Continue", "review-refused").await;
    answer(&mut walk, "The team knows its city.").await;
    walk.press("Continue", "File the review", "review-check")
        .await;
    walk.press(
        "File the review",
        "Your review has been filed.",
        "review-filed",
    )
    .await;
    walk.open("/", "Impact Hub Porto", "queue-reviewed").await;
    let revise = walk.link_to("/revise").await;
    walk.open(&revise, "Earlier versions of this review", "revise")
        .await;
    answer(&mut walk, "On second reading, the plan is thin.").await;
    walk.press("Continue", "File the revision", "revise-check")
        .await;

    walk.open(
        &format!("/applications/{id}/conflict"),
        "Why you have a conflict of interest",
        "conflict",
    )
    .await;
    walk.refused("Continue", "conflict-refused").await;
    walk.browser
        .fill(
            "Why you have a conflict of interest",
            "I once worked with the founders.",
        )
        .await;
    walk.press(
        "Continue",
        "Declare the conflict and recuse me",
        "conflict-check",
    )
    .await;
    walk.open("/account", "API tokens", "account").await;
    walk.finish();
}

/// Scores every criterion 4, recommends advancing, and comments `comments`.
async fn answer(walk: &mut Walk<'_>, comments: &str) {
    for criterion in ["team", "community", "feasibility", "impact"] {
        walk.pick(&format!("score-{criterion}"), "4").await;
    }
    walk.pick("recommendation", "advance").await;
    walk.browser.fill("Comments", comments).await;
}
