//! The application refuses a role the table of who may give which command leaves out,
//! whatever the command and the state.

use super::properties::{actor, command};
use super::*;
use cqrs_es::Aggregate;
use proptest::prelude::*;

proptest! {
    #[test]
    fn every_role_the_table_leaves_out_is_refused_before_anything_else(
        actor in actor(),
        command in command(),
        opened in any::<bool>(),
    ) {
        let mut application = Application::default();
        let history = if opened { candidate_ready() } else { Vec::new() };
        for event in history {
            application.apply(event);
        }
        let kind = command.kind();
        let role = actor.role;
        let opens = matches!(command, ApplicationCommand::Open { .. });
        let decided = application.decide(Authored::new(actor, now(), command), &Policy::default());
        // Only an opened application, or an opening, gets as far as the role.
        if !kind.permits(role) && (opened || opens) {
            prop_assert_eq!(
                decided,
                Err(ApplicationError::RoleNotPermitted { role, action: kind.action() })
            );
        }
    }
}
