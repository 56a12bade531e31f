//! The texts under `locales/` are compiled into the crate (fluent-templates'
//! `static_loader!`): rebuild it when they change.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
