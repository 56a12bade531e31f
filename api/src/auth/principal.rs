//! The authenticated caller of a request.

use super::cache::Cached;
use super::tokens::hash_token;
use crate::http::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use charter_domain::ids::HubId;
use charter_domain::permissions::{self, CommandKind};
use charter_domain::{Actor, ApplicationId, PersonId, Role};
use charter_projections::read_models::hubs::{self, HubStanding};
use charter_projections::read_models::{application_summary, roster, Audience};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Who is calling, from their bearer token (or, for the pages, their session).
#[derive(Debug, Clone)]
pub struct Principal {
    /// The token the request carried; none for a person signed in on the pages.
    pub token_id: Option<Uuid>,
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    /// For an applicant, the one application they act for.
    pub application: Option<ApplicationId>,
}

impl Principal {
    /// The caller as the domain sees them.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.person,
            name: self.name.clone(),
            role: self.role,
            application: self.application,
        }
    }

    /// Whether the caller sees the panel's internal work (assignments, reviews); founders
    /// see panel feedback only once it is released.
    pub fn is_staff(&self) -> bool {
        self.role != Role::Applicant
    }

    /// What of the panel's work the caller may read, by [`Principal::is_staff`]: the one
    /// rule the timeline's milestones and the panel reviews are read by.
    pub fn audience(&self) -> Audience {
        if self.is_staff() {
            Audience::Staff
        } else {
            Audience::Everyone
        }
    }

    /// Refuses a caller whose role may not give a command of `kind`, by the one table of
    /// who may give which command (`charter_domain::permissions`), which the aggregates
    /// apply too.
    pub fn may_give(&self, kind: CommandKind) -> Result<(), ApiError> {
        permissions::permit(self.role, kind)
            .map_err(|refused| ApiError::Forbidden(refused.to_string()))
    }

    /// Refuses a caller whose role is not among `roles` (for reads, which the table of
    /// commands does not cover).
    pub fn require(&self, roles: &[Role], action: &str) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "the {} role may not {action}",
                self.role
            )))
        }
    }

    /// Refuses an applicant acting on an application other than their own.
    pub fn require_scope(&self, application: ApplicationId) -> Result<(), ApiError> {
        if self.role == Role::Applicant && self.application != Some(application) {
            return Err(ApiError::Forbidden(
                "an applicant may act only on their own application".to_owned(),
            ));
        }
        Ok(())
    }

    /// Refuses a committee member who no longer holds (or never held) a seat today: the
    /// role on the token is not enough to read the committee's records. Checked against
    /// the roster read model, like every read-side check; a read that must see a seat
    /// just taken passes `min_position` and waits before this check.
    pub async fn require_seat(&self, state: &AppState) -> Result<(), ApiError> {
        if self.role != Role::Committee {
            return Ok(());
        }
        let today = state.clock.now().date_naive();
        if roster::holds_seat(&state.pool, self.person.0, today).await? {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "a committee member reads the committee's records only while holding a seat"
                    .to_owned(),
            ))
        }
    }

    /// The hub a delegate represents today, as the hubs read model knows it: the token's
    /// role alone is not enough, as for [`Principal::require_seat`]. Refused when they
    /// represent no hub today, or one that has left the network; a suspended hub's
    /// delegates still read (they only have no vote). `None` for any other role.
    pub async fn require_delegation(&self, state: &AppState) -> Result<Option<HubId>, ApiError> {
        if self.role != Role::Delegate {
            return Ok(None);
        }
        let today = state.clock.now().date_naive();
        match hubs::represented_by(&state.pool, self.person.0, today).await? {
            Some((hub, standing)) if standing != HubStanding::Left => Ok(Some(HubId(hub))),
            _ => Err(ApiError::Forbidden(
                "a delegate reads the network's records only while representing a member hub"
                    .to_owned(),
            )),
        }
    }

    /// Refuses a caller who may not see application `id`: an applicant sees only their
    /// own, a panelist only those whose panel they sit on and from which they are not
    /// recused (as the read models know it), a committee member only while holding a
    /// seat ([`Principal::require_seat`], as every committee read).
    pub async fn may_read(&self, state: &AppState, id: ApplicationId) -> Result<(), ApiError> {
        match self.role {
            Role::Committee => self.require_seat(state).await,
            Role::Secretariat | Role::System => Ok(()),
            Role::Applicant => self.require_scope(id),
            // A delegate reads the network votes, not the applications' own records.
            Role::Delegate => Err(ApiError::Forbidden(
                "a delegate reads the network votes, not the applications".to_owned(),
            )),
            Role::Panelist => {
                if application_summary::is_active_panelist(&state.pool, id.0, self.person.0).await?
                {
                    Ok(())
                } else {
                    Err(ApiError::Forbidden(
                        "a panelist sees only the applications whose panel they sit on, unrecused"
                            .to_owned(),
                    ))
                }
            }
        }
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // A page calling the API in process, for the person signed in (see
        // `pages::api_client`): the session stood in for the token.
        if let Some(OnBehalfOf(principal)) = parts.extensions.get::<OnBehalfOf>() {
            return Ok(principal.clone());
        }
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            tracing::info!("request without a bearer token");
            return Err(ApiError::Unauthorized("a bearer token is required"));
        };
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                let (scheme, token) = value.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty());
        let Some(token) = token else {
            tracing::warn!("malformed Authorization header");
            return Err(ApiError::Unauthorized(
                "the Authorization header must be `Bearer <token>`",
            ));
        };
        let principal = authenticate(state, token).await?;
        tracing::Span::current().record("person", tracing::field::display(principal.person));
        tracing::Span::current().record("role", principal.role.as_str());
        Ok(principal)
    }
}

/// A principal put on an in-process request: the pages call the API for the person
/// signed in (see `pages::api_client`). Only code in this process can set a request's
/// extensions; a request from the network never carries one.
#[derive(Debug, Clone)]
pub struct OnBehalfOf(pub Principal);

/// A valid token's row, with the seconds it has left (`None`: it does not expire).
#[derive(sqlx::FromRow)]
struct ValidToken {
    token_id: Uuid,
    person_id: Uuid,
    name: String,
    role: String,
    application_id: Option<Uuid>,
    expires_in: Option<f64>,
}

/// The principal of `token`: from this instance's cache of recently checked tokens when it
/// may answer (see [`TokenCache`]), else from the database, kept for the next request.
async fn authenticate(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let hash = hash_token(token);
    let asked = Instant::now();
    let generation = match state.tokens.get(&hash) {
        Cached::Hit(principal) => return Ok(principal),
        Cached::Miss { generation } => generation,
    };
    // The time left is the database's, as is the expiry test: the server's clock may
    // differ from it.
    let row: Option<ValidToken> = sqlx::query_as(
        "SELECT token_id, person_id, name, role, application_id,
                (extract(epoch FROM expires_at) - extract(epoch FROM now()))::float8 AS expires_in
         FROM api_tokens
         WHERE token_hash = $1 AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > now())",
    )
    .bind(hash.as_slice())
    .fetch_optional(&state.pool)
    .await?;
    // The token itself is never logged, only that it failed.
    let Some(ValidToken {
        token_id,
        person_id,
        name,
        role,
        application_id,
        expires_in,
    }) = row
    else {
        tracing::warn!("authentication failed: unknown, expired or revoked token");
        return Err(ApiError::Unauthorized(
            "the token is unknown, expired or revoked",
        ));
    };
    let role = Role::parse(&role).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "token {token_id} has unknown role {role:?}"
        ))
    })?;
    let principal = Principal {
        token_id: Some(token_id),
        person: PersonId(person_id),
        name,
        role,
        application: application_id.map(ApplicationId),
    };
    // `infinity` (only ever set by hand) does not expire; anything unreadable is not kept.
    let expires_in = match expires_in {
        Some(seconds) if seconds == f64::INFINITY => None,
        Some(seconds) => Some(Duration::try_from_secs_f64(seconds).unwrap_or_default()),
        None => None,
    };
    state
        .tokens
        .keep_at(hash, principal.clone(), expires_in, generation, asked);
    Ok(principal)
}
