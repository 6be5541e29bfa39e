//! # social-facebook
//!
//! A client of the Facebook Graph API for a professional who runs an official Page: publish news,
//! links and photos (some scheduled), see who likes and follows the Page and how posts do, answer,
//! hide or remove comments, and keep the Page's token alive.
//!
//! - [`FacebookClient`]: built with a base URL, a Graph version ([`GraphVersion`], default
//!   `v26.0`, any `vNN.N` accepted, a warning logged when Graph answers with another), the app
//!   id and secret (then every call carries `appsecret_proof`), and a user or Page token; the core
//!   transport's retries, rate limits and error mapping ([`error`]: Graph codes and subcodes, usage
//!   headers);
//! - handlers per area: [`pages`] (Pages and Page tokens, business portfolios, profile and
//!   audience, webhook subscription), [`posts`] (feed posts, photos, multi-photo, scheduling,
//!   edit, delete, listings), [`comments`], [`reactions`], [`insights`], [`batch`];
//! - [`auth`]: the login URL and `appsecret_proof`; [`tokens`]: code exchange, long-lived
//!   tokens, app token, `debug_token`, granted permissions;
//! - [`models`]: what Graph returns (Pages, posts, comments, reactions, insights, token
//!   information) and the typed `fields=` names;
//! - [`list`]: paging that follows Graph's `next` links without keeping the token they embed;
//! - [`webhooks`]: verification, signatures over the raw body, typed Page events, `signed_request`;
//! - [`adapter`]: the `social_core` traits ([`Publisher`](social_core::Publisher),
//!   [`ProfileReader`](social_core::ProfileReader), [`AudienceReader`](social_core::AudienceReader),
//!   [`Conversations`](social_core::Conversations), [`Reconcile`](social_core::Reconcile)) for a
//!   Page.
//!
//! ```no_run
//! use social_core::auth::{AccessToken, AppSecret};
//! use social_facebook::FacebookClient;
//! use social_facebook::models::PageId;
//!
//! # async fn run() -> social_core::Result<()> {
//! let page = FacebookClient::builder()
//!     .access_token(AccessToken::new(std::env::var("FB_PAGE_TOKEN").unwrap_or_default()))
//!     .app_secret(AppSecret::new(std::env::var("FB_APP_SECRET").unwrap_or_default()))
//!     .build()?;
//! let id = PageId::new(std::env::var("FB_PAGE_ID").unwrap_or_default());
//! let draft = page.posts().create(&id).message("Our office moves to 12 rue de la Paix on Monday.");
//! assert!(draft.violations().is_empty());
//! let posted = draft.send().await?; // a failure after sending is `Error::Unconfirmed`, never a repost
//! let audience = page.pages().get(&id).send().await?;
//! println!("posted {}; {:?} likes", posted.id, audience.fan_count);
//! # Ok(()) }
//! ```

pub mod adapter;
pub mod auth;
pub mod batch;
mod client;
pub mod comments;
pub mod error;
pub mod insights;
pub mod list;
pub mod models;
pub mod pages;
pub mod posts;
pub mod reactions;
mod redact;
pub mod tokens;
pub mod version;
pub mod webhooks;

pub use adapter::FacebookPage;
pub use client::{DEFAULT_BASE_URL, FacebookClient, FacebookClientBuilder};
pub use error::GraphDialect;
pub use models::PageId;
/// Core's listing surface (`page_size`, `after`, `param`, `send`, `pages`, `items`,
/// `collect`), which every [`ListBuilder`](list::ListBuilder) implements: bring it into scope to
/// call them.
pub use social_core::Listing;
pub use version::GraphVersion;
