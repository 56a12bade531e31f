//! `/account`: the person signed in, their language and time zone, and the API tokens they
//! make for themself (through the API's own account routes).

use super::api_client::Problem;
use super::forms::{filled, Posted};
use super::render::{page, problem_page, Chrome};
use super::texts::{self, LANGUAGES};
use super::visitor::Member;
use super::PageState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

pub fn router() -> Router<PageState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/settings", post(save_settings))
        .route("/account/tokens", post(make_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

/// Where a token just made waits, in the session, to be shown once.
const MADE: &str = "made-token";

#[derive(Debug, Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    page: Chrome,
    name: String,
    role: String,
    can_switch: bool,
    language: String,
    zone: String,
    zones: Vec<&'static str>,
    languages: Vec<(&'static str, &'static str)>,
    tokens: Vec<Token>,
    made: Option<String>,
    label: String,
    days: String,
}

crate::framed!(AccountPage);

/// A token as the account page lists it.
#[derive(Debug, Deserialize)]
struct Token {
    token_id: Uuid,
    #[serde(default)]
    label: Option<String>,
    status: String,
    created_at: DateTime<Utc>,
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
}

/// The settings form, and the token form, as sent.
#[derive(Debug, Deserialize)]
struct SettingsForm {
    language: Option<String>,
    time_zone: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    label: Option<String>,
    days: Option<String>,
}

async fn account(State(state): State<PageState>, mut member: Member) -> Response {
    let made = member
        .visitor
        .session
        .remove::<String>(MADE)
        .await
        .ok()
        .flatten();
    let chrome = member.chrome("account-title").await;
    show(&state, member, chrome, made, String::new(), String::new()).await
}

async fn show(
    state: &PageState,
    member: Member,
    chrome: Chrome,
    made: Option<String>,
    label: String,
    days: String,
) -> Response {
    let tokens = match member
        .api(state)
        .list::<Token>("/api/v1/account/tokens?working=true")
        .await
    {
        Ok(tokens) => tokens,
        Err(problem) => return problem_page(chrome, &problem),
    };
    page(&AccountPage {
        name: member.signed.name.clone(),
        role: chrome.word("role", member.role().as_str()),
        can_switch: member.signed.roles.len() > 1,
        language: chrome.texts.tag().to_owned(),
        zone: chrome.texts.zone().to_owned(),
        zones: chrono_tz::TZ_VARIANTS
            .iter()
            .map(|zone| zone.name())
            .collect(),
        languages: LANGUAGES.to_vec(),
        tokens,
        made,
        label,
        days: if days.is_empty() {
            "90".to_owned()
        } else {
            days
        },
        page: chrome,
    })
}

async fn save_settings(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<SettingsForm>,
) -> Response {
    let Some(mut member) = Member::signed_in(visitor) else {
        return Redirect::to("/sign-in").into_response();
    };
    let language = filled(&form.language).and_then(texts::supported);
    let zone = filled(&form.time_zone).filter(|zone| zone.parse::<chrono_tz::Tz>().is_ok());
    if language.is_none() || zone.is_none() {
        let mut chrome = member.chrome("account-title").await;
        if language.is_none() {
            chrome.error("language", "account-language-missing");
        }
        if zone.is_none() {
            chrome.error("time_zone", "account-zone-missing");
        }
        return show(&state, member, chrome, None, String::new(), String::new()).await;
    }
    let saved = sqlx::query(
        "INSERT INTO person_settings (person_id, language, time_zone) VALUES ($1, $2, $3)
         ON CONFLICT (person_id) DO UPDATE SET language = $2, time_zone = $3, updated_at = now()",
    )
    .bind(member.signed.person)
    .bind(language)
    .bind(zone)
    .execute(&state.app.pool)
    .await;
    if let Err(error) = saved {
        let chrome = member.chrome("account-title").await;
        return super::unavailable(chrome, &error);
    }
    member.visitor.visit.language = language.map(str::to_owned);
    if let Some(signed) = member.visitor.visit.signed_in.as_mut() {
        signed.time_zone = zone.map(str::to_owned);
    }
    member.remember("account-settings-saved", 0).await;
    Redirect::to("/account").into_response()
}

async fn make_token(
    State(state): State<PageState>,
    Posted { visitor, form }: Posted<TokenForm>,
) -> Response {
    let Some(mut member) = Member::signed_in(visitor) else {
        return Redirect::to("/sign-in").into_response();
    };
    let label = filled(&form.label).unwrap_or_default().to_owned();
    let days_text = filled(&form.days).unwrap_or_default().to_owned();
    let days = days_text.parse::<u32>().ok();
    let mut chrome = member.chrome("account-title").await;
    if label.is_empty() {
        chrome.error("label", "account-token-label-missing");
    }
    if days.is_none() {
        chrome.error("days", "account-token-days-invalid");
    }
    if chrome.errors.is_empty() {
        let answer = member
            .api(&state)
            .send(
                Method::POST,
                "/api/v1/account/tokens",
                &json!({ "label": label, "expires_in_days": days }),
            )
            .await;
        match answer {
            Ok(done) => {
                let secret = done
                    .body
                    .get("token")
                    .and_then(|t| t.as_str())
                    .map(str::to_owned);
                if let Some(secret) = secret {
                    let _ = member.visitor.session.insert(MADE, secret).await;
                }
                member.remember("account-token-made-done", 0).await;
                return Redirect::to("/account").into_response();
            }
            Err(problem) => refuse(&mut chrome, &problem),
        }
    }
    show(&state, member, chrome, None, label, days_text).await
}

fn refuse(chrome: &mut Chrome, problem: &Problem) {
    chrome.refused(
        problem,
        &[("label", "label"), ("expires_in_days", "days")],
        "label",
    );
}

async fn revoke_token(
    State(state): State<PageState>,
    Path(id): Path<Uuid>,
    Posted { visitor, .. }: Posted<super::sign_in::NoFields>,
) -> Response {
    let Some(mut member) = Member::signed_in(visitor) else {
        return Redirect::to("/sign-in").into_response();
    };
    let answer = member
        .api(&state)
        .act(Method::POST, &format!("/api/v1/account/tokens/{id}/revoke"))
        .await;
    match answer {
        Ok(_) => {
            member.remember("account-token-revoked", 0).await;
            Redirect::to("/account").into_response()
        }
        Err(problem) => {
            let chrome = member.chrome("account-title").await;
            problem_page(chrome, &problem)
        }
    }
}
