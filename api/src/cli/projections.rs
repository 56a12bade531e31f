//! `charter projections status` and `charter projections rebuild`, and the rebuilds
//! `charter migrate` carries out.

use charter_projections::{Progress, Projection, Rebuild};
use sqlx::PgPool;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Carries out the read-model rebuilds that migrations asked for; the names of those
/// rebuilt.
pub async fn rebuild_due(pool: &PgPool) -> anyhow::Result<Vec<&'static str>> {
    Ok(charter_projections::rebuild_due(
        pool,
        &charter_projections::all(),
        charter_projections::REBUILD_BATCH_SIZE,
    )
    .await?)
}

/// Prints each read model's checkpoint and lag, and the rebuilds migrations asked for, as
/// a table or as JSON.
pub async fn status(pool: &PgPool, json: bool) -> anyhow::Result<()> {
    if json {
        let mut read_models = Vec::new();
        for projection in charter_projections::all() {
            let name = projection.name();
            let (_, position) = charter_projections::checkpoint_of(pool, name).await?;
            let (behind, seconds) = charter_projections::lag(pool, name).await?;
            read_models.push(serde_json::json!({
                "name": name,
                "position": position,
                "events_behind": behind,
                "seconds_behind": seconds,
            }));
        }
        let rebuilds_due: Vec<_> = charter_projections::rebuilds_due(pool)
            .await?
            .into_iter()
            .map(|due| serde_json::json!({"read_model": due.projection, "reason": due.reason}))
            .collect();
        let status = serde_json::json!({"read_models": read_models, "rebuilds_due": rebuilds_due});
        println!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(());
    }
    println!(
        "{:<22} {:>12} {:>14} {:>14}",
        "read model", "position", "events behind", "seconds behind"
    );
    for projection in charter_projections::all() {
        let name = projection.name();
        let (_, position) = charter_projections::checkpoint_of(pool, name).await?;
        let (behind, seconds) = charter_projections::lag(pool, name).await?;
        println!("{name:<22} {position:>12} {behind:>14} {seconds:>14.1}");
    }
    for due in charter_projections::rebuilds_due(pool).await? {
        println!("{}: rebuild due ({})", due.projection, due.reason);
    }
    Ok(())
}

/// Rebuilds `name`, or every read model in one pass over the events, showing progress on
/// the terminal.
pub async fn rebuild(pool: &PgPool, name: Option<&str>, batch_size: i64) -> anyhow::Result<()> {
    let all = charter_projections::all();
    let (label, chosen): (&'static str, Vec<Arc<dyn Projection>>) = match name {
        None => (EVERY_READ_MODEL, all),
        Some(name) => {
            let known: Vec<&str> = all.iter().map(|p| p.name()).collect();
            let Some(projection) = all.iter().find(|p| p.name() == name) else {
                anyhow::bail!(
                    "there is no read model called {name:?}; the read models are {} \
                     (vote_outcomes carries votes out, and the notifier and the webhooks \
                     subscriber decide messages: none of them is ever rebuilt)",
                    known.join(", ")
                );
            };
            (projection.name(), vec![projection.clone()])
        }
    };
    let mut display = Display::new(label);
    let done = Rebuild::run_group(pool, label, chosen, batch_size, |progress| {
        display.show(&progress)
    })
    .await?;
    display.finish(&done);
    Ok(())
}

/// The name of a rebuild of every read model together (and of its copy's schema).
const EVERY_READ_MODEL: &str = "read_models";

/// Progress on stderr: one line redrawn in place on a terminal, a line every few
/// seconds otherwise (a log file).
struct Display {
    name: &'static str,
    terminal: bool,
    last: Option<Instant>,
}

impl Display {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            terminal: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn line(&self, progress: &Progress) -> String {
        format!(
            "{}: {}/{} events ({:.1}%), {:.0} events/s",
            self.name,
            progress.read,
            progress.total,
            progress.percent(),
            progress.rate()
        )
    }

    fn show(&mut self, progress: &Progress) {
        let every = if self.terminal {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if self.last.is_some_and(|last| last.elapsed() < every) {
            return;
        }
        self.last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{}", self.line(progress));
        } else {
            let _ = writeln!(err, "{}", self.line(progress));
        }
        let _ = err.flush();
    }

    fn finish(&self, progress: &Progress) {
        if self.terminal {
            eprint!("\r\x1b[2K");
        }
        println!(
            "{}: rebuilt from {} events in {:.1} s ({:.0} events/s) and switched in",
            self.name,
            progress.read,
            progress.elapsed.as_secs_f64(),
            progress.rate()
        );
    }
}
