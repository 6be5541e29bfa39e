use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Network;

/// How a network counts the length of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum LengthCounting {
    /// X's weighted count (twitter-text config v3): most CJK and emoji weigh 2, every URL counts
    /// as `url_length`, after NFC normalisation.
    Weighted {
        /// What one URL counts for.
        url_length: u32,
    },
    /// Unicode scalar values (characters) after NFC normalisation.
    Characters,
    /// UTF-16 code units.
    Utf16,
}

/// What an account can do on a network, and the limits that apply, as data.
///
/// ```
/// use std::time::Duration;
/// use social_core::{Capabilities, LengthCounting, Network};
///
/// let caps = Capabilities::new(Network::X, 280, LengthCounting::Weighted { url_length: 23 })
///     .with_max_media(4)
///     .with_threads(true);
/// assert!(caps.threads);
/// assert!(!caps.scheduling);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Capabilities {
    /// The network.
    pub network: Network,
    /// The longest text accepted, in the unit of `counting`.
    pub max_text_length: u32,
    /// How the length is counted.
    pub counting: LengthCounting,
    /// How many media items one post may carry (0: none).
    pub max_media: u32,
    /// Whether a link can be attached as such (not only inside the text).
    pub links: bool,
    /// Whether posts can be scheduled by the network.
    pub scheduling: bool,
    /// The shortest delay from now a scheduled time may have.
    pub min_schedule_lead: Option<Duration>,
    /// The longest delay from now a scheduled time may have.
    pub max_schedule_lead: Option<Duration>,
    /// Whether a post can answer another one (replies).
    pub replies: bool,
    /// Whether threads (a chain of replies to oneself) can be published.
    pub threads: bool,
}

impl Capabilities {
    /// Capabilities with a text limit and nothing else.
    pub fn new(network: Network, max_text_length: u32, counting: LengthCounting) -> Self {
        Capabilities {
            network,
            max_text_length,
            counting,
            max_media: 0,
            links: false,
            scheduling: false,
            min_schedule_lead: None,
            max_schedule_lead: None,
            replies: false,
            threads: false,
        }
    }

    /// Sets the media count.
    #[must_use]
    pub fn with_max_media(mut self, n: u32) -> Self {
        self.max_media = n;
        self
    }

    /// Sets whether links attach.
    #[must_use]
    pub fn with_links(mut self, yes: bool) -> Self {
        self.links = yes;
        self
    }

    /// Enables scheduling within the given window.
    #[must_use]
    pub fn with_scheduling(
        mut self,
        min_lead: Option<Duration>,
        max_lead: Option<Duration>,
    ) -> Self {
        self.scheduling = true;
        self.min_schedule_lead = min_lead;
        self.max_schedule_lead = max_lead;
        self
    }

    /// Sets whether replies are possible.
    #[must_use]
    pub fn with_replies(mut self, yes: bool) -> Self {
        self.replies = yes;
        self
    }

    /// Sets whether threads are possible.
    #[must_use]
    pub fn with_threads(mut self, yes: bool) -> Self {
        self.threads = yes;
        self
    }
}
