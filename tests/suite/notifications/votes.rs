//! The committee hears of the votes it sits on; the founders of what was decided; the
//! secretariat of a vote that could not be carried out. A secret ballot stays secret.

use super::support::{mailing_app, summary, to, wait_for_mail};
use crate::api::steps::{appealed, decide_by_vote, to_pre_candidate, wait_for_stage};
use charter_domain::Role;
use charter_tests::{Caller, SmtpServer, TestApp};
use serde_json::json;

const MEMBERS: [(&str, &str); 3] = [
    ("Carla Committee", "carla@committee.test"),
    ("Dmitri Committee", "dmitri@committee.test"),
    ("Eun-ji Committee", "eunji@committee.test"),
];

async fn committee(app: &TestApp) -> Vec<Caller> {
    let mut members = Vec::new();
    for (name, email) in MEMBERS {
        members.push(
            app.issue_with_email(Role::Committee, name, Some(email))
                .await,
        );
    }
    members
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_appeal_vote_is_told_to_its_electorate_and_its_decision_to_the_founders() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretary").await;
    let members = committee(&app).await;
    let (applicant, id) = appealed(&app, &secretariat, "Lisbon").await;
    // The founders: rejected, then the appeal received.
    let mail = wait_for_mail(&smtp, 2).await;
    let founders = to(&mail, "ana@lisbon.example");
    let subjects: Vec<&str> = founders.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Impact Hub Lisbon: decision on your application",
            "Impact Hub Lisbon: your appeal is received"
        ]
    );
    assert!(founders[0]
        .text
        .contains("The founders have no legal entity yet."));

    // Two yes and one no, by secret ballot.
    let ballots = [
        (&members[0], "yes"),
        (&members[1], "no"),
        (&members[2], "yes"),
    ];
    decide_by_vote(&app, &secretariat, &id, json!({"kind": "appeal"}), &ballots).await;
    wait_for_stage(&app, &applicant, &id, "applied").await;
    let mail = wait_for_mail(&smtp, 2 + 3 + 3 + 1).await;
    assert_eq!(mail.len(), 9, "{}", summary(&mail));
    for (name, email) in MEMBERS {
        let theirs = to(&mail, email);
        assert_eq!(theirs.len(), 2, "{email}: {theirs:#?}");
        assert_eq!(
            theirs[0].subject,
            "Impact Hub Lisbon: a vote is open (grant the appeal)"
        );
        assert!(theirs[0].text.contains("The ballot is secret"));
        assert!(theirs[0].text.contains(&format!("Hello {name},")));
        let closed = &theirs[1];
        assert!(closed.text.contains("the motion passed"), "{}", closed.text);
        assert!(closed.text.contains("Count: 2 yes, 1 no, 0 abstain"));
        assert!(closed.text.contains("the appeal was granted"));
        // No member's choice is told to anyone: only the count.
        for (other, _) in MEMBERS.iter().filter(|(other, _)| *other != name) {
            assert!(!closed.text.contains(other), "{}", closed.text);
        }
    }
    let decided = to(&mail, "ana@lisbon.example");
    assert_eq!(decided.len(), 3);
    assert!(
        decided[2].text.contains("Your appeal has been granted"),
        "{}",
        decided[2].text
    );
    for (member, _) in MEMBERS {
        assert!(
            !decided[2].text.contains(member),
            "no member named to the founders"
        );
    }
}

/// The secretariat (Sam, with an address), the committee, and Impact Hub Aveiro's
/// application at pre-candidate; its id.
async fn aveiro_at_pre_candidate(app: &TestApp) -> (Caller, Vec<Caller>, String) {
    let secretariat = app
        .issue_with_email(Role::Secretariat, "Sam Secretary", Some("sam@hubs.test"))
        .await;
    let ada = app.caller(Role::Panelist, "Ada").await;
    let ben = app.caller(Role::Panelist, "Ben").await;
    let members = committee(app).await;
    let (applicant, opened) = app.open_application("Aveiro").await;
    let id = opened["application_id"].as_str().expect("id").to_owned();
    to_pre_candidate(app, &secretariat, &applicant, &id, [&ada, &ben]).await;
    (secretariat, members, id)
}

fn to_candidate() -> serde_json::Value {
    json!({"kind": "advance", "to": "candidate"})
}

fn yeses(members: &[Caller]) -> Vec<(&Caller, &str)> {
    members.iter().map(|m| (m, "yes")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_vote_is_told_at_once_and_a_passed_one_not_carried_out_reaches_the_secretariat() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let (secretariat, members, id) = aveiro_at_pre_candidate(&app).await;
    let noes: Vec<_> = members.iter().map(|m| (m, "no")).collect();
    decide_by_vote(
        &app,
        &secretariat,
        &id,
        json!({"kind": "reject", "grounds": "No space found."}),
        &noes,
    )
    .await;
    // Passes, but the candidacy gate is not met: it cannot be carried out.
    decide_by_vote(&app, &secretariat, &id, to_candidate(), &yeses(&members)).await;
    // Founders: eligible, pre-candidate. Members: two openings, one closing told at once.
    // The secretariat: the passed advance could not be carried out.
    let mail = wait_for_mail(&smtp, 2 + 3 * 3 + 1).await;
    let carla = to(&mail, "carla@committee.test");
    assert_eq!(carla.len(), 3, "{carla:#?}");
    assert!(
        carla[1].text.contains("the motion failed"),
        "{}",
        carla[1].text
    );
    assert!(carla[1].text.contains("nothing: the motion did not pass"));
    let sam = to(&mail, "sam@hubs.test");
    assert_eq!(sam.len(), 1, "{}", summary(&mail));
    assert_eq!(
        sam[0].subject,
        "Impact Hub Aveiro: a vote's outcome could not be carried out"
    );
    assert!(
        sam[0].text.contains("advance to candidate"),
        "{}",
        sam[0].text
    );
    assert_eq!(mail.len(), 12, "{}", summary(&mail));
}

/// The process manager reads the hub's name from the store: it may come to a vote's closing
/// before the notifier and the read models have read the application's opening (here, as
/// if they had not, their rows are gone).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_not_carried_out_names_its_hub_whatever_the_read_models_have_read() {
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp, 5).await;
    let (secretariat, members, id) = aveiro_at_pre_candidate(&app).await;
    // The read models and the notifier (which tells the founders) have read it all.
    wait_for_stage(&app, &secretariat, &id, "pre_candidate").await;
    wait_for_mail(&smtp, 2).await;
    let pool = app.database.pool(1).await;
    for table in ["notice_applications", "application_summaries"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE application_id = $1::uuid"
        ))
        .bind(&id)
        .execute(&pool)
        .await
        .expect("forget the opening");
    }
    // Passes, but the candidacy gate is not met: it cannot be carried out.
    decide_by_vote(&app, &secretariat, &id, to_candidate(), &yeses(&members)).await;
    // The founders' two, the vote's opening to each member, and the secretariat's.
    let mail = wait_for_mail(&smtp, 2 + 3 + 1).await;
    let sam = to(&mail, "sam@hubs.test");
    assert_eq!(sam.len(), 1, "{}", summary(&mail));
    assert_eq!(
        sam[0].subject,
        "Impact Hub Aveiro: a vote's outcome could not be carried out"
    );
}
