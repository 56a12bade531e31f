//! Bearer-token authentication. Tokens are random, shown once, and stored only as their
//! SHA-256; every route checks the token's role, and the domain checks again.

mod principal;
mod tokens;

pub use principal::Principal;
pub use tokens::{check, hash_token, issue, IssueToken, IssuedToken, TokenError};
