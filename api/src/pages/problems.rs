//! A refusal of the API in the reader's words: the text `problem-<code>` of its rule
//! (`locales/<language>/problems.ftl`), filled with the values the rule names. Every code
//! the API can answer with has its text in every language (the tests below list the codes
//! from the domain and the HTTP edge), so the API's English `detail` shows only for a code
//! newer than the texts.

use super::api_client::Problem;
use super::texts::Texts;
use super::values::fill;

/// The refusal in the reader's words; the API's `detail` when its code has no text.
pub fn words(texts: &Texts, problem: &Problem) -> String {
    let id = format!("problem-{}", problem.code());
    let words = fill(texts, &id, &problem.values);
    if words == id {
        problem.detail.clone()
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::error::{ApiError, EdgeRule};
    use crate::pages::texts::LANGUAGES;
    use crate::pages::values::NAMED;
    use charter_domain::application::{ApplicationError, DocumentKind};
    use charter_domain::roster::RosterError;
    use charter_domain::text::InputProblem;
    use charter_domain::vote::VoteError;
    use serde_json::{Map, Value as Json};
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Every code the API can answer with, and the names of the values it carries.
    fn codes() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
        let mut codes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let ruled = [
            ApplicationError::VALUE_NAMES,
            RosterError::VALUE_NAMES,
            VoteError::VALUE_NAMES,
            EdgeRule::VALUE_NAMES,
        ];
        for (code, names) in ruled.into_iter().flatten() {
            codes.entry(code).or_default().extend(names.iter());
        }
        for code in ApiError::FAILURE_CODES {
            codes.entry(code).or_default();
        }
        codes
    }

    /// The `problem-*` messages of one language's files, each with its whole text (the
    /// lines that continue it are indented).
    fn messages(language: &str) -> BTreeMap<String, String> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(language);
        let mut messages = BTreeMap::new();
        for entry in std::fs::read_dir(folder).expect("the folder").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("a file");
            let mut current: Option<String> = None;
            for line in text.lines() {
                if line.starts_with([' ', '}']) {
                    if let Some(id) = &current {
                        let body: &mut String = messages.entry(id.clone()).or_default();
                        body.push_str(line);
                    }
                    continue;
                }
                current = line
                    .split_once(" =")
                    .map(|(id, _)| id.trim())
                    .filter(|id| id.starts_with("problem-"))
                    .map(str::to_owned);
                if let (Some(id), Some((_, body))) = (&current, line.split_once(" =")) {
                    messages.insert(id.clone(), body.to_owned());
                }
            }
        }
        messages
    }

    /// The variables a message's text names.
    fn variables(text: &str) -> BTreeSet<String> {
        text.split('$')
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                    .collect()
            })
            .collect()
    }

    fn problem(code: &str, values: serde_json::Value) -> Problem {
        let mut problem = Problem::new(code, 409, format!("the API's words for {code}"));
        if let serde_json::Value::Object(values) = values {
            problem.values = values;
        }
        problem
    }

    #[test]
    fn every_code_the_api_can_answer_with_has_words_in_every_language() {
        let codes = codes();
        assert!(codes.contains_key("application-closed"));
        assert!(codes.contains_key("vote-already-open"));
        assert!(codes.contains_key("internal-error"));
        for (language, _) in LANGUAGES {
            let messages = messages(language);
            let missing: Vec<_> = codes
                .keys()
                .filter(|code| !messages.contains_key(&format!("problem-{code}")))
                .collect();
            assert!(
                missing.is_empty(),
                "{language} has no words for {missing:?}"
            );
            let unknown: Vec<_> = messages
                .keys()
                .filter(|id| !codes.contains_key(&id["problem-".len()..]))
                .collect();
            assert!(unknown.is_empty(), "{language} words no code: {unknown:?}");
        }
    }

    #[test]
    fn no_words_name_a_value_their_rule_does_not_carry() {
        let codes = codes();
        for (language, _) in LANGUAGES {
            for (id, text) in messages(language) {
                let carried = &codes[&id["problem-".len()..]];
                for variable in variables(&text) {
                    let named = variable
                        .strip_suffix("-word")
                        .filter(|name| NAMED.iter().any(|(n, _)| n == name))
                        .unwrap_or(&variable);
                    assert!(
                        carried.contains(named),
                        "{language}: {id} names ${variable}, which its rule does not carry"
                    );
                }
            }
        }
    }

    #[test]
    fn every_code_reads_in_each_language_as_its_own_words() {
        let english = Texts::new("en", None);
        for (language, _) in LANGUAGES.iter().filter(|(tag, _)| *tag != "en") {
            let theirs = Texts::new(language, None);
            for (code, names) in codes() {
                // Names of the record and the input rule as strings a selector does not
                // know; everything else as a number.
                let values: Map<String, Json> = names
                    .iter()
                    .map(|name| {
                        let named = *name == "problem" || NAMED.iter().any(|(n, _)| n == name);
                        let value = if named {
                            Json::from("other")
                        } else {
                            Json::from(2)
                        };
                        (name.to_string(), value)
                    })
                    .collect();
                let problem = problem(code, Json::Object(values));
                let (ours, translated) = (words(&english, &problem), words(&theirs, &problem));
                assert_ne!(ours, problem.detail, "{code} has no English words");
                // A text that fails to format falls back to English: this catches it.
                assert_ne!(translated, ours, "{language}: {code} reads as English");
                assert!(
                    !translated.contains('{'),
                    "{language}: {code}: {translated}"
                );
            }
        }
    }

    #[test]
    fn each_input_problem_has_words_of_its_own() {
        for (language, _) in LANGUAGES {
            let texts = Texts::new(language, None);
            let worded = |name: &str| {
                let values = serde_json::json!({"problem": name, "max": 10, "min": 1});
                words(&texts, &problem("invalid-input", values))
            };
            let other = worded("not-a-rule");
            let mut seen = BTreeSet::new();
            for name in InputProblem::CODES {
                let text = worded(name);
                assert_ne!(text, other, "{language}: {name} has no words of its own");
                assert!(seen.insert(text), "{language}: {name} reads as another");
            }
        }
    }

    #[test]
    fn a_refusal_is_worded_with_its_values_in_the_readers_language() {
        let filed = ApplicationError::ReviewAlreadyFiled {
            review: 2,
            kind: DocumentKind::PreliminaryReport,
            version: 3,
        };
        let filed = problem(filed.code(), Json::Object(filed.values()));
        assert_eq!(
            words(&Texts::new("en", None), &filed),
            "You have already reviewed this version: review 2 covers version 3 of the \
             Preliminary report. Revise that review instead."
        );
        assert!(words(&Texts::new("tr", None), &filed).contains("Ön rapor belgesinin 3. sürümü"));

        let closed = ApplicationError::ApplicationClosed {
            stage: charter_domain::application::Stage::Withdrawn,
        };
        let closed = problem(closed.code(), Json::Object(closed.values()));
        assert!(words(&Texts::new("tr", None), &closed).starts_with("Başvuru geri çekilmiştir"));

        let over = serde_json::json!({"closes_at": "2027-03-14T07:30:00Z"});
        let over = problem("voting-time-over", over);
        let istanbul = Texts::new("tr", Some("Europe/Istanbul"));
        assert_eq!(
            words(&istanbul, &over),
            "Oy kullanma süresi doldu (14 Mart 2027, 10:30 (Europe/Istanbul)): hiçbir şey \
             kaydedilmedi"
        );

        let newer = problem("a-rule-of-tomorrow", serde_json::json!({}));
        assert_eq!(words(&Texts::new("tr", None), &newer), newer.detail);
    }
}
