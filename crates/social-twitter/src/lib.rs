//! # social-twitter
//!
//! A client of the X (Twitter) API v2 for professionals who post now and then, follow people,
//! find whom to follow, and read a sip of their timeline or mentions without reading it all.
//!
//! - [`TwitterClient`]: built with authentication (OAuth 2.0 user context with refresh tokens
//!   that rotate, app-only bearer, or OAuth 1.0a, see [`auth`]) and core's transport settings
//!   ([`ClientOptions`](social_core::http::ClientOptions): base URL, timeouts, retries…), with
//!   the core transport's retries, rate limits and error mapping ([`XDialect`]);
//! - handlers per API area: [`tweets`] (create, delete, look up, search, threads), [`users`],
//!   [`follows`], [`timelines`] (and [`sip`](timelines::Timelines::sip)), [`likes`],
//!   [`retweets`], [`media`] (chunked upload);
//! - [`list::ListBuilder`], every paged listing, implementing core's [`Listing`] (its pages keep
//!   X's `includes`, partial `errors` and `meta`); [`models`], the wire types;
//! - [`text`]: X's weighted length (twitter-text configuration v3), used to validate every post
//!   offline before it is sent;
//! - [`XAccount`], the account the client signs in as, implementing the `social_core` traits
//!   ([`Publisher`](social_core::Publisher), [`Reconcile`](social_core::Reconcile) (after a post
//!   whose outcome is unknown, whether it exists), [`ProfileReader`](social_core::ProfileReader),
//!   [`AudienceReader`](social_core::AudienceReader),
//!   [`Conversations`](social_core::Conversations), [`FollowGraph`](social_core::FollowGraph)),
//!   so [`social_core::discover::who_to_follow`] works on X.
//!
//! Names: the client and its builder carry the crate's name ([`TwitterClient`],
//! [`TwitterClientBuilder`]); what stands for X itself carries the network's name where a prefix is
//! needed ([`XAccount`], [`XDialect`], [`auth::XOAuth2Dialect`], [`models::XResponse`]); a handler
//! is the noun of its API area ([`tweets::Tweets`], [`media::Media`], `…Builder` for its requests);
//! wire types keep the words of X's documentation ([`models::Tweet`], [`models::TweetField`] for
//! `tweet.fields`).
//!
//! ```no_run
//! use social_core::auth::AccessToken;
//! use social_core::PostId;
//! use social_twitter::TwitterClient;
//! use social_twitter::timelines::River;
//!
//! # async fn run(last_seen: Option<PostId>) -> social_core::Result<()> {
//! let x = TwitterClient::builder()
//!     .user_token(AccessToken::new(std::env::var("X_USER_TOKEN").unwrap_or_default()))
//!     .build()?;
//! let draft = x.tweets().create("New article: what the 2027 budget changes for freelancers https://example.com/budget-2027");
//! assert!(draft.violations().is_empty());
//! let posted = draft.send().await?;
//! let sip = x.timelines().sip(River::Mentions, last_seen.as_ref(), 20).await?;
//! println!("posted {}; {} new mentions", posted.id, sip.posts.len());
//! # Ok(()) }
//! ```

pub mod adapter;
pub mod auth;
mod client;
pub mod error;
pub mod follows;
pub mod likes;
pub mod list;
pub mod media;
pub mod models;
pub mod retweets;
pub mod text;
pub mod timelines;
pub mod tweets;
pub mod users;

pub use adapter::XAccount;
pub use client::{AuthMode, DEFAULT_BASE_URL, TwitterClient, TwitterClientBuilder};
pub use error::XDialect;
/// Core's one surface of a paged listing, which [`list::ListBuilder`] implements: bring it into
/// scope to call `page_size`, `after`, `send`, `pages`, `items` and `collect`.
pub use social_core::Listing;
