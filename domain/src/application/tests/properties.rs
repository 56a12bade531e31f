//! Properties over any sequence of commands, by anyone, in any order: a refused command
//! emits nothing and changes nothing; replaying the emitted events (as stored, through JSON)
//! rebuilds exactly the state the commands left; deciding is deterministic.

use super::*;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use proptest::prelude::*;
use DocumentKind::*;

const KINDS: [DocumentKind; 3] = [PreliminaryReport, FeasibilityStudy, FinancialProjection];

fn kind() -> impl Strategy<Value = DocumentKind> {
    prop::sample::select(KINDS.to_vec())
}

fn recommendation() -> impl Strategy<Value = Recommendation> {
    prop::sample::select(vec![
        Recommendation::Advance,
        Recommendation::Revise,
        Recommendation::Reject,
    ])
}

fn stage() -> impl Strategy<Value = Stage> {
    prop::sample::select(Stage::ALL.to_vec())
}

fn motion() -> impl Strategy<Value = Motion> {
    prop_oneof![
        stage().prop_map(|to| Motion::Advance { to }),
        Just(Motion::Reject {
            grounds: rejection_grounds()
        }),
        Just(Motion::Appeal),
    ]
}

fn vote() -> impl Strategy<Value = VoteDecision> {
    (
        0u128..4,
        motion(),
        prop::sample::select(vec![Outcome::Passed, Outcome::Failed, Outcome::NoQuorum]),
        any::<bool>(),
    )
        .prop_map(|(n, motion, outcome, ours)| {
            let mut vote = decided_vote(VoteId(Uuid::from_u128(0x7000 + n)), motion, outcome);
            if !ours {
                vote.application_id = ApplicationId(Uuid::from_u128(0xB992));
            }
            vote
        })
}

/// Anyone who might send a command: founders (of this application and another), the
/// secretariat, three panelists, a committee member and Charter itself.
pub(super) fn actor() -> impl Strategy<Value = Actor> {
    prop::sample::select(vec![
        founder(),
        founder_of_another_application(),
        secretary(),
        ana(),
        bruno(),
        chidi(),
        committee_member(),
        Actor::system("property test"),
    ])
}

pub(super) fn command() -> impl Strategy<Value = ApplicationCommand> {
    use ApplicationCommand::*;
    let panelist = prop::sample::select(vec![ana(), bruno(), chidi()]);
    prop_oneof![
        Just(Open {
            application_id: application_id(),
            city: "Lisbon".to_owned(),
            country: "PT".to_owned(),
            hub_name: "Impact Hub Lisbon".to_owned(),
            founders: vec![Founder {
                person_id: founder().id,
                name: "Marta Sousa".to_owned(),
                email: "marta@lisbon.example".to_owned(),
            }],
        }),
        Just(GrantEligibility { note: None }),
        (kind(), 1u32..4).prop_map(|(kind, n)| SubmitDocument {
            kind,
            sha256: digest(kind, n),
            size: 1_000,
            media_type: "application/pdf".to_owned(),
            file_name: "dossier.pdf".to_owned(),
        }),
        panelist.prop_map(|p| AssignPanelist {
            panelist_id: p.id,
            name: p.name,
        }),
        Just(DeclareConflict {
            reason: "I mentored the team".to_owned()
        }),
        (kind(), 1u32..4, recommendation()).prop_map(|(kind, version, r)| FileReview {
            kind,
            version,
            assessment: assessment(r),
        }),
        (1u32..5, recommendation()).prop_map(|(review, r)| ReviseReview {
            review,
            assessment: assessment(r),
        }),
        (1u32..5, 1u32..4).prop_map(|(review, revision)| ReleaseFeedback {
            review,
            revision,
            note: None,
        }),
        (kind(), -5i64..60).prop_map(|(kind, days)| RequestRevision {
            kind,
            deadline: now() + TimeDelta::days(days),
            reason: "More detail, please".to_owned(),
        }),
        (-3i64..3).prop_map(|days| ScheduleInterview {
            scheduled_for: now() + TimeDelta::days(days),
            location: "Lisbon".to_owned(),
        }),
        (1u32..4, -3i64..3).prop_map(|(interview, days)| RescheduleInterview {
            interview,
            scheduled_for: now() + TimeDelta::days(days),
            location: "Porto".to_owned(),
        }),
        (1u32..4).prop_map(|interview| RecordInterview {
            interview,
            notes: "Went well".to_owned(),
            attendees: attendees(&["Marta Sousa"]),
        }),
        (1u32..4).prop_map(|interview| CancelInterview {
            interview,
            reason: "Illness".to_owned(),
        }),
        (stage(), prop::option::of(vote())).prop_map(|(to, vote)| AdvanceStage { to, vote }),
        prop::option::of(vote()).prop_map(|vote| Reject {
            reason: "Not a fit".to_owned(),
            vote
        }),
        (1u32..4).prop_map(|request| MarkRevisionOverdue { request }),
        Just(LodgeAppeal {
            grounds: "Look again".to_owned()
        }),
        vote().prop_map(|vote| DecideAppeal { vote }),
        Just(Withdraw { reason: None }),
        Just(Sign),
    ]
}

/// A command, who sends it, and how many days after the previous one.
fn step() -> impl Strategy<Value = (Actor, ApplicationCommand, i64)> {
    (actor(), command(), 0i64..40)
}

fn run(steps: Vec<(Actor, ApplicationCommand, i64)>) -> Result<(), TestCaseError> {
    run_after(Vec::new(), steps)
}

/// Runs `steps` on the application `history` left.
fn run_after(
    history: Vec<ApplicationEvent>,
    steps: Vec<(Actor, ApplicationCommand, i64)>,
) -> Result<(), TestCaseError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let services = ApplicationServices::new(Arc::new(Policy::default()));
    let mut state = Application::default();
    let mut stored: Vec<String> = Vec::new();
    for event in history {
        stored.push(serde_json::to_string(&event).map_err(|e| TestCaseError::fail(e.to_string()))?);
        state.apply(event);
    }
    let mut at = day(200);
    for (actor, command, days) in steps {
        at += TimeDelta::days(days);
        let authored = Authored::new(actor, at, command);
        // Deciding is pure and deterministic.
        let decided = state.decide(authored.clone(), &services.policy);
        prop_assert_eq!(&decided, &state.decide(authored.clone(), &services.policy));

        let before = state.clone();
        let sink = EventSink::default();
        let handled = runtime.block_on(state.handle(authored, &services, &sink));
        let emitted = runtime.block_on(sink.collect());
        match handled {
            Err(error) => {
                prop_assert!(
                    emitted.is_empty(),
                    "refused ({error}) yet emitted {emitted:?}"
                );
                prop_assert_eq!(&state, &before, "a refusal changed the state");
                prop_assert_eq!(decided, Err(error));
            }
            Ok(()) => {
                prop_assert_eq!(decided, Ok(emitted.clone()));
                for event in emitted {
                    stored.push(serde_json::to_string(&event).map_err(|e| {
                        TestCaseError::fail(format!("an event does not serialize: {e}"))
                    })?);
                }
            }
        }
    }
    // What the store holds rebuilds the same state.
    let mut replayed = Application::default();
    for json in &stored {
        let event: ApplicationEvent = serde_json::from_str(json)
            .map_err(|e| TestCaseError::fail(format!("a stored event does not load: {e}")))?;
        replayed.apply(event);
    }
    prop_assert_eq!(replayed, state);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_commands_replays_to_the_same_state(steps in prop::collection::vec(step(), 1..60)) {
        run(steps)?;
    }

    /// From a dossier with documents, a panel, reviews and an interview, so that reviews
    /// are revised and released, revisions requested and answered, gates passed.
    #[test]
    fn sequences_from_a_full_dossier_replay_to_the_same_state(
        steps in prop::collection::vec(
            (prop::sample::select(vec![secretary(), founder(), ana(), bruno(), chidi()]), command(), 0i64..20),
            1..80,
        )
    ) {
        run_after(candidate_ready(), steps)?;
    }

    /// Mostly the secretariat and the founders after an opening, so that sequences get
    /// deep into the pipeline rather than being refused at the door.
    #[test]
    fn deep_sequences_replay_to_the_same_state(
        steps in prop::collection::vec(
            (prop::sample::select(vec![secretary(), founder(), ana(), bruno(), Actor::system("t")]), command(), 0i64..40),
            1..120,
        )
    ) {
        let open = (founder(), ApplicationCommand::Open {
            application_id: application_id(),
            city: "Lisbon".to_owned(),
            country: "PT".to_owned(),
            hub_name: "Impact Hub Lisbon".to_owned(),
            founders: vec![Founder { person_id: founder().id, name: "Marta Sousa".to_owned(), email: "marta@lisbon.example".to_owned() }],
        }, 0);
        run(std::iter::once(open).chain(steps).collect())?;
    }
}
