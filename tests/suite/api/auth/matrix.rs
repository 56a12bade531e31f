//! The matrix of routes: every route under `/api/v1`, a body it would accept, and the
//! roles its handler lets through.

use charter_domain::Role;
use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

pub(super) const EVERYONE: &[Role] = &Role::ALL;
pub(super) const SECRETARIAT: &[Role] = &[Role::Secretariat];
pub(super) const PANELIST: &[Role] = &[Role::Panelist];
pub(super) const APPLICANT: &[Role] = &[Role::Applicant];
pub(super) const APPLICANT_OR_SECRETARIAT: &[Role] = &[Role::Applicant, Role::Secretariat];
pub(super) const COMMITTEE: &[Role] = &[Role::Committee];
pub(super) const COMMITTEE_OR_SECRETARIAT: &[Role] = &[Role::Committee, Role::Secretariat];
pub(super) const ALL_BUT_PANELISTS: &[Role] =
    &[Role::Applicant, Role::Committee, Role::Secretariat];

/// What a route is sent.
pub(super) enum Body {
    None,
    Json(Value),
    /// A document upload: the media type and the bytes.
    File(&'static str, &'static [u8]),
}

/// One row of the matrix: a route, a body it would accept, and the roles its handler
/// lets through `Principal::require` (every role for reads, which check scope instead).
pub(super) struct Route {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) body: Body,
    pub(super) allowed: &'static [Role],
}

impl Route {
    /// A GET of one application or what it holds.
    pub(super) fn is_read_of_one_application(&self) -> bool {
        self.method == Method::GET
            && self.path.starts_with("/api/v1/applications/")
            && self.allowed == EVERYONE
    }
}

impl std::fmt::Display for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Every route under `/api/v1`, aimed at application `id`.
pub(super) fn routes(id: Uuid) -> Vec<Route> {
    let at = |tail: &str| format!("/api/v1/applications/{id}{tail}");
    let read = |tail: &str| Route {
        method: Method::GET,
        path: at(tail),
        body: Body::None,
        allowed: EVERYONE,
    };
    let command = |tail: &str, body: Value, allowed| Route {
        method: Method::POST,
        path: at(tail),
        body: Body::Json(body),
        allowed,
    };
    let opening = json!({"city": "Lisbon", "country": "PT", "hub_name": "Impact Hub Lisbon",
        "founders": [{"name": "Rui Costa", "email": "rui@lisbon.example"}]});
    let revision = json!({"document_kind": "preliminary_report",
        "deadline": "2099-01-01T00:00:00Z", "reason": "More detail, please"});
    let scores = json!({"team": 4, "community": 4, "feasibility": 4, "impact": 4});
    let review = json!({"document_kind": "preliminary_report", "document_version": 1,
        "scores": scores, "recommendation": "advance", "comments": "Solid"});
    let revised = json!({"scores": scores, "recommendation": "revise", "comments": "Hm"});
    let interview = json!({"scheduled_for": "2099-01-01T10:00:00Z", "location": "Lisbon"});
    let moved = json!({"scheduled_for": "2099-01-02T10:00:00Z", "location": "Porto"});
    let held = json!({"notes": "Went well", "attendees": ["Rui Costa"]});
    vec![
        Route {
            method: Method::GET,
            path: "/api/v1/applications".into(),
            body: Body::None,
            allowed: EVERYONE,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/applications".into(),
            body: Body::Json(opening),
            allowed: APPLICANT_OR_SECRETARIAT,
        },
        read(""),
        read("/timeline"),
        read("/documents"),
        read("/documents/preliminary_report/1"),
        Route {
            method: Method::POST,
            path: at("/documents?kind=preliminary_report&file_name=plan.pdf"),
            body: Body::File("application/pdf", b"%PDF-1.7 a preliminary report"),
            allowed: APPLICANT,
        },
        command("/revision-requests", revision, SECRETARIAT),
        command(
            "/panelists",
            json!({"panelist_id": Uuid::new_v4()}),
            SECRETARIAT,
        ),
        command("/conflicts", json!({"reason": "I mentored them"}), PANELIST),
        command("/reviews", review, PANELIST),
        command("/reviews/1/revisions", revised, PANELIST),
        command(
            "/reviews/1/release",
            json!({"revision": 1, "note": "Read this"}),
            SECRETARIAT,
        ),
        Route {
            method: Method::GET,
            path: at("/status"),
            body: Body::None,
            allowed: ALL_BUT_PANELISTS,
        },
        command("/interviews", interview, SECRETARIAT),
        command("/interviews/1/reschedule", moved, SECRETARIAT),
        command("/interviews/1/record", held, SECRETARIAT),
        command(
            "/interviews/1/cancel",
            json!({"reason": "Illness"}),
            SECRETARIAT,
        ),
        command("/eligibility", json!({}), SECRETARIAT),
        command("/advance", json!({"to": "pre_candidate"}), SECRETARIAT),
        command("/rejection", json!({"reason": "Not a fit"}), SECRETARIAT),
        command("/withdrawal", json!({}), APPLICANT),
        command("/signatures", json!({}), APPLICANT_OR_SECRETARIAT),
        command("/appeals", json!({"grounds": "Look again"}), APPLICANT),
        Route {
            method: Method::GET,
            path: at("/audit"),
            body: Body::None,
            allowed: COMMITTEE_OR_SECRETARIAT,
        },
    ]
    .into_iter()
    .chain(committee_routes(id))
    .collect()
}

/// The routes of votes, the roster and tokens, aimed at a vote, a person and a token that
/// need not exist: the role is checked before anything is looked up.
pub(super) fn committee_routes(application: Uuid) -> Vec<Route> {
    let vote = Uuid::new_v4();
    let person = Uuid::new_v4();
    let route = |method: Method, path: String, body: Option<Value>, allowed| Route {
        method,
        path,
        body: body.map_or(Body::None, Body::Json),
        allowed,
    };
    let motion =
        json!({"application_id": application, "motion": {"kind": "reject", "grounds": "No"}});
    vec![
        route(
            Method::POST,
            "/api/v1/votes".into(),
            Some(motion),
            SECRETARIAT,
        ),
        route(
            Method::GET,
            "/api/v1/votes".into(),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::GET,
            "/api/v1/dashboard".into(),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(Method::GET, "/api/v1/reviews/queue".into(), None, PANELIST),
        route(
            Method::GET,
            "/api/v1/audit/verify".into(),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::GET,
            "/api/v1/exports/votes.csv".into(),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::GET,
            "/api/v1/exports/pipeline.csv".into(),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::GET,
            format!("/api/v1/votes/{vote}"),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/votes/{vote}/ballots"),
            Some(json!({"choice": "yes"})),
            COMMITTEE,
        ),
        route(
            Method::POST,
            format!("/api/v1/votes/{vote}/recusals"),
            Some(json!({"reason": "Conflict"})),
            COMMITTEE,
        ),
        route(
            Method::POST,
            format!("/api/v1/votes/{vote}/close"),
            Some(json!({})),
            SECRETARIAT,
        ),
        route(
            Method::POST,
            "/api/v1/people".into(),
            Some(json!({"name": "Nadia New"})),
            SECRETARIAT,
        ),
        route(
            Method::GET,
            "/api/v1/people".into(),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::GET,
            format!("/api/v1/people/{person}"),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::GET,
            format!("/api/v1/people/{person}/votes"),
            None,
            COMMITTEE_OR_SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/people/{person}/committee-seat"),
            Some(json!({"since": "2026-01-01"})),
            SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/people/{person}/committee-seat/end"),
            Some(json!({"on": "2027-01-01"})),
            SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/people/{person}/panel-pool"),
            Some(json!({"expertise": ["finance"]})),
            SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/people/{person}/panel-pool/leave"),
            Some(json!({})),
            SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/people/{person}/secretariat"),
            Some(json!({})),
            SECRETARIAT,
        ),
        route(
            Method::DELETE,
            format!("/api/v1/people/{person}/secretariat"),
            None,
            SECRETARIAT,
        ),
        route(
            Method::GET,
            format!("/api/v1/people/{person}/tokens"),
            None,
            SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/tokens/{}/revoke", Uuid::new_v4()),
            None,
            SECRETARIAT,
        ),
        route(
            Method::POST,
            format!("/api/v1/people/{person}/erasure"),
            Some(json!({})),
            SECRETARIAT,
        ),
    ]
}
