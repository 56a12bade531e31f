//! Who is told what, and what they are never told.

use super::*;
use crate::notice::{Arg, NoticeKind, Recipient};
use charter_domain::application::{ApplicationEvent, Assessment, DocumentKind, Party};
use charter_domain::vote::{Outcome, Tally, VoteEvent};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

fn facts() -> ApplicationFacts {
    ApplicationFacts {
        application_id: ApplicationId(Uuid::from_u128(100)),
        hub_name: "Impact Hub Porto".to_owned(),
        founders: vec![person(1), person(2)],
        panelists: vec![person(10), person(11)],
        stage: Stage::Candidate,
        founders_signed: false,
        interview: None,
    }
}

fn vote(outcome: Option<&str>) -> VoteFacts {
    VoteFacts {
        vote_id: VoteId(Uuid::from_u128(200)),
        application_id: ApplicationId(Uuid::from_u128(100)),
        hub_name: "Impact Hub Porto".to_owned(),
        electorate: vec![person(20), person(21), person(22)],
        ballot: Ballot::Secret,
        network: false,
        motion: Motion::Advance {
            to: Stage::Approved,
        },
        outcome: outcome.map(str::to_owned),
        tally: outcome.map(|_| Tally {
            electorate: 3,
            yes: 2,
            no: 1,
            ..Tally::default()
        }),
    }
}

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn recipients(notices: &[crate::Notice]) -> Vec<(NoticeKind, Recipient)> {
    notices.iter().map(|n| (n.kind, n.recipient)).collect()
}

#[test]
fn a_submitted_document_is_told_to_each_panelist_and_nobody_else() {
    let event = ApplicationEvent::DocumentSubmitted {
        kind: DocumentKind::FeasibilityStudy,
        version: 2,
        sha256: "00".repeat(32),
        size: 10,
        media_type: "application/pdf".to_owned(),
        file_name: "study.pdf".to_owned(),
        submitted_by: person(1),
        at: at(),
    };
    let notices = application_event(&event, &facts(), None);
    assert_eq!(
        recipients(&notices),
        vec![
            (
                NoticeKind::DocumentAwaitsReview,
                Recipient::Person(person(10))
            ),
            (
                NoticeKind::DocumentAwaitsReview,
                Recipient::Person(person(11))
            ),
        ]
    );
    assert_eq!(notices[0].arg("version"), Some(&Arg::Number(2)));
}

#[test]
fn released_feedback_tells_the_founders_that_it_exists_never_what_it_says_or_who_wrote_it() {
    let event = ApplicationEvent::PanelFeedbackReleased {
        review: 1,
        revision: 1,
        kind: DocumentKind::FuturePlan,
        version: 1,
        assessment: Assessment {
            scores: Default::default(),
            recommendation: charter_domain::application::Recommendation::Revise,
            comments: "THE PANEL'S WORDS".to_owned(),
        },
        note: Some("A NOTE".to_owned()),
        at: at(),
    };
    let notices = application_event(&event, &facts(), None);
    assert_eq!(notices.len(), 2);
    for notice in &notices {
        assert_eq!(notice.kind, NoticeKind::FeedbackReleased);
        let said = format!("{:?}", notice.args);
        assert!(
            !said.contains("THE PANEL'S WORDS") && !said.contains("revise"),
            "{said}"
        );
        assert!(!said.contains(&person(10).to_string()), "{said}");
    }
}

#[test]
fn a_review_filed_tells_nobody() {
    let event = ApplicationEvent::PanelReviewFiled {
        review: 1,
        panelist_id: person(10),
        kind: DocumentKind::FuturePlan,
        version: 1,
        assessment: Assessment {
            scores: Default::default(),
            recommendation: charter_domain::application::Recommendation::Advance,
            comments: "fine".to_owned(),
        },
        at: at(),
    };
    assert!(application_event(&event, &facts(), None).is_empty());
}

#[test]
fn reaching_approval_asks_the_founders_to_sign_and_a_carried_out_vote_tells_its_electorate() {
    let event = ApplicationEvent::StageAdvanced {
        from: Stage::Candidate,
        to: Stage::Approved,
        vote_id: Some(VoteId(Uuid::from_u128(200))),
        policy_version: "1".to_owned(),
        at: at(),
    };
    let notices = application_event(&event, &facts(), Some(&vote(Some("passed"))));
    let kinds: Vec<_> = recipients(&notices);
    assert_eq!(kinds.len(), 2 + 2 + 3, "{kinds:?}");
    assert!(kinds.contains(&(NoticeKind::StageReached, Recipient::Person(person(1)))));
    assert!(kinds.contains(&(
        NoticeKind::AgreementAwaitsSignature,
        Recipient::Person(person(2))
    )));
    assert!(kinds.contains(&(NoticeKind::VoteClosed, Recipient::Person(person(22)))));
    let closed = notices
        .iter()
        .find(|notice| notice.kind == NoticeKind::VoteClosed);
    assert_eq!(
        closed.and_then(|notice| notice.arg("carried_out")),
        Some(&Arg::phrase(
            "carried_out-advanced",
            vec![("stage", Arg::Text("approved".to_owned()))]
        ))
    );
}

#[test]
fn the_association_signing_first_asks_the_founders_and_their_signing_tells_nobody() {
    let signed = |party| ApplicationEvent::SignatureRecorded {
        party,
        signatory_id: person(30),
        signatory_name: "Ana".to_owned(),
        at: at(),
    };
    let mut approved = facts();
    approved.stage = Stage::Approved;
    assert_eq!(
        application_event(&signed(Party::Association), &approved, None).len(),
        2
    );
    assert!(application_event(&signed(Party::Founders), &approved, None).is_empty());
}

#[test]
fn an_opened_vote_tells_each_member_of_its_electorate_when_it_closes_and_how_ballots_are_kept() {
    let event = VoteEvent::VoteOpened {
        hubs: Vec::new(),
        vote_id: VoteId(Uuid::from_u128(200)),
        application_id: ApplicationId(Uuid::from_u128(100)),
        stage: Stage::Candidate,
        motion: Motion::Advance {
            to: Stage::Approved,
        },
        electorate: vec![(person(20), "A".to_owned())],
        rule: charter_domain::Policy::default()
            .gate(Stage::Approved)
            .and_then(|gate| gate.votes.first().cloned())
            .unwrap_or_else(|| charter_domain::Policy::default().motions.rejection),
        policy_version: "1".to_owned(),
        closes_at: at(),
        at: at(),
    };
    let notices = vote_event(&event, &vote(None));
    assert_eq!(notices.len(), 3);
    assert_eq!(notices[0].arg("closes"), Some(&Arg::Time(at())));
    assert_eq!(
        notices[0].arg("ballot"),
        Some(&Arg::Text("secret".to_owned()))
    );
}

#[test]
fn a_closed_vote_that_failed_is_told_at_once_and_one_that_passed_waits_to_be_carried_out() {
    let closed = |outcome| VoteEvent::VoteClosed {
        electorate: charter_domain::policy::Electorate::Committee,
        application_id: ApplicationId(Uuid::from_u128(100)),
        motion: Motion::Advance {
            to: Stage::Approved,
        },
        tally: Tally::default(),
        outcome,
        at: at(),
    };
    let failed = vote_event(&closed(Outcome::Failed), &vote(Some("failed")));
    assert_eq!(failed.len(), 3);
    assert!(failed.iter().all(|n| n.kind == NoticeKind::VoteClosed));
    assert!(vote_event(&closed(Outcome::Passed), &vote(Some("passed"))).is_empty());
}

#[test]
fn a_ballot_tells_nobody() {
    let event = VoteEvent::BallotCast {
        hub: None,
        member: person(20),
        revision: 1,
        choice: charter_domain::vote::RecordedChoice::Sealed {
            nonce: "00".to_owned(),
            ciphertext: "00".to_owned(),
        },
        at: at(),
    };
    assert!(vote_event(&event, &vote(None)).is_empty());
}

fn registered(email: Option<&str>) -> charter_domain::roster::RosterEvent {
    charter_domain::roster::RosterEvent::PersonRegistered {
        person_id: person(40),
        name: "Ines Moreau".to_owned(),
        email: email.map(str::to_owned),
        at: at(),
    }
}

#[test]
fn a_person_registered_with_an_address_is_invited_by_name_to_sign_in() {
    let notices = roster_event(&registered(Some("ines@hubs.example")));
    assert_eq!(
        recipients(&notices),
        vec![(NoticeKind::Invited, Recipient::Person(person(40)))]
    );
    assert_eq!(notices[0].link, "/sign-in");
    assert_eq!(
        notices[0].arg("name"),
        Some(&Arg::Text("Ines Moreau".to_owned()))
    );
    assert_eq!(notices[0].application, None);
    assert!(NoticeKind::Invited.is_required() && !NoticeKind::Invited.is_chosen());
}

#[test]
fn a_person_registered_without_an_address_or_erased_since_is_invited_by_nobody() {
    assert!(roster_event(&registered(None)).is_empty());
    let erased = charter_domain::personal::ERASED;
    assert!(roster_event(&registered(Some(erased))).is_empty());
}

#[test]
fn seats_the_pool_and_the_secretariat_tell_nobody() {
    use charter_domain::roster::RosterEvent;
    let person_id = person(40);
    for event in [
        RosterEvent::SecretariatJoined {
            person_id,
            at: at(),
        },
        RosterEvent::SecretariatLeft {
            person_id,
            at: at(),
        },
        RosterEvent::PanelPoolLeft {
            person_id,
            at: at(),
        },
        RosterEvent::PersonalDataErased {
            subject: person_id,
            at: at(),
        },
    ] {
        assert!(roster_event(&event).is_empty(), "{event:?}");
    }
}

#[test]
fn what_a_closed_vote_did_and_its_count_are_told_in_the_readers_language() {
    let reader = crate::texts::Reader {
        name: "Ayşe",
        language: "tr",
        base_url: "https://charter.example",
        unsubscribe_url: None,
    };
    let failed = VoteEvent::VoteClosed {
        electorate: charter_domain::policy::Electorate::Committee,
        application_id: ApplicationId(Uuid::from_u128(100)),
        motion: Motion::Reject {
            grounds: "late".to_owned(),
        },
        tally: Tally {
            electorate: 3,
            no: 2,
            did_not_vote: 1,
            ..Tally::default()
        },
        outcome: Outcome::Failed,
        at: at(),
    };
    let mut rejection = vote(Some("failed"));
    rejection.motion = Motion::Reject {
        grounds: "late".to_owned(),
    };
    let told = vote_event(&failed, &rejection);
    let failed = crate::texts::write(&told[0], &reader).text;
    assert!(
        failed.contains("başvurunun reddedilmesi önergesinin oylaması kapandı: önerge reddedildi."),
        "{failed}"
    );
    assert!(
        failed.contains("Sayım: 0 evet, 2 hayır, 0 çekimser, 1 üye oy kullanmadı."),
        "{failed}"
    );
    assert!(
        failed.contains(
            "Yerine getirilen işlem: hiçbir işlem yapılmadı, çünkü önerge kabul edilmedi."
        ),
        "{failed}"
    );
    let advanced = ApplicationEvent::StageAdvanced {
        from: Stage::Candidate,
        to: Stage::Approved,
        vote_id: Some(VoteId(Uuid::from_u128(200))),
        policy_version: "1".to_owned(),
        at: at(),
    };
    let told = application_event(&advanced, &facts(), Some(&vote(Some("passed"))));
    let Some(closed) = told.iter().find(|n| n.kind == NoticeKind::VoteClosed) else {
        panic!("no vote_closed in {told:?}");
    };
    let passed = crate::texts::write(closed, &reader).text;
    assert!(passed.contains("başvurunun onay aşamasına geçirilmesi önergesinin oylaması kapandı: önerge kabul edildi."), "{passed}");
    assert!(
        passed.contains("Sayım: 2 evet, 1 hayır, 0 çekimser, 0 üye oy kullanmadı."),
        "{passed}"
    );
    assert!(
        passed.contains("Yerine getirilen işlem: başvuru onay aşamasına geçti."),
        "{passed}"
    );
}
