//! The pages' texts under `locales/` are compiled into the crate (fluent-templates'
//! `static_loader!`), and so is the style sheet: rebuild when they change. Askama tracks
//! the templates itself.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=static");
}
