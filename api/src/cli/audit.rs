//! `charter audit verify` and `charter audit checkpoint`: the checks a committee member
//! (or anyone with the database and the public key) runs, and the on-demand checkpoint.

use super::args::VerifyArgs;
use charter_store::history::audit::{audit, AuditOptions, LogAudit};
use charter_store::history::checkpoint::KEY_FILE;
use charter_store::history::signing::{sign_checkpoint, Signing};
use charter_store::history::{Checkpoint, CheckpointKey, PublicKey};
use charter_store::integrity::{self, Verification};
use charter_store::keys::KeyDirectory;
use sqlx::PgPool;
use std::fmt;
use std::path::Path;

/// What `charter audit verify` found.
#[derive(Debug, Clone)]
pub struct AuditReport {
    /// The per-aggregate hash chains, recomputed.
    pub chains: Verification,
    /// The store against the history's log and the checkpoints given.
    pub log: LogAudit,
}

impl AuditReport {
    /// Whether every chain is intact and no difference was found.
    pub fn intact(&self) -> bool {
        self.chains.intact && self.log.intact()
    }

    /// The report as `--json` prints it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "intact": self.intact(),
            "chains": self.chains,
            "history": self.log,
        })
    }

    /// An error naming what failed, if anything did.
    pub fn into_result(self) -> anyhow::Result<()> {
        if !self.chains.intact {
            anyhow::bail!(
                "the event store's hash chains are broken: {} broken link(s) found",
                self.chains.broken.len()
            );
        }
        if let Some(difference) = self.log.first_difference {
            anyhow::bail!(
                "the store does not match its history ({}): {difference}",
                difference.code()
            );
        }
        Ok(())
    }
}

impl fmt::Display for AuditReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chains = &self.chains;
        if chains.intact {
            writeln!(
                f,
                "intact: {} events in {} streams, every chain and head verified",
                chains.events, chains.streams
            )?;
        }
        for link in &chains.broken {
            writeln!(
                f,
                "broken ({}): {} {} #{} at position {}",
                link.problem,
                link.aggregate_type,
                link.aggregate_id,
                link.sequence,
                link.global_position
                    .map_or_else(|| "-".to_owned(), |p| p.to_string())
            )?;
        }
        let log = &self.log;
        match &log.first_difference {
            None => writeln!(
                f,
                "history: {} events recomputed, {} of them logged ({} not yet); checkpoints \
                 contained: {}",
                log.events,
                log.log_size,
                log.unlogged,
                if log.contained.is_empty() {
                    "none given".to_owned()
                } else {
                    log.contained
                        .iter()
                        .map(|size| format!("{size} leaves"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
            Some(difference) => {
                writeln!(f, "history: FAILED ({}): {difference}", difference.code())
            }
        }
    }
}

/// Recomputes the chains and the log, and checks the store against the checkpoint files
/// `args` names, with the public key given or the one of the key directory's signing key.
pub async fn verify(
    pool: &PgPool,
    key_dir: &Path,
    args: &VerifyArgs,
) -> anyhow::Result<AuditReport> {
    let mut checkpoints = Vec::with_capacity(args.checkpoint.len());
    for file in &args.checkpoint {
        let text = std::fs::read_to_string(file).map_err(|error| {
            anyhow::anyhow!("cannot read the checkpoint {}: {error}", file.display())
        })?;
        let checkpoint: Checkpoint = serde_json::from_str(&text)
            .map_err(|error| anyhow::anyhow!("{} is not a checkpoint: {error}", file.display()))?;
        checkpoints.push(checkpoint);
    }
    let key = match &args.public_key {
        Some(hex) => Some(PublicKey::from_hex(hex)?),
        None if checkpoints.is_empty() => None,
        None => Some(public_key_in(pool, key_dir).await?),
    };
    let chains = integrity::verify(pool).await?;
    let log = audit(pool, &checkpoints, key.as_ref(), AuditOptions::default()).await?;
    Ok(AuditReport { chains, log })
}

/// The public half of the signing key in the key directory.
async fn public_key_in(pool: &PgPool, key_dir: &Path) -> anyhow::Result<PublicKey> {
    let keys = KeyDirectory::for_store(key_dir, pool).await?;
    let seed = keys.read(KEY_FILE, 32)?.ok_or_else(|| {
        anyhow::anyhow!(
            "no checkpoint signing key in {}: give the public key with --public-key",
            keys.path().display()
        )
    })?;
    Ok(CheckpointKey::from_seed(&seed)?.public())
}

/// Brings the log up to date and signs a checkpoint of it now, with the key directory's
/// signing key (made at first use); kept in the database and written to `anchor_dir`.
pub async fn checkpoint(
    pool: &PgPool,
    key_dir: &Path,
    anchor_dir: &Path,
) -> anyhow::Result<Checkpoint> {
    let keys = KeyDirectory::for_store(key_dir, pool).await?;
    let key = CheckpointKey::from_key_dir(&keys)?;
    let now = chrono::Utc::now();
    sign_checkpoint(pool, &key, anchor_dir, now, Signing::Always)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no checkpoint was signed"))
}
