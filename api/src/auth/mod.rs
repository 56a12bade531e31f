//! Bearer-token authentication. Tokens are random, shown once, and stored only as their
//! SHA-256; every route checks the token's role, and the domain checks again. A revoked or
//! expired token is refused from its next request (for a revocation made by another
//! process, from the moment its notification reaches this one: see [`cache`]).

pub mod cache;
mod caller;
mod principal;
mod tokens;

pub use cache::TokenCache;
pub use caller::Caller;
pub use principal::{OnBehalfOf, Principal};
pub use tokens::{
    check, find, hash_token, issue, list_for_person, page_for_person, revoke,
    revoke_all_for_person, IssueToken, IssuedToken, RevokeError, TokenError, TokenStatus,
    TokenView,
};
