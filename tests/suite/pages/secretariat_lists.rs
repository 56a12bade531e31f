//! The secretariat's long lists, a bounded part at a time: the board's columns and the
//! pages of one stage, and the roster by group, by name and by page.

use super::secretariat::{application, secretariat};
use super::support::pages_app;
use charter_domain::Role;
use charter_tests::SmtpServer;
use reqwest::StatusCode;

#[tokio::test]
async fn the_board_shows_the_first_of_a_stage_and_links_to_all_of_it() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = secretariat(&app, &smtp).await;
    let cities: Vec<String> = (1..=11).map(|n| format!("Town{n:02}")).collect();
    for city in &cities {
        application(&app, "Ana Sousa", city).await;
    }
    visit.settle().await;

    assert_eq!(visit.open("/").await, StatusCode::OK);
    // The ten longest in the stage, and a link to the rest.
    for city in &cities[..10] {
        assert!(visit.shows(&format!("Impact Hub {city}")), "{}", visit.html);
    }
    assert!(!visit.shows("Impact Hub Town11"), "{}", visit.html);
    assert!(
        visit.html.contains("href=\"/?stage=applied\""),
        "{}",
        visit.html
    );
    assert!(visit.shows("Every application in"), "{}", visit.html);

    // The stage on its own: all eleven on its first page, no other page.
    assert_eq!(visit.open("/?stage=applied").await, StatusCode::OK);
    assert!(visit.shows("Impact Hub Town11"), "{}", visit.html);
    assert!(!visit.shows("Next page"), "{}", visit.html);
    // A page past the end is empty and leads back.
    assert_eq!(visit.open("/?stage=applied&page=2").await, StatusCode::OK);
    assert!(!visit.shows("Impact Hub Town01"), "{}", visit.html);
    assert!(
        visit.html.contains("href=\"/?stage=applied&#38;page=1\""),
        "{}",
        visit.html
    );
    // A page that is not a number is the first.
    assert_eq!(visit.open("/?stage=applied&page=x").await, StatusCode::OK);
    assert!(visit.shows("Impact Hub Town01"), "{}", visit.html);
}

#[tokio::test]
async fn the_roster_is_found_by_group_and_name() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (_, mut visit) = secretariat(&app, &smtp).await;
    app.caller(Role::Panelist, "Deniz Kaya").await;
    app.caller(Role::Committee, "Jonas Berg").await;
    visit.settle().await;

    assert_eq!(visit.open("/people?group=panel_pool").await, StatusCode::OK);
    assert!(visit.shows("Deniz Kaya"), "{}", visit.html);
    assert!(!visit.shows("Jonas Berg"), "{}", visit.html);
    assert_eq!(visit.open("/people?find=jon").await, StatusCode::OK);
    assert!(visit.shows("Jonas Berg"), "{}", visit.html);
    assert!(!visit.shows("Deniz Kaya"), "{}", visit.html);
    assert_eq!(visit.open("/people?find=zz").await, StatusCode::OK);
    assert!(visit.shows("No one matches."), "{}", visit.html);
    // A name too long for the API is refused beside the field.
    let long = "x".repeat(101);
    assert_eq!(
        visit.open(&format!("/people?find={long}")).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(visit.error_summary().is_some(), "{}", visit.html);
    assert!(visit.html.contains("href=\"#find\""), "{}", visit.html);
}
