//! The OpenAPI document, generated from the handlers, and the interactive page.

use crate::error::Problem;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The document's fixed parts; paths and schemas come from the routes.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Charter API",
        description = "The application pipeline through which a founding team becomes a \
            co-owner of the network: applications, documents, panel reviews, interviews, \
            gates and signatures. Errors are application/problem+json (RFC 9457).",
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem)),
    tags(
        (name = "applications", description = "Opening and reading applications"),
        (name = "documents", description = "Documents and revision requests"),
        (name = "panel", description = "Expert panel assignments and reviews"),
        (name = "interviews", description = "Interviews with the founding team"),
        (name = "decisions", description = "Eligibility, gates, rejection, withdrawal, appeals, signatures"),
        (name = "votes", description = "Membership Committee votes and the vote register"),
        (name = "committee", description = "The committee's pipeline dashboard"),
        (name = "people", description = "The roster: people, committee seats, the expert panel pool"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}
