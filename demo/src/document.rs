//! The documents the demo's founding teams submit: short Markdown drafts, so that a
//! downloaded version opens and reads as what it claims to be.

use super::network::Story;
use charter_domain::application::DocumentKind;

/// Markdown: readable when downloaded, and honest about what the bytes are.
pub const MEDIA_TYPE: &str = "text/markdown; charset=utf-8";

/// The file name and content of `version` of `story`'s `kind`.
pub fn draft(story: &Story, kind: DocumentKind, version: u32) -> (String, Vec<u8>) {
    let file_name = format!(
        "{}-{}-v{version}.md",
        story.slug,
        kind.as_str().replace('_', "-")
    );
    let title = match kind {
        DocumentKind::PreliminaryReport => "Preliminary report",
        DocumentKind::FeasibilityStudy => "Feasibility study",
        DocumentKind::FinancialProjection => "Financial projection",
        DocumentKind::FuturePlan => "Future plan",
        DocumentKind::CommunityStrategy => "Community strategy",
        DocumentKind::SpaceDesign => "Space design",
    };
    let body = match kind {
        DocumentKind::PreliminaryReport => {
            "Who we are, why this city needs a hub, and the first fifty people who told us \
             they would join."
        }
        DocumentKind::FeasibilityStudy => {
            "Three candidate buildings compared on rent, access and fit-out; the local \
             market for shared workspace; permits."
        }
        DocumentKind::FinancialProjection => {
            "Five years of income and costs under a base, a slow and a fast scenario, with \
             the membership pricing behind them."
        }
        DocumentKind::FuturePlan => {
            "Milestones for the first three years as an initiative, and how members will \
             co-own and govern the hub."
        }
        DocumentKind::CommunityStrategy => {
            "Programmes, partners and hosts; how we reach founders beyond the usual \
             circles."
        }
        DocumentKind::SpaceDesign => {
            "Floor plans, accessibility, event space and the phasing of the fit-out."
        }
    };
    let [(first, _), (second, _)] = story.founders;
    let content = format!(
        "# {title}: {hub}\n\nVersion {version}, by {first} and {second}.\n\n{body}\n",
        hub = story.hub_name(),
    );
    (file_name, content.into_bytes())
}
