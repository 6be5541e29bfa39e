//! # social-core
//!
//! The foundation the `social-twitter`, `social-facebook` and `social-linkedin` clients stand on:
//!
//! - [`Error`]: one error type whose variants drive behaviour (wait, sign in again, reconcile);
//! - [`types`]: ids, drafts ([`Post`]), [`Published`], [`Profile`], [`Audience`], [`Comment`],
//!   [`RateLimit`], [`Capabilities`];
//! - [`traits`]: small capability traits ([`Publisher`], [`ProfileReader`], [`AudienceReader`],
//!   [`Conversations`], [`FollowGraph`]) an adapter implements only when its network can;
//! - [`http`]: requests as data and the one [`Transport`](http::Transport) that sends them, with
//!   retries that never duplicate a post, rate limits as data, size caps and https-only credentials;
//! - [`auth`]: secret types, OAuth 2.0 with PKCE and rotating refresh tokens, OAuth 1.0a signing;
//! - [`paging`]: pages and a stream that cannot loop forever;
//! - [`reconcile`]: after a write whose outcome is unknown, find out whether it happened before
//!   sending it again (the one safe way to retry);
//! - [`webhook`]: constant-time HMAC signature checks;
//! - [`across`]: one draft everywhere ([`broadcast`], [`preview`]), the audience everywhere
//!   ([`presence`]) and the conversations waiting for an answer ([`inbox`]), over the traits.
//!
//! ```no_run
//! use std::sync::Arc;
//! use social_core::auth::{AccessToken, BearerAuth};
//! use social_core::http::{RequestSpec, Transport};
//! use social_core::Network;
//!
//! # async fn run() -> social_core::Result<()> {
//! let transport = Transport::builder(Network::X, "https://api.x.com")
//!     .authenticator(Arc::new(BearerAuth::new(AccessToken::new("…"))))
//!     .build()?;
//! let me: serde_json::Value = transport.execute_json(RequestSpec::get("2/users/me")).await?;
//! # let _ = me; Ok(()) }
//! ```

pub mod across;
pub mod auth;
pub mod clock;
pub mod discover;
pub mod error;
pub mod http;
pub mod paging;
pub mod reconcile;
pub mod traits;
pub mod types;
pub mod webhook;

#[doc(hidden)]
pub mod __private {
    //! What the exported macros name, so the crates using them need no such dependency.
    pub use reqwest;
    pub use serde;
}

pub use across::{broadcast, inbox, presence, preview};
pub use error::{
    ApiError, AuthErrorKind, Error, Result, TransportErrorKind, Violation, ViolationKind,
};
pub use paging::{Cursor, Listing, Page, PageLimits};
pub use traits::{
    AudienceReader, AwaitingReplies, Conversations, FollowGraph, Identity, ProfileReader,
    Publisher, RecentPosts, Reconcile,
};
pub use types::*;
