//! `charter token issue`, `charter token list` and `charter token revoke`.

use super::{IssueArgs, RevokeArgs};
use crate::auth::{self, RevokeError, TokenView};
use crate::commands::enrolment::{enroll, enroll_delegate, Enrolment};
use crate::commands::CommandBus;
use crate::settings::load_policy;
use charter_domain::ids::HubId;
use charter_domain::roster::{Roster, RosterServices};
use charter_domain::{ApplicationId, PersonId};
use sqlx::PgPool;

/// Enrols the holder `args` describes and prints their new token, once.
pub async fn issue(pool: &PgPool, args: IssueArgs) -> anyhow::Result<()> {
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
    let issued = match args.hub {
        Some(hub) => enroll_delegate(pool, &roster, &policy, now, enrolment, HubId(hub)).await,
        None => enroll(pool, &roster, &policy, now, enrolment).await,
    }
    .map_err(|error| anyhow::anyhow!("{error}"))?;
    if args.json {
        let issued = serde_json::json!({
            "token": issued.token,
            "token_id": issued.token_id,
            "person": issued.person,
            "application": issued.application,
        });
        println!("{issued}");
    } else {
        println!("token:       {}", issued.token);
        println!("token id:    {}", issued.token_id);
        println!("person:      {}", issued.person);
        if let Some(application) = issued.application {
            println!("application: {application}");
        }
    }
    eprintln!("The token is shown only this once; Charter keeps only its hash.");
    Ok(())
}

/// Revokes what `args` names and says what was done, in words or as JSON; an unknown
/// token is an error.
pub async fn revoke(pool: &PgPool, args: RevokeArgs) -> anyhow::Result<()> {
    if let Some(person) = args.person.map(PersonId) {
        let revoked = auth::revoke_all_for_person(pool, person).await?;
        let held = auth::list_for_person(pool, person).await?.len();
        if args.json {
            let done = serde_json::json!({"person": person, "revoked": revoked, "held": held});
            println!("{done}");
            return Ok(());
        }
        match (revoked, held) {
            (_, 0) => println!("person {person} holds no tokens; nothing revoked"),
            (0, _) => println!(
                "person {person}'s {held} token(s) were all revoked already; nothing changed"
            ),
            _ => println!("revoked {revoked} of person {person}'s {held} token(s)"),
        }
        return Ok(());
    }
    let Some(id) = args.token_id else {
        anyhow::bail!("name a token id or --person");
    };
    let (revoked, token) = match auth::revoke(pool, id).await {
        Ok(token) => {
            if !args.json {
                println!(
                    "revoked token {id} ({}, {}) of person {}",
                    token.role, token.name, token.person_id
                );
            }
            (1, token)
        }
        Err(RevokeError::AlreadyRevoked { token, at }) => {
            if !args.json {
                let already = RevokeError::AlreadyRevoked {
                    token: token.clone(),
                    at,
                };
                println!("{already}; nothing changed");
            }
            (0, *token)
        }
        Err(RevokeError::NotFound(_)) => anyhow::bail!(
            "there is no token {id} (`charter token list --person <PERSON_ID>` shows a \
             person's token ids)"
        ),
        Err(RevokeError::Database(error)) => return Err(error.into()),
    };
    if args.json {
        println!(
            "{}",
            serde_json::json!({"revoked": revoked, "token": token})
        );
    }
    Ok(())
}

/// Prints `person`'s tokens, one a line, or as a JSON array.
pub async fn list(pool: &PgPool, person: PersonId, json: bool) -> anyhow::Result<()> {
    let tokens = auth::list_for_person(pool, person).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&tokens)?);
        return Ok(());
    }
    if tokens.is_empty() {
        println!("person {person} holds no tokens");
        return Ok(());
    }
    println!(
        "{:<36}  {:<11}  {:<7}  {:<20}  {:<20}  {:<20}  name",
        "token id", "role", "status", "created", "expires", "revoked"
    );
    for token in &tokens {
        println!("{}", line(token));
    }
    Ok(())
}

fn line(token: &TokenView) -> String {
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or_else(
            || "-".to_owned(),
            |at| at.format("%Y-%m-%d %H:%M:%SZ").to_string(),
        )
    };
    format!(
        "{:<36}  {:<11}  {:<7}  {:<20}  {:<20}  {:<20}  {}",
        token.token_id,
        token.role,
        token.status.as_str(),
        time(Some(token.created_at)),
        time(token.expires_at),
        time(token.revoked_at),
        token.name
    )
}
