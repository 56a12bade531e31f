//! `charter token list` and `charter token revoke`.

use super::RevokeArgs;
use crate::auth::{self, RevokeError, TokenView};
use charter_domain::PersonId;
use sqlx::PgPool;

/// Revokes what `args` names and says what was done; an unknown token is an error.
pub async fn revoke(pool: &PgPool, args: RevokeArgs) -> anyhow::Result<()> {
    if let Some(person) = args.person.map(PersonId) {
        let revoked = auth::revoke_all_for_person(pool, person).await?;
        let held = auth::list_for_person(pool, person).await?.len();
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
    match auth::revoke(pool, id).await {
        Ok(token) => println!(
            "revoked token {id} ({}, {}) of person {}",
            token.role, token.name, token.person_id
        ),
        Err(error @ RevokeError::AlreadyRevoked { .. }) => {
            println!("{error}; nothing changed");
        }
        Err(RevokeError::NotFound(_)) => anyhow::bail!(
            "there is no token {id} (`charter token list --person <PERSON_ID>` shows a \
             person's token ids)"
        ),
        Err(RevokeError::Database(error)) => return Err(error.into()),
    }
    Ok(())
}

/// Prints `person`'s tokens, one a line.
pub async fn list(pool: &PgPool, person: PersonId) -> anyhow::Result<()> {
    let tokens = auth::list_for_person(pool, person).await?;
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
