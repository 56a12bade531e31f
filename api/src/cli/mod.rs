//! The `charter` command line.

use crate::commands::{CommandBus, CommandContext};
use crate::demo;
use crate::settings::{load_policy, MailSettings, MailTransport};
use charter_domain::roster::{Roster, RosterServices};
use charter_domain::{Actor, PersonId};
use charter_store::db;
use std::process::ExitCode;
use std::time::Duration;

mod args;
pub mod audit;
mod migrations;
mod projections;
mod serve;
mod serve_args;
mod token_args;
mod tokens;

pub use args::{
    AuditCommand, Cli, Command, IssueArgs, MailArgs, PeopleCommand, PolicyCommand,
    ProjectionsCommand, RevokeArgs, RoleArg, ServeArgs, TokenCommand, VerifyArgs,
};

/// The `charter` program: parses `args` (the program's name first), sets up the logs as
/// they ask and runs the command. `main.rs` is this and nothing else.
pub async fn main(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match <Cli as clap::Parser>::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and --version are "errors" too, printed to standard output.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    crate::telemetry::init_as(cli.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // Showing the policy and the completions need no database.
    match &cli.command {
        Command::Policy {
            command: PolicyCommand::Show { policy },
        } => {
            print!("{}", load_policy(policy.as_deref())?.to_toml());
            return Ok(());
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "charter", &mut std::io::stdout());
            return Ok(());
        }
        _ => {}
    }
    // Only the commands that set a store up create its database: any other, given a URL
    // with a typo, would report on an empty store made up on the spot.
    let pool = match &cli.command {
        Command::Serve(args) => {
            serve::connect_patiently(
                &cli.database_url,
                cli.db_connections,
                Duration::from_secs(args.db_wait_seconds),
            )
            .await?
        }
        Command::Migrate { .. } | Command::Demo { .. } => {
            db::connect(&cli.database_url, cli.db_connections).await?
        }
        _ => db::connect_existing(&cli.database_url, cli.db_connections).await?,
    };
    let applied_before = match &cli.command {
        Command::Migrate { .. } => migrations::applied(&pool).await?,
        _ => Vec::new(),
    };
    db::migrate(&pool).await?;
    // Every command may seal or open a key (the first start wraps the keys an earlier
    // version kept in the clear).
    charter_store::keys::open(&cli.key_dir, &pool).await?;
    match cli.command {
        Command::Policy { .. } | Command::Completions { .. } => {}
        Command::Migrate { json } => {
            migrations::report(&pool, &applied_before, json).await?;
        }
        Command::Demo {
            policy,
            mail,
            scale,
        } => {
            // The demo's own policy unless another is given.
            let policy = match policy {
                Some(path) => load_policy(Some(&path))?,
                None => demo::policy()?,
            };
            let mail = mail.settings(std::net::SocketAddr::from(([127, 0, 0, 1], 8080)));
            say_where_mail_goes(&mail);
            let report =
                demo::load_scaled(&pool, &policy, &mail, &cli.key_dir, usize::from(scale)).await?;
            print!("{report}");
            println!(
                "\nServe it with `charter serve --demo` (the same --database-url): on a store \
                 that holds events it loads nothing, and serves under the demo's policy."
            );
        }
        Command::Serve(args) => serve::serve(pool, &cli.key_dir, &cli.anchor_dir, args).await?,
        Command::Audit { command } => match command {
            AuditCommand::Verify { args, json } => {
                let report = audit::verify(&pool, &cli.key_dir, &args).await?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&report.to_json())?);
                } else {
                    print!("{report}");
                }
                report.into_result()?;
            }
            AuditCommand::Checkpoint { out } => {
                let checkpoint = audit::checkpoint(&pool, &cli.key_dir, &cli.anchor_dir).await?;
                let json = format!("{}\n", serde_json::to_string_pretty(&checkpoint)?);
                if let Some(out) = out {
                    std::fs::write(&out, &json)?;
                }
                print!("{json}");
            }
        },
        Command::People {
            command: PeopleCommand::Erase { id, policy },
        } => {
            let policy = load_policy(policy.as_deref())?;
            let roster = CommandBus::<Roster>::new(pool.clone(), RosterServices, 10);
            let erasure = crate::commands::erasure::erase(
                &pool,
                &roster,
                &policy,
                &CommandContext::of(Actor::system("erasure on request"), None),
                chrono::Utc::now(),
                PersonId(id),
            )
            .await
            .map_err(|error| anyhow::anyhow!("{error}"))?;
            println!(
                "erased the personal data of {id}: {} token(s) revoked, {} stored answer(s) \
                 forgotten; the read models scrub it when they reach position {}",
                erasure.tokens_revoked, erasure.stored_answers_forgotten, erasure.position
            );
        }
        Command::GrantServing { role } => {
            charter_store::roles::grant_serving(&pool, &role).await?;
            println!(
                "{role} may now serve this store; it can add events, never change or remove them"
            );
        }
        Command::Projections { command } => match command {
            ProjectionsCommand::Status { json } => projections::status(&pool, json).await?,
            ProjectionsCommand::Rebuild { name, batch_size } => {
                projections::rebuild(&pool, name.as_deref(), batch_size).await?
            }
        },
        Command::Token {
            command: TokenCommand::Issue(args),
        } => tokens::issue(&pool, args).await?,
        Command::Token {
            command: TokenCommand::Revoke(args),
        } => {
            tokens::revoke(&pool, args).await?;
        }
        Command::Token {
            command: TokenCommand::List { person, json },
        } => {
            tokens::list(&pool, PersonId(person), json).await?;
        }
    }
    Ok(())
}

/// Says at start where messages go, so that mail written into a maildir can be found.
pub(crate) fn say_where_mail_goes(mail: &MailSettings) {
    match &mail.transport {
        MailTransport::Smtp(url) => {
            // The host only: the URL may hold the mail server's password.
            let host = url.rsplit('@').next().unwrap_or(url).split('?').next();
            println!(
                "Mail is sent through the mail server at {}.",
                host.unwrap_or_default()
            );
        }
        MailTransport::Maildir(path) => println!(
            "No mail server configured (--smtp-url): messages are written into the maildir \
             {}, which any mail reader opens (e.g. `mutt -f {}`).",
            path.display(),
            path.display()
        ),
    }
}
