//! The OpenAPI document, generated from the handlers, and the interactive page.

use crate::http::error::Problem;
use crate::routes::notifications::DeliveryStatus;
use charter_domain::application::{
    AppealStatus, Checklist, DocumentKind, Recommendation, Requirement, Stage,
};
use charter_domain::policy::{Ballot, VoteRule};
use charter_domain::vote::{Motion, Outcome, Tally};
use charter_domain::Role;
use charter_projections::read_models::application_summary::ListOrder;
use charter_projections::read_models::roster::PeopleGroup;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

mod examples;
mod polish;
mod types;
pub use polish::polish;

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
    // The enums that only query parameters name, which no body brings in, and the domain's
    // types that `types::refine` gives the read models' text and JSON columns.
    components(schemas(Problem, DeliveryStatus, ListOrder, PeopleGroup, Stage, DocumentKind,
        AppealStatus, Recommendation, Role, Motion, VoteRule, Tally, Outcome, Ballot,
        Checklist, Requirement)),
    tags(
        (name = "applications", description = "Opening and reading applications"),
        (name = "documents", description = "Documents and revision requests"),
        (name = "panel", description = "Expert panel assignments and reviews"),
        (name = "interviews", description = "Interviews with the founding team"),
        (name = "decisions", description = "Eligibility, gates, rejection, withdrawal, appeals, signatures"),
        (name = "votes", description = "Membership Committee votes and the vote register"),
        (name = "committee", description = "The committee's pipeline dashboard"),
        (name = "people", description = "The roster: people, committee seats, the expert panel pool"),
        (name = "hubs", description = "The member hubs of the network (its co-owners, one hub one vote): their delegates and standing"),
        (name = "tokens", description = "Bearer tokens: listing a person's, revoking one"),
        (name = "notifications", description = "The messages Charter sends: deliveries, dead letters, sending again"),
        (name = "webhooks", description = "Webhooks (Standard Webhooks): endpoints told of events, their secrets and deliveries"),
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

/// Tags whose POSTs change plain rows rather than an aggregate: nothing there has a
/// version for `If-Match` to name, so only `Idempotency-Key` is offered.
const UNVERSIONED_TAGS: &[&str] = &["tokens", "webhooks"];

/// Adds to every POST the two headers that make a command safe to retry, and the 412 that
/// `If-Match` can bring (only `Idempotency-Key` on the `UNVERSIONED_TAGS`); to every DELETE
/// (a command too), `If-Match` and its 412.
pub fn document_retry_headers(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{Ref, Required, ResponseBuilder};
    let header = |name: &str, description: &str, max_length: usize| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(description))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(max_length)),
            ))
            .build()
    };
    let if_match = |operation: &mut Operation| {
        let unversioned = operation
            .tags
            .iter()
            .flatten()
            .any(|tag| UNVERSIONED_TAGS.contains(&tag.as_str()));
        if unversioned {
            return;
        }
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(header(
                "If-Match",
                "The version what the command acts on must be at (the `ETag` of its read or \
                 the `version` of a command's answer, such as \"7\"; a person's own version \
                 on a person's commands); otherwise 412 and nothing is written. A weak tag \
                 never matches.",
                32,
            ));
        operation.responses.responses.insert(
            "412".to_owned(),
            ResponseBuilder::new()
                .description(
                    "What the command acts on is no longer at the version `If-Match` named",
                )
                .content(
                    "application/problem+json",
                    utoipa::openapi::ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build()
                .into(),
        );
    };
    for item in openapi.paths.paths.values_mut() {
        if let Some(operation) = item.delete.as_mut() {
            if_match(operation);
        }
        let Some(operation) = item.post.as_mut() else {
            continue;
        };
        let parameters = operation.parameters.get_or_insert_with(Vec::new);
        parameters.push(header(
            "Idempotency-Key",
            "Sent again with the same body, the request returns the first response and \
             writes nothing; with another body it is refused (422). Kept for 48 hours.",
            255,
        ));
        if_match(operation);
    }
}

/// Adds to every operation the answers the edge can give whatever the route: 503 (the
/// database away, or the request past its timeout) with `Retry-After`; to every POST and
/// PUT, 408 (the body too slow) and 413 (over the route's limit, checked before a body
/// carrying an `Idempotency-Key` is buffered); and to every operation taking a JSON body,
/// 422 (a body of the wrong shape or JSON type). Answers a route documents itself are
/// kept; `polish` gives every 503 problem the `Retry-After` header.
pub fn document_edge_answers(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (&mut item.get, false),
            (&mut item.put, true),
            (&mut item.post, true),
            (&mut item.delete, false),
            (&mut item.patch, true),
        ];
        for (operation, sends_body) in operations {
            let Some(operation) = operation.as_mut() else {
                continue;
            };
            let takes_json = operation.request_body.as_ref().is_some_and(|body| {
                body.content
                    .keys()
                    .any(|media_type| media_type == "application/json")
            });
            let mut answers = vec![("503", "The database is not available, or the request took longer than the request timeout; retry after `Retry-After` seconds")];
            if sends_body {
                answers.push(("408", "The body did not arrive within the body timeout"));
                answers.push(("413", "The body is larger than the route allows"));
            }
            if takes_json {
                answers.push((
                    "422",
                    "The body is not a JSON object, or not of the shape the route takes",
                ));
            }
            let responses = &mut operation.responses.responses;
            for (status, description) in answers {
                responses
                    .entry(status.to_owned())
                    .or_insert_with(|| problem(description).into());
            }
        }
    }
}

/// A problem answer described as `description`.
fn problem(description: &str) -> utoipa::openapi::Response {
    utoipa::openapi::ResponseBuilder::new()
        .description(description)
        .content(
            super::error::PROBLEM_JSON,
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}
