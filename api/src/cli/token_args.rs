//! The `charter token` subcommands' flags.

use charter_domain::Role;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a bearer token and print it once.
    Issue(IssueArgs),
    /// Revoke one token, or every token of a person: from its next request it is refused.
    Revoke(RevokeArgs),
    /// List a person's tokens, revoked and expired ones included (never their secrets).
    List {
        /// The person whose tokens to list.
        #[arg(long, value_name = "PERSON_ID")]
        person: Uuid,
        /// Print them as a JSON array, for scripts.
        #[arg(long)]
        json: bool,
    },
}

/// Exactly one of a token id and `--person`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["token_id", "person"])))]
pub struct RevokeArgs {
    /// The token to revoke (`charter token list` shows a person's token ids).
    pub token_id: Option<Uuid>,
    /// Revoke every token this person holds instead.
    #[arg(long, value_name = "PERSON_ID")]
    pub person: Option<Uuid>,
    /// Print what was done as one JSON object, for scripts: for a token, `revoked` (1, or
    /// 0 when it was revoked already) and the `token` as `token list` shows it; for
    /// `--person`, `person`, `revoked` and `held` (how many tokens they hold in all).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Applicant,
    Panelist,
    Committee,
    Secretariat,
    /// A delegate of a member hub: a new person with `--hub`, or `--person` for one who
    /// represents a hub already.
    Delegate,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Applicant => Role::Applicant,
            RoleArg::Panelist => Role::Panelist,
            RoleArg::Committee => Role::Committee,
            RoleArg::Secretariat => Role::Secretariat,
            RoleArg::Delegate => Role::Delegate,
        }
    }
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The holder's name, recorded as the actor of what they do.
    #[arg(long)]
    pub name: String,
    /// For an applicant: the application the token acts for (a new id when absent).
    #[arg(long)]
    pub application: Option<Uuid>,
    /// A person already on the roster (another token for them); without it a new person
    /// is registered, a panelist joins the panel pool and a committee member takes a seat
    /// from today.
    #[arg(long)]
    pub person: Option<Uuid>,
    /// For a delegate: the member hub they represent. A new person is registered and
    /// appointed its delegate from today; a person given with `--person` must represent it
    /// already.
    #[arg(long, value_name = "HUB_ID")]
    pub hub: Option<Uuid>,
    /// The new person's e-mail address.
    #[arg(long)]
    pub email: Option<String>,
    /// A new panelist's areas of expertise (repeat the flag for several).
    #[arg(long)]
    pub expertise: Vec<String>,
    /// Make the token expire after this many days.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub expires_in_days: Option<u32>,
    /// The policy file the server runs with, whose version the roster events record.
    #[arg(long, env = "CHARTER_POLICY")]
    pub policy: Option<PathBuf>,
    /// Print the token as one JSON object (`token`, `token_id`, `person`, `application`),
    /// for scripts.
    #[arg(long)]
    pub json: bool,
}
