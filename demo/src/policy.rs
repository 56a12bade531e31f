//! The policy the demo network is told under when no other is given.
//!
//! Under the default policy the network votes only on approvals, in a secret ballot. The
//! demo's history should show the member hubs deciding in open ballots as well, so its own
//! policy (`demo/policy.toml`) sends appeals to the network in an open ballot; everything
//! else is the default's, which a test below keeps true as the default changes.

use charter_domain::policy::PolicyError;
use charter_domain::Policy;

/// The demo's policy file, embedded in the build.
pub const DEMO_POLICY: &str = include_str!("../policy.toml");

/// The demo's policy: the default with appeals decided by the network in an open ballot.
pub fn policy() -> Result<Policy, PolicyError> {
    Policy::from_toml(DEMO_POLICY)
}

#[cfg(test)]
mod tests {
    use super::policy;
    use charter_domain::policy::{Ballot, Electorate};
    use charter_domain::Policy;

    #[test]
    fn the_demo_policy_is_the_default_with_appeals_put_to_the_network_in_an_open_ballot() {
        let demo = policy().expect("the demo's policy file is valid");
        let default = Policy::default();
        assert_ne!(demo.version, default.version, "a policy of its own");
        assert_eq!(demo.motions.appeal.electorate, Electorate::Network);
        assert_eq!(demo.motions.appeal.ballot, Ballot::Open);
        let mut same = demo.clone();
        same.version = default.version.clone();
        same.motions.appeal = default.motions.appeal.clone();
        assert_eq!(
            same, default,
            "the demo's policy differs only in its appeals"
        );
    }
}
