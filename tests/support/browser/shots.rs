//! Where a test's screenshots go: `<target>/browser-screenshots/<test>/<nn>-<name>.png`,
//! numbered in the order the test took them, so that a failed run can be looked at
//! afterwards page by page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The screenshots of one test. Every browser of a test shares its folder and numbering
/// (a journey may drive two people at once).
#[derive(Debug, Clone)]
pub struct TestFolder {
    folder: PathBuf,
}

/// The next number in each test's folder, for this test binary.
static TAKEN: Mutex<Option<HashMap<PathBuf, usize>>> = Mutex::new(None);

impl TestFolder {
    /// The folder of the test running on this thread, emptied of an earlier run's files
    /// the first time this run asks for it.
    pub fn of_current_test() -> Self {
        let folder = screenshots_root().join(test_name());
        let mut taken = TAKEN
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let taken = taken.get_or_insert_with(HashMap::new);
        if !taken.contains_key(&folder) {
            // Old pictures beside new ones would mislead whoever looks after a failure.
            let _ = std::fs::remove_dir_all(&folder);
            std::fs::create_dir_all(&folder)
                .unwrap_or_else(|error| panic!("create {}: {error}", folder.display()));
            taken.insert(folder.clone(), 0);
        }
        Self { folder }
    }

    /// The folder itself.
    pub fn path(&self) -> &Path {
        &self.folder
    }

    /// The path for the next screenshot called `name`.
    pub fn next(&self, name: &str) -> PathBuf {
        let mut taken = TAKEN
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let number = taken
            .get_or_insert_with(HashMap::new)
            .entry(self.folder.clone())
            .or_insert(0);
        *number += 1;
        self.folder
            .join(format!("{:02}-{}.png", *number, file_name(name)))
    }
}

/// `<target>/browser-screenshots`: `CARGO_TARGET_DIR` when it is absolute, else found from
/// the test binary's own path (`<target>/debug/deps/suite-…`).
pub fn screenshots_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            let deps = exe.parent()?;
            let profile = if deps.ends_with("deps") {
                deps.parent()?
            } else {
                deps
            };
            profile.parent().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| std::env::temp_dir().join("charter-target"));
    target.join("browser-screenshots")
}

/// The running test's name as libtest gives it to the thread (`browser::forms::a_form…`),
/// made a file name (`browser.forms.a_form…`).
fn test_name() -> String {
    let thread = std::thread::current();
    match thread.name() {
        Some(name) if name != "main" => file_name(&name.replace("::", ".")),
        _ => format!("unnamed-{}", std::process::id()),
    }
}

fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
