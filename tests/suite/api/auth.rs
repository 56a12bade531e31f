//! Who may call what: 401 without a token Charter honours, 403 when the role, the
//! applicant's scope or the panel seat does not allow it, and nothing written either way.

use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use uuid::Uuid;

const EVERYONE: &[Role] = &Role::ALL;
const SECRETARIAT: &[Role] = &[Role::Secretariat];
const PANELIST: &[Role] = &[Role::Panelist];
const APPLICANT: &[Role] = &[Role::Applicant];
const APPLICANT_OR_SECRETARIAT: &[Role] = &[Role::Applicant, Role::Secretariat];
const COMMITTEE: &[Role] = &[Role::Committee];
const COMMITTEE_OR_SECRETARIAT: &[Role] = &[Role::Committee, Role::Secretariat];
const ALL_BUT_PANELISTS: &[Role] = &[Role::Applicant, Role::Committee, Role::Secretariat];

/// What a route is sent.
enum Body {
    None,
    Json(Value),
    /// A document upload: the media type and the bytes.
    File(&'static str, &'static [u8]),
}

/// One row of the matrix: a route, a body it would accept, and the roles its handler
/// lets through `Principal::require` (every role for reads, which check scope instead).
struct Route {
    method: Method,
    path: String,
    body: Body,
    allowed: &'static [Role],
}

impl Route {
    /// A GET of one application or what it holds.
    fn is_read_of_one_application(&self) -> bool {
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
fn routes(id: Uuid) -> Vec<Route> {
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
fn committee_routes(application: Uuid) -> Vec<Route> {
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

/// How a request presents itself.
enum Credentials<'a> {
    None,
    Token(&'a Caller),
    Header(HeaderValue),
}

async fn call(app: &TestApp, route: &Route, credentials: Credentials<'_>) -> Response {
    let caller = match &credentials {
        Credentials::Token(caller) => Some(*caller),
        _ => None,
    };
    let mut request = app.request(route.method.clone(), &route.path, caller);
    if let Credentials::Header(value) = credentials {
        request = request.header(AUTHORIZATION, value);
    }
    request = match &route.body {
        Body::None => request,
        Body::Json(body) => request.json(body),
        Body::File(media_type, bytes) => request.header(CONTENT_TYPE, *media_type).body(*bytes),
    };
    request.send().await.expect("send")
}

/// Asserts a problem body of `status` and problem `kind`; returns the body.
async fn assert_problem(response: Response, status: u16, kind: &str, what: &str) -> Value {
    assert_eq!(response.status(), status, "{what}");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/problem+json",
        "{what}"
    );
    let body: Value = response.json().await.expect("a problem body");
    assert_eq!(
        body["type"],
        format!("urn:charter:problem:{kind}"),
        "{what}"
    );
    assert_eq!(body["status"], status, "{what}");
    body
}

async fn assert_unauthorized(response: Response, what: &str) {
    let challenge = response
        .headers()
        .get(WWW_AUTHENTICATE)
        .map(|value| value.to_str().expect("ASCII").to_owned());
    assert_problem(response, 401, "unauthorized", what).await;
    assert!(
        challenge.is_some_and(|c| c.starts_with("Bearer")),
        "{what}: a Bearer challenge in www-authenticate"
    );
}

#[tokio::test]
async fn every_route_refuses_a_request_without_a_token() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let before = app.event_count().await;

    for route in routes(TestApp::id_of(&applicant)) {
        let response = call(&app, &route, Credentials::None).await;
        assert_unauthorized(response, &route.to_string()).await;
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn every_route_refuses_a_garbage_token_and_a_malformed_authorization_header() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let before = app.event_count().await;
    let headers = [
        HeaderValue::from_static("Bearer not-a-token"),
        HeaderValue::from_str(&format!("Bearer chr_{}", "0".repeat(64))).expect("header"),
        // A real token, but not presented as a bearer token.
        HeaderValue::from_str(&applicant.token).expect("header"),
        HeaderValue::from_str(&format!("Basic {}", applicant.token)).expect("header"),
        HeaderValue::from_static("Bearer"),
        HeaderValue::from_static("Bearer   "),
        HeaderValue::from_bytes(b"Bearer \xff\xfe").expect("obs-text is a valid header"),
    ];

    for route in routes(TestApp::id_of(&applicant)) {
        for header in &headers {
            let response = call(&app, &route, Credentials::Header(header.clone())).await;
            assert_unauthorized(response, &format!("{route} with {header:?}")).await;
        }
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn a_revoked_token_and_an_expired_token_are_refused_on_every_route() {
    let app = spawn_app().await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let id = TestApp::id_of(&applicant);
    let position = opened["position"].as_i64().expect("a position");
    for caller in [&applicant, &secretariat] {
        // Works until it does not.
        app.read(&format!("/api/v1/applications/{id}"), caller, position)
            .await;
    }
    // Revoked by another member of the secretariat, as the product does it.
    let admin = app.caller(Role::Secretariat, "Alex Admin").await;
    let listed = app
        .get(
            &format!("/api/v1/people/{}/tokens", secretariat.person),
            &admin,
        )
        .await;
    assert_eq!(listed.status(), 200, "list tokens");
    let tokens: Value = listed.json().await.expect("JSON");
    let token = tokens[0]["token_id"].as_str().expect("a token id");
    let revoked = app
        .request(
            Method::POST,
            &format!("/api/v1/tokens/{token}/revoke"),
            Some(&admin),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(revoked.status(), 200, "revoke");
    // The applicant's token, used again, is kept by the server's cache. (The notifications
    // of the changes above, the revocation's among them, may still arrive and empty the
    // cache after the first use: it is used until one is kept.)
    let applicants = charter_api::auth::hash_token(&applicant.token);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        app.token_cache_serving(None).await;
        app.read(&format!("/api/v1/applications/{id}"), &applicant, position)
            .await;
        if app.state.tokens.holds(&applicants) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never kept after its check"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // ...and expired outside the server, which hears of it by notification.
    let heard = app.state.tokens.generation();
    sqlx::query(
        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE person_id = $1",
    )
    .bind(applicant.person.0)
    .execute(&app.pool)
    .await
    .expect("expire");
    app.token_change_heard(heard).await;
    let before = app.event_count().await;

    for route in routes(id) {
        for (caller, how) in [(&secretariat, "revoked"), (&applicant, "expired")] {
            let response = call(&app, &route, Credentials::Token(caller)).await;
            assert_unauthorized(response, &format!("{route} with a {how} token")).await;
        }
    }
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn every_route_forbids_the_roles_it_does_not_allow() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let callers = [
        applicant.clone(),
        app.caller(Role::Panelist, "Paula Panel").await,
        app.caller(Role::Committee, "Carlos Committee").await,
        app.caller(Role::Secretariat, "Sofia Staff").await,
    ];
    let before = app.event_count().await;
    let mut refused = 0;

    for route in routes(TestApp::id_of(&applicant)) {
        for caller in callers.iter().filter(|c| !route.allowed.contains(&c.role)) {
            let response = call(&app, &route, Credentials::Token(caller)).await;
            let what = format!("{route} as {}", caller.role);
            let body = assert_problem(response, 403, "forbidden", &what).await;
            let detail = body["detail"].as_str().expect("a detail");
            assert!(detail.contains(caller.role.as_str()), "{what}: {detail}");
            refused += 1;
        }
    }
    // Guards the matrix itself: 28 commands, 10 committee reads, the panelist's queue, the
    // applicant status, the two token routes and erasure, each refusing one to three roles.
    assert_eq!(refused, 109);
    assert_eq!(app.event_count().await, before);
}

#[tokio::test]
async fn an_applicant_may_not_act_on_or_read_another_applicants_application() {
    let app = spawn_app().await;
    let (owner, _) = app.open_application("Lisbon").await;
    let (stranger, opened) = app.open_application("Porto").await;
    let before = app.event_count().await;

    for route in routes(TestApp::id_of(&owner)).into_iter().filter(|route| {
        route.allowed.contains(&Role::Applicant) && route.path.contains("/applications/")
    }) {
        let response = call(&app, &route, Credentials::Token(&stranger)).await;
        let body = assert_problem(response, 403, "forbidden", &route.to_string()).await;
        assert_eq!(
            body["detail"], "an applicant may act only on their own application",
            "{route}"
        );
    }
    assert_eq!(app.event_count().await, before);

    let position = opened["position"].as_i64().expect("a position");
    let listed = app.read("/api/v1/applications", &stranger, position).await;
    let ids: Vec<&Value> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| &item["application_id"])
        .collect();
    assert_eq!(ids, [&json!(TestApp::id_of(&stranger))], "only their own");
}

/// The reads of one application, as an unseated panelist gets them: 403 on each, and
/// nothing in the list once the read models have reached `position`.
async fn assert_shut_out(app: &TestApp, id: Uuid, panelist: &Caller, position: i64) {
    for route in routes(id).iter().filter(|r| r.is_read_of_one_application()) {
        // Access follows the read models, so ask once they know the panel as of `position`.
        let path = format!("{}?min_position={position}", route.path);
        let response = app.get(&path, panelist).await;
        let body = assert_problem(response, 403, "forbidden", &route.to_string()).await;
        let detail = body["detail"].as_str().expect("a detail");
        let expected = "a panelist sees only the applications whose panel they sit on";
        assert!(detail.starts_with(expected), "{route}: {detail}");
    }
    let listed = app.read("/api/v1/applications", panelist, position).await;
    assert_eq!(listed, json!([]), "the panelist lists nothing");
}

/// The position of the event an accepted command wrote.
async fn position_of(response: Response) -> i64 {
    assert!(response.status().is_success(), "{}", response.status());
    let accepted: Value = response.json().await.expect("JSON");
    accepted["position"].as_i64().expect("a position")
}

/// An application with a document, a panelist and the secretariat; the upload's position.
async fn application_with_a_document(app: &TestApp) -> (Uuid, Caller, Caller, i64) {
    let (applicant, _) = app.open_application("Lisbon").await;
    let id = TestApp::id_of(&applicant);
    let upload = routes(id)
        .into_iter()
        .find(|route| matches!(route.body, Body::File(..)))
        .expect("the upload route");
    let uploaded = call(app, &upload, Credentials::Token(&applicant)).await;
    let position = position_of(uploaded).await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    (id, panelist, secretariat, position)
}

#[tokio::test]
async fn a_panelist_reads_an_application_only_once_assigned_to_it() {
    let app = spawn_app().await;
    let (id, panelist, secretariat, uploaded) = application_with_a_document(&app).await;
    let before = app.event_count().await;

    assert_shut_out(&app, id, &panelist, uploaded).await;
    assert_eq!(app.event_count().await, before);

    let path = format!("/api/v1/applications/{id}/panelists");
    let seat = json!({"panelist_id": panelist.person.0});
    let position = position_of(app.post(&path, &secretariat, &seat).await).await;
    for route in routes(id).iter().filter(|r| r.is_read_of_one_application()) {
        let path = format!("{}?min_position={position}", route.path);
        let response = app.get(&path, &panelist).await;
        assert_eq!(response.status(), 200, "{route} once assigned");
    }
    let listed = app.read("/api/v1/applications", &panelist, position).await;
    assert_eq!(listed[0]["application_id"], json!(id));
}

#[tokio::test]
async fn a_panelist_who_declares_a_conflict_may_no_longer_read_the_application() {
    let app = spawn_app().await;
    let (id, panelist, secretariat, _) = application_with_a_document(&app).await;
    let path = format!("/api/v1/applications/{id}/panelists");
    let seat = json!({"panelist_id": panelist.person.0});
    position_of(app.post(&path, &secretariat, &seat).await).await;

    let path = format!("/api/v1/applications/{id}/conflicts");
    let reason = json!({"reason": "I mentored the founders"});
    let position = position_of(app.post(&path, &panelist, &reason).await).await;

    assert_shut_out(&app, id, &panelist, position).await;
}
