use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Network;

/// Who a target is, stably: its network and the id the network gives the identity (an X user
/// id, a Facebook Page id, a LinkedIn member or organization URN, or whatever a user's own
/// adapter chooses). Reports, per-target overrides and inbox cursors are keyed by it.
///
/// Written and serialised as `network:id` (`x:2244994945`, `linkedin:urn:li:organization:2414183`),
/// so it is a plain string key in JSON maps.
///
/// ```
/// use social_core::{Network, TargetId};
///
/// let page = TargetId::new(Network::Facebook, "200000000000001");
/// assert_eq!(page.to_string(), "facebook:200000000000001");
/// let org: TargetId = "linkedin:urn:li:organization:2414183".parse().unwrap();
/// assert_eq!(org.network, Network::LinkedIn);
/// assert_eq!(org.id, "urn:li:organization:2414183");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct TargetId {
    /// The network.
    pub network: Network,
    /// The identity's id on it.
    pub id: String,
}

impl TargetId {
    /// The identity `id` on `network`.
    pub fn new(network: Network, id: impl Into<String>) -> Self {
        TargetId {
            network,
            id: id.into(),
        }
    }
}

impl fmt::Display for TargetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.network.slug(), self.id)
    }
}

/// Why a text is not a [`TargetId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a target id: write it `network:id` with network one of x, facebook, linkedin"
)]
pub struct ParseTargetIdError(String);

impl FromStr for TargetId {
    type Err = ParseTargetIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (slug, id) = s
            .split_once(':')
            .ok_or_else(|| ParseTargetIdError(s.to_string()))?;
        let network = Network::ALL
            .into_iter()
            .find(|n| n.slug() == slug)
            .ok_or_else(|| ParseTargetIdError(s.to_string()))?;
        if id.is_empty() {
            return Err(ParseTargetIdError(s.to_string()));
        }
        Ok(TargetId::new(network, id))
    }
}

impl Serialize for TargetId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TargetId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One identity a cross-network call acts for: its stable [`TargetId`] and a label for people
/// (`@alice on X`, `Acme Corp (Facebook Page)`). Given by
/// [`Identity::target`](crate::Identity::target).
///
/// ```
/// use social_core::{Network, Target};
///
/// let t = Target::new(Network::X, "2244994945", "@XDevelopers");
/// assert_eq!(t.network(), Network::X);
/// assert_eq!(t.to_string(), "@XDevelopers (X)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Target {
    /// Who it is.
    pub id: TargetId,
    /// A name for people.
    pub label: String,
}

impl Target {
    /// The identity `id` on `network`, shown as `label`.
    pub fn new(network: Network, id: impl Into<String>, label: impl Into<String>) -> Self {
        Target {
            id: TargetId::new(network, id),
            label: label.into(),
        }
    }

    /// The network.
    pub fn network(&self) -> Network {
        self.id.network
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label, self.id.network)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_ids_round_trip_as_strings_and_refuse_nonsense() {
        for text in ["x:1", "facebook:2", "linkedin:urn:li:person:abc"] {
            let id: TargetId = text.parse().unwrap();
            assert_eq!(id.to_string(), text);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<TargetId>(&json).unwrap(), id);
        }
        for bad in ["", "x", "x:", "myspace:1", ":1"] {
            assert!(bad.parse::<TargetId>().is_err(), "{bad}");
        }
    }
}
