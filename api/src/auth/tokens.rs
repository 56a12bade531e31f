//! Issuing tokens and looking them up.

use charter_domain::{ApplicationId, PersonId, Role};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

/// Prefix that makes a Charter token recognisable in a leaked config or log.
const PREFIX: &str = "chr_";

/// What a new token is for.
#[derive(Debug, Clone)]
pub struct IssueToken {
    pub role: Role,
    pub name: String,
    /// The person the token belongs to; a new person when absent.
    pub person: Option<PersonId>,
    /// For an applicant: the application they act for; a new one when absent.
    pub application: Option<ApplicationId>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A token just issued. `token` is the only copy of the secret.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub token_id: Uuid,
    pub person: PersonId,
    pub application: Option<ApplicationId>,
}

/// Why a token could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the name must be 1 to 200 characters")]
    InvalidName,
    #[error("only an applicant token is scoped to an application")]
    ScopeNotApplicable,
    #[error("no token carries Charter's own system role")]
    SystemRole,
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Refuses a token request that cannot be issued, before anything is written for it.
pub fn check(request: &IssueToken) -> Result<(), TokenError> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(TokenError::InvalidName);
    }
    if request.role != Role::Applicant && request.application.is_some() {
        return Err(TokenError::ScopeNotApplicable);
    }
    if request.role == Role::System {
        return Err(TokenError::SystemRole);
    }
    Ok(())
}

/// Creates a token and stores its hash.
pub async fn issue(pool: &PgPool, request: IssueToken) -> Result<IssuedToken, TokenError> {
    check(&request)?;
    let name = request.name.trim();
    let application = match request.role {
        Role::Applicant => Some(request.application.unwrap_or_default()),
        _ => None,
    };
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let token = format!("{PREFIX}{}", hex::encode(secret));
    let token_id = Uuid::now_v7();
    let person = request.person.unwrap_or_default();
    sqlx::query(
        "INSERT INTO api_tokens (token_id, token_hash, person_id, name, role, application_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_id)
    .bind(hash_token(&token))
    .bind(person.0)
    .bind(name)
    .bind(request.role.as_str())
    .bind(application.map(|id| id.0))
    .bind(request.expires_at)
    .execute(pool)
    .await?;
    Ok(IssuedToken {
        token,
        token_id,
        person,
        application,
    })
}
