//! Charter in a browser: server-rendered pages for founders, panelists, committee members,
//! the delegates of member hubs and the secretariat, at `/`, with plain forms (POST, then redirect) that work without
//! JavaScript.
//!
//! - [`session`], [`visitor`]: the server-side session and who a page is for;
//! - [`sign_in`]: signing in with an e-mailed code, choosing a role, signing out;
//! - [`api_client`]: every page reads and writes through the API's own routes, in process,
//!   as the person signed in, so the API's rules decide what a page shows and does;
//! - [`forms`], [`security`]: the form key, the same-origin check, the security headers;
//! - [`render`], [`texts`], [`assets`]: the frame of every page, its words in the
//!   reader's language and time zone, the style sheet and script;
//! - [`away`]: the pages answered without a session (the database away, a request given
//!   up);
//! - one folder per role's pages (`founders`: documents, timeline, withdrawal,
//!   agreement, appeal).
//!
//! Templates are in `api/templates/`, texts in `api/locales/<language>/*.ftl`.

mod account;
pub mod api_client;
mod assets;
pub mod away;
mod check_answers;
mod committee;
mod delegates;
pub mod forms;
mod founders;
mod home;
mod hubs;
mod messages;
mod panelists;
mod problems;
pub mod render;
pub mod roles;
mod secretariat;
mod security;
pub mod session;
mod session_store;
mod sign_in;
pub mod texts;
mod values;
pub mod visitor;

use crate::state::AppState;
use axum::extract::{FromRef, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use render::Chrome;
use serde::Deserialize;
use visitor::Visitor;

/// Forgets what no one can use any more: sessions past their expiry, sign-in codes a day
/// after theirs, and requests for codes no limit counts. Run by the scheduler.
pub async fn forget_expired(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM web_sessions WHERE expiry_date < now()")
        .execute(pool)
        .await?;
    sign_in::forget_spent(pool).await?;
    Ok(())
}

/// What the pages' handlers share: the server's state, and the API's routes to call in
/// process.
#[derive(Debug, Clone)]
pub struct PageState {
    pub app: AppState,
    /// The API's routes, without the layers of the network edge.
    pub api: Router,
}

impl FromRef<PageState> for AppState {
    fn from_ref(state: &PageState) -> Self {
        state.app.clone()
    }
}

/// Every page, with the session, same-origin and security-header layers around them.
pub fn router(app: AppState, api: Router) -> anyhow::Result<Router> {
    let sessions = session::layer(&app.pool, &app.settings, &app.secret)?;
    let max_upload = app.settings.max_upload_bytes;
    let state = PageState { app, api };
    Ok(Router::new()
        .merge(sign_in::router())
        .merge(home::router())
        .merge(account::router())
        .merge(messages::router())
        .merge(panelists::router())
        .merge(committee::router())
        .merge(secretariat::router())
        .merge(founders::router(max_upload))
        .route("/signed-out", get(signed_out))
        .route("/language/{tag}", get(choose_language))
        .route("/static/{name}", get(assets::serve))
        .fallback(not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(security::same_origin))
        .layer(sessions)
        .layer(axum::middleware::from_fn(away::bare_failures))
        .layer(axum::middleware::from_fn(security::headers)))
}

/// A page of the database being away: nothing was done, try again.
pub fn unavailable(chrome: Chrome, error: &sqlx::Error) -> Response {
    tracing::error!(%error, "a page could not reach the database");
    render::error_page(
        chrome,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable-heading",
        "unavailable-body",
    )
}

async fn signed_out(mut visitor: Visitor) -> Response {
    let chrome = visitor.chrome("signed-out-title").await;
    render::error_page(
        chrome,
        StatusCode::OK,
        "signed-out-title",
        "signed-out-body",
    )
}

#[derive(Debug, Deserialize)]
struct Back {
    back: Option<String>,
}

/// Reads the pages in another language from now on (and, signed in, keeps the choice).
async fn choose_language(
    axum::extract::State(state): axum::extract::State<PageState>,
    mut visitor: Visitor,
    Path(tag): Path<String>,
    Query(back): Query<Back>,
) -> Response {
    let Some(language) = texts::supported(&tag) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    visitor.visit.language = Some(language.to_owned());
    if let Err(error) = visitor.visit.save(&visitor.session).await {
        tracing::warn!(%error, "the language could not be kept");
    }
    if let Some(signed) = &visitor.visit.signed_in {
        let kept = sqlx::query(
            "INSERT INTO person_settings (person_id, language) VALUES ($1, $2)
             ON CONFLICT (person_id) DO UPDATE SET language = $2, updated_at = now()",
        )
        .bind(signed.person)
        .bind(language)
        .execute(&state.app.pool)
        .await;
        if let Err(error) = kept {
            tracing::warn!(%error, "the language could not be kept for the person");
        }
    }
    // Only a path of this site: never a redirect elsewhere.
    let back = back
        .back
        .filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    Redirect::to(&back).into_response()
}

/// The page of a path the pages do not have; with the header and navigation of every
/// other page for a person signed in, so that they find their way on as from anywhere.
pub async fn not_found(mut visitor: Visitor) -> Response {
    let chrome = if visitor.visit.signed_in.is_some() {
        match visitor::Member::signed_in(visitor) {
            Some(mut member) => member.chrome("not-found-heading").await,
            None => return StatusCode::NOT_FOUND.into_response(),
        }
    } else {
        visitor.chrome("not-found-heading").await
    };
    render::error_page(
        chrome,
        StatusCode::NOT_FOUND,
        "not-found-heading",
        "not-found-body",
    )
}
