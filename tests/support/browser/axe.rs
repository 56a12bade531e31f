//! Accessibility, checked as the issue asks: axe-core (vendored from the npm registry, see
//! `tests/vendor/axe-core/README.md`) run inside the page in the real browser.
//!
//! axe-core is evaluated as the body of the WebDriver script itself. Pages are served with
//! a Content-Security-Policy that allows no inline script and no `eval`; the script that
//! WebDriver runs is exempt from it, a `<script>` element or an `eval` it made would not be.

use super::{within, Browser};
use serde::Deserialize;
use std::fmt;

const AXE: &str = include_str!("../../vendor/axe-core/axe.min.js");

/// Runs axe-core over the whole document and hands back its violations, reduced to what a
/// failure message needs. Its default rules, and WCAG 2.2's target size (level AA, left
/// out of the defaults): what a finger must hit on a phone is at least 24 pixels, or that
/// far from the next thing to hit.
const RUN: &str = "
const done = arguments[arguments.length - 1];
const rules = { 'target-size': { enabled: true } };
window.axe.run(document, { resultTypes: ['violations'], rules }).then(
  (results) => done({ violations: results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map((part) => Array.isArray(part) ? part.join(' >>> ') : part).join(' '),
      html: node.html,
    })),
  })) }),
  (error) => done({ error: String(error && error.stack || error) }),
);";

/// One axe-core rule the page breaks, with the elements that break it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    /// The rule, such as `image-alt` or `label`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for, in a line.
    pub help: String,
    /// Deque's page about the rule.
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// The elements that break it.
    pub nodes: Vec<ViolatingNode>,
}

/// An element that breaks a rule.
#[derive(Debug, Clone, Deserialize)]
pub struct ViolatingNode {
    /// A CSS selector that finds it.
    pub target: String,
    /// Its opening markup.
    pub html: String,
}

#[derive(Debug, Deserialize)]
struct Outcome {
    violations: Option<Vec<Violation>>,
    error: Option<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("unknown impact");
        writeln!(
            f,
            "- {} ({impact}): {} <{}>",
            self.id, self.help, self.help_url
        )?;
        for node in self.nodes.iter().take(3) {
            writeln!(f, "    {}  {}", node.target, node.html)?;
        }
        if self.nodes.len() > 3 {
            writeln!(f, "    and {} more", self.nodes.len() - 3)?;
        }
        Ok(())
    }
}

impl Browser {
    /// The axe-core violations of the page shown.
    pub async fn violations(&self) -> Vec<Violation> {
        // Once per page: `window.axe` goes with the document.
        let loaded = self
            .execute(
                &format!("if (window.axe) {{ return true; }}\n{AXE}\n;return !!window.axe;"),
                vec![],
            )
            .await;
        assert_eq!(loaded, true, "axe-core did not load in the page");
        let outcome = within("axe-core", self.client.execute_async(RUN, vec![]))
            .await
            .unwrap_or_else(|error| panic!("run axe-core: {error}"));
        let outcome: Outcome = serde_json::from_value(outcome.clone())
            .unwrap_or_else(|error| panic!("axe-core's answer {outcome}: {error}"));
        if let Some(error) = outcome.error {
            panic!("axe-core failed: {error}");
        }
        outcome.violations.unwrap_or_default()
    }

    /// Fails, listing each rule broken and where, if axe-core finds any violation on the
    /// page shown; `label` names the page in the message.
    pub async fn assert_accessible(&self, label: &str) {
        let violations = self.violations().await;
        if !violations.is_empty() {
            let url = self.current_url().await;
            let list: String = violations.iter().map(ToString::to_string).collect();
            panic!(
                "axe-core finds {} violation(s) on {label} ({url}):\n{list}",
                violations.len()
            );
        }
    }
}
