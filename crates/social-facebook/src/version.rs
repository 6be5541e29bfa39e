//! The Graph API version a client asks for.

use std::fmt;
use std::str::FromStr;

use social_core::{Error, Network};

/// The version used when none is set: the newest stable Graph version (v26.0, released
/// 2026-07-29; v25.0 stays available until 2028-07-29), as
/// <https://developers.facebook.com/docs/graph-api/changelog/versions> lists them.
pub const DEFAULT_VERSION: &str = "v26.0";

/// A Graph API version such as `v26.0`.
///
/// Any `vMAJOR.MINOR` is accepted: there is no list of allowed versions to fall behind when Meta
/// releases a new one (peer SDKs with a hard-coded list broke at each release). Graph answers a
/// call to an expired version with the oldest version still available and says so in the
/// `facebook-api-version` header, which the client compares with this one (a mismatch is logged
/// as a warning).
///
/// ```
/// use social_facebook::GraphVersion;
///
/// let v: GraphVersion = "v25.0".parse()?;
/// assert_eq!(v.as_str(), "v25.0");
/// assert_eq!(GraphVersion::default().as_str(), "v26.0");
/// assert!("25.0".parse::<GraphVersion>().is_err());
/// # Ok::<(), social_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GraphVersion(String);

impl GraphVersion {
    /// Checks and wraps a version string (`v` + digits + `.` + digits).
    pub fn new(version: impl Into<String>) -> Result<Self, Error> {
        let v = version.into();
        let ok = v
            .strip_prefix('v')
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(major, minor)| {
                !major.is_empty()
                    && !minor.is_empty()
                    && major.len() <= 4
                    && minor.len() <= 4
                    && major.bytes().all(|b| b.is_ascii_digit())
                    && minor.bytes().all(|b| b.is_ascii_digit())
            });
        if ok {
            Ok(GraphVersion(v))
        } else {
            Err(Error::config(
                Network::Facebook,
                format!(
                    "{:?} is not a Graph API version; write it like \"{DEFAULT_VERSION}\"",
                    v.chars().take(32).collect::<String>()
                ),
            ))
        }
    }

    /// The version as sent in paths (`v26.0`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for GraphVersion {
    fn default() -> Self {
        GraphVersion(DEFAULT_VERSION.to_string())
    }
}

impl fmt::Display for GraphVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for GraphVersion {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        GraphVersion::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_any_major_minor_and_refuses_the_rest() {
        for ok in ["v26.0", "v2.12", "v100.0", "v27.1"] {
            assert!(GraphVersion::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "v", "26.0", "v26", "v26.", "v.0", "V26.0", "v26.0/", "v26.0 ", "v2a.0", "../v1",
        ] {
            let err = GraphVersion::new(bad).unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}");
        }
    }
}
