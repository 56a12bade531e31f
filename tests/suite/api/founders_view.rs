//! What founders are shown of their application moves only with what they may see: no
//! review count, no version counting the panel's hidden work, and an `ETag` of their own
//! view, so that a review not released to them changes nothing they can read (issue 26,
//! finding 7).

use crate::api::steps::{assign, grant_eligibility, review, submit};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use reqwest::header::{ETAG, IF_NONE_MATCH};
use reqwest::Method;
use serde_json::Value;

/// `caller`'s read of the summary once the read models reach `position`: the status,
/// the `ETag` and the body's bytes.
async fn summary(
    app: &TestApp,
    caller: &Caller,
    id: &str,
    position: i64,
    if_none_match: Option<&str>,
) -> (u16, String, String) {
    let path = format!("/api/v1/applications/{id}?min_position={position}");
    let mut request = app.request(Method::GET, &path, Some(caller));
    if let Some(tag) = if_none_match {
        request = request.header(IF_NONE_MATCH, tag);
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get(ETAG)
        .map(|tag| tag.to_str().expect("ASCII").to_owned())
        .unwrap_or_default();
    (status, etag, response.text().await.expect("a body"))
}

fn position(answer: &Value) -> i64 {
    answer["position"].as_i64().expect("a position")
}

#[tokio::test]
async fn an_unreleased_review_leaves_the_founders_summary_and_its_etag_unchanged() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let panelist = app.caller(Role::Panelist, "Paula Panel").await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    grant_eligibility(&app, &secretariat, &id).await;
    assign(&app, &secretariat, &id, &panelist).await;
    let submitted = submit(&app, &applicant, "preliminary_report", "report").await;

    let (status, tag, before) = summary(&app, &applicant, &id, position(&submitted), None).await;
    assert_eq!(status, 200);
    let shown: Value = serde_json::from_str(&before).expect("JSON");
    for hidden in ["review_count", "version", "updated_at"] {
        assert!(shown.get(hidden).is_none(), "{hidden}: {shown}");
    }
    assert_eq!(shown["panel"], serde_json::json!([]));
    assert!(tag.starts_with("\"view-"), "{tag}");
    let (_, staff_tag, _) = summary(&app, &secretariat, &id, position(&submitted), None).await;

    // The panel files a review recommending against: nothing the founders read moves.
    let filed = review(&app, &panelist, &id, "preliminary_report", 1, "reject").await;
    let (_, staff_after, staff_body) =
        summary(&app, &secretariat, &id, position(&filed), None).await;
    let staff: Value = serde_json::from_str(&staff_body).expect("JSON");
    assert_eq!(staff["review_count"], 1, "the staff see it: {staff}");
    assert_ne!(staff_after, staff_tag, "the staff's version moved");
    let (status, after_tag, after) = summary(&app, &applicant, &id, position(&filed), None).await;
    assert_eq!(status, 200);
    assert_eq!(after, before, "the founders' summary is as it was");
    assert_eq!(after_tag, tag, "and so is its ETag");
    let (status, not_modified_tag, body) =
        summary(&app, &applicant, &id, position(&filed), Some(&tag)).await;
    assert_eq!(status, 304);
    assert_eq!(not_modified_tag, tag);
    assert!(body.is_empty(), "{body}");
    let weak = format!("W/{tag}");
    let (status, ..) = summary(&app, &applicant, &id, position(&filed), Some(&weak)).await;
    assert_eq!(status, 304, "compared weakly");

    // Their own list does not count the reviews either.
    let listed = app
        .list("/api/v1/applications", &applicant, position(&filed))
        .await;
    assert!(listed[0].get("review_count").is_none(), "{listed}");
    assert!(listed[0].get("version").is_none(), "{listed}");

    // What they may see moves it: a new version of their document.
    let resubmitted = submit(&app, &applicant, "preliminary_report", "report, again").await;
    let (status, moved, _) =
        summary(&app, &applicant, &id, position(&resubmitted), Some(&tag)).await;
    assert_eq!(status, 200, "a changed view is sent whole");
    assert_ne!(moved, tag);
    app.stop().await;
}

#[tokio::test]
async fn the_staffs_etag_is_the_version_and_answers_if_none_match_too() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let (_, opened) = app.open_application("Porto").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let (status, tag, body) = summary(&app, &secretariat, &id, position(&opened), None).await;
    assert_eq!((status, tag.as_str()), (200, "\"1\""));
    let shown: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(shown["review_count"], 0);
    let (status, ..) = summary(&app, &secretariat, &id, position(&opened), Some("\"1\"")).await;
    assert_eq!(status, 304);
    let (status, ..) = summary(&app, &secretariat, &id, position(&opened), Some("\"0\", *")).await;
    assert_eq!(status, 304, "any tag of a list, or *");
    let (status, ..) = summary(&app, &secretariat, &id, position(&opened), Some("\"0\"")).await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn the_openapi_document_says_founders_are_not_given_the_review_count() {
    let app = spawn_app().await;
    let document = app.openapi_document().await;
    let item = &document["components"]["schemas"]["ApplicationListItem"];
    let required: Vec<&str> = item["required"]
        .as_array()
        .expect("required fields")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for optional in ["review_count", "version", "updated_at"] {
        assert!(
            item["properties"].get(optional).is_some(),
            "{optional}: {item}"
        );
        assert!(
            !required.contains(&optional),
            "{optional} is not required: {item}"
        );
    }
    let described = item["properties"]["review_count"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(described.contains("Absent for founders"), "{item}");
    app.stop().await;
}
