//! Key files in a directory outside the database, readable by the server's user only.

use rand::RngCore;
use sqlx::PgPool;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use uuid::Uuid;
use zeroize::Zeroizing;

/// One store's folder of the key directory: `<dir>/<store id>/`, mode 0700, each key a file
/// of mode 0600. Several server instances on one database share it by mounting the same
/// folder (a network file system, or a secrets volume) or by a KMS implementing the same
/// operations.
#[derive(Debug, Clone)]
pub struct KeyDirectory {
    folder: PathBuf,
}

impl KeyDirectory {
    /// The folder of the store in `pool` under `dir`, created (owner-only) at first start.
    pub async fn for_store(dir: &Path, pool: &PgPool) -> io::Result<Self> {
        let store: Uuid = sqlx::query_scalar("SELECT id FROM store_identity")
            .fetch_one(pool)
            .await
            .map_err(io::Error::other)?;
        Self::open(dir, store)
    }

    /// The folder of `store` under `dir`, created (owner-only) when missing.
    pub fn open(dir: &Path, store: Uuid) -> io::Result<Self> {
        let folder = dir.join(store.to_string());
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&folder)?;
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o700))?;
        Ok(Self { folder })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.folder
    }

    /// The key `name` if its file exists, checked to be `len` bytes.
    pub fn read(&self, name: &str, len: usize) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
        let mut file = match File::open(self.folder.join(name)) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let mut bytes = Zeroizing::new(Vec::with_capacity(len));
        file.read_to_end(&mut bytes)?;
        if bytes.len() != len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the key file {name} holds {} bytes, not {len}", bytes.len()),
            ));
        }
        Ok(Some(bytes))
    }

    /// The key `name`, made of `len` random bytes when it does not exist yet. Two instances
    /// making it at once end up with the same key: the file appears whole or not at all, and
    /// only the first to place it wins.
    pub fn read_or_create(&self, name: &str, len: usize) -> io::Result<Zeroizing<Vec<u8>>> {
        if let Some(key) = self.read(name, len)? {
            return Ok(key);
        }
        let mut fresh = Zeroizing::new(vec![0u8; len]);
        rand::thread_rng().fill_bytes(&mut fresh);
        self.create(name, &fresh)?;
        self.read(name, len)?
            .ok_or_else(|| io::Error::other(format!("the key file {name} vanished")))
    }

    /// Writes `bytes` as the key `name` unless it exists already (then keeps the existing
    /// one): written to a temporary file, flushed, and linked into place.
    pub fn create(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let temporary = self
            .folder
            .join(format!(".{name}.{}", Uuid::new_v4().simple()));
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)?;
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        let placed =
            written.and_then(
                |()| match fs::hard_link(&temporary, self.folder.join(name)) {
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                    other => other,
                },
            );
        let _ = fs::remove_file(&temporary);
        placed?;
        self.sync()
    }

    /// Removes the key `name` (a key already gone is not an error), and flushes the folder
    /// so that the removal outlives a crash.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        match fs::remove_file(self.folder.join(name)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        self.sync()
    }

    /// The names of the keys in the folder.
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in fs::read_dir(&self.folder)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    fn sync(&self) -> io::Result<()> {
        File::open(&self.folder)?.sync_all()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn scratch() -> PathBuf {
        std::env::temp_dir().join(format!("charter-keys-{}", Uuid::new_v4().simple()))
    }

    #[test]
    fn a_key_is_made_once_owner_only_and_read_back() {
        let dir = scratch();
        let keys = KeyDirectory::open(&dir, Uuid::new_v4()).unwrap();
        let first = keys.read_or_create("signing.key", 32).unwrap();
        let again = keys.read_or_create("signing.key", 32).unwrap();
        assert_eq!(*first, *again);
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&keys.path().join("signing.key")), 0o600);
        assert_eq!(mode(keys.path()), 0o700);
        assert_eq!(keys.names().unwrap(), ["signing.key"]);
        keys.remove("signing.key").unwrap();
        assert!(keys.read("signing.key", 32).unwrap().is_none());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_of_the_wrong_length_is_refused() {
        let dir = scratch();
        let keys = KeyDirectory::open(&dir, Uuid::new_v4()).unwrap();
        keys.create("short.key", &[1, 2, 3]).unwrap();
        assert!(keys.read("short.key", 32).is_err());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn creating_an_existing_key_keeps_it() {
        let dir = scratch();
        let keys = KeyDirectory::open(&dir, Uuid::new_v4()).unwrap();
        keys.create("k", &[1; 4]).unwrap();
        keys.create("k", &[2; 4]).unwrap();
        assert_eq!(*keys.read("k", 4).unwrap().unwrap(), vec![1; 4]);
        fs::remove_dir_all(dir).unwrap();
    }
}
