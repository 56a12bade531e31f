//! Signing in with an e-mailed code: ask for a code, enter it (or open the e-mailed link
//! and confirm), choose a role when the person has more than one, sign out.
//!
//! An address that belongs to no one is answered exactly like one that does, so the pages
//! never tell who has an account.

mod codes;
mod complete;

pub use codes::forget_spent;
pub use complete::NoFields;

use super::forms::{filled, Posted};
use super::render::{page, Chrome};
use super::visitor::Visitor;
use super::PageState;
use askama::Template;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use charter_domain::PersonId;
use charter_notifications::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_notifications::outbox;
use serde::Deserialize;
use std::net::SocketAddr;
use uuid::Uuid;

pub fn router() -> Router<PageState> {
    Router::new()
        .route("/sign-in", get(ask_page).post(ask))
        .route("/sign-in/code", get(code_page).post(enter_code))
        .route("/sign-in/link/{key}", get(link_page))
        .route("/sign-in/link", post(follow_link))
        .route(
            "/sign-in/role",
            get(complete::role_page).post(complete::choose_role),
        )
        .route("/sign-out", post(complete::sign_out))
}

#[derive(Debug, Template)]
#[template(path = "sign_in/ask.html")]
struct AskPage {
    page: Chrome,
    address: String,
}

#[derive(Debug, Template)]
#[template(path = "sign_in/code.html")]
struct CodePage {
    page: Chrome,
    address: String,
}

#[derive(Debug, Template)]
#[template(path = "sign_in/link.html")]
struct LinkPage {
    page: Chrome,
    key: String,
}

crate::framed!(AskPage, CodePage, LinkPage);

async fn ask_page(mut visitor: Visitor) -> Response {
    if visitor.visit.signed_in.is_some() {
        return Redirect::to("/").into_response();
    }
    let page_chrome = visitor.chrome("sign-in-title").await;
    page(&AskPage {
        page: page_chrome,
        address: String::new(),
    })
}

#[derive(Debug, Deserialize)]
struct AskForm {
    address: Option<String>,
}

/// Sends a code to the address, if it belongs to anyone, and asks for it.
async fn ask(
    State(state): State<PageState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Posted { mut visitor, form }: Posted<AskForm>,
) -> Response {
    let mut chrome = visitor.chrome("sign-in-title").await;
    let address = filled(&form.address).unwrap_or_default().to_owned();
    if address.is_empty() {
        chrome.error("address", "sign-in-address-missing");
    } else if !plausible_address(&address) {
        chrome.error("address", "sign-in-address-invalid");
    }
    if chrome.errors.is_empty() {
        match codes::ask(
            &state.app.secret,
            &state.app.pool,
            &address,
            &client.ip().to_string(),
        )
        .await
        {
            Ok(Ok(())) => {}
            Ok(Err(limited)) => {
                tracing::warn!(%limited, "a sign-in code was refused");
                chrome.error("address", "sign-in-limited");
            }
            Err(error) => return super::unavailable(chrome, &error),
        }
    }
    if !chrome.errors.is_empty() {
        return page(&AskPage {
            page: chrome,
            address,
        });
    }
    let code = match send_code(&state, &address).await {
        Ok(code) => code,
        Err(error) => return super::unavailable(chrome, &error),
    };
    visitor.visit.pending = Some(super::session::PendingSignIn {
        // An address of no one gets a code that is never right.
        code: code.unwrap_or_else(Uuid::nil),
        address,
    });
    if let Err(error) = visitor.visit.save(&visitor.session).await {
        tracing::error!(%error, "a sign-in could not be kept in the session");
    }
    Redirect::to("/sign-in/code").into_response()
}

/// Whether `address` looks like an e-mail address: one `@` with something either side.
fn plausible_address(address: &str) -> bool {
    address.len() <= 320
        && !address.chars().any(char::is_whitespace)
        && address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        })
}

/// Makes a code for the first person `address` belongs to who holds a role, and puts the
/// message that carries it in the outbox; `None` when the address is no one's.
async fn send_code(state: &PageState, address: &str) -> Result<Option<Uuid>, sqlx::Error> {
    let today = state.app.clock.now().date_naive();
    let mut person = None;
    for (candidate, _) in super::roles::people_at(&state.app.pool, address).await? {
        if !super::roles::capacities(&state.app.pool, candidate, today)
            .await?
            .is_empty()
        {
            person = Some(candidate);
            break;
        }
    }
    let Some(person) = person else {
        tracing::info!("a sign-in code was asked for an address of no one");
        return Ok(None);
    };
    let mut tx = state.app.pool.begin().await?;
    let issued = codes::issue(&state.app.secret, &mut tx, person).await?;
    let notice = Notice::new(
        NoticeKind::SignInCode,
        Recipient::Person(PersonId(person)),
        format!("/sign-in/link/{}", issued.link_key),
    )
    .text("code", &issued.code)
    .with("minutes", Arg::Number(codes::VALID_MINUTES));
    outbox::enqueue(
        &mut tx,
        &state.app.writing,
        &format!("sign-in/{}", issued.code_id),
        None,
        &notice,
    )
    .await?;
    tx.commit().await?;
    state.app.wake_senders();
    Ok(Some(issued.code_id))
}

async fn code_page(mut visitor: Visitor) -> Response {
    let Some(pending) = visitor.visit.pending.clone() else {
        return Redirect::to("/sign-in").into_response();
    };
    let chrome = visitor.chrome("sign-in-code-title").await;
    page(&CodePage {
        page: chrome,
        address: pending.address,
    })
}

#[derive(Debug, Deserialize)]
struct CodeForm {
    code: Option<String>,
}

async fn enter_code(
    State(state): State<PageState>,
    Posted { mut visitor, form }: Posted<CodeForm>,
) -> Response {
    let Some(pending) = visitor.visit.pending.clone() else {
        return Redirect::to("/sign-in").into_response();
    };
    let mut chrome = visitor.chrome("sign-in-code-title").await;
    let code = filled(&form.code).unwrap_or_default();
    if code.is_empty() {
        chrome.error("code", "sign-in-code-missing");
    } else {
        match codes::redeem_code(&state.app.secret, &state.app.pool, pending.code, code).await {
            Ok(Ok(person)) => return complete::signed_in(&state, visitor, person).await,
            Ok(Err(codes::Unredeemed::Wrong)) => chrome.error("code", "sign-in-code-wrong"),
            Ok(Err(codes::Unredeemed::Spent)) => chrome.error("code", "sign-in-code-spent"),
            Err(error) => return super::unavailable(chrome, &error),
        }
    }
    page(&CodePage {
        page: chrome,
        address: pending.address,
    })
}

/// The e-mailed link only shows a button: a mail scanner that opens every link must not
/// use it up.
async fn link_page(mut visitor: Visitor, Path(key): Path<String>) -> Response {
    let chrome = visitor.chrome("sign-in-link-title").await;
    page(&LinkPage { page: chrome, key })
}

#[derive(Debug, Deserialize)]
struct LinkForm {
    key: Option<String>,
}

async fn follow_link(
    State(state): State<PageState>,
    Posted { mut visitor, form }: Posted<LinkForm>,
) -> Response {
    let key = filled(&form.key).unwrap_or_default().to_owned();
    match codes::redeem_link(&state.app.secret, &state.app.pool, &key).await {
        Ok(Ok(person)) => complete::signed_in(&state, visitor, person).await,
        Ok(Err(_)) => {
            let mut chrome = visitor.chrome("sign-in-link-title").await;
            chrome.error("sign-in", "sign-in-link-spent");
            page(&LinkPage { page: chrome, key })
        }
        Err(error) => {
            let chrome = visitor.chrome("sign-in-link-title").await;
            super::unavailable(chrome, &error)
        }
    }
}
