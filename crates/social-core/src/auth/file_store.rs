//! [`FileTokenStore`]: a token set in a JSON file, replaced atomically, private to its owner, with
//! an advisory lock that serialises refreshes between processes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use fs4::FileExt;
use rand::Rng;

use super::store::conflicting;
use super::{RefreshToken, StoreError, StoreLock, Swap, TokenSet, TokenStore};

/// A [`TokenStore`] in one JSON file: the default choice for a CLI or a single server (several
/// servers share a database instead: see [`TokenStore`] for the implementation an application
/// writes).
///
/// - **atomic replace**: a new set is written to a temporary file in the same directory, synced,
///   and renamed over the file (then, on Unix, the directory is synced too), so a crash leaves
///   either the old set or the new one, never half a file;
/// - **private**: on Unix the file is created with mode `0600` (read and write for its owner
///   only);
/// - **one refresh at a time across processes**: [`lock`](TokenStore::lock) takes an advisory
///   lock (`flock` on Unix, `LockFileEx` on Windows, through the [`fs4`] crate) on a companion
///   file, `<path>.lock`, which [`RefreshingAuth`](super::RefreshingAuth) holds from re-reading
///   the file to saving the refresh, so two processes whose tokens expire together make one
///   token request, and the second adopts the first's tokens;
/// - **compare-and-swap**: [`compare_and_swap`](TokenStore::compare_and_swap) re-reads the file
///   and writes only if it still holds the refresh token the refresh was made with. It is atomic
///   between holders of the lock, which every `RefreshingAuth` on the file takes;
/// - **never overwrites what it cannot read**: a file that is unreadable or not a token set is
///   an error (with the path, never the content) for `load` and `compare_and_swap`, and stays as
///   it is. Only [`save`](TokenStore::save), which an application calls to store a new sign-in,
///   replaces it.
///
/// Its `Debug` shows the path, never the tokens.
///
/// ```no_run
/// use std::sync::Arc;
/// use social_core::auth::{ClientSecret, FileTokenStore, OAuth2Client, OAuth2Config, RefreshingAuth, TokenStore};
/// use social_core::Network;
///
/// # async fn run(code: &str, verifier: social_core::auth::PkceVerifier) -> Result<(), social_core::auth::StoreError> {
/// let config = OAuth2Config::new("my-client-id", "https://api.x.com/2/oauth2/token")
///     .with_client_secret(ClientSecret::new("my-client-secret"));
/// let oauth = OAuth2Client::new(Network::X, config)?;
/// let store = Arc::new(FileTokenStore::new("/var/lib/my-app/x-tokens.json"));
///
/// // After the sign-in: store the tokens before using them.
/// let tokens = oauth.exchange_code(code, Some(verifier)).await?;
/// store.save(&tokens).await?;
///
/// // Every later run (and every process) starts from the file.
/// let auth = RefreshingAuth::from_store(oauth, store).await?;
/// # let _ = auth; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
    lock_path: PathBuf,
}

impl FileTokenStore {
    /// A store in the file at `path` (created by the first save; its directory must exist).
    /// The lock is taken on `<path>.lock`, next to it.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let mut lock_path = path.clone().into_os_string();
        lock_path.push(".lock");
        FileTokenStore {
            path,
            lock_path: lock_path.into(),
        }
    }

    /// The token file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a blocking thread with a copy of the store (file I/O and lock waits block).
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(FileTokenStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || f(store))
            .await
            .map_err(|e| format!("the token file operation did not complete: {e}"))?
    }

    fn read(&self) -> Result<Option<TokenSet>, StoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(self.error(e.kind(), format!("could not be read ({e})")));
            }
        };
        // serde's message may quote a value of the file (a token): only say where and what kind.
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            self.error(
                io::ErrorKind::InvalidData,
                format!(
                    "is not a token set ({:?} error at line {}, column {}); it was left as it is: \
                     repair or delete it, then sign in again",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            )
        })
    }

    fn write(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(tokens)?;
        let dir = directory(&self.path);
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = dir.join(format!(".{name}.{:016x}.tmp", rand::rng().random::<u64>()));
        let written = write_synced(&tmp, &json).and_then(|()| fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(self.error(e.kind(), format!("could not be written ({e})")));
        }
        // fsync(2): syncing a file "does not necessarily ensure that the entry in the directory
        // containing the file has also reached disk. For that an explicit fsync() on a file
        // descriptor for the directory is also needed."
        // (https://man7.org/linux/man-pages/man2/fsync.2.html)
        #[cfg(unix)]
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| {
            self.error(
                e.kind(),
                format!("was written, but its directory could not be synced ({e})"),
            )
        })?;
        Ok(())
    }

    fn error(&self, kind: io::ErrorKind, what: String) -> StoreError {
        Box::new(io::Error::new(
            kind,
            format!("the token file {} {what}", self.path.display()),
        ))
    }
}

/// The directory of `path` (`.` for a bare file name): where its temporary file is written, so
/// that the rename stays within one file system.
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Creates `path` (mode `0600` on Unix), writes `bytes` and syncs them to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // The mode given to open(2) is reduced by the umask; set it exactly.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[async_trait]
impl TokenStore for FileTokenStore {
    async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
        self.blocking(|store| store.read()).await
    }

    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        let tokens = tokens.clone();
        self.blocking(move |store| store.write(&tokens)).await
    }

    async fn compare_and_swap(
        &self,
        expected: &RefreshToken,
        new: &TokenSet,
    ) -> Result<Swap, StoreError> {
        let (expected, new) = (expected.clone(), new.clone());
        self.blocking(move |store| {
            let stored = store.read()?;
            if let Some(stored) = conflicting(stored.as_ref(), &expected) {
                return Ok(Swap::Conflict(stored.clone()));
            }
            store.write(&new)?;
            Ok(Swap::Saved)
        })
        .await
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.blocking(|store| match fs::remove_file(&store.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(store.error(e.kind(), format!("could not be removed ({e})")))
            }
            _ => Ok(()),
        })
        .await
    }

    async fn lock(&self) -> Result<StoreLock, StoreError> {
        self.blocking(|store| {
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let locked = options
                .open(&store.lock_path)
                .and_then(|file| FileExt::lock(&file).map(|()| file))
                .map_err(|e| {
                    store.error(
                        e.kind(),
                        format!(
                            "could not be locked through {} ({e})",
                            store.lock_path.display()
                        ),
                    )
                })?;
            // Closing the file (when the guard drops) releases the lock.
            Ok(StoreLock::new(locked))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::auth::AccessToken;

    const SECRET: &str = "SEKRIT-file-store";

    fn set(access: &str, refresh: &str) -> TokenSet {
        TokenSet::new(AccessToken::new(access))
            .with_refresh_token(RefreshToken::new(refresh))
            .with_lifetime(
                SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
                Duration::from_secs(7200),
            )
            .with_scopes(["tweet.read"])
    }

    fn store() -> (tempfile::TempDir, FileTokenStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = FileTokenStore::new(dir.path().join("tokens.json"));
        (dir, store)
    }

    fn entries(dir: &tempfile::TempDir) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[tokio::test]
    async fn saves_loads_and_clears() {
        let (dir, store) = store();
        assert_eq!(store.load().await.unwrap(), None, "no file yet");
        store.save(&set("a1", "r1")).await.unwrap();
        assert_eq!(store.load().await.unwrap(), Some(set("a1", "r1")));
        store.save(&set("a2", "r2")).await.unwrap();
        assert_eq!(store.load().await.unwrap(), Some(set("a2", "r2")));
        assert_eq!(entries(&dir), ["tokens.json"], "no temporary file left");
        store.clear().await.unwrap();
        assert_eq!(store.load().await.unwrap(), None);
        store.clear().await.unwrap();
        assert_eq!(store.path(), dir.path().join("tokens.json"));
    }

    /// Removes a file of the current directory when dropped, even if the test failed.
    struct Removed(PathBuf);

    impl Drop for Removed {
        fn drop(&mut self) {
            let _ = fs::remove_file(&self.0);
        }
    }

    #[tokio::test]
    async fn a_bare_file_name_is_written_in_the_current_directory() {
        // Its parent is "", which stands for the current directory.
        let name = format!("social-core-test-{:016x}.json", rand::rng().random::<u64>());
        let _cleanup = Removed(PathBuf::from(&name));
        let store = FileTokenStore::new(&name);
        store.save(&set("a", "r")).await.unwrap();
        assert_eq!(store.load().await.unwrap(), Some(set("a", "r")));
        store.clear().await.unwrap();
        assert!(!Path::new(&name).exists());
        let _ = fs::remove_file(format!("{name}.lock"));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_file_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, store) = store();
        store.save(&set("a", "r")).await.unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        drop(store.lock().await.unwrap());
        let mode = fs::metadata(&store.lock_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }

    #[test]
    fn the_temporary_file_is_written_next_to_the_file() {
        assert_eq!(
            directory(Path::new("/var/lib/app/t.json")),
            Path::new("/var/lib/app")
        );
        assert_eq!(directory(Path::new("conf/t.json")), Path::new("conf"));
        assert_eq!(directory(Path::new("t.json")), Path::new("."));
    }

    #[tokio::test]
    async fn compare_and_swap_writes_only_over_the_expected_token() {
        let (_dir, store) = store();
        // An empty store takes the set.
        let saved = store
            .compare_and_swap(&RefreshToken::new("r0"), &set("a1", "r1"))
            .await
            .unwrap();
        assert_eq!(saved, Swap::Saved);
        // Another token is stored: conflict, nothing written.
        let conflict = store
            .compare_and_swap(&RefreshToken::new("r0"), &set("a2", "r2"))
            .await
            .unwrap();
        assert_eq!(conflict, Swap::Conflict(set("a1", "r1")));
        assert_eq!(store.load().await.unwrap(), Some(set("a1", "r1")));
        // The expected token is stored: replaced.
        let swapped = store
            .compare_and_swap(&RefreshToken::new("r1"), &set("a2", "r2"))
            .await
            .unwrap();
        assert_eq!(swapped, Swap::Saved);
        assert_eq!(store.load().await.unwrap(), Some(set("a2", "r2")));
    }

    #[tokio::test]
    async fn a_corrupt_file_is_an_error_and_is_never_overwritten() {
        let (_dir, store) = store();
        let corrupt = format!("{{\"access_token\": 5, \"refresh_token\": \"{SECRET}\"");
        fs::write(store.path(), &corrupt).unwrap();
        let err = store.load().await.unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&store.path().display().to_string()), "{text}");
        assert!(text.contains("is not a token set"), "{text}");
        assert!(!text.contains(SECRET), "{text}");
        let io = err.downcast_ref::<io::Error>().unwrap();
        assert_eq!(io.kind(), io::ErrorKind::InvalidData);
        let err = store
            .compare_and_swap(&RefreshToken::new("r"), &set("a", "r2"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("is not a token set"), "{err}");
        assert_eq!(fs::read_to_string(store.path()).unwrap(), corrupt);
    }

    #[tokio::test]
    async fn an_unreadable_file_is_an_error() {
        let (_dir, store) = store();
        // A directory where the file should be: it cannot be read (even by root), nor replaced.
        fs::create_dir(store.path()).unwrap();
        let err = store.load().await.unwrap_err();
        assert!(err.to_string().contains("could not be read"), "{err}");
        let err = store
            .compare_and_swap(&RefreshToken::new("r"), &set("a", "r"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("could not be read"), "{err}");
        let err = store.save(&set("a", "r")).await.unwrap_err();
        assert!(err.to_string().contains("could not be written"), "{err}");
        let err = store.clear().await.unwrap_err();
        assert!(err.to_string().contains("could not be removed"), "{err}");
        assert!(store.path().is_dir(), "left as it was");
    }

    #[tokio::test]
    async fn a_missing_directory_is_an_error_naming_the_file() {
        let (dir, _) = store();
        let store = FileTokenStore::new(dir.path().join("missing").join("tokens.json"));
        let err = store.save(&set("a", "r")).await.unwrap_err();
        assert!(err.to_string().contains("could not be written"), "{err}");
        assert!(err.to_string().contains("tokens.json"), "{err}");
        let err = store.lock().await.unwrap_err();
        assert!(err.to_string().contains("could not be locked"), "{err}");
        assert_eq!(
            entries(&dir),
            Vec::<String>::new(),
            "no temporary file left"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_lock_excludes_other_holders_until_dropped() {
        let (_dir, store) = store();
        let other = FileTokenStore::new(store.path());
        let held = store.lock().await.unwrap();
        let probe = || {
            OpenOptions::new()
                .read(true)
                .write(true)
                .open(&store.lock_path)
                .unwrap()
        };
        let file = probe();
        assert!(FileExt::try_lock(&file).is_err(), "held by the guard");
        drop(held);
        FileExt::try_lock(&file).unwrap();
        // A second store of the same path gets it once it is free.
        drop(file);
        drop(other.lock().await.unwrap());
    }

    #[tokio::test]
    async fn debug_shows_the_path_and_no_token() {
        let (_dir, store) = store();
        store.save(&set(SECRET, SECRET)).await.unwrap();
        let text = format!("{store:?} {:?}", store.lock().await.unwrap());
        assert!(text.contains("tokens.json"), "{text}");
        assert!(text.contains("StoreLock { held: true }"), "{text}");
        assert_eq!(
            format!("{:?}", StoreLock::none()),
            "StoreLock { held: false }"
        );
        assert!(!text.contains(SECRET), "{text}");
    }
}
