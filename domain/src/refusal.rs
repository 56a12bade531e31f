//! What every aggregate's refusal tells the edge that reports it.

use serde::Serialize;
use serde_json::{Map, Value};

/// The values a refusal names (a stage, a document kind, a version, a deadline), by name,
/// for a reader's own words about it.
pub type Values = Map<String, Value>;

/// How a refusal should be reported to the person who asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The thing named does not exist.
    NotFound,
    /// The person may not do this.
    Forbidden,
    /// The state does not allow it now (illegal transition, duplicate).
    Conflict,
    /// The request itself does not satisfy a rule (bad input, missing requirement).
    Unprocessable,
    /// The server failed to give the domain what it needs; not the caller's doing.
    Internal,
}

/// A business refusal of any aggregate.
pub trait Refusable: std::error::Error + Send + Sync + 'static {
    /// How it should be reported.
    fn refusal(&self) -> Refusal;
    /// A stable, machine-readable name of the rule.
    fn code(&self) -> &'static str;
    /// The input field at fault, when there is one.
    fn field(&self) -> Option<String> {
        None
    }
    /// What is still missing, when a gate refused.
    fn missing(&self) -> Option<Value> {
        None
    }
    /// The values the rule names, for words about it in the reader's language.
    fn values(&self) -> Values {
        Values::new()
    }
}

/// Adds `value` to `values` as `name`, unless it is absent (`None` serializes to null).
pub fn put(values: &mut Values, name: &str, value: &impl Serialize) {
    match serde_json::to_value(value) {
        Ok(Value::Null) | Err(_) => {}
        Ok(value) => {
            values.insert(name.to_owned(), value);
        }
    }
}

/// Declares a refusal enum's rules, one line for each variant: its code and the values a
/// reader's words about it may name. `code()`, `values()` and the lists `CODES` and
/// `VALUE_NAMES` all come from that one line, so that no variant can have a code that the
/// lists lack (a page test checks that every code listed has words in every language).
///
/// ```text
/// refusal_rules!(ApplicationError {
///     NotFound => "application-not-found",
///     ApplicationClosed { stage } => "application-closed" (stage),
///     UnknownReview(review) => "review-not-found" (review),
///     InvalidInput(input) => "invalid-input" (problem = input.problem.code()),
/// });
/// ```
#[macro_export]
macro_rules! refusal_rules {
    ($error:ident {
        $( $variant:pat => $code:literal $( ( $( $name:ident $( = $value:expr )? ),+ ) )? ),+ $(,)?
    }) => {
        impl $error {
            /// Every code a refusal of this kind can carry, once each.
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// Each code with the names of the values its refusals carry.
            pub const VALUE_NAMES: &'static [(&'static str, &'static [&'static str])] =
                &[$( ($code, &[$($(stringify!($name)),+)?]) ),+];

            /// A stable, machine-readable name of the rule, used as the problem type.
            #[allow(unused_variables, unused_imports)]
            pub fn code(&self) -> &'static str {
                use $error::*;
                match self {
                    $( $variant => $code, )+
                }
            }

            /// The values the rule names, for words about it in the reader's language.
            #[allow(unused_variables, unused_imports, unused_mut)]
            pub fn values(&self) -> $crate::refusal::Values {
                use $error::*;
                let mut values = $crate::refusal::Values::new();
                match self {
                    $( $variant => {
                        $($( $crate::refusal::put(
                            &mut values,
                            stringify!($name),
                            &$crate::refusal_value!($name $( = $value )?),
                        ); )+)?
                    } )+
                }
                values
            }
        }
    };
}

/// The value of one name in [`refusal_rules!`]: the field bound by that name, or the
/// expression given for it.
#[doc(hidden)]
#[macro_export]
macro_rules! refusal_value {
    ($name:ident) => {
        $name
    };
    ($name:ident = $value:expr) => {
        $value
    };
}

#[cfg(test)]
mod tests {
    use crate::application::{ApplicationError, Stage};
    use crate::roster::RosterError;
    use crate::text::{InputError, InputProblem};
    use crate::vote::VoteError;
    use chrono::{TimeZone, Utc};
    use serde_json::json;
    use std::collections::BTreeSet;

    #[test]
    fn each_kind_of_refusal_lists_each_code_once_with_its_value_names() {
        let lists = [
            (ApplicationError::CODES, ApplicationError::VALUE_NAMES),
            (RosterError::CODES, RosterError::VALUE_NAMES),
            (VoteError::CODES, VoteError::VALUE_NAMES),
            (InputProblem::CODES, InputProblem::VALUE_NAMES),
        ];
        for (codes, names) in lists {
            let unique: BTreeSet<_> = codes.iter().collect();
            assert_eq!(unique.len(), codes.len(), "a code twice in {codes:?}");
            let named: Vec<_> = names.iter().map(|(code, _)| *code).collect();
            assert_eq!(named, codes);
            for code in codes {
                assert!(
                    code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                    "{code} is not kebab-case"
                );
            }
        }
    }

    #[test]
    fn a_refusal_carries_the_values_its_rule_names() {
        let closed = ApplicationError::ApplicationClosed {
            stage: Stage::Withdrawn,
        };
        assert_eq!(closed.code(), "application-closed");
        assert_eq!(json!(closed.values()), json!({"stage": "withdrawn"}));

        let too_long = ApplicationError::InvalidInput(InputError::new(
            "grounds",
            InputProblem::TooLong { max: 4000 },
        ));
        assert_eq!(
            json!(too_long.values()),
            json!({"problem": "too-long", "max": 4000})
        );
        let blank = RosterError::InvalidInput(InputError::new("name", InputProblem::Blank));
        assert_eq!(json!(blank.values()), json!({"problem": "blank"}));

        let closes_at = Utc.with_ymd_and_hms(2027, 3, 14, 9, 30, 0).unwrap();
        let over = VoteError::VotingTimeOver { closes_at };
        assert_eq!(
            json!(over.values()),
            json!({"closes_at": "2027-03-14T09:30:00Z"})
        );
        assert!(VoteError::Closed.values().is_empty());
    }
}
