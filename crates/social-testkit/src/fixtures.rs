//! Fixture files for tests.

use std::path::{Path, PathBuf};

/// Reads fixture files from a directory, for tests: a missing or malformed file panics with a
/// message naming it (and pointing at the calling line), which is what a test wants.
///
/// [`Fixtures::new`] takes a crate's manifest directory and reads from its `tests/fixtures/`:
///
/// ```
/// use social_testkit::Fixtures;
///
/// let fixtures = Fixtures::new(env!("CARGO_MANIFEST_DIR"));
/// let hello = fixtures.json("sample/hello.json");
/// assert_eq!(hello["data"]["text"], "hello");
/// ```
#[derive(Debug, Clone)]
pub struct Fixtures {
    dir: PathBuf,
}

impl Fixtures {
    /// Fixtures in `<manifest_dir>/tests/fixtures/`; pass `env!("CARGO_MANIFEST_DIR")`.
    pub fn new(manifest_dir: impl AsRef<Path>) -> Self {
        Fixtures::at(manifest_dir.as_ref().join("tests").join("fixtures"))
    }

    /// Fixtures in exactly `dir`.
    ///
    /// ```
    /// let fixtures = social_testkit::Fixtures::at(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sample"));
    /// assert!(fixtures.path("hello.json").is_file());
    /// ```
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Fixtures { dir: dir.into() }
    }

    /// The full path of fixture `name` (`x/tweet.json`), whether it exists or not.
    ///
    /// ```
    /// let fixtures = social_testkit::Fixtures::new("/repo/crates/social-twitter");
    /// assert!(fixtures.path("x/tweet.json").ends_with("tests/fixtures/x/tweet.json"));
    /// ```
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The bytes of fixture `name`.
    ///
    /// # Panics
    /// If the file cannot be read; the message names the file.
    ///
    /// ```
    /// let fixtures = social_testkit::Fixtures::new(env!("CARGO_MANIFEST_DIR"));
    /// assert!(fixtures.bytes("sample/hello.json").starts_with(b"{"));
    /// ```
    #[track_caller]
    pub fn bytes(&self, name: &str) -> Vec<u8> {
        let path = self.path(name);
        match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => panic!("cannot read fixture {}: {e}", path.display()),
        }
    }

    /// Fixture `name` parsed as JSON.
    ///
    /// # Panics
    /// If the file cannot be read or is not JSON; the message names the file.
    ///
    /// ```
    /// let fixtures = social_testkit::Fixtures::new(env!("CARGO_MANIFEST_DIR"));
    /// assert_eq!(fixtures.json("sample/hello.json")["data"]["id"], "1");
    /// ```
    #[track_caller]
    pub fn json(&self, name: &str) -> serde_json::Value {
        match serde_json::from_slice(&self.bytes(name)) {
            Ok(value) => value,
            Err(e) => panic!(
                "fixture {} is not valid JSON: {e}",
                self.path(name).display()
            ),
        }
    }
}
