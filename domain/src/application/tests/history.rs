//! The events an application has at each point of its road, for the `given` of a test.
//!
//! Review and interview numbers are fixed by the history: `pre_candidate_ready()` holds
//! reviews 1 and 2, `candidacy_dossier()` reviews 3 to 8 and `approval_dossier()` reviews 9
//! to 12; interview 1 is held as pre-candidate and interview 2 as candidate.

use super::*;

// ---- single events -----------------------------------------------------------------------

pub(super) fn application_opened() -> ApplicationEvent {
    ApplicationEvent::ApplicationOpened {
        application_id: application_id(),
        city: "Porto".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Porto".to_owned(),
        founders: vec![Founder {
            person_id: founder().id,
            name: "Marta Sousa".to_owned(),
            email: "marta@hubporto.pt".to_owned(),
        }],
        opened_by: founder().id,
        at: day(0),
    }
}

/// The lowercase hex digest of version `version` of a document of `kind`.
pub(super) fn digest(kind: DocumentKind, version: u32) -> String {
    let index = DocumentKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    format!("{:048x}{index:08x}{version:08x}", 0xFEED_u32)
}

pub(super) fn submitted(kind: DocumentKind, version: u32) -> ApplicationEvent {
    ApplicationEvent::DocumentSubmitted {
        kind,
        version,
        sha256: digest(kind, version),
        size: 48_213,
        media_type: "application/pdf".to_owned(),
        file_name: format!("{kind}-v{version}.pdf"),
        submitted_by: founder().id,
        at: day(60),
    }
}

pub(super) fn assigned(panelist: &Actor) -> ApplicationEvent {
    ApplicationEvent::PanelistAssigned {
        panelist_id: panelist.id,
        name: panelist.name.clone(),
        at: day(40),
    }
}

pub(super) fn conflict_declared(panelist: &Actor) -> ApplicationEvent {
    ApplicationEvent::ConflictOfInterestDeclared {
        panelist_id: panelist.id,
        reason: "I advised the founders on their lease.".to_owned(),
        at: day(70),
    }
}

/// Scores of 4 on every criterion of the default rubric.
pub(super) fn assessment(recommendation: Recommendation) -> Assessment {
    let scores = Policy::default()
        .rubric
        .into_iter()
        .map(|criterion| (criterion, 4))
        .collect();
    Assessment {
        scores,
        recommendation,
        comments: "A clear case; the budget needs a second look.".to_owned(),
    }
}

pub(super) fn review_filed(
    review: u32,
    panelist: &Actor,
    kind: DocumentKind,
    version: u32,
    recommendation: Recommendation,
) -> ApplicationEvent {
    ApplicationEvent::PanelReviewFiled {
        review,
        panelist_id: panelist.id,
        kind,
        version,
        assessment: assessment(recommendation),
        at: day(90),
    }
}

pub(super) fn review_revised(
    review: u32,
    revision: u32,
    recommendation: Recommendation,
) -> ApplicationEvent {
    ApplicationEvent::PanelReviewRevised {
        review,
        revision,
        assessment: assessment(recommendation),
        at: day(95),
    }
}

pub(super) fn revision_requested(request: u32, kind: DocumentKind) -> ApplicationEvent {
    ApplicationEvent::RevisionRequested {
        request,
        kind,
        deadline: day(1_100),
        reason: "The financial assumptions need sources.".to_owned(),
        at: day(100),
    }
}

pub(super) fn revision_answered(
    request: u32,
    kind: DocumentKind,
    version: u32,
) -> ApplicationEvent {
    ApplicationEvent::RevisionRequestAnswered {
        request,
        kind,
        version,
        at: day(60),
    }
}

pub(super) fn interview_scheduled(
    interview: u32,
    scheduled_for: DateTime<Utc>,
) -> ApplicationEvent {
    ApplicationEvent::InterviewScheduled {
        interview,
        scheduled_for,
        location: "Rua do Almada 10, Porto".to_owned(),
        at: day(150),
    }
}

/// Interview `interview` scheduled, then held while the application was in `stage`.
pub(super) fn interview_held(interview: u32, stage: Stage) -> Vec<ApplicationEvent> {
    vec![
        interview_scheduled(interview, day(200)),
        ApplicationEvent::InterviewRecorded {
            interview,
            stage,
            notes: "The team answered every question on the lease.".to_owned(),
            attendees: attendees(&["Marta Sousa", "Ingrid Berg"]),
            about: vec![founder().id],
            at: day(200),
        },
    ]
}

pub(super) fn advanced(from: Stage, to: Stage, vote_id: Option<VoteId>) -> ApplicationEvent {
    ApplicationEvent::StageAdvanced {
        from,
        to,
        vote_id,
        policy_version: policy_version(),
        at: day(300),
    }
}

pub(super) fn signed(party: Party) -> ApplicationEvent {
    let signatory = match party {
        Party::Founders => founder(),
        Party::Association => secretary(),
    };
    ApplicationEvent::SignatureRecorded {
        party,
        signatory_id: signatory.id,
        signatory_name: signatory.name,
        at: day(900),
    }
}

// ---- histories ---------------------------------------------------------------------------

pub(super) fn opened() -> Vec<ApplicationEvent> {
    vec![application_opened()]
}

pub(super) fn eligible() -> Vec<ApplicationEvent> {
    let granted = ApplicationEvent::EligibilityGranted {
        note: None,
        policy_version: policy_version(),
        at: day(30),
    };
    [opened(), vec![granted]].concat()
}

/// Eligible, with Ana, Bruno and Chidi on the panel.
pub(super) fn eligible_with_panel() -> Vec<ApplicationEvent> {
    let panel = vec![assigned(&ana()), assigned(&bruno()), assigned(&chidi())];
    [eligible(), panel].concat()
}

/// Version 1 of each of `kinds`, each reviewed by Ana then Bruno recommending advance;
/// the reviews are numbered from `first_review`.
pub(super) fn reviewed_by_two(first_review: u32, kinds: &[DocumentKind]) -> Vec<ApplicationEvent> {
    let mut events = Vec::new();
    let mut review = first_review;
    for &kind in kinds {
        events.push(submitted(kind, 1));
        for panelist in [ana(), bruno()] {
            events.push(review_filed(
                review,
                &panelist,
                kind,
                1,
                Recommendation::Advance,
            ));
            review += 1;
        }
    }
    events
}

/// Eligible and meeting the `pre_candidate` gate: the preliminary report's version 1 has
/// reviews 1 (Ana) and 2 (Bruno) recommending advance.
pub(super) fn pre_candidate_ready() -> Vec<ApplicationEvent> {
    [
        eligible_with_panel(),
        reviewed_by_two(1, &[DocumentKind::PreliminaryReport]),
    ]
    .concat()
}

pub(super) fn pre_candidate() -> Vec<ApplicationEvent> {
    let advance = advanced(Stage::Eligible, Stage::PreCandidate, None);
    [pre_candidate_ready(), vec![advance]].concat()
}

/// The documents of the `candidate` gate, with reviews 3 to 8.
pub(super) fn candidacy_dossier() -> Vec<ApplicationEvent> {
    use DocumentKind::*;
    reviewed_by_two(
        3,
        &[FeasibilityStudy, FinancialProjection, CommunityStrategy],
    )
}

/// A pre-candidate meeting the `candidate` gate but its vote: the dossier is reviewed and
/// interview 1 was held in `pre_candidate`.
pub(super) fn candidate_ready() -> Vec<ApplicationEvent> {
    [
        pre_candidate(),
        candidacy_dossier(),
        interview_held(1, Stage::PreCandidate),
    ]
    .concat()
}

pub(super) fn candidate() -> Vec<ApplicationEvent> {
    let advance = advanced(
        Stage::PreCandidate,
        Stage::Candidate,
        Some(candidacy_vote()),
    );
    [candidate_ready(), vec![advance]].concat()
}

/// The documents of the `approved` gate, with reviews 9 to 12.
pub(super) fn approval_dossier() -> Vec<ApplicationEvent> {
    reviewed_by_two(9, &[DocumentKind::FuturePlan, DocumentKind::SpaceDesign])
}

/// A candidate meeting the `approved` gate but its votes: the dossier is reviewed and
/// interview 2 was held in `candidate`.
pub(super) fn approved_ready() -> Vec<ApplicationEvent> {
    [
        candidate(),
        approval_dossier(),
        interview_held(2, Stage::Candidate),
    ]
    .concat()
}

/// The committee's vote on the `approved` gate passed, recorded while the gate awaits the
/// network's.
pub(super) fn gate_vote_passed(
    vote_id: VoteId,
    to: Stage,
    electorate: Electorate,
) -> ApplicationEvent {
    ApplicationEvent::GateVotePassed {
        vote_id,
        to,
        electorate,
        at: day(290),
    }
}

/// A candidate meeting the `approved` gate but the network's vote: the committee's has
/// passed.
pub(super) fn approved_by_committee() -> Vec<ApplicationEvent> {
    let committee = gate_vote_passed(approval_vote(), Stage::Approved, Electorate::Committee);
    [approved_ready(), vec![committee]].concat()
}

/// Approved: the committee's vote passed, then the network's, which advanced it.
pub(super) fn approved() -> Vec<ApplicationEvent> {
    let advance = advanced(
        Stage::Candidate,
        Stage::Approved,
        Some(network_approval_vote()),
    );
    [approved_by_committee(), vec![advance]].concat()
}

pub(super) fn initiative() -> Vec<ApplicationEvent> {
    let both_signed = vec![
        signed(Party::Founders),
        signed(Party::Association),
        advanced(Stage::Approved, Stage::Initiative, None),
    ];
    [approved(), both_signed].concat()
}

/// Rejected by the secretariat at the eligibility gate.
pub(super) fn rejected() -> Vec<ApplicationEvent> {
    let rejection = ApplicationEvent::ApplicationRejected {
        stage: Stage::Applied,
        reason: "The city already has a hub in the network.".to_owned(),
        vote_id: None,
        at: day(20),
    };
    [opened(), vec![rejection]].concat()
}

/// Withdrawn by the founders while eligible.
pub(super) fn withdrawn() -> Vec<ApplicationEvent> {
    let withdrawal = ApplicationEvent::ApplicationWithdrawn {
        stage: Stage::Eligible,
        reason: None,
        at: day(50),
    };
    [eligible_with_panel(), vec![withdrawal]].concat()
}

/// Every history that takes no further changes, with the stage it ended in.
pub(super) fn ended() -> Vec<(Stage, Vec<ApplicationEvent>)> {
    vec![
        (Stage::Rejected, rejected()),
        (Stage::Withdrawn, withdrawn()),
        (Stage::Initiative, initiative()),
    ]
}
