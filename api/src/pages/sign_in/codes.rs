//! One-time sign-in codes: six digits and a link's key, e-mailed together, valid for
//! [`VALID_MINUTES`], used once, stored only as keyed hashes; and the limits on asking for them.

use crate::state::ServerSecret;
use rand::Rng;
use sqlx::PgPool;
use uuid::Uuid;

/// How long a code and its link work.
pub const VALID_MINUTES: i64 = 15;
/// Wrong guesses after which a code no longer works.
const MAX_GUESSES: i32 = 5;
/// Codes an address may be sent per hour.
const PER_ADDRESS_HOURLY: i64 = 5;
/// Codes one client may ask for per hour, whatever the addresses.
const PER_CLIENT_HOURLY: i64 = 20;

/// A code just made: the only copies of the code and the link's key.
#[derive(Debug, Clone)]
pub struct Issued {
    pub code_id: Uuid,
    pub code: String,
    pub link_key: String,
}

/// Why a code did not sign anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unredeemed {
    #[error("the code is not the one sent")]
    Wrong,
    #[error("the code has expired, been used, or was guessed wrong too often")]
    Spent,
}

/// Why no code was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Limited {
    #[error("too many codes were asked for this address in the last hour")]
    Address,
    #[error("too many codes were asked from this client in the last hour")]
    Client,
}

/// What the database keeps of a code, a link's key, an address or a client: an HMAC
/// under the server's secret, which a reader of the database cannot match against guesses
/// (a code has only a million values, an address is easily guessed).
fn hash(secret: &ServerSecret, parts: &[&[u8]]) -> Vec<u8> {
    secret.hash("sign-in", parts)
}

/// Records a request for a code for `address` from `client`, unless either has asked for
/// too many in the last hour. Counted whether or not the address is known, so that the
/// limit says nothing of who is.
pub async fn ask(
    secret: &ServerSecret,
    pool: &PgPool,
    address: &str,
    client: &str,
) -> Result<Result<(), Limited>, sqlx::Error> {
    let address = charter_domain::text::normalised(address.trim()).to_lowercase();
    let address_hash = hash(secret, &[b"address:", address.as_bytes()]);
    let client_hash = hash(secret, &[b"client:", client.as_bytes()]);
    let mut tx = pool.begin().await?;
    // One request at a time per address, so that two at once cannot both pass the limit.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7))")
        .bind(hex::encode(&address_hash))
        .execute(&mut *tx)
        .await?;
    let (by_address, by_client): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM sign_in_requests
                 WHERE address_hash = $1 AND at > now() - interval '1 hour'),
                (SELECT count(*) FROM sign_in_requests
                 WHERE client_hash = $2 AND at > now() - interval '1 hour')",
    )
    .bind(&address_hash)
    .bind(&client_hash)
    .fetch_one(&mut *tx)
    .await?;
    let verdict = if by_address >= PER_ADDRESS_HOURLY {
        Err(Limited::Address)
    } else if by_client >= PER_CLIENT_HOURLY {
        Err(Limited::Client)
    } else {
        sqlx::query("INSERT INTO sign_in_requests (address_hash, client_hash) VALUES ($1, $2)")
            .bind(&address_hash)
            .bind(&client_hash)
            .execute(&mut *tx)
            .await?;
        Ok(())
    };
    tx.commit().await?;
    Ok(verdict)
}

/// Makes a code for `person`, within `conn`'s transaction.
pub async fn issue(
    secret: &ServerSecret,
    conn: &mut sqlx::PgConnection,
    person: Uuid,
) -> Result<Issued, sqlx::Error> {
    let code_id = Uuid::now_v7();
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
    let link_key = super::super::session::fresh_key();
    sqlx::query(
        "INSERT INTO sign_in_codes (code_id, person_id, code_hash, link_hash, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5::int))",
    )
    .bind(code_id)
    .bind(person)
    .bind(hash(secret, &[code_id.as_bytes(), code.as_bytes()]))
    .bind(hash(secret, &[b"link:", link_key.as_bytes()]))
    .bind(i32::try_from(VALID_MINUTES).unwrap_or(15))
    .execute(conn)
    .await?;
    Ok(Issued {
        code_id,
        code,
        link_key,
    })
}

/// Uses code `code_id` if `code` is its code: the person it signs in. A wrong guess
/// counts against the code.
pub async fn redeem_code(
    secret: &ServerSecret,
    pool: &PgPool,
    code_id: Uuid,
    code: &str,
) -> Result<Result<Uuid, Unredeemed>, sqlx::Error> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let used: Option<Uuid> = sqlx::query_scalar(
        "UPDATE sign_in_codes SET used_at = now()
         WHERE code_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > now()
           AND wrong_guesses < $3
         RETURNING person_id",
    )
    .bind(code_id)
    .bind(hash(secret, &[code_id.as_bytes(), code.as_bytes()]))
    .bind(MAX_GUESSES)
    .fetch_optional(pool)
    .await?;
    if let Some(person) = used {
        return Ok(Ok(person));
    }
    let still_open: Option<i32> = sqlx::query_scalar(
        "UPDATE sign_in_codes SET wrong_guesses = wrong_guesses + 1
         WHERE code_id = $1 AND used_at IS NULL AND expires_at > now() AND wrong_guesses < $2
         RETURNING wrong_guesses",
    )
    .bind(code_id)
    .bind(MAX_GUESSES)
    .fetch_optional(pool)
    .await?;
    Ok(Err(match still_open {
        Some(guesses) if guesses < MAX_GUESSES => Unredeemed::Wrong,
        _ => Unredeemed::Spent,
    }))
}

/// Uses the code whose link carries `link_key`: the person it signs in.
pub async fn redeem_link(
    secret: &ServerSecret,
    pool: &PgPool,
    link_key: &str,
) -> Result<Result<Uuid, Unredeemed>, sqlx::Error> {
    let used: Option<Uuid> = sqlx::query_scalar(
        "UPDATE sign_in_codes SET used_at = now()
         WHERE link_hash = $1 AND used_at IS NULL AND expires_at > now() AND wrong_guesses < $2
         RETURNING person_id",
    )
    .bind(hash(secret, &[b"link:", link_key.trim().as_bytes()]))
    .bind(MAX_GUESSES)
    .fetch_optional(pool)
    .await?;
    Ok(used.ok_or(Unredeemed::Spent))
}

/// Forgets codes that can no longer be used (a day after they expired), and requests no
/// limit counts any more.
pub async fn forget_spent(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_codes WHERE expires_at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM sign_in_requests WHERE at < now() - interval '1 day'")
        .execute(pool)
        .await?;
    Ok(())
}
