//! Reaction types and the reactions of `/{object-id}/reactions`
//! (<https://developers.facebook.com/docs/graph-api/reference/object/reactions/>).

use serde::Deserialize;
use social_core::types::ids;

social_core::wire_enum! {
    /// A reaction type (`LIKE`, `LOVE`…; Graph adds new ones, such as `CARE`).
    ///
    /// Open-ended: a value this SDK does not know is kept in `Other`, never an error.
    pub enum ReactionType {
        /// 👍
        Like = "LIKE",
        /// ❤️
        Love = "LOVE",
        /// 🤗
        Care = "CARE",
        /// 😮
        Wow = "WOW",
        /// 😆
        Haha = "HAHA",
        /// 😢
        Sad = "SAD",
        /// 😡
        Angry = "ANGRY",
        /// 🙏 (THANKFUL)
        Thankful = "THANKFUL",
        /// 🏳️‍🌈 (PRIDE)
        Pride = "PRIDE",
        /// No reaction (`viewer_reaction`).
        None = "NONE",
        _ => Other,
    }
}

impl ReactionType {
    /// The types a Page sees today, for per-type counts.
    pub const COMMON: [ReactionType; 7] = [
        ReactionType::Like,
        ReactionType::Love,
        ReactionType::Care,
        ReactionType::Wow,
        ReactionType::Haha,
        ReactionType::Sad,
        ReactionType::Angry,
    ];
}

/// One reaction (`/{object-id}/reactions`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Reaction {
    /// Who reacted.
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub id: Option<String>,
    /// Their name.
    #[serde(default)]
    pub name: Option<String>,
    /// The reaction.
    #[serde(rename = "type", default)]
    pub kind: Option<ReactionType>,
}
