//! Who a page is for: the browser's [`Visit`], its texts, and (for [`Member`]) the person
//! signed in, checked on every request against the record: a session ends when its
//! sign-in is too old, when the person is erased, or when the role they act in ends.

use super::api_client::Api;
use super::render::{Chrome, NavItem, UserBar};
use super::roles;
use super::session::{SignedIn, Visit};
use super::texts::Texts;
use super::PageState;
use crate::auth::Principal;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use charter_domain::{ApplicationId, PersonId, Role};
use tower_sessions::Session;

/// A browser on the pages, signed in or not.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub session: Session,
    pub visit: Visit,
    pub texts: Texts,
    pub path: String,
    request_id: Option<HeaderValue>,
}

/// A browser whose person is signed in.
#[derive(Debug, Clone)]
pub struct Member {
    pub visitor: Visitor,
    pub signed: SignedIn,
    pub principal: Principal,
}

impl FromRequestParts<PageState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PageState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(status, message)| (status, message).into_response())?;
        let unavailable = |error: tower_sessions::session::Error| {
            tracing::error!(%error, "the session could not be read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        };
        let mut visit = Visit::load(&session).await.map_err(unavailable)?;
        let now = state.app.clock.now();
        if visit.expired(now) {
            tracing::info!("a session outlived its sign-in; signed out");
            visit.signed_in = None;
            visit.save(&session).await.map_err(unavailable)?;
        }
        if let Some(signed) = &visit.signed_in {
            let holds = roles::still_holds(&state.app.pool, signed, now.date_naive())
                .await
                .map_err(|error| {
                    tracing::error!(%error, "a session's role could not be checked");
                    StatusCode::SERVICE_UNAVAILABLE.into_response()
                })?;
            if !holds {
                tracing::info!(person = %signed.person, "a session's role has ended; signed out");
                session.flush().await.map_err(unavailable)?;
                visit = Visit::load(&session).await.map_err(unavailable)?;
            } else if visit.due_refresh(now) {
                if let Some(signed) = visit.signed_in.as_mut() {
                    signed.seen = now;
                }
                visit.save(&session).await.map_err(unavailable)?;
            }
        }
        let texts = visit.texts(parts);
        Ok(Visitor {
            session,
            visit,
            texts,
            path: parts.uri.path().to_owned(),
            request_id: parts.headers.get(&crate::http::request_id::HEADER).cloned(),
        })
    }
}

impl FromRequestParts<PageState> for Member {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PageState,
    ) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        Member::from_visitor(visitor)
    }
}

impl Visitor {
    /// The frame of a page titled by text `title`, taking the message the last form left.
    pub async fn chrome(&mut self, title: &str) -> Chrome {
        let flash = self.visit.flash.take().map(|id| self.texts.t(&id));
        if flash.is_some() {
            if let Err(error) = self.visit.save(&self.session).await {
                tracing::warn!(%error, "a page's message could not be cleared");
            }
        }
        Chrome {
            csrf: self.visit.csrf.clone(),
            flash,
            ..Chrome::plain(self.texts.clone(), title, self.path.clone())
        }
    }

    /// Leaves a message (by its text id) for the next page, and where reads must wait.
    pub async fn remember(&mut self, flash: &str, position: i64) {
        self.visit.flash = Some(flash.to_owned());
        self.visit.last_position = self.visit.last_position.max(position);
        if let Err(error) = self.visit.save(&self.session).await {
            tracing::warn!(%error, "a form's outcome could not be kept for the next page");
        }
    }
}

impl Member {
    /// The member a posted form's visitor is, or the way to sign in.
    // The refusal is the page's answer, returned once, not passed up through layers.
    #[allow(clippy::result_large_err)]
    pub fn from_visitor(visitor: Visitor) -> Result<Self, Response> {
        Self::signed_in(visitor).ok_or_else(|| Redirect::to("/sign-in").into_response())
    }

    /// The member a visitor is, if they are signed in (for handlers that read a posted
    /// form first).
    pub fn signed_in(visitor: Visitor) -> Option<Member> {
        let signed = visitor.visit.signed_in.clone()?;
        let principal = Principal {
            token_id: None,
            person: PersonId(signed.person),
            name: signed.name.clone(),
            role: signed.role,
            application: signed.application.map(ApplicationId),
        };
        Some(Member {
            visitor,
            signed,
            principal,
        })
    }

    /// The frame of a page titled by text `title`, with the person and their navigation.
    pub async fn chrome(&mut self, title: &str) -> Chrome {
        let mut chrome = self.visitor.chrome(title).await;
        let texts = &self.visitor.texts;
        chrome.user = Some(UserBar {
            name: self.signed.name.clone(),
            role: texts.t(&format!("role-{}", self.signed.role.as_str())),
            can_switch: self.signed.roles.len() > 1,
        });
        chrome.nav = roles::navigation(self.signed.role)
            .iter()
            .map(|(href, label)| NavItem {
                href: (*href).to_owned(),
                label: texts.t(label),
                current: self.visitor.path == *href
                    || (*href != "/" && self.visitor.path.starts_with(&format!("{href}/"))),
            })
            .collect();
        chrome
    }

    /// The API, called as this person, its reads waiting for their last command.
    pub fn api(&self, state: &PageState) -> Api {
        Api::new(
            state.api.clone(),
            self.principal.clone(),
            self.visitor.request_id.clone(),
            self.visitor.visit.last_position,
        )
    }

    /// The role the person acts in.
    pub fn role(&self) -> Role {
        self.signed.role
    }

    /// Leaves a message for the next page, and where its reads must wait.
    pub async fn remember(&mut self, flash: &str, position: i64) {
        self.visitor.remember(flash, position).await;
    }
}
