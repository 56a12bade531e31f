//! Issuing, listing and revoking tokens.

use charter_domain::{ApplicationId, PersonId, Role};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{FromRow, PgPool};
use utoipa::ToSchema;
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
    /// What the holder calls it, for a token they make themself.
    pub label: Option<String>,
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
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
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
        "INSERT INTO api_tokens (token_id, token_hash, person_id, name, role, application_id,
                                 expires_at, label)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_id)
    .bind(hash_token(&token).as_slice())
    .bind(person.0)
    .bind(name)
    .bind(request.role.as_str())
    .bind(application.map(|id| id.0))
    .bind(request.expires_at)
    .bind(request.label.as_deref())
    .execute(pool)
    .await?;
    Ok(IssuedToken {
        token,
        token_id,
        person,
        application,
    })
}

/// Whether a token is still honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Active,
    Expired,
    Revoked,
}

impl TokenStatus {
    /// The status as the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenStatus::Active => "active",
            TokenStatus::Expired => "expired",
            TokenStatus::Revoked => "revoked",
        }
    }
}

/// A token as the secretariat sees it: what it is for and whether it still works, never
/// its secret or its hash.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenView {
    pub token_id: Uuid,
    pub person_id: Uuid,
    /// The holder's name, recorded as the actor of what they do.
    pub name: String,
    /// `applicant`, `panelist`, `committee` or `secretariat`.
    pub role: String,
    /// For an applicant: the application the token acts for.
    pub application_id: Option<Uuid>,
    /// What the holder called it, for a token they made themself.
    pub label: Option<String>,
    pub status: TokenStatus,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct TokenRow {
    token_id: Uuid,
    person_id: Uuid,
    name: String,
    role: String,
    application_id: Option<Uuid>,
    label: Option<String>,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    /// Judged by the database clock, as authentication judges it.
    expired: bool,
}

impl From<TokenRow> for TokenView {
    fn from(row: TokenRow) -> Self {
        let status = if row.revoked_at.is_some() {
            TokenStatus::Revoked
        } else if row.expired {
            TokenStatus::Expired
        } else {
            TokenStatus::Active
        };
        Self {
            token_id: row.token_id,
            person_id: row.person_id,
            name: row.name,
            role: row.role,
            application_id: row.application_id,
            label: row.label,
            status,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
        }
    }
}

/// The columns of a [`TokenRow`]; never the hash.
const COLUMNS: &str = "token_id, person_id, name, role, application_id, label, created_at, \
     expires_at, revoked_at, coalesce(expires_at <= now(), false) AS expired";

/// Why a token could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("there is no token {0}")]
    NotFound(Uuid),
    /// Nothing was changed; the token keeps the time it was first revoked.
    #[error("token {} was already revoked at {}", token.token_id, at.to_rfc3339())]
    AlreadyRevoked {
        token: Box<TokenView>,
        at: DateTime<Utc>,
    },
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

/// Every token `person` holds, revoked and expired ones included, oldest first.
pub async fn list_for_person(
    pool: &PgPool,
    person: PersonId,
) -> Result<Vec<TokenView>, sqlx::Error> {
    let rows: Vec<TokenRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE person_id = $1 ORDER BY created_at, token_id"
    ))
    .bind(person.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(TokenView::from).collect())
}

/// A page of the tokens `person` holds, oldest first: only those that still work when
/// `working` (what an account page lists, however many tokens the person has let expire
/// or revoked over the years: the index on working tokens reaches them directly); at most
/// `limit`, after the one `after` names (its creation time and id).
pub async fn page_for_person(
    pool: &PgPool,
    person: PersonId,
    working: bool,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<TokenView>, sqlx::Error> {
    let working = if working {
        "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())"
    } else {
        ""
    };
    let rows: Vec<TokenRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens
         WHERE person_id = $1 {working}
           AND ($2::timestamptz IS NULL OR (created_at, token_id) > ($2, $3))
         ORDER BY created_at, token_id LIMIT $4"
    ))
    .bind(person.0)
    .bind(after.map(|(at, _)| at))
    .bind(after.map(|(_, id)| id))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(TokenView::from).collect())
}

/// One token, by its id, whoever holds it.
pub async fn find(pool: &PgPool, token_id: Uuid) -> Result<Option<TokenView>, sqlx::Error> {
    let row: Option<TokenRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_id = $1"
    ))
    .bind(token_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(TokenView::from))
}

/// Revokes one token: it is refused from its next request to an instance that has heard
/// of the change (see [`crate::auth::cache`]). Revoking it again changes nothing and says
/// so.
pub async fn revoke(pool: &PgPool, token_id: Uuid) -> Result<TokenView, RevokeError> {
    let revoked: Option<TokenRow> = sqlx::query_as(&format!(
        "UPDATE api_tokens SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL
         RETURNING {COLUMNS}"
    ))
    .bind(token_id)
    .fetch_optional(pool)
    .await?;
    if let Some(row) = revoked {
        return Ok(row.into());
    }
    let existing: Option<TokenRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_id = $1"
    ))
    .bind(token_id)
    .fetch_optional(pool)
    .await?;
    // Not revoked by the update, yet there: revoked before (revocation is never undone).
    match existing {
        Some(row) => {
            let at = row.revoked_at.unwrap_or_else(Utc::now);
            Err(RevokeError::AlreadyRevoked {
                token: Box::new(row.into()),
                at,
            })
        }
        None => Err(RevokeError::NotFound(token_id)),
    }
}

/// Revokes every token `person` holds that is not revoked yet; how many that was. Tokens
/// revoked before keep the time they were first revoked.
pub async fn revoke_all_for_person(pool: &PgPool, person: PersonId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL",
    )
    .bind(person.0)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
