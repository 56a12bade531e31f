//! The `charter` command line.

use crate::commands::enrolment::{enroll, Enrolment};
use crate::commands::{CommandBus, CommandContext};
use crate::demo;
use crate::server::{stop_signal, Server};
use crate::settings::{load_policy, MailSettings, MailTransport, Settings};
use charter_domain::roster::{Roster, RosterServices};
use charter_domain::{Actor, ApplicationId, PersonId};
use charter_store::db;
use tokio_util::sync::CancellationToken;

mod args;
pub mod audit;
mod projections;
mod token_args;
mod tokens;

pub use args::{
    AuditCommand, Cli, Command, IssueArgs, PeopleCommand, PolicyCommand, ProjectionsCommand,
    RevokeArgs, RoleArg, ServeArgs, TokenCommand, VerifyArgs,
};

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // Showing the policy needs no database.
    if let Command::Policy {
        command: PolicyCommand::Show { policy },
    } = &cli.command
    {
        print!("{}", load_policy(policy.as_deref())?.to_toml());
        return Ok(());
    }
    let pool = db::connect(&cli.database_url, cli.db_connections).await?;
    db::migrate(&pool).await?;
    // Every command may seal or open a key (the first start wraps the keys an earlier
    // version kept in the clear).
    charter_store::keys::open(&cli.key_dir, &pool).await?;
    match cli.command {
        Command::Policy { .. } => {}
        Command::Migrate => {
            println!("migrations applied");
            projections::rebuild_due(&pool).await?;
        }
        Command::Demo {
            policy,
            mail,
            scale,
        } => {
            let policy = load_policy(policy.as_deref())?;
            let mail = mail.settings(std::net::SocketAddr::from(([127, 0, 0, 1], 8080)));
            say_where_mail_goes(&mail);
            let report =
                demo::load_scaled(&pool, &policy, &mail, &cli.key_dir, usize::from(scale)).await?;
            print!("{report}");
            println!("\nServe it with `charter serve` (the same --database-url).");
        }
        Command::Serve(args) => {
            let policy = load_policy(args.policy.as_deref())?;
            tracing::info!(policy = %policy.version, "gate policy loaded");
            let mail = args.mail.settings(args.listen);
            say_where_mail_goes(&mail);
            if args.demo {
                match demo::events_in_store(&pool).await? {
                    0 => {
                        tracing::info!("loading the demo network");
                        print!("{}", demo::load(&pool, &policy, &mail, &cli.key_dir).await?);
                        println!(
                            "\nServing it at http://{} (the API page is at /docs).",
                            args.listen
                        );
                    }
                    events => tracing::info!(
                        events,
                        "the event store is not empty; serving it without loading the demo"
                    ),
                }
            }
            let settings = Settings {
                listen: args.listen,
                max_upload_bytes: args.max_upload_bytes,
                max_json_bytes: args.max_json_bytes,
                policy,
                mail,
                notifications: !args.no_notifications,
                key_dir: cli.key_dir.clone(),
                anchor_dir: cli.anchor_dir.clone(),
                checkpoint_interval: Some(std::time::Duration::from_secs(
                    args.checkpoint_interval_seconds,
                )),
                timeouts: args.timeouts(),
                cors_origins: args.cors_origins.clone(),
                ..Settings::default()
            };
            let server = Server::build(settings, pool).await?;
            let shutdown = CancellationToken::new();
            let stop = shutdown.clone();
            tokio::spawn(async move {
                stop_signal().await;
                stop.cancel();
            });
            server.run_until_stopped(shutdown).await?;
        }
        Command::Audit { command } => match command {
            AuditCommand::Verify(args) => {
                let report = audit::verify(&pool, &cli.key_dir, &args).await?;
                print!("{report}");
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
            ProjectionsCommand::Status => projections::status(&pool).await?,
            ProjectionsCommand::Rebuild { name, batch_size } => {
                projections::rebuild(&pool, name.as_deref(), batch_size).await?
            }
        },
        Command::Token {
            command: TokenCommand::Issue(args),
        } => {
            let policy = load_policy(args.policy.as_deref())?;
            let roster = CommandBus::<Roster>::new(pool.clone(), RosterServices, 10);
            let now = chrono::Utc::now();
            let enrolment = Enrolment {
                role: args.role.into(),
                name: args.name,
                email: args.email,
                person: args.person.map(PersonId),
                application: args.application.map(ApplicationId),
                expertise: args.expertise,
                expires_at: args
                    .expires_in_days
                    .map(|days| now + chrono::Duration::days(i64::from(days))),
            };
            let issued = enroll(&pool, &roster, &policy, now, enrolment)
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            println!("token:       {}", issued.token);
            println!("token id:    {}", issued.token_id);
            println!("person:      {}", issued.person);
            if let Some(application) = issued.application {
                println!("application: {application}");
            }
            eprintln!("The token is shown only this once; Charter keeps only its hash.");
        }
        Command::Token {
            command: TokenCommand::Revoke(args),
        } => {
            tokens::revoke(&pool, args).await?;
        }
        Command::Token {
            command: TokenCommand::List { person },
        } => {
            tokens::list(&pool, PersonId(person)).await?;
        }
    }
    Ok(())
}

/// Says at start where messages go, so that mail written into a maildir can be found.
fn say_where_mail_goes(mail: &MailSettings) {
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
