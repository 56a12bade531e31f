//! `charter demo`: the sample network, loaded through the real command path, read back as
//! a newcomer would with the tokens it prints.

use charter_api::demo::{self, DemoError, DemoReport};
use charter_api::settings::{MailSettings, MailTransport};
use charter_domain::application::Stage;
use charter_domain::Role;
use charter_tests::{init_logs, spawn_app_on, Caller, TestApp, TestDatabase};
use serde_json::Value;

/// The token the demo printed for `role`: a caller as the tests know them.
fn token(report: &DemoReport, role: Role) -> Caller {
    report
        .tokens
        .iter()
        .find(|t| t.caller.role == role)
        .unwrap_or_else(|| panic!("the demo prints a {role} token"))
        .caller
        .clone()
}

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_loads_a_network_in_every_stage_once_and_its_tokens_open_the_dashboards() {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(20).await;
    let policy = demo::policy().expect("the demo's policy");
    let mail = MailSettings {
        transport: MailTransport::Maildir(database.maildir()),
        ..MailSettings::default()
    };
    let report = demo::load(&pool, &policy, &mail, &database.key_dir())
        .await
        .expect("the demo loads");
    eprintln!("{report}");
    for stage in Stage::ALL {
        assert!(report.in_stage(stage.as_str()) > 0, "{stage}: {report}");
    }
    assert!(report.votes.open > 0 && report.votes.secret > 0);
    assert!(report.votes.network > 0 && report.votes.network < report.votes.total);
    // The association's hubs, and every initiative's, admitted as it became one.
    let initiatives = usize::try_from(report.in_stage("initiative")).expect("a count");
    assert_eq!(report.hubs.admitted, initiatives, "{report}");
    assert!(report.hubs.members > initiatives + 10, "{report}");
    assert!(report.hubs.delegates >= report.hubs.members, "{report}");

    // A second run is refused and writes nothing.
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let tokens = count(&pool, "SELECT count(*) FROM api_tokens").await;
    assert_eq!(events, report.events);
    match demo::load(&pool, &policy, &mail, &database.key_dir()).await {
        Err(DemoError::NotEmpty { events: found }) => assert_eq!(found, events),
        other => panic!("a second demo must be refused, got {other:?}"),
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM events").await, events);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM api_tokens").await,
        tokens
    );

    // Every kind of thing the story promises is in the store.
    for kind in [
        "AppealGranted",
        "AppealDismissed",
        "ApplicationWithdrawn",
        "ConflictOfInterestDeclared",
        "PanelReviewRevised",
        "PanelFeedbackReleased",
        "InterviewCancelled",
        "InterviewRescheduled",
        "RevisionRequestAnswered",
        "RevisionRequestOverdue",
        "MemberRecused",
        "CommitteeSeatLeft",
        // Its secretariat is enrolled, and so joins the secretariat.
        "SecretariatJoined",
        // The network: hubs, delegates coming and going, approvals in two votes.
        "HubAdmitted",
        "DelegateAppointed",
        "DelegationEnded",
        "GateVotePassed",
    ] {
        let found =
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM events WHERE event_type = $1")
                .bind(kind)
                .fetch_one(&pool)
                .await
                .expect("count");
        assert!(found > 0, "no {kind} in the demo");
    }

    // Every kind of event the demo wrote (nearly all there are) has a webhook type, so that
    // a new domain event is not silently left out of the webhooks.
    let kinds: Vec<(String, String)> =
        sqlx::query_as("SELECT DISTINCT aggregate_type, event_type FROM events")
            .fetch_all(&pool)
            .await
            .expect("event types");
    for (aggregate, event) in &kinds {
        assert!(
            charter_notifications::webhooks::event_types::name_of(aggregate, event).is_some(),
            "{aggregate} {event} has no webhook type"
        );
    }

    // Its history told everyone it concerns, into the maildir: founders, panelists, the
    // committee, and the reminders the scheduler's rounds sent.
    for kind in [
        "eligibility_granted",
        "panelist_assigned",
        "document_awaits_review",
        "feedback_released",
        "interview_scheduled",
        "vote_opened",
        "vote_closed",
        "agreement_awaits_signature",
        "invited",
    ] {
        let found = sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM notification_messages WHERE kind = $1",
        )
        .bind(kind)
        .fetch_one(&pool)
        .await
        .expect("count");
        assert!(found > 0, "no {kind} message in the demo");
    }
    let written = std::fs::read_dir(database.maildir().join("new"))
        .map(|files| files.count())
        .unwrap_or(0);
    assert!(written > 100, "{written} messages in the maildir");

    // A server on the same database, read with the tokens the demo printed.
    let app = spawn_app_on(database, |_| {}).await;
    let secretariat = token(&report, Role::Secretariat);
    let member = token(&report, Role::Committee);
    let panelist = token(&report, Role::Panelist);
    let founders = token(&report, Role::Applicant);

    let staff = app
        .read(
            &format!("/api/v1/people/{}", secretariat.person),
            &secretariat,
            0,
        )
        .await;
    assert_eq!(staff["secretariat"], true, "{staff}");

    let board = app.read("/api/v1/dashboard", &member, 0).await;
    for stage in board["stages"].as_array().expect("stages") {
        assert!(stage["current"].as_i64() > Some(0), "{stage}");
    }
    assert!(!board["overdue"].as_array().expect("overdue").is_empty());
    let open_votes = board["open_votes"].as_array().expect("open votes");
    assert!(
        open_votes.iter().any(|v| v["not_voted"]
            .as_array()
            .is_some_and(|names| !names.is_empty())),
        "some members have not voted yet: {open_votes:?}"
    );

    let register = app.list("/api/v1/votes?limit=500", &secretariat, 0).await;
    let register = register.as_array().expect("register");
    let has = |electorate: &str, kind: &str, ballot: &str, outcome: Value| {
        register.iter().any(|v| {
            v["rule"]["electorate"] == electorate
                && v["motion"]["kind"] == kind
                && v["ballot"] == ballot
                && v["outcome"] == outcome
        })
    };
    let committee = |kind, ballot, outcome| has("committee", kind, ballot, outcome);
    assert!(
        committee("advance", "open", "passed".into()),
        "a candidacy vote"
    );
    assert!(
        committee("advance", "secret", "passed".into()),
        "the committee's approval vote"
    );
    assert!(
        committee("advance", "open", "no_quorum".into()),
        "a vote without quorum"
    );
    assert!(
        committee("advance", "open", "failed".into()),
        "a failed vote"
    );
    assert!(
        committee("reject", "open", "passed".into()),
        "a rejection by vote"
    );
    assert!(
        committee("advance", "open", Value::Null),
        "an open ballot still open"
    );
    assert!(
        committee("advance", "secret", Value::Null),
        "a secret ballot still open"
    );
    // The network's votes, one hub one vote: approvals in secret, appeals (under the
    // demo's policy) in the open; passed, failed, and still open at the end.
    let network = |kind, ballot, outcome| has("network", kind, ballot, outcome);
    for (kind, ballot, outcome, what) in [
        (
            "advance",
            "secret",
            "passed".into(),
            "an approval by the network",
        ),
        (
            "advance",
            "secret",
            "failed".into(),
            "an approval the network declined",
        ),
        (
            "advance",
            "secret",
            Value::Null,
            "a network vote still open",
        ),
        (
            "appeal",
            "open",
            "passed".into(),
            "an appeal the network granted",
        ),
        (
            "appeal",
            "open",
            "failed".into(),
            "an appeal the network dismissed",
        ),
        (
            "appeal",
            "open",
            Value::Null,
            "an open network ballot still open",
        ),
    ] {
        assert!(network(kind, ballot, outcome), "{what}");
    }
    network_history(&app, &report, register).await;

    for stage in ["initiative", "withdrawn", "rejected"] {
        let listed = app
            .list(
                &format!("/api/v1/applications?stage={stage}"),
                &secretariat,
                0,
            )
            .await;
        assert!(!listed.as_array().expect("list").is_empty(), "{stage}");
    }
    let queue = app.read("/api/v1/reviews/queue", &panelist, 0).await;
    assert!(!queue["awaiting"].as_array().expect("awaiting").is_empty());
    let id = TestApp::id_of(&founders);
    let own = app
        .read(&format!("/api/v1/applications/{id}"), &founders, 0)
        .await;
    assert!(own["next_deadline"].is_string(), "{own}");
    let status = app
        .read(&format!("/api/v1/applications/{id}/status"), &founders, 0)
        .await;
    assert!(status["next_gate"]["checks"].is_array(), "{status}");
    assert!(!status["revision_requests"]
        .as_array()
        .expect("requests")
        .is_empty());

    // Rebuilt from the first event, every read model has exactly the rows it had.
    crate::projections::rebuild::settled(&app.pool).await;
    let live = crate::projections::rebuild::snapshot(&app.pool).await;
    for projection in charter_projections::all() {
        charter_projections::Rebuild::run(&app.pool, projection, 500, |_| {})
            .await
            .expect("rebuild");
    }
    assert_eq!(crate::projections::rebuild::snapshot(&app.pool).await, live);
    app.stop().await;
}

/// The member hubs and what they did in the network's votes, read back with the demo's
/// tokens: every initiative's hub a member with a delegate, a delegate who handed over in
/// the middle of a vote, a hub that recused, a secret vote every hub voted in closed early,
/// and a delegate who reads the network's votes their hub is in.
async fn network_history(app: &TestApp, report: &DemoReport, register: &[Value]) {
    let secretariat = token(report, Role::Secretariat);
    let hubs = app.list("/api/v1/hubs?limit=500", &secretariat, 0).await;
    let hubs = hubs.as_array().expect("hubs");
    assert_eq!(hubs.len(), report.hubs.members);
    assert!(hubs.iter().all(|hub| hub["standing"] == "member"
        && !hub["delegates"].as_array().expect("delegates").is_empty()));
    let initiatives = app
        .list("/api/v1/applications?stage=initiative", &secretariat, 0)
        .await;
    for initiative in initiatives.as_array().expect("initiatives") {
        let id = &initiative["application_id"];
        assert!(
            hubs.iter().any(|hub| hub["application_id"] == *id),
            "the hub of initiative {id} is a member"
        );
    }

    let (mut handed_over, mut recused, mut closed_early) = (false, false, false);
    for vote in register
        .iter()
        .filter(|v| v["rule"]["electorate"] == "network" && !v["closed_at"].is_null())
    {
        let id = vote["vote_id"].as_str().expect("an id");
        let detail = app
            .read(&format!("/api/v1/votes/{id}"), &secretariat, 0)
            .await;
        let ballots = detail["hub_ballots"].as_array().expect("hub ballots");
        handed_over |= ballots.iter().any(|a| {
            ballots
                .iter()
                .any(|b| a["hub_id"] == b["hub_id"] && a["delegate_id"] != b["delegate_id"])
        });
        let electorate = detail["hubs"].as_array().expect("hubs");
        recused |= electorate.iter().any(|hub| !hub["recused_at"].is_null());
        let time = |field: &str| {
            chrono::DateTime::parse_from_rfc3339(vote[field].as_str().expect("a time"))
                .expect("a time")
        };
        closed_early |= vote["ballot"] == "secret"
            && vote["tally"]["did_not_vote"] == 0
            && time("closed_at") < time("closes_at");
    }
    assert!(handed_over, "a hub's ballot changed by its new delegate");
    assert!(recused, "a hub that recused from a network vote");
    assert!(closed_early, "a secret network vote every hub voted in");

    // A delegate reads the network's votes, their hub's among the electorate.
    let delegate = token(report, Role::Delegate);
    let seen = app.list("/api/v1/votes?limit=500", &delegate, 0).await;
    let seen = seen.as_array().expect("votes");
    assert!(seen.iter().any(|v| v["closed_at"].is_null()), "{seen:?}");
    assert!(
        seen.iter().all(|v| v["rule"]["electorate"] == "network"),
        "{seen:?}"
    );
}
