//! Documents: uploaded as raw bytes, stored once under their SHA-256, downloaded byte for
//! byte by those who may read the application.

use charter_domain::Role;
use charter_tests::{assert_problem, spawn_app, spawn_app_with, Caller, TestApp};
use reqwest::header::{
    CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, X_CONTENT_TYPE_OPTIONS,
};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const REPORT: &str = "preliminary_report";
const PDF: Option<&str> = Some("application/pdf");

/// One applicant's open application, through which its documents are sent and read.
struct Folder<'a> {
    app: &'a TestApp,
    applicant: Caller,
    id: Uuid,
}

impl<'a> Folder<'a> {
    async fn open(app: &'a TestApp, city: &str) -> Folder<'a> {
        let (applicant, _) = app.open_application(city).await;
        let id = TestApp::id_of(&applicant);
        Folder { app, applicant, id }
    }

    /// Uploads `bytes` as a new version of `kind`, with `media_type` as Content-Type.
    async fn upload(
        &self,
        kind: &str,
        name: &str,
        media_type: Option<&str>,
        bytes: &[u8],
    ) -> Response {
        let path = format!("/api/v1/applications/{}/documents", self.id);
        let mut request = self
            .app
            .request(Method::POST, &path, Some(&self.applicant))
            .query(&[("kind", kind), ("file_name", name)]);
        if let Some(media_type) = media_type {
            request = request.header(CONTENT_TYPE, media_type);
        }
        request.body(bytes.to_vec()).send().await.expect("send")
    }

    /// Uploads a PDF that must be accepted; the position of its event.
    async fn submit(&self, kind: &str, name: &str, bytes: &[u8]) -> i64 {
        let response = self.upload(kind, name, PDF, bytes).await;
        assert_eq!(response.status(), 201, "upload {name}");
        let accepted: Value = response.json().await.expect("JSON");
        accepted["position"].as_i64().expect("a position")
    }

    /// GETs `version` of `kind` as `caller`, once the read models have reached `position`.
    async fn download(&self, caller: &Caller, kind: &str, version: i32, position: i64) -> Response {
        let path = format!(
            "/api/v1/applications/{}/documents/{kind}/{version}?min_position={position}",
            self.id
        );
        self.app.get(&path, caller).await
    }

    /// The bytes of `version` of `kind`, downloaded by the applicant.
    async fn bytes(&self, kind: &str, version: i32, position: i64) -> Vec<u8> {
        let response = self
            .download(&self.applicant, kind, version, position)
            .await;
        assert_eq!(response.status(), 200, "{kind} version {version}");
        response.bytes().await.expect("the file").to_vec()
    }
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn blob_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM document_blobs")
        .fetch_one(&app.pool)
        .await
        .expect("count blobs")
}

/// Every byte value, so that nothing on the way may treat the file as text.
fn binary_file() -> Vec<u8> {
    (0..=255u8).cycle().take(3000).collect()
}

#[tokio::test]
async fn a_document_downloads_byte_for_byte_with_its_media_type_name_and_etag() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    let bytes = binary_file();

    let response = folder
        .upload(REPORT, "relatório ção.pdf", PDF, &bytes)
        .await;

    assert_eq!(response.status(), 201);
    let accepted: Value = response.json().await.expect("JSON");
    let event = &accepted["events"][0];
    assert_eq!(event["type"], "DocumentSubmitted");
    assert_eq!(event["data"]["version"], 1);
    assert_eq!(event["data"]["sha256"], sha256(&bytes));
    assert_eq!(event["data"]["size"], bytes.len());
    let position = accepted["position"].as_i64().expect("a position");
    let response = folder
        .download(&folder.applicant, REPORT, 1, position)
        .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers[CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[CONTENT_DISPOSITION],
        "attachment; filename=\"relat_rio __o.pdf\"; \
         filename*=UTF-8''relat%C3%B3rio%20%C3%A7%C3%A3o.pdf"
    );
    let etag = format!("\"{}\"", sha256(&bytes));
    assert_eq!(headers[ETAG].to_str().expect("ASCII"), etag);
    assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(response.bytes().await.expect("the file").as_ref(), bytes);
}

#[tokio::test]
async fn two_different_files_become_versions_one_and_two() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;

    let first = folder
        .upload(REPORT, "draft.pdf", PDF, b"first draft")
        .await;
    let second = folder
        .upload(REPORT, "final.pdf", PDF, b"final draft")
        .await;

    let location = second.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(
        location,
        format!("/api/v1/applications/{}/documents/{REPORT}/2", folder.id)
    );
    let first: Value = first.json().await.expect("JSON");
    let second: Value = second.json().await.expect("JSON");
    assert_eq!(first["events"][0]["data"]["version"], 1);
    assert_eq!(second["events"][0]["data"]["version"], 2);
    let position = second["position"].as_i64().expect("a position");
    assert_eq!(folder.bytes(REPORT, 1, position).await, b"first draft");
    assert_eq!(folder.bytes(REPORT, 2, position).await, b"final draft");
}

#[tokio::test]
async fn re_uploading_the_latest_versions_bytes_is_a_duplicate() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    folder.submit(REPORT, "draft.pdf", b"first draft").await;
    let before = app.event_count().await;

    let response = folder
        .upload(REPORT, "again.pdf", PDF, b"first draft")
        .await;

    let problem = assert_problem(response, 409, "duplicate-document").await;
    assert_eq!(problem["status"], 409);
    assert_eq!(app.event_count().await, before);
    // Only the latest version counts: going back to earlier bytes is a new version.
    folder.submit(REPORT, "final.pdf", b"final draft").await;
    let position = folder.submit(REPORT, "draft.pdf", b"first draft").await;
    assert_eq!(folder.bytes(REPORT, 3, position).await, b"first draft");
    assert_eq!(blob_count(&app).await, 2);
}

#[tokio::test]
async fn an_empty_upload_is_unprocessable() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    let before = app.event_count().await;

    let response = folder.upload(REPORT, "empty.pdf", PDF, b"").await;

    let problem = assert_problem(response, 422, "invalid-body").await;
    assert_eq!(problem["field"], "body");
    assert_eq!(app.event_count().await, before);
    assert_eq!(blob_count(&app).await, 0);
}

#[tokio::test]
async fn an_upload_without_a_media_type_or_with_a_bad_name_or_kind_is_refused() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    let before = app.event_count().await;

    let response = folder.upload(REPORT, "plan.pdf", None, b"bytes").await;
    assert_problem(response, 415, "unsupported-media-type").await;
    for (name, media_type, field) in [
        ("../plan.pdf", PDF, "file_name"),
        ("   ", PDF, "file_name"),
        ("plan.pdf", Some("pdf"), "media_type"),
    ] {
        let response = folder.upload(REPORT, name, media_type, b"bytes").await;
        let problem = assert_problem(response, 422, "invalid-input").await;
        assert_eq!(problem["field"], field, "{name} {media_type:?}");
    }
    let response = folder
        .upload("curriculum_vitae", "cv.pdf", PDF, b"bytes")
        .await;
    assert_problem(response, 400, "bad-request").await;

    assert_eq!(app.event_count().await, before);
    assert_eq!(blob_count(&app).await, 0);
}

#[tokio::test]
async fn an_upload_to_an_application_not_yet_opened_is_not_found_and_stores_nothing() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let folder = Folder {
        app: &app,
        id: TestApp::id_of(&applicant),
        applicant,
    };

    let response = folder.upload(REPORT, "plan.pdf", PDF, b"the plan").await;

    assert_problem(response, 404, "application-not-found").await;
    assert_eq!(app.application_event_count().await, 0);
    assert_eq!(blob_count(&app).await, 0);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_too_large_and_writes_nothing() {
    let app = spawn_app_with(|settings| settings.max_upload_bytes = 1024).await;
    let folder = Folder::open(&app, "Lisbon").await;
    let before = app.event_count().await;

    let response = folder.upload(REPORT, "big.pdf", PDF, &[7; 1025]).await;

    let problem = assert_problem(response, 413, "payload-too-large").await;
    let detail = problem["detail"].as_str().expect("a detail");
    assert!(detail.contains("1024"), "{detail}");
    assert_eq!(app.event_count().await, before);
    assert_eq!(blob_count(&app).await, 0);
    // The limit itself is allowed.
    folder.submit(REPORT, "fits.pdf", &[7; 1024]).await;
}

#[tokio::test]
async fn identical_bytes_from_two_applications_are_stored_once() {
    let app = spawn_app().await;
    let lisbon = Folder::open(&app, "Lisbon").await;
    let porto = Folder::open(&app, "Porto").await;
    let bytes = binary_file();

    lisbon.submit("space_design", "floor.pdf", &bytes).await;
    let position = porto.submit("future_plan", "plan.pdf", &bytes).await;

    assert_eq!(blob_count(&app).await, 1);
    let stored: i64 = sqlx::query_scalar("SELECT size FROM document_blobs WHERE sha256 = $1")
        .bind(sha256(&bytes))
        .fetch_one(&app.pool)
        .await
        .expect("the blob");
    assert_eq!(stored, 3000);
    assert_eq!(lisbon.bytes("space_design", 1, position).await, bytes);
    assert_eq!(porto.bytes("future_plan", 1, position).await, bytes);
}

#[tokio::test]
async fn the_document_list_shows_every_version_of_every_kind() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    folder.submit(REPORT, "draft.pdf", b"first draft").await;
    folder.submit(REPORT, "final.pdf", b"final draft").await;
    let position = folder
        .submit("feasibility_study", "study.pdf", b"the study")
        .await;

    let path = format!("/api/v1/applications/{}/documents", folder.id);
    let listed = app.list(&path, &folder.applicant, position).await;

    let seen: Vec<(String, i64, String, String, i64)> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|doc| {
            assert_eq!(doc["media_type"], "application/pdf");
            assert_eq!(doc["submitted_by"], json!(folder.applicant.person.0));
            (
                doc["kind"].as_str().expect("kind").to_owned(),
                doc["version"].as_i64().expect("version"),
                doc["file_name"].as_str().expect("file name").to_owned(),
                doc["sha256"].as_str().expect("sha256").to_owned(),
                doc["size"].as_i64().expect("size"),
            )
        })
        .collect();
    let doc = |kind: &str, version, name: &str, bytes: &[u8]| {
        let size = i64::try_from(bytes.len()).expect("small");
        (
            kind.to_owned(),
            version,
            name.to_owned(),
            sha256(bytes),
            size,
        )
    };
    // By kind, then oldest version first (as application_summary::documents orders them).
    assert_eq!(
        seen,
        [
            doc("feasibility_study", 1, "study.pdf", b"the study"),
            doc(REPORT, 1, "draft.pdf", b"first draft"),
            doc(REPORT, 2, "final.pdf", b"final draft"),
        ]
    );
}

#[tokio::test]
async fn an_assigned_panelist_may_download_and_an_unassigned_one_may_not() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let assigned = app.caller(Role::Panelist, "Paula Panel").await;
    let unassigned = app.caller(Role::Panelist, "Pedro Panel").await;
    folder.submit(REPORT, "plan.pdf", b"the plan").await;
    let path = format!("/api/v1/applications/{}/panelists", folder.id);
    let seat = json!({"panelist_id": assigned.person.0});
    let assignment = app.post(&path, &secretariat, &seat).await;
    assert_eq!(assignment.status(), 201, "assign");
    let assignment: Value = assignment.json().await.expect("JSON");
    let position = assignment["position"].as_i64().expect("a position");

    let response = folder.download(&assigned, REPORT, 1, position).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.bytes().await.expect("the file").as_ref(),
        b"the plan"
    );
    let response = folder.download(&unassigned, REPORT, 1, position).await;
    assert_problem(response, 403, "forbidden").await;
}

#[tokio::test]
async fn a_version_or_kind_never_submitted_is_not_found() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    let position = folder.submit(REPORT, "plan.pdf", b"the plan").await;

    for (kind, version) in [(REPORT, 2), (REPORT, 0), ("future_plan", 1)] {
        let response = folder
            .download(&folder.applicant, kind, version, position)
            .await;
        assert_problem(response, 404, "not-found").await;
    }
    for tail in ["curriculum_vitae/1", "preliminary_report/latest"] {
        let path = format!("/api/v1/applications/{}/documents/{tail}", folder.id);
        let response = app.get(&path, &folder.applicant).await;
        assert_problem(response, 400, "bad-request").await;
    }
}

#[tokio::test]
async fn an_html_or_svg_document_downloads_as_a_sandboxed_attachment_never_as_a_page() {
    let app = spawn_app().await;
    let folder = Folder::open(&app, "Lisbon").await;
    let active = [("text/html", "plan.html"), ("image/svg+xml", "logo.svg")];
    for (version, (media_type, name)) in (1..).zip(active) {
        let script = format!("<script>alert('{name}')</script>");
        let response = folder.upload(REPORT, name, Some(media_type), script.as_bytes());
        let response = response.await;
        let accepted: Value = response.json().await.expect("JSON");
        let position = accepted["position"].as_i64().expect("a position");
        let response = folder.download(&folder.applicant, REPORT, version, position);
        let response = response.await;
        let headers = response.headers();
        assert_eq!(headers[CONTENT_TYPE], media_type, "{name}");
        let policy = headers[CONTENT_SECURITY_POLICY].to_str().expect("ASCII");
        assert!(policy.starts_with("sandbox;"), "{name}: {policy}");
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff", "{name}");
        let disposition = headers[CONTENT_DISPOSITION].to_str().expect("ASCII");
        assert!(disposition.starts_with("attachment;"), "{disposition}");
    }
}
