//! The `charter` command line's subcommands, flags and environment variables.

use crate::telemetry::LogFormat;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use uuid::Uuid;

pub use super::serve_args::{MailArgs, ServeArgs};
pub use super::token_args::{IssueArgs, RevokeArgs, RoleArg, TokenCommand};

/// Charter: the application pipeline of a network of co-owned hubs.
#[derive(Debug, Parser)]
#[command(name = "charter", version = crate::telemetry::VERSION, about)]
pub struct Cli {
    /// The PostgreSQL database. Only `serve`, `migrate` and `demo` create it when it does
    /// not exist; every other command refuses a missing one.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        default_value = "postgres://postgres@localhost:5432/charter"
    )]
    pub database_url: String,
    /// The most database connections requests, commands and the background workers share
    /// (each kind of stream keeps the one its last append was written on); the read
    /// models' projector opens 3 more of its own (2 pooled, 1 holding its lock).
    #[arg(
        long,
        env = "CHARTER_DB_CONNECTIONS",
        global = true,
        default_value_t = 20,
        value_parser = clap::value_parser!(u32).range(1..=1000)
    )]
    pub db_connections: u32,
    /// How log lines are written to standard error: `text` (coloured on a terminal only)
    /// or `json`, one object a line.
    #[arg(
        long,
        env = "CHARTER_LOG_FORMAT",
        global = true,
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,
    /// The key directory, outside the database: the keys that open secret ballots and
    /// personal data, and the key that signs checkpoints of the history. Created, readable
    /// by this user only, at first start; back it up apart from the database, and give
    /// every server instance of one database the same one.
    #[arg(
        long,
        env = "CHARTER_KEY_DIR",
        global = true,
        default_value = crate::settings::DEFAULT_KEY_DIR
    )]
    pub key_dir: PathBuf,
    /// The anchor directory: the server (and `charter audit checkpoint`) writes every
    /// signed checkpoint of the history there as a JSON file. Copy them out of the
    /// server's reach (to the committee, another machine, write-once storage): a
    /// checkpoint kept only beside the database proves nothing against whoever runs it.
    #[arg(
        long,
        env = "CHARTER_ANCHOR_DIR",
        global = true,
        default_value = crate::settings::DEFAULT_ANCHOR_DIR
    )]
    pub anchor_dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API and run the projectors.
    Serve(ServeArgs),
    /// Apply pending migrations, carry out the read-model rebuilds they ask for, and exit.
    Migrate {
        /// Print what was done as one JSON object (`applied`, the versions of the
        /// migrations applied now; `schema_version`, the latest applied; `rebuilt`, the
        /// read models rebuilt), for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Manage bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Load a realistic sample network into an empty database: dozens of applications
    /// over several simulated years, driven through the real API. Refused when the event
    /// store already holds events.
    Demo {
        /// The policy the server will run with; the demo meets its gates. When absent, the
        /// demo's own (`demo/policy.toml`: the default, with appeals decided by the network).
        #[arg(long, env = "CHARTER_POLICY")]
        policy: Option<PathBuf>,
        /// Where the messages of the demo's history go.
        #[command(flatten)]
        mail: MailArgs,
        /// Tell every story this many times, in hubs of their own ("Lisbon 2", ...): a
        /// network this many times the demo's size, for measuring a longer history.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=100))]
        scale: u16,
    },
    /// The gate policy.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// The audit record.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The read models the projectors keep.
    Projections {
        #[command(subcommand)]
        command: ProjectionsCommand,
    },
    /// The people whose personal data Charter keeps.
    People {
        #[command(subcommand)]
        command: PeopleCommand,
    },
    /// Print a completion script for SHELL to standard output, e.g.
    /// `charter completions bash > /etc/bash_completion.d/charter`.
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Grant an existing PostgreSQL role what `charter serve` needs and no right to
    /// rewrite history: on the events and the document bytes it may read and insert only,
    /// and, not owning the tables, it cannot disable their triggers. Run as the tables'
    /// owner (who runs `charter migrate`, which grants it again on new tables); then serve
    /// with a DATABASE_URL that logs in as ROLE.
    GrantServing {
        /// The role, which must exist and be neither a superuser nor the tables' owner.
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Erase a person's personal data on their request: their name, e-mail address and the
    /// notes about them become unreadable everywhere, while the audit still verifies.
    /// Their tokens are revoked. Cannot be undone.
    Erase {
        /// The person on the roster, or the `person_id` of an application's founder.
        id: Uuid,
        /// The policy file the server runs with, whose version the event records.
        #[arg(long, env = "CHARTER_POLICY")]
        policy: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every aggregate's hash chain and every event's leaf in the history's
    /// Merkle tree, and check the store against the signed checkpoints given; exits with
    /// status 1 naming the first broken link or difference if the record was tampered
    /// with.
    Verify {
        #[command(flatten)]
        args: VerifyArgs,
        /// Print the report as one JSON object (`intact`, `chains`, `history`).
        #[arg(long)]
        json: bool,
    },
    /// Bring the history's Merkle tree up to date and sign a checkpoint of it now: printed
    /// as JSON, kept in the database and written to the anchor directory.
    Checkpoint {
        /// Also write the checkpoint to this file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// What `charter audit verify` checks the store against.
#[derive(Debug, Clone, Default, Args)]
pub struct VerifyArgs {
    /// A signed checkpoint (as `charter audit checkpoint` prints it, or from the anchor
    /// directory): the store must still contain its tree and extend it. Repeat for several.
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Vec<PathBuf>,
    /// The checkpoints' public key, hexadecimal (as `GET /api/v1/audit/public-key` gives
    /// it); by default the one of the signing key in the key directory.
    #[arg(long, value_name = "HEX")]
    pub public_key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProjectionsCommand {
    /// List the read models with their checkpoints and how far behind they are.
    Status {
        /// Print them as one JSON object (`read_models`, `rebuilds_due`).
        #[arg(long)]
        json: bool,
    },
    /// Rebuild read models from the first event beside the live ones, which the server
    /// keeps serving, then switch to the rebuilt tables in one transaction.
    Rebuild {
        /// The read model to rebuild (see `charter projections status`); all when absent.
        name: Option<String>,
        /// Events applied per transaction. While a batch's transactions are open, the live
        /// projectors cannot read events written after they began, so larger batches
        /// rebuild faster but add more lag to the live read models meanwhile (on a 2-core
        /// machine a batch of 2,000 took about 30 ms and rebuilt a million events at
        /// 60,000 a second; one of 1,000 about 17 ms, at 53,000 a second).
        #[arg(long, default_value_t = charter_projections::REBUILD_BATCH_SIZE, value_parser = clap::value_parser!(i64).range(1..=100_000))]
        batch_size: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Validate and print the policy the server would use.
    Show {
        /// A TOML policy file; the built-in default when absent.
        #[arg(long, env = "CHARTER_POLICY")]
        policy: Option<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Timeouts;
    use clap::error::ErrorKind;
    use clap::CommandFactory;
    use std::time::Duration;
    use uuid::Uuid;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("charter").chain(args.iter().copied()))
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn token_revoke_takes_a_token_id_or_a_person_but_not_both_nor_neither() {
        let id = Uuid::now_v7().to_string();
        let one = parse(&["token", "revoke", &id]).map(|cli| cli.command);
        assert!(matches!(
            one,
            Ok(Command::Token {
                command: TokenCommand::Revoke(RevokeArgs {
                    token_id: Some(_),
                    person: None,
                    json: false,
                })
            })
        ));
        let all = parse(&["token", "revoke", "--person", &id, "--json"]).map(|cli| cli.command);
        assert!(matches!(
            all,
            Ok(Command::Token {
                command: TokenCommand::Revoke(RevokeArgs {
                    token_id: None,
                    person: Some(_),
                    json: true,
                })
            })
        ));
        assert!(parse(&["token", "revoke", &id, "--person", &id]).is_err());
        assert!(parse(&["token", "revoke"]).is_err());
        assert!(parse(&["token", "list"]).is_err(), "list needs --person");
    }

    #[test]
    fn the_timeouts_have_defaults_and_take_whole_seconds() {
        let serve = |args: &[&str]| match parse(args).map(|cli| cli.command) {
            Ok(Command::Serve(serve)) => Some(serve.timeouts()),
            _ => None,
        };
        assert_eq!(serve(&["serve"]), Some(Timeouts::default()));
        let set =
            serve(&["serve", "--header-timeout", "2", "--body-timeout", "300"]).expect("parsed");
        assert_eq!(set.header, Duration::from_secs(2));
        assert_eq!(set.body, Duration::from_secs(300));
        assert_eq!(set.request, Timeouts::default().request);
        assert_eq!(serve(&["serve", "--header-timeout", "0"]), None);
    }

    #[test]
    fn numbers_out_of_range_are_refused_when_the_command_line_is_read() {
        let refused = |args: &[&str]| parse(args).err().map(|error| error.kind());
        assert_eq!(
            refused(&["--db-connections", "0", "migrate"]),
            Some(ErrorKind::ValueValidation)
        );
        assert_eq!(refused(&["--db-connections", "5", "migrate"]), None);
        assert_eq!(
            refused(&["serve", "--max-upload-bytes", "0"]),
            Some(ErrorKind::ValueValidation)
        );
        assert_eq!(
            refused(&["serve", "--db-wait-seconds", "3601"]),
            Some(ErrorKind::ValueValidation)
        );
        let id = Uuid::now_v7().to_string();
        let issue = ["token", "issue", "--role", "panelist", "--name", "P"];
        let expiring = |days: &str| {
            let mut args = issue.to_vec();
            args.extend(["--expires-in-days", days, "--person", &id]);
            refused(&args)
        };
        assert_eq!(expiring("0"), Some(ErrorKind::ValueValidation));
        assert_eq!(expiring("30"), None);
    }
}
