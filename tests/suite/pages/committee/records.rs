//! The committee's records on the pages: the dashboard's charts and tables, the CSV
//! exports, the register and the audit log, and who may not see them.

use super::open_motion;
use crate::api::steps::cast;
use crate::pages::support::{pages_app, Visit};
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;
use serde_json::json;

/// The labels and values a chart draws, in order.
fn drawn(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|part| {
            let start = part.find('>').expect("a text") + 1;
            let end = part.find("</text>").expect("a closed text");
            part[start..end].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_and_gives_the_same_figures_in_tables() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    open_motion(&app, &secretariat, "Porto").await;
    app.open_application("Lyon").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    assert_eq!(visit.open("/dashboard").await, StatusCode::OK);
    let html = visit.html.clone();
    let svgs: Vec<&str> = html.split("<svg").skip(1).collect();
    assert!(!svgs.is_empty(), "{html}");
    for part in svgs {
        let svg = &part[..part.find("</svg>").expect("a closed svg")];
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id="));
        assert!(!svg.contains("style="));
        let table = &part[part.find("<table").expect("a table after the chart")..];
        for pair in drawn(svg).chunks(2) {
            let row = format!(
                "<th scope=\"row\">{}</th><td class=\"number\">{}</td>",
                pair[0], pair[1]
            );
            assert!(table.contains(&row), "{row} in {table}");
        }
    }
    assert!(!html.contains("<script>"));
    assert!(visit.shows("Eligible"));
    assert!(html.contains("href=\"/dashboard/votes.csv\""));
    app.stop().await;
}

#[tokio::test]
async fn the_csv_exports_download_through_the_page_as_attachments() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    app.issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    open_motion(&app, &secretariat, "Porto").await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    for name in ["votes.csv", "pipeline.csv"] {
        let response = visit.download(&format!("/dashboard/{name}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert!(headers["content-type"]
            .to_str()
            .expect("a type")
            .starts_with("text/csv"));
        let disposition = headers["content-disposition"].to_str().expect("a name");
        assert!(disposition.contains(name), "{disposition}");
        let body = response.text().await.expect("a body");
        assert!(body.contains("Porto"), "{body}");
    }
    // Not signed in: no export.
    let stranger = Visit::new(&app);
    let response = stranger.download("/dashboard/votes.csv").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}

#[tokio::test]
async fn the_register_links_each_vote_and_the_audit_log_shows_the_record_intact() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let secretariat = app.caller(Role::Secretariat, "Sam").await;
    let member = app
        .issue_with_email(Role::Committee, "Ayla Demir", Some("ayla@hubs.test"))
        .await;
    let (id, vote) = open_motion(&app, &secretariat, "Porto").await;
    cast(&app, &member, &vote, json!({"choice": "yes"})).await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "ayla@hubs.test").await;

    assert_eq!(visit.open("/register").await, StatusCode::OK);
    assert!(visit.html.contains(&format!("href=\"/votes/{vote}\"")));
    assert!(visit
        .html
        .contains(&format!("href=\"/applications/{id}/audit\"")));
    assert!(visit.shows("Your voting record"));
    assert!(visit.shows("Impact Hub Porto"));

    assert_eq!(
        visit.open(&format!("/applications/{id}/audit")).await,
        StatusCode::OK
    );
    assert!(visit.shows("Intact"), "{}", visit.html);
    assert!(visit.shows("VoteOpened"));
    assert!(visit.shows("BallotCast"));
    app.stop().await;
}

#[tokio::test]
async fn a_panelist_gets_the_forbidden_page_for_the_committees_pages() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    app.issue_with_email(Role::Panelist, "Deniz Kaya", Some("deniz@hubs.test"))
        .await;
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, "deniz@hubs.test").await;
    for path in ["/dashboard", "/register"] {
        assert_eq!(visit.open(path).await, StatusCode::FORBIDDEN, "{path}");
        assert!(visit.shows("You cannot see this page"));
    }
    app.stop().await;
}
