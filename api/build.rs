//! The pages' texts under `locales/` are compiled into the crate (fluent-templates'
//! `static_loader!`), and so is the style sheet: rebuild when they change. Askama tracks
//! the templates itself.
//!
//! The commit the binary is built from goes into `--version` and the build-info metric
//! (`CHARTER_COMMIT`, "unknown" without git or outside a repository). Only a change of
//! the checked-out commit runs this again: the HEAD file and the branch ref it points to
//! (in a worktree, HEAD is the worktree's and the refs are the repository's; `git
//! rev-parse --git-path` names both), or the packed refs when the ref is packed.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=static");
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=CHARTER_COMMIT={commit}");
    let Some(head) = git(&["rev-parse", "--git-path", "HEAD"]) else {
        return;
    };
    watch(&head);
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        for file in [branch.as_str(), "packed-refs"] {
            if let Some(path) = git(&["rev-parse", "--git-path", file]) {
                watch(&path);
            }
        }
    }
}

/// Reruns on a change of `path`, if it exists: Cargo counts a missing one as changed on
/// every build.
fn watch(path: &str) {
    if std::path::Path::new(path).exists() {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// What `git args` prints, trimmed; `None` when git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}
