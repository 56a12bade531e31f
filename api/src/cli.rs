//! The `charter` command line.

use crate::commands::Commands;
use crate::people::{enroll, Enrolment};
use crate::settings::{load_policy, Settings};
use crate::startup::{stop_signal, Application};
use crate::{db, demo};
use charter_domain::roster::{Roster, RosterServices};
use charter_domain::{ApplicationId, PersonId, Role};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// Charter: the application pipeline of a network of co-owned hubs.
#[derive(Debug, Parser)]
#[command(name = "charter", version, about)]
pub struct Cli {
    /// The PostgreSQL database; created if it does not exist.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        default_value = "postgres://postgres@localhost:5432/charter"
    )]
    pub database_url: String,
    /// The most database connections the process opens.
    #[arg(
        long,
        env = "CHARTER_DB_CONNECTIONS",
        global = true,
        default_value_t = 20
    )]
    pub db_connections: u32,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API and run the projectors.
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Load a realistic sample network into an empty database: dozens of applications
    /// over several simulated years, driven through the real API. Refused when the event
    /// store already holds events.
    Demo {
        /// The policy the server will run with; the demo meets its gates.
        #[arg(long, env = "CHARTER_POLICY")]
        policy: Option<PathBuf>,
    },
    /// The gate policy.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
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

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CHARTER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// A TOML gate policy; the built-in default policy when absent.
    #[arg(long, env = "CHARTER_POLICY")]
    pub policy: Option<PathBuf>,
    /// The largest document upload accepted, in bytes.
    #[arg(long, env = "CHARTER_MAX_UPLOAD_BYTES", default_value_t = 25 * 1024 * 1024)]
    pub max_upload_bytes: usize,
    /// The largest JSON body accepted, in bytes.
    #[arg(long, env = "CHARTER_MAX_JSON_BYTES", default_value_t = 256 * 1024)]
    pub max_json_bytes: usize,
    /// Load the demo network first when the event store is empty (as `charter demo`);
    /// with events already there, serve them as they are.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a bearer token and print it once.
    Issue(IssueArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Applicant,
    Panelist,
    Committee,
    Secretariat,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Applicant => Role::Applicant,
            RoleArg::Panelist => Role::Panelist,
            RoleArg::Committee => Role::Committee,
            RoleArg::Secretariat => Role::Secretariat,
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
    /// The new person's e-mail address.
    #[arg(long)]
    pub email: Option<String>,
    /// A new panelist's areas of expertise (repeat the flag for several).
    #[arg(long)]
    pub expertise: Vec<String>,
    /// Make the token expire after this many days.
    #[arg(long)]
    pub expires_in_days: Option<u32>,
    /// The policy file the server runs with, whose version the roster events record.
    #[arg(long, env = "CHARTER_POLICY")]
    pub policy: Option<PathBuf>,
}

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
    match cli.command {
        Command::Policy { .. } => {}
        Command::Migrate => {
            db::migrate(&pool).await?;
            println!("migrations applied");
        }
        Command::Demo { policy } => {
            let policy = load_policy(policy.as_deref())?;
            let report = demo::load(&pool, &policy).await?;
            print!("{report}");
            println!("\nServe it with `charter serve` (the same --database-url).");
        }
        Command::Serve(args) => {
            let policy = load_policy(args.policy.as_deref())?;
            tracing::info!(policy = %policy.version, "gate policy loaded");
            if args.demo {
                db::migrate(&pool).await?;
                match demo::events_in_store(&pool).await? {
                    0 => {
                        tracing::info!("loading the demo network");
                        print!("{}", demo::load(&pool, &policy).await?);
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
                ..Settings::default()
            };
            let application = Application::build(settings, pool).await?;
            let shutdown = CancellationToken::new();
            let stop = shutdown.clone();
            tokio::spawn(async move {
                stop_signal().await;
                stop.cancel();
            });
            application.run_until_stopped(shutdown).await?;
        }
        Command::Token {
            command: TokenCommand::Issue(args),
        } => {
            db::migrate(&pool).await?;
            let policy = load_policy(args.policy.as_deref())?;
            let roster = Commands::<Roster>::new(pool.clone(), RosterServices, 10);
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
            println!("person:      {}", issued.person);
            if let Some(application) = issued.application {
                println!("application: {application}");
            }
            eprintln!("The token is shown only this once; Charter keeps only its hash.");
        }
    }
    Ok(())
}
