//! A review's answers as a form carries them: a score for each criterion of the policy's
//! rubric, a recommendation and comments; the checks a page makes before asking the API,
//! and the API's refusals put on the fields they are about.

use crate::pages::api_client::Problem;
use crate::pages::forms::filled;
use crate::pages::render::{Chrome, FieldError};
use std::collections::{BTreeMap, HashMap};

/// The scale the panel scores on. The domain refuses any other score (`validate.rs`);
/// the page only offers these.
pub const SCALE: [u8; 5] = [1, 2, 3, 4, 5];

/// The recommendations a review may make, as the domain names them.
pub const RECOMMENDATIONS: [&str; 3] = ["advance", "revise", "reject"];

/// What the form holds.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub scores: Vec<Score>,
    pub recommendation: String,
    pub comments: String,
}

/// One criterion and the score given, as entered.
#[derive(Debug, Clone)]
pub struct Score {
    pub criterion: String,
    pub value: String,
}

impl Score {
    /// The id of the input for score `n`: the first carries the field's id, for the error
    /// summary to link to.
    pub fn input_id(&self, n: &u8) -> String {
        if *n == SCALE[0] {
            self.field()
        } else {
            format!("score-{}-{n}", self.criterion)
        }
    }

    /// The field's name and id.
    pub fn field(&self) -> String {
        format!("score-{}", self.criterion)
    }

    /// Whether score `n` is the one chosen.
    pub fn checked(&self, n: &u8) -> bool {
        self.value == n.to_string()
    }
}

impl Answers {
    /// No answer yet, for each criterion of `rubric`.
    pub fn blank(rubric: &[String]) -> Self {
        Self::from_form(rubric, &HashMap::new())
    }

    /// The answers a form posted, for each criterion of `rubric`.
    pub fn from_form(rubric: &[String], form: &HashMap<String, String>) -> Self {
        let field = |name: &str| {
            filled(&form.get(name).cloned())
                .unwrap_or_default()
                .to_owned()
        };
        Answers {
            scores: rubric
                .iter()
                .map(|criterion| Score {
                    criterion: criterion.clone(),
                    value: field(&format!("score-{criterion}")),
                })
                .collect(),
            recommendation: field("recommendation"),
            comments: field("comments"),
        }
    }

    /// Whether recommendation `name` is the one chosen.
    pub fn recommends(&self, name: &&str) -> bool {
        self.recommendation == *name
    }

    /// Puts on `chrome` what is missing or not a score at all; the API decides the rest.
    pub fn check(&self, chrome: &mut Chrome) {
        for score in &self.scores {
            let criterion = criterion_words(chrome, &score.criterion);
            let text = if score.value.is_empty() {
                "review-score-missing"
            } else if score.value.parse::<u8>().is_err() {
                "review-score-invalid"
            } else {
                continue;
            };
            let message = chrome.t1(text, "criterion", criterion);
            chrome.errors.push(FieldError {
                field: score.field(),
                message,
            });
        }
        if self.recommendation.is_empty() {
            chrome.error("recommendation", "review-recommendation-missing");
        }
        if self.comments.is_empty() {
            chrome.error("comments", "review-comments-missing");
        }
    }

    /// The scores as the API takes them (only once [`Answers::check`] found none wrong).
    pub fn score_map(&self) -> BTreeMap<String, u8> {
        self.scores
            .iter()
            .filter_map(|score| Some((score.criterion.clone(), score.value.parse().ok()?)))
            .collect()
    }

    /// Puts the API's refusal on the field it is about.
    pub fn refused(&self, chrome: &mut Chrome, problem: &Problem) {
        let named = problem.field.as_deref().unwrap_or_default();
        if let Some(score) = self
            .scores
            .iter()
            .find(|score| named == format!("scores.{}", score.criterion))
        {
            let criterion = criterion_words(chrome, &score.criterion);
            let message = chrome.t1("review-score-invalid", "criterion", criterion);
            chrome.errors.push(FieldError {
                field: score.field(),
                message,
            });
            return;
        }
        chrome.refused(
            problem,
            &[
                ("recommendation", "recommendation"),
                ("comments", "comments"),
            ],
            "recommendation",
        );
    }
}

/// A criterion of the rubric in the reader's words (its own name when the texts have
/// none: the rubric is the policy's, and a network may name other criteria).
pub fn criterion_words(chrome: &Chrome, criterion: &str) -> String {
    let id = format!("criterion-{criterion}");
    let words = chrome.t(&id);
    if words == id {
        criterion.to_owned()
    } else {
        words
    }
}
