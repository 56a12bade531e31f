//! `charter-checkpoint-bench`: what one checkpoint of the history costs (appending the new
//! events' leaves and interior hashes, then signing), on a store as it is and grown to a
//! size, and what the full check and the proofs cost there. Prints figures; see
//! docs/audit.md for those of this machine.
//!
//! It measures the store it is given, in place (the log it builds stays):
//!
//! ```text
//! charter demo --database-url postgres://postgres@127.0.0.1/demo_store
//! charter-checkpoint-bench --database-url postgres://postgres@127.0.0.1/demo_store \
//!     --grow-to 1000000
//! ```
//!
//! Growing copies the store's longest application stream under new ids, in SQL, as
//! metric 5 of `charter-bench` does (bench/src/scale.rs): the copies go through the chain
//! trigger like every event.

use anyhow::Context;
use charter_store::history::audit::{audit, AuditOptions};
use charter_store::history::log::{extend_by, BATCH};
use charter_store::history::proofs::{self, LeafRef};
use charter_store::history::signing::{sign_checkpoint, Signing};
use charter_store::history::{log_size, Checkpoint, CheckpointKey};
use clap::Parser;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Measures the cost of the history's checkpoints on a store.
#[derive(Debug, Parser)]
#[command(name = "charter-checkpoint-bench", version, about)]
struct Cli {
    /// The store to measure (its history log is built in place).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Grow the store to this many events (copies of its longest application) and
    /// measure again.
    #[arg(long)]
    grow_to: Option<i64>,
    /// Events appended before each "steady" checkpoint: what a checkpoint interval of a
    /// busy server adds.
    #[arg(long, default_value_t = 1_000)]
    between: i64,
    /// Where the signed checkpoints go (a scratch folder by default).
    #[arg(long)]
    anchor_dir: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect(&cli.database_url)
        .await?;
    charter_store::db::migrate(&pool).await?;
    let scratch = cli.anchor_dir.is_none();
    let anchor_dir = cli.anchor_dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("checkpoint-bench-{}", std::process::id()))
    });
    // A throwaway key: signing costs the same with any.
    let key = CheckpointKey::from_seed(&[7; 32])?;
    println!(
        "charter-checkpoint-bench on {} cores\n",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    measure(&pool, &key, &anchor_dir, cli.between, "the store as given").await?;
    if let Some(target) = cli.grow_to {
        let started = Instant::now();
        let total = grow(&pool, target).await?;
        println!(
            "grown to {total} events in {:.0} s\n",
            started.elapsed().as_secs_f64()
        );
        measure(
            &pool,
            &key,
            &anchor_dir,
            cli.between,
            &format!("grown to {total} events"),
        )
        .await?;
    }
    if scratch {
        let _ = std::fs::remove_dir_all(&anchor_dir);
    }
    Ok(())
}

/// The first checkpoint (every event not logged yet), a steady one after `between` more
/// events, then the check and the proofs.
async fn measure(
    pool: &PgPool,
    key: &CheckpointKey,
    anchor_dir: &std::path::Path,
    between: i64,
    what: &str,
) -> anyhow::Result<()> {
    println!("{what}:");
    let (appended, took, signed) = checkpoint(pool, key, anchor_dir).await?;
    println!(
        "  checkpoint of everything not logged: {appended} leaves in {} ({:.0} leaves/s), then signed in {}",
        ms(took),
        appended as f64 / took.as_secs_f64().max(1e-9),
        ms(signed)
    );
    grow_by(pool, between).await?;
    let (appended, took, signed) = checkpoint(pool, key, anchor_dir).await?;
    println!(
        "  steady checkpoint, {appended} new events: leaves in {}, signed (root read, kept, anchored) in {}, {} in all",
        ms(took),
        ms(signed),
        ms(took + signed)
    );
    let size = log_size(&mut *pool.acquire().await?).await?;
    let started = Instant::now();
    let checkpoint = sign_now(pool, key).await?;
    let report = audit(
        pool,
        &[checkpoint],
        Some(&key.public()),
        AuditOptions::default(),
    )
    .await?;
    println!(
        "  charter audit verify --checkpoint (the log part): {} events in {} ({})",
        report.events,
        ms(started.elapsed()),
        if report.intact() {
            "intact"
        } else {
            "NOT intact"
        }
    );
    let started = Instant::now();
    let chains = charter_store::integrity::verify(pool).await?;
    println!(
        "  charter audit verify (the chains, recomputed in Rust): {} events in {} ({})",
        chains.events,
        ms(started.elapsed()),
        if chains.intact {
            "intact"
        } else {
            "NOT intact"
        }
    );
    let started = Instant::now();
    let runs = 20u32;
    for n in 0..u64::from(runs) {
        proofs::inclusion(pool, LeafRef::Index(n * 7919 % size), size).await?;
    }
    let inclusion = started.elapsed() / runs;
    let started = Instant::now();
    for n in 1..=u64::from(runs) {
        proofs::consistency(pool, (n * 7919 % size).max(1), size).await?;
    }
    println!(
        "  proofs: inclusion {} each, consistency {} each (tree of {size})\n",
        ms(inclusion),
        ms(started.elapsed() / runs)
    );
    Ok(())
}

/// Appends every event not logged yet, a batch per transaction as the server does; then
/// signs. The leaves appended and the two times.
async fn checkpoint(
    pool: &PgPool,
    key: &CheckpointKey,
    anchor_dir: &std::path::Path,
) -> anyhow::Result<(u64, Duration, Duration)> {
    let started = Instant::now();
    let mut appended = 0;
    loop {
        let batch = extend_by(pool, BATCH).await?;
        appended += batch;
        if batch < BATCH.unsigned_abs() {
            break;
        }
    }
    let leaves = started.elapsed();
    let started = Instant::now();
    sign_checkpoint(pool, key, anchor_dir, chrono::Utc::now(), Signing::IfGrown).await?;
    Ok((appended, leaves, started.elapsed()))
}

/// A checkpoint of the log as it stands, for the check to check.
async fn sign_now(pool: &PgPool, key: &CheckpointKey) -> anyhow::Result<Checkpoint> {
    let dir = std::env::temp_dir().join(format!("checkpoint-bench-check-{}", std::process::id()));
    let signed = sign_checkpoint(pool, key, &dir, chrono::Utc::now(), Signing::Always)
        .await?
        .context("a checkpoint")?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(signed)
}

/// Copies of the longest application stream until the store holds `target` events.
async fn grow(pool: &PgPool, target: i64) -> anyhow::Result<i64> {
    let mut total: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(pool)
        .await?;
    while total < target {
        total += grow_by(pool, (target - total).min(20_000)).await?;
    }
    Ok(total)
}

/// About `events` more events (whole copies of the longest application stream); how many.
async fn grow_by(pool: &PgPool, events: i64) -> anyhow::Result<i64> {
    let template: (String, i64) = sqlx::query_as(
        "SELECT aggregate_id, count(*) FROM events WHERE aggregate_type = 'Application'
         GROUP BY aggregate_id ORDER BY count(*) DESC, aggregate_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .context("the store has no application to copy")?;
    let copies = (events + template.1 - 1) / template.1;
    let inserted = sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                             event_version, payload, metadata)
         WITH copies AS MATERIALIZED (
             SELECT n, gen_random_uuid()::text AS id FROM generate_series(1, $2) AS n)
         SELECT t.aggregate_type, c.id, t.sequence, t.event_type, t.event_version,
                replace(t.payload::text, t.aggregate_id, c.id)::json, t.metadata
         FROM copies c
         CROSS JOIN (SELECT * FROM events
                     WHERE aggregate_type = 'Application' AND aggregate_id = $1) AS t
         ORDER BY c.n, t.sequence",
    )
    .bind(&template.0)
    .bind(copies)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(i64::try_from(inserted).unwrap_or(i64::MAX))
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
