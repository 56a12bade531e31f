//! A body Charter cannot read: malformed, of the wrong shape, not JSON, too large.

use super::{open_raw, opening, APPLICATIONS};
use charter_tests::{assert_problem, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn malformed_json_or_json_with_trailing_garbage_is_a_bad_request() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let trailing = [" garbage", "{}", "]"].map(|trailer| format!("{}{trailer}", opening()));
    let malformed = [r#"{"city": "Lisbon","#, "", "not json", r#"{"city": 'Lx'}"#];

    for body in malformed
        .iter()
        .map(|body| body.to_string())
        .chain(trailing)
    {
        let response = open_raw(&app, &applicant, Some("application/json"), body.clone()).await;
        let problem = assert_problem(response, 400, "bad-request").await;
        let detail = problem["detail"].as_str().expect("a detail");
        assert!(
            detail.starts_with("the body is not valid JSON"),
            "{body:?}: {detail}"
        );
    }
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn an_unknown_field_or_a_value_of_the_wrong_type_is_unprocessable_and_named() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let mut unknown = opening();
    unknown["nickname"] = json!("Lx");
    let mut unknown_nested = opening();
    unknown_nested["founders"][0]["phone"] = json!("+351 000");
    let mut wrong_type = opening();
    wrong_type["founders"][0]["email"] = json!(42);
    let cases = [
        (unknown, "nickname"),
        (unknown_nested, "founders[0].phone"),
        (wrong_type, "founders[0].email"),
    ];

    for (body, field) in cases {
        let response = app.post(APPLICATIONS, &applicant, &body).await;
        let problem = assert_problem(response, 422, "invalid-body").await;
        assert_eq!(problem["field"], field, "{problem}");
    }
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn a_missing_required_field_is_unprocessable() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let mut body = opening();
    body.as_object_mut().expect("an object").remove("hub_name");

    let response = app.post(APPLICATIONS, &applicant, &body).await;

    let problem = assert_problem(response, 422, "invalid-body").await;
    let detail = problem["detail"].as_str().expect("a detail");
    assert!(detail.contains("hub_name"), "{detail}");
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_declared_as_json_is_an_unsupported_media_type() {
    let app = spawn_app().await;
    let applicant = app.applicant("Ana Sousa").await;
    let body = opening().to_string();

    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let response = open_raw(&app, &applicant, content_type, body.clone()).await;
        assert_problem(response, 415, "unsupported-media-type").await;
    }
    assert_eq!(app.application_event_count().await, 0);
    // The essence decides, whatever its case and parameters.
    let json = Some("Application/JSON; charset=utf-8");
    let response = open_raw(&app, &applicant, json, body).await;
    assert_eq!(response.status(), 201);
}

/// An opening body of exactly `size` bytes, padded in the hub name.
fn opening_of_size(size: usize) -> String {
    let mut body = opening();
    body["hub_name"] = json!("");
    let padding = size - body.to_string().len();
    body["hub_name"] = json!("H".repeat(padding));
    let text = body.to_string();
    assert_eq!(text.len(), size);
    text
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_too_large() {
    let app = spawn_app_with(|settings| settings.max_json_bytes = 1024).await;
    let applicant = app.applicant("Ana Sousa").await;
    let json = Some("application/json");

    let response = open_raw(&app, &applicant, json, opening_of_size(4096)).await;
    let problem = assert_problem(response, 413, "payload-too-large").await;
    let detail = problem["detail"].as_str().expect("a detail");
    assert!(detail.contains("1024"), "{detail}");
    let response = open_raw(&app, &applicant, json, opening_of_size(1025)).await;
    assert_problem(response, 413, "payload-too-large").await;

    // The limit itself is read whole, to find the hub name over its own limit of 150.
    let response = open_raw(&app, &applicant, json, opening_of_size(1024)).await;
    let problem = assert_problem(response, 422, "invalid-input").await;
    assert_eq!(problem["field"], "hub_name");
    assert_eq!(app.application_event_count().await, 0);
}

#[tokio::test]
async fn a_document_sent_as_a_form_is_refused_with_how_to_send_it_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (applicant, _) = app.open_application("Lisbon").await;
    let path = format!(
        "/api/v1/applications/{}/documents",
        charter_tests::TestApp::id_of(&applicant)
    );
    let before = app.event_count().await;
    let envelope =
        "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.pdf\"\r\n\
        Content-Type: application/pdf\r\n\r\n%PDF-1.4 plan\r\n--x--\r\n";
    let forms = [
        "multipart/form-data; boundary=x",
        "Multipart/Mixed; boundary=x",
        "application/x-www-form-urlencoded",
    ];

    for media_type in forms {
        let response = app
            .request(reqwest::Method::POST, &path, Some(&applicant))
            .query(&[("kind", "preliminary_report"), ("file_name", "plan.pdf")])
            .header(reqwest::header::CONTENT_TYPE, media_type)
            .body(envelope)
            .send()
            .await
            .expect("send");
        let problem = assert_problem(response, 415, "unsupported-media-type").await;
        let detail = problem["detail"].as_str().expect("a detail");
        assert!(
            detail.contains("the file's bytes alone") && detail.contains("Content-Type"),
            "{media_type}: {detail}"
        );
    }
    assert_eq!(app.event_count().await, before);
    let blobs: i64 = sqlx::query_scalar("SELECT count(*) FROM document_blobs")
        .fetch_one(&app.pool)
        .await
        .expect("count blobs");
    assert_eq!(blobs, 0);
}
