//! A whole road from `applied` to `initiative`, driven through the aggregate one command at
//! a time, then replayed from its events alone.

use super::*;
use cqrs_es::Aggregate;
use DocumentKind::{
    CommunityStrategy, FeasibilityStudy, FinancialProjection, FuturePlan, PreliminaryReport,
    SpaceDesign,
};

/// The events `command`, issued by `actor` on day `on`, adds to `history`.
async fn decided(
    history: &[ApplicationEvent],
    actor: Actor,
    on: i64,
    command: ApplicationCommand,
) -> Vec<ApplicationEvent> {
    let action = command.action();
    given(history.to_vec())
        .when_async(Authored::new(actor, day(on), command))
        .await
        .inspect_result()
        .unwrap_or_else(|refusal| panic!("day {on}, {action}: {refusal}"))
}

fn submit(kind: DocumentKind) -> ApplicationCommand {
    ApplicationCommand::SubmitDocument {
        kind,
        sha256: digest(kind, 1),
        size: 48_213,
        media_type: "application/pdf".to_owned(),
        file_name: format!("{kind}.pdf"),
    }
}

fn review(kind: DocumentKind) -> ApplicationCommand {
    ApplicationCommand::FileReview {
        kind,
        version: 1,
        assessment: assessment(Recommendation::Advance),
    }
}

/// The commands of the journey, in order, each with who issues it and on which day.
fn journey() -> Vec<(Actor, i64, ApplicationCommand)> {
    let open = ApplicationCommand::Open {
        application_id: application_id(),
        city: "Porto".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Porto".to_owned(),
        founders: vec![Founder {
            person_id: founder().id,
            name: "Marta Sousa".to_owned(),
            email: "marta@hubporto.pt".to_owned(),
        }],
    };
    let assign = |panelist: Actor| ApplicationCommand::AssignPanelist {
        panelist_id: panelist.id,
        name: panelist.name,
    };
    let advance = |to, vote: Option<VoteDecision>| ApplicationCommand::AdvanceStage { to, vote };
    let interview = |interview, on| {
        [
            (
                secretary(),
                on,
                ApplicationCommand::ScheduleInterview {
                    scheduled_for: day(on + 14),
                    location: "Rua do Almada 10, Porto".to_owned(),
                },
            ),
            (
                secretary(),
                on + 14,
                ApplicationCommand::RecordInterview {
                    interview,
                    notes: "A convincing team.".to_owned(),
                    attendees: attendees(&["Marta Sousa", "Ingrid Berg"]),
                },
            ),
        ]
    };

    let mut steps = vec![
        (founder(), 0, open),
        (
            secretary(),
            30,
            ApplicationCommand::GrantEligibility { note: None },
        ),
        (secretary(), 40, assign(ana())),
        (secretary(), 40, assign(bruno())),
    ];
    let dossiers: [(&[DocumentKind], i64); 3] = [
        (&[PreliminaryReport], 60),
        (
            &[FeasibilityStudy, FinancialProjection, CommunityStrategy],
            400,
        ),
        (&[FuturePlan, SpaceDesign], 750),
    ];
    // Each gate with the passed votes the secretariat carries out, in order, a day apart:
    // the approval gate takes the committee's vote, then the network's.
    let gates = [
        (Stage::PreCandidate, vec![]),
        (
            Stage::Candidate,
            vec![passed_advance(candidacy_vote(), Stage::Candidate)],
        ),
        (
            Stage::Approved,
            vec![
                passed_advance(approval_vote(), Stage::Approved),
                passed_network_advance(network_approval_vote(), Stage::Approved),
            ],
        ),
    ];
    for (i, ((kinds, on), (to, votes))) in dossiers.into_iter().zip(gates).enumerate() {
        for &kind in kinds {
            steps.push((founder(), on, submit(kind)));
            steps.push((ana(), on + 30, review(kind)));
            steps.push((bruno(), on + 31, review(kind)));
        }
        if to != Stage::PreCandidate {
            let number = u32::try_from(i).expect("few interviews");
            steps.extend(interview(number, on + 60));
        }
        if votes.is_empty() {
            steps.push((secretary(), on + 100, advance(to, None)));
        }
        for (later, vote) in (100..).zip(votes) {
            steps.push((secretary(), on + later, advance(to, Some(vote))));
        }
    }
    steps.push((founder(), 900, ApplicationCommand::Sign));
    steps.push((secretary(), 910, ApplicationCommand::Sign));
    steps
}

#[tokio::test]
async fn replaying_a_whole_journey_from_its_events_makes_an_initiative() {
    let mut history = Vec::new();
    for (actor, on, command) in journey() {
        let events = decided(&history, actor, on, command).await;
        history.extend(events);
    }

    let mut replayed = Application::default();
    for event in history.iter().cloned() {
        replayed.apply(event);
    }

    assert_eq!(replayed.stage(), Some(Stage::Initiative));
    assert_eq!(replayed.id(), Some(application_id()));
    assert_eq!(replayed.stage_since(), Some(day(910)));
    assert_eq!(
        replayed.latest_document(SpaceDesign).map(|doc| doc.version),
        Some(1)
    );
    let advances: Vec<(Stage, Stage)> = history
        .iter()
        .filter_map(|event| match event {
            ApplicationEvent::StageAdvanced { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        advances,
        vec![
            (Stage::Eligible, Stage::PreCandidate),
            (Stage::PreCandidate, Stage::Candidate),
            (Stage::Candidate, Stage::Approved),
            (Stage::Approved, Stage::Initiative),
        ]
    );
    // The committee's approval was recorded while the gate awaited the network's, whose
    // vote then advanced the application.
    let approval: Vec<(Option<Electorate>, Option<VoteId>)> = history
        .iter()
        .filter_map(|event| match event {
            ApplicationEvent::GateVotePassed {
                vote_id,
                to: Stage::Approved,
                electorate,
                ..
            } => Some((Some(*electorate), Some(*vote_id))),
            ApplicationEvent::StageAdvanced {
                to: Stage::Approved,
                vote_id,
                ..
            } => Some((None, *vote_id)),
            _ => None,
        })
        .collect();
    assert_eq!(
        approval,
        vec![
            (Some(Electorate::Committee), Some(approval_vote())),
            (None, Some(network_approval_vote())),
        ]
    );
}
