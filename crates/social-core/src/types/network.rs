use std::fmt;

use serde::{Deserialize, Serialize};

/// The social network a value, a request or an error belongs to.
///
/// ```
/// use social_core::Network;
/// assert_eq!(Network::X.to_string(), "X");
/// assert_eq!(Network::Facebook.slug(), "facebook");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Network {
    /// X (formerly Twitter), API v2.
    X,
    /// Facebook Pages through the Graph API.
    Facebook,
    /// LinkedIn (member and organization shares).
    LinkedIn,
}

impl Network {
    /// Every network this workspace knows, in a stable order.
    pub const ALL: [Network; 3] = [Network::X, Network::Facebook, Network::LinkedIn];

    /// A lowercase, ASCII identifier (`"x"`, `"facebook"`, `"linkedin"`) for logs and keys.
    pub fn slug(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Facebook => "facebook",
            Network::LinkedIn => "linkedin",
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Network::X => "X",
            Network::Facebook => "Facebook",
            Network::LinkedIn => "LinkedIn",
        })
    }
}
