//! The secretariat's pages of the member hubs: registering a hub older than Charter (and
//! the forms refused, writing nothing), appointing a delegate who then signs in as one,
//! suspending and reinstating the hub, ending the delegation (which ends the delegate's
//! session), and the departure checked before it is recorded.

use super::super::secretariat::secretariat;
use super::super::support::{pages_app, Visit};
use super::AYLA;
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use reqwest::StatusCode;

/// How many hubs the API lists.
async fn hubs(app: &TestApp, secretariat: &Caller) -> usize {
    let listed = app.list("/api/v1/hubs", secretariat, 0).await;
    listed.as_array().map_or(0, Vec::len)
}

/// The value of the radio button labelled `label` on the page.
fn choice_labelled(html: &str, label: &str) -> String {
    let at = html
        .find(&format!("\">{label}</label>"))
        .expect("the choice");
    let value = &html[..at];
    let start = value.rfind("value=\"").expect("its value") + "value=\"".len();
    value[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_secretariat_registers_a_hub_and_refused_forms_write_nothing() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut selin) = secretariat(&app, &smtp).await;
    assert!(selin.html.contains("href=\"/hubs\""), "{}", selin.html);
    assert_eq!(selin.open("/hubs").await, StatusCode::OK);
    assert!(selin.shows("No member hub matches."), "{}", selin.html);

    let status = selin
        .submit(
            "/hubs",
            &[
                ("name", " "),
                ("city", "Berlin"),
                ("country", "de"),
                ("joined", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = selin.error_summary().expect("a summary");
    assert!(summary.contains("Enter the hub's name"), "{summary}");
    assert!(summary.contains("Enter a date"), "{summary}");
    assert!(selin.html.contains("href=\"#joined\""));
    assert!(
        selin.html.contains("value=\"Berlin\""),
        "what was typed stays"
    );

    let berlin = [
        ("name", "Impact Hub Berlin"),
        ("city", "Berlin"),
        ("country", "de"),
        ("joined", "2999-03-01"),
    ];
    let status = selin.submit("/hubs", &berlin).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", selin.html);
    let summary = selin.error_summary().expect("a summary");
    assert!(summary.contains("a day still to come"), "{summary}");
    selin.settle().await;
    assert_eq!(hubs(&app, &member).await, 0);

    let mut joined = berlin;
    joined[3] = ("joined", "2016-03-01");
    assert_eq!(selin.submit("/hubs", &joined).await, StatusCode::OK);
    assert!(selin.path.starts_with("/hubs/"), "{}", selin.path);
    assert!(selin.shows("Hub registered."), "{}", selin.html);
    assert!(
        selin.shows("Berlin, DE Impact Hub Berlin"),
        "{}",
        selin.html
    );
    assert!(selin.shows("Member in good standing"));
    assert!(selin.shows("No delegate"));

    // A second hub of the same name is refused by the roster.
    selin.open("/hubs").await;
    assert!(
        selin.shows("Impact Hub Berlin Berlin, DE"),
        "{}",
        selin.html
    );
    let status = selin.submit("/hubs", &joined).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", selin.html);
    let summary = selin.error_summary().expect("a summary");
    assert!(
        summary.contains("already the name of a member hub"),
        "{summary}"
    );
    selin.settle().await;
    assert_eq!(hubs(&app, &member).await, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_delegate_is_appointed_the_hub_suspended_and_reinstated_and_its_departure_checked() {
    let smtp = SmtpServer::start().await;
    let app = pages_app(&smtp).await;
    let (member, mut selin) = secretariat(&app, &smtp).await;
    let ayla = app
        .issue_with_email(Role::Committee, "Ayla Demir", Some(AYLA))
        .await;
    let hub = app.register_hub(&member, "Impact Hub Berlin").await;
    let page = format!("/hubs/{hub}");
    selin.settle().await;
    selin.open(&page).await;
    assert!(selin.shows("Ayla Demir"), "offered: {}", selin.html);

    let status = selin
        .submit(&format!("{page}/delegates"), &[("person", "")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(selin
        .error_summary()
        .expect("a summary")
        .contains("Choose the person to appoint"));
    let person = ayla.person.0.to_string();
    let since = (chrono::Utc::now().date_naive() - chrono::Duration::days(30)).to_string();
    selin
        .submit(
            &format!("{page}/delegates"),
            &[("person", &person), ("since", &since)],
        )
        .await;
    assert!(selin.shows("Delegate appointed."), "{}", selin.html);
    assert!(selin.shows("Ayla Demir since"), "{}", selin.html);

    // A committee member who represents a hub chooses which to act as.
    let mut visit = Visit::new(&app);
    visit.sign_in(&smtp, AYLA).await;
    assert_eq!(visit.path, "/sign-in/role", "{}", visit.html);
    assert!(visit.shows("Committee member"));
    let delegate = choice_labelled(&visit.html, "Delegate of Impact Hub Berlin");
    visit.submit("/sign-in/role", &[("role", &delegate)]).await;
    assert!(visit.shows("Votes of Impact Hub Berlin"), "{}", visit.html);
    assert!(visit.shows("Your hub is in no open vote."));

    let status = selin.submit(&format!("{page}/suspension"), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(selin
        .error_summary()
        .expect("a summary")
        .contains("Enter the reason"));
    let reason = ("suspend-reason", "Dues unpaid for two years.");
    selin.submit(&format!("{page}/suspension"), &[reason]).await;
    assert!(selin.shows("Hub suspended."), "{}", selin.html);
    assert!(selin.shows("Dues unpaid for two years."));
    selin.open("/hubs?standing=suspended").await;
    assert!(selin.shows("Impact Hub Berlin"), "{}", selin.html);
    selin.open("/hubs?standing=member").await;
    assert!(selin.shows("No member hub matches."), "{}", selin.html);
    visit.open("/").await;
    assert!(visit.shows("Your hub is suspended or has left the network"));
    selin.open(&page).await;
    selin.submit(&format!("{page}/reinstatement"), &[]).await;
    assert!(selin.shows("Hub reinstated."), "{}", selin.html);
    assert!(selin.shows("Member in good standing"));

    // A delegation lasts a day at least; ended today, the delegate's session ends with it.
    let end = format!("{page}/delegates/{person}/end");
    let status = selin.submit(&end, &[("on", &since)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = selin.error_summary().expect("a summary");
    assert!(summary.contains("lasts at least a day"), "{summary}");
    assert!(selin.html.contains(&format!("href=\"#on-{person}\"")));
    assert!(selin.html.contains(&format!("id=\"on-{person}\"")));
    selin.submit(&end, &[("on", "")]).await;
    assert!(selin.shows("Delegation ended."), "{}", selin.html);
    assert!(selin.shows("No delegate"), "{}", selin.html);
    assert!(selin.shows("Every delegation"));
    visit.open("/").await;
    assert!(!visit.shows("Votes of Impact Hub Berlin"), "{}", visit.html);

    let check = format!("{page}/departure/check");
    let status = selin.submit(&check, &[("depart-reason", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(selin
        .error_summary()
        .expect("a summary")
        .contains("Enter the reason"));
    let why = ("depart-reason", "The hub closed its space.");
    selin.submit(&check, &[why]).await;
    assert!(
        selin.shows("Check the departure before you record it"),
        "{}",
        selin.html
    );
    selin.settle().await;
    let listed = app.list("/api/v1/hubs", &member, 0).await;
    assert_eq!(listed[0]["standing"], "member", "nothing is written yet");
    selin.submit(&format!("{page}/departure"), &[why]).await;
    assert!(
        selin.shows("The hub's departure is recorded."),
        "{}",
        selin.html
    );
    assert!(selin.shows("Left the network"));
    assert!(
        !selin.html.contains("name=\"person\""),
        "no form for a hub that left"
    );
    app.stop().await;
}
