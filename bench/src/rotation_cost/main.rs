//! `charter-rotation-bench`: what rotating the key-encryption key costs (wrapping every
//! living key again under a new KEK, in one transaction, then destroying the old KEK's
//! file), which every erasure and every secret vote's close sets off. Prints one row per
//! size of the key table; see docs/trust.md for those of this machine.
//!
//! It fills the store it is given with people's keys (as the first sealing of a person's
//! data makes them) up to each size, and rotates three times at each:
//!
//! ```text
//! createdb -h 127.0.0.1 -U postgres rotation_bench
//! charter-rotation-bench --database-url postgres://postgres@127.0.0.1/rotation_bench
//! ```

use anyhow::Context;
use charter_store::keys::{registry, rotation};
use charter_store::personal_data::KeyRing;
use clap::Parser;
use sqlx::postgres::PgPoolOptions;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Measures a KEK rotation on stores holding more and more keys.
#[derive(Debug, Parser)]
#[command(name = "charter-rotation-bench", version, about)]
struct Cli {
    /// A scratch store to fill with keys (migrated here).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// The sizes of the key table to measure at, in people.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000, 100_000])]
    sizes: Vec<usize>,
}

/// People given keys per statement while filling.
const FILL_BATCH: usize = 1_000;
/// Rotations timed at each size.
const RUNS: usize = 3;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&cli.database_url)
        .await?;
    charter_store::db::migrate(&pool).await?;
    let key_dir = std::env::temp_dir().join(format!("rotation-bench-{}", std::process::id()));
    registry::open(&key_dir, &pool)
        .await
        .context("cannot open a scratch key directory")?;
    println!("| keys in the store | rotation (min / median / max of {RUNS}) | per key |");
    println!("|---|---|---|");
    let mut held: usize = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM personal_data_keys")
        .fetch_one(&pool)
        .await?
        .try_into()
        .unwrap_or(0);
    for size in cli.sizes {
        while held < size {
            let batch = FILL_BATCH.min(size - held);
            let people: Vec<Uuid> = (0..batch).map(|_| Uuid::now_v7()).collect();
            KeyRing::for_sealing(&pool, &people).await?;
            held += batch;
        }
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut keys = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            keys = rotation::rotate(&pool).await?.keys;
            times.push(started.elapsed());
        }
        times.sort();
        let per_key = times[RUNS / 2].as_secs_f64() * 1e6 / keys.max(1) as f64;
        println!(
            "| {keys} | {:.0} ms / {:.0} ms / {:.0} ms | {per_key:.1} µs |",
            ms(times[0]),
            ms(times[RUNS / 2]),
            ms(times[RUNS - 1]),
        );
    }
    let _ = std::fs::remove_dir_all(&key_dir);
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
