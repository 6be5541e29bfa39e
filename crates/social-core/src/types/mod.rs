//! The data every network shares: ids, drafts, published posts, profiles, audience, comments,
//! rate limits and capabilities.

mod capabilities;
mod content;
pub mod ids;
mod network;
mod rate_limit;
mod target;
mod upload;
mod wire_enum;

pub use capabilities::{Capabilities, LengthCounting};
pub use content::{Audience, Comment, MediaRef, Override, Post, Profile, Published};
pub use ids::{CommentId, MediaId, PostId, UserId};
pub use network::Network;
pub use rate_limit::RateLimit;
pub use target::{ParseTargetIdError, Target, TargetId};
pub use upload::UploadProgress;
