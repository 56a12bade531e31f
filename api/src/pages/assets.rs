//! The pages' style sheet and script, served under a name that carries a hash of their
//! content, so that a browser may keep them for a year and still never use a stale one.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

const CSS: &str = include_str!("../../static/charter.css");
const JS: &str = include_str!("../../static/charter.js");

/// One asset: its content, type and hashed name.
struct Asset {
    name: String,
    body: &'static str,
    kind: &'static str,
}

fn assets() -> &'static [Asset; 2] {
    static ASSETS: OnceLock<[Asset; 2]> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let named = |stem: &str, ext: &str, body: &'static str, kind: &'static str| {
            let hash = hex::encode(&Sha256::digest(body.as_bytes())[..8]);
            Asset {
                name: format!("{stem}-{hash}.{ext}"),
                body,
                kind,
            }
        };
        [
            named("charter", "css", CSS, "text/css; charset=utf-8"),
            named("charter", "js", JS, "text/javascript; charset=utf-8"),
        ]
    })
}

/// The style sheet's address.
pub fn css() -> String {
    format!("/static/{}", assets()[0].name)
}

/// The script's address.
pub fn script() -> String {
    format!("/static/{}", assets()[1].name)
}

/// `GET /static/{name}`: an asset by its hashed name.
pub async fn serve(Path(name): Path<String>) -> Response {
    match assets().iter().find(|asset| asset.name == name) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.kind),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
