//! The panel's reviews as each reader may read them (`GET /api/v1/applications/{id}/reviews`):
//! the staff every review and revision, the founders only what was released to them,
//! anyone else nothing.

use super::steps::{assign, declare_conflict, ok, review, scores, submit};
use charter_domain::Role;
use charter_tests::{spawn_app, Caller, TestApp};
use serde_json::{json, Value};

/// Revises review `number` to recommend `recommendation`; the command's response.
async fn revise(
    app: &TestApp,
    panelist: &Caller,
    id: &str,
    number: u32,
    recommendation: &str,
) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/{number}/revisions"),
            panelist,
            &json!({"scores": scores(), "recommendation": recommendation,
                    "comments": "Second thoughts."}),
        )
        .await,
        201,
        "revise",
    )
    .await
}

/// Releases revision `revision` of review `number`; the command's response.
async fn release(
    app: &TestApp,
    secretariat: &Caller,
    id: &str,
    number: u32,
    revision: u32,
) -> Value {
    ok(
        app.post(
            &format!("/api/v1/applications/{id}/reviews/{number}/release"),
            secretariat,
            &json!({"revision": revision}),
        )
        .await,
        200,
        "release",
    )
    .await
}

/// The reviews of `id` as `reader` reads them once the read models reach `after`'s
/// position.
async fn reviews(app: &TestApp, reader: &Caller, id: &str, after: &Value) -> Value {
    let position = after["position"].as_i64().expect("position");
    app.list(
        &format!("/api/v1/applications/{id}/reviews"),
        reader,
        position,
    )
    .await
}

/// Each revision of `review` as (revision, recommendation, released).
fn revisions(review: &Value) -> Vec<(i64, String, bool)> {
    review["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .map(|revision| {
            (
                revision["revision"].as_i64().expect("revision"),
                revision["recommendation"]
                    .as_str()
                    .expect("recommendation")
                    .to_owned(),
                !revision["released_at"].is_null(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_staff_read_every_review_and_revision_and_the_founders_only_what_was_released() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let member = app.caller(Role::Committee, "Carla Committee").await;
    let ada = app.caller(Role::Panelist, "Ada Panelist").await;
    let ben = app.caller(Role::Panelist, "Ben Panelist").await;
    let (founder, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    submit(&app, &founder, "preliminary_report", "the report").await;
    assign(&app, &secretariat, &id, &ada).await;
    assign(&app, &secretariat, &id, &ben).await;

    // Nothing filed yet: an empty list, not a refusal.
    let assigned = assign(
        &app,
        &secretariat,
        &id,
        &app.caller(Role::Panelist, "Cy").await,
    )
    .await;
    assert_eq!(reviews(&app, &secretariat, &id, &assigned).await, json!([]));
    assert_eq!(reviews(&app, &founder, &id, &assigned).await, json!([]));

    // Ada files review 1, which is released as filed, then revises it; Ben files review 2.
    review(&app, &ada, &id, "preliminary_report", 1, "advance").await;
    release(&app, &secretariat, &id, 1, 1).await;
    revise(&app, &ada, &id, 1, "revise").await;
    let last = review(&app, &ben, &id, "preliminary_report", 1, "reject").await;

    // The secretariat, a committee member and the panelists read the same: every review,
    // at its current revision, by whom, with every revision.
    let staff = reviews(&app, &secretariat, &id, &last).await;
    for reader in [&member, &ada, &ben] {
        assert_eq!(
            reviews(&app, reader, &id, &last).await,
            staff,
            "{}",
            reader.name
        );
    }
    let all = staff.as_array().expect("reviews");
    assert_eq!(all.len(), 2, "{staff}");
    let first = &all[0];
    assert_eq!(first["review"], 1);
    assert_eq!(first["panelist"]["panelist_id"], json!(ada.person.0));
    assert_eq!(first["panelist"]["name"], "Ada Panelist");
    assert_eq!(
        (&first["kind"], &first["version"]),
        (&json!("preliminary_report"), &json!(1))
    );
    assert_eq!(first["revision"], 2);
    assert_eq!(first["recommendation"], "revise");
    assert_eq!(first["released_revision"], 1);
    assert!(!first["filed_at"].is_null() && !first["revised_at"].is_null());
    assert_eq!(
        revisions(first),
        [
            (1, "advance".to_owned(), true),
            (2, "revise".to_owned(), false)
        ]
    );
    let second = &all[1];
    assert_eq!(second["review"], 2);
    assert_eq!(second["panelist"]["name"], "Ben Panelist");
    assert_eq!(
        (&second["revision"], &second["recommendation"]),
        (&json!(1), &json!("reject"))
    );
    assert!(second["released_revision"].is_null() && second["revised_at"].is_null());
    assert_eq!(revisions(second), [(1, "reject".to_owned(), false)]);

    // The founders: review 1 as released (the revision since is not), review 2 not at all,
    // and neither who wrote it nor when the panel worked on it.
    let founders = reviews(&app, &founder, &id, &last).await;
    let shown = founders.as_array().expect("reviews");
    assert_eq!(shown.len(), 1, "{founders}");
    assert_eq!(shown[0]["review"], 1);
    assert_eq!(
        (&shown[0]["revision"], &shown[0]["recommendation"]),
        (&json!(1), &json!("advance"))
    );
    assert_eq!(shown[0]["released_revision"], 1);
    assert_eq!(revisions(&shown[0]), [(1, "advance".to_owned(), true)]);
    for hidden in ["panelist", "filed_at", "revised_at"] {
        assert!(shown[0][hidden].is_null(), "{hidden}: {founders}");
    }
    assert!(shown[0]["revisions"][0]["at"].is_null(), "{founders}");
    let text = founders.to_string();
    for secret in [&ada.person.0.to_string(), "Ada", "Ben", "reject"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }

    // Once the revision is released in turn, the founders read it, and both releases.
    let released = release(&app, &secretariat, &id, 1, 2).await;
    let founders = reviews(&app, &founder, &id, &released).await;
    assert_eq!(
        (&founders[0]["revision"], &founders[0]["recommendation"]),
        (&json!(2), &json!("revise"))
    );
    assert_eq!(
        revisions(&founders[0]),
        [
            (1, "advance".to_owned(), true),
            (2, "revise".to_owned(), true)
        ]
    );
    assert_eq!(founders.as_array().map(Vec::len), Some(1));
    assert_eq!(
        reviews(&app, &secretariat, &id, &released).await[0]["released_revision"],
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn strangers_to_an_application_are_refused_its_reviews() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let outsider = app.caller(Role::Panelist, "Otto").await;
    let (founder, opened) = app.open_application("Evora").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    let (other_founder, _) = app.open_application("Beja").await;
    submit(&app, &founder, "preliminary_report", "the report").await;
    assign(&app, &secretariat, &id, &ada).await;
    let filed = review(&app, &ada, &id, "preliminary_report", 1, "advance").await;
    release(&app, &secretariat, &id, 1, 1).await;
    let path = format!("/api/v1/applications/{id}/reviews");
    let position = filed["position"].as_i64().expect("position");
    let after_filing = format!("{path}?min_position={position}");
    // Those who may read it do.
    assert_eq!(app.get(&after_filing, &ada).await.status(), 200);
    assert_eq!(app.get(&after_filing, &founder).await.status(), 200);

    // A panelist not on the panel, and the founders of another application.
    assert_eq!(app.get(&after_filing, &outsider).await.status(), 403);
    assert_eq!(app.get(&after_filing, &other_founder).await.status(), 403);
    // Nor without a token.
    let anonymous = app
        .request(reqwest::Method::GET, &path, None)
        .send()
        .await
        .expect("send");
    assert_eq!(anonymous.status(), 401);
    // An application that does not exist.
    let unknown = app
        .get(
            &format!("/api/v1/applications/{}/reviews", uuid::Uuid::new_v4()),
            &secretariat,
        )
        .await;
    assert_eq!(unknown.status(), 404);

    // A panelist who declares a conflict is refused from then on, their own review too.
    let declared = declare_conflict(&app, &ada, &id).await;
    let position = declared["position"].as_i64().expect("position");
    let refused = app
        .get(&format!("{path}?min_position={position}"), &ada)
        .await;
    assert_eq!(refused.status(), 403);
    app.stop().await;
}
