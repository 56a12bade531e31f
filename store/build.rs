//! Rebuilds the server when a migration is added or changed: `sqlx::migrate!` embeds
//! `migrations/` at build time, and cargo does not otherwise watch that folder (the
//! build script sqlx's documentation gives for this).

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
