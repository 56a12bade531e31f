//! What every aggregate's refusal tells the edge that reports it.

use serde_json::Value;

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
}
