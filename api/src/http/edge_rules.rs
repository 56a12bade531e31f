//! The rules the HTTP edge refuses requests by itself, which no aggregate decides: each
//! with its code, listed for the pages' words about it like the aggregates' rules.

use charter_domain::Refusal;

/// The rules the HTTP edge itself refuses requests by: about the request's key, the
/// server's one open vote per application, and the records that live outside the
/// aggregates (tokens, webhooks, messages, notification choices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeRule {
    /// Another vote about the application is open.
    VoteAlreadyOpen,
    /// The `Idempotency-Key` came with a different request before.
    IdempotencyKeyReused,
    /// The first request with the key is still being served.
    IdempotencyKeyInFlight,
    /// The first request with the key took effect, but its answer was lost.
    IdempotencyKeyAnswerLost,
    /// A notification the person cannot switch off.
    CannotSwitchOff,
    /// Only a message that was given up on can be sent again.
    MessageNotDead,
    WebhookAlreadyDisabled,
    WebhookAlreadyEnabled,
    TokenAlreadyRevoked,
}

charter_domain::refusal_rules!(EdgeRule {
    VoteAlreadyOpen => "vote-already-open",
    IdempotencyKeyReused => "idempotency-key-reused",
    IdempotencyKeyInFlight => "idempotency-key-in-flight",
    IdempotencyKeyAnswerLost => "idempotency-key-answer-lost",
    CannotSwitchOff => "cannot-switch-off",
    MessageNotDead => "message-not-dead",
    WebhookAlreadyDisabled => "webhook-already-disabled",
    WebhookAlreadyEnabled => "webhook-already-enabled",
    TokenAlreadyRevoked => "token-already-revoked",
});

impl EdgeRule {
    /// How a refusal by the rule is reported.
    pub fn refusal(self) -> Refusal {
        match self {
            EdgeRule::IdempotencyKeyReused | EdgeRule::CannotSwitchOff => Refusal::Unprocessable,
            EdgeRule::VoteAlreadyOpen
            | EdgeRule::IdempotencyKeyInFlight
            | EdgeRule::IdempotencyKeyAnswerLost
            | EdgeRule::MessageNotDead
            | EdgeRule::WebhookAlreadyDisabled
            | EdgeRule::WebhookAlreadyEnabled
            | EdgeRule::TokenAlreadyRevoked => Refusal::Conflict,
        }
    }
}
