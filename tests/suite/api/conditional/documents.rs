//! A stored version of a document never changes: its `ETag` is its SHA-256, and a client
//! that holds it is answered 304 without the bytes.

use super::{position, read};
use crate::api::steps::submit;
use charter_tests::{spawn_app, TestApp};
use sha2::{Digest, Sha256};

#[tokio::test]
async fn a_document_version_is_answered_304_to_the_client_that_holds_its_bytes() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let id = TestApp::id_of(&applicant);
    let submitted = submit(&app, &applicant, "preliminary_report", "the report").await;
    let path = format!("/api/v1/applications/{id}/documents/preliminary_report/1");

    let first = read(&app, &applicant, &path, position(&submitted), None).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body, "the report");
    let sha256 = hex::encode(Sha256::digest(b"the report"));
    assert_eq!(first.etag, format!("\"{sha256}\""));
    assert_eq!(first.cache_control, "private, no-cache");

    let again = read(&app, &applicant, &path, 0, Some(&first.etag)).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.etag, first.etag);
    // Another version's tag does not name this one.
    let other = read(&app, &applicant, &path, 0, Some("\"0000\"")).await;
    assert_eq!(other.status, 200);
    assert_eq!(other.body, "the report");
    app.stop().await;
}
