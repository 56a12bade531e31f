//! The founders' pages: the status page from applied to approved, documents with a refused
//! and a done upload, the timeline, withdrawal up to its check page, the agreement before
//! and at signing; and a second founder's rejection, appeal refused, checked and sent.

use super::super::cast::{Cast, INES};
use super::Walk;

/// The routes this walk opens.
pub(super) const ROUTES: &[&str] = &[
    "/",
    "/documents",
    "/timeline",
    "/withdraw",
    "/agreement",
    "/appeal",
    "/account",
];

/// The second founder, whose application is rejected.
const JONAS: &str = "jonas@hubs.test";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_founders_page_passes_axe_core_from_applied_to_signed_and_to_an_appeal() {
    let cast = Cast::gather().await;
    let mut walk = Walk::start(&cast, "founder", ROUTES).await;
    walk.sign_in(INES).await;
    walk.open("/", "What you can do", "applied").await;
    walk.open("/documents", "Submit the document", "documents")
        .await;
    walk.refused("Submit the document", "documents-refused")
        .await;
    let file = std::env::temp_dir().join(format!("charter-walk-{}.pdf", cast.id));
    std::fs::write(&file, "%PDF-1.4\n% the preliminary report\n").expect("write the file");
    walk.choose("kind", "preliminary_report").await;
    walk.attach("file", &file).await;
    walk.press(
        "Submit the document",
        "Your document has been submitted.",
        "documents-submitted",
    )
    .await;
    let _ = std::fs::remove_file(&file);
    walk.open("/timeline", "version 1 submitted", "timeline")
        .await;
    walk.open("/withdraw", "Withdrawing cannot be undone", "withdraw")
        .await;
    walk.browser
        .fill("Why are you withdrawing?", "We found another way.")
        .await;
    walk.press("Continue", "Check before you withdraw", "withdraw-check")
        .await;
    walk.open("/agreement", "once your application", "agreement-not-yet")
        .await;
    walk.open("/appeal", "nothing to appeal", "appeal-not-rejected")
        .await;
    walk.open("/account", "API tokens", "account").await;

    cast.approved(&cast.founder, &cast.id).await;
    cast.settle().await;
    walk.open("/", "Sign the membership agreement", "approved")
        .await;
    walk.open("/agreement", "cannot be taken back", "agreement")
        .await;
    walk.press(
        "Sign the agreement",
        "You have signed the membership agreement.",
        "signed",
    )
    .await;

    let (_, braga) = cast.another_founder("Jonas Berg", JONAS, "Braga").await;
    cast.rejected(&braga).await;
    cast.sign_out(&mut walk.browser).await;
    walk.sign_in(JONAS).await;
    walk.open("/", "Impact Hub Braga", "rejected").await;
    walk.open("/appeal", "You can appeal the rejection once", "appeal")
        .await;
    walk.refused("Continue", "appeal-refused").await;
    walk.browser
        .fill(
            "Why should the decision be reconsidered?",
            "The entity was registered last week.",
        )
        .await;
    walk.press("Continue", "Check your appeal", "appeal-check")
        .await;
    walk.press(
        "Send the appeal",
        "Your appeal has been sent to the committee.",
        "appealed",
    )
    .await;
    walk.open("/appeal", "Waiting for the committee", "appeal-pending")
        .await;
    walk.finish();
}
