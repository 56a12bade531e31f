//! The vote refuses a role exactly where the table of who may give which command does.

use super::*;

/// One command of each kind.
fn every_kind() -> Vec<VoteCommand> {
    vec![
        VoteCommand::Open {
            vote_id: vote_id(),
            subject: VoteSubject {
                passed: Vec::new(),
                application_id: application_id(),
                stage: Stage::PreCandidate,
                appeal_pending: false,
            },
            motion: Motion::Advance {
                to: Stage::Candidate,
            },
            electors: Electors {
                committee: electorate(),
                hubs: Vec::new(),
            },
            asked: None,
            closes_at: None,
        },
        cast(Choice::Yes, None),
        VoteCommand::Recuse {
            delegation: None,
            reason: "I advised the founders.".to_owned(),
        },
        close(None),
    ]
}

#[test]
fn every_role_the_table_leaves_out_is_refused_before_anything_else() {
    let vote = replayed(&open_ballot_vote());
    let roles = Role::ALL.into_iter().chain([Role::System]);
    for role in roles {
        for command in every_kind() {
            let kind = command.kind();
            let decided = vote.decide(by(actor(5, "Pat Doe", role), command), &policy());
            let refused = Err(VoteError::RoleNotPermitted {
                role,
                action: kind.action(),
            });
            assert_eq!(decided == refused, !kind.permits(role), "{role} {kind:?}");
        }
    }
}
