//! # social-linkedin
//!
//! The LinkedIn client of social-rs, for the professional who posts to their own network and to
//! their firm's page: sign-in (OpenID Connect's `userinfo`, OAuth 2.0 with the 60-day token
//! life surfaced, refresh for partner apps, client credentials, token introspection), posts as a
//! member or as a page (text, article, poll, uploaded media, reshare; read, change, delete,
//! list an author's posts), image, document and video uploads, comments, reactions and social
//! metadata, the company page and its statistics, "met at an event", and the core traits
//! (`Publisher`, `Reconcile`, `ProfileReader`, `AudienceReader`, `Conversations`, and for
//! working across the networks `Identity`, `RecentPosts`, `AwaitingReplies`), on the shared
//! transport of `social-core`.
//!
//! - [`LinkedInClient`] ([`client`]): the versioned API (`/rest`) with `LinkedIn-Version` and
//!   `X-Restli-Protocol-Version: 2.0.0` on every call, the unversioned `/v2` of `userinfo`, the
//!   OAuth host; queries over 4,000 characters tunnelled; a warning logged when the version is
//!   within 60 days of its estimated sunset.
//! - [`posts`], [`userinfo`], [`organizations`], [`auth`], [`tokens`]: one module per API area.
//! - [`media`]: image, document and video uploads (`initializeUpload`, the `PUT` of the bytes, a
//!   video in parts with its `ETag`s and `finalizeUpload`, then waiting for `AVAILABLE` on the
//!   client's clock with [`social_core::UploadProgress`] reported); an unknown outcome keeps the
//!   asset URN for reconciling.
//! - [`comments`], [`reactions`], [`social_metadata`]: conversations on posts (comment, reply,
//!   react with the six reactions, delete) and "how did my post do" (counts per reaction type,
//!   comment counts), as a member or a page.
//! - [`organizations`] and [`statistics`]: the company page (the pages a member administers,
//!   lookup by id and vanity name, follower count, follower, share and page statistics) and a
//!   member's post analytics and follower count where the app has the scope.
//! - [`event`]: "met at an event": LinkedIn's API cannot send invitations; the module gives
//!   the member's public profile URL, its QR code (SVG, feature `qr`) and a follow-up post
//!   mentioning the organizer.
//! - [`error`]: LinkedIn's errors as `social_core::Error` (a retired version, a revoked token,
//!   a missing permission naming the resource, `DUPLICATE_POST` naming the existing post, daily
//!   quotas with their midnight-UTC reset).
//! - [`adapter`]: [`LinkedInMember`] and
//!   [`LinkedInOrganization`], the core traits.
//! - [`restli`]: LinkedIn's Rest.li 2.0 URL notation: [`restli::encode`] for path keys and
//!   query values (`List(…)`, `(k:v)`, percent-encoded leaves), [`restli::encode_query`] for a
//!   whole query string (with the `fields` projection), [`restli::decode`] (a typed error on
//!   malformed input) and [`restli::reduced_decode`] for the `x-restli-id` header. No input can
//!   add a path segment, a query parameter or a fragment.
//! - [`urn`]: URNs as types ([`urn::PersonUrn`], [`urn::OrganizationUrn`], [`urn::PostUrn`]
//!   over shares and UGC posts, [`urn::ImageUrn`], [`urn::VideoUrn`], [`urn::DocumentUrn`],
//!   [`urn::CommentUrn`]…) that parse and print the `urn:li:…` form and give their Rest.li key.
//! - [`text`]: the "little text" of a post's commentary: [`text::escape`],
//!   [`text::mention`], [`text::hashtag`] and the [`text::Commentary`] builder, whose text is
//!   escaped by construction so LinkedIn never silently cuts a post short, with every problem
//!   (the 3,000-character limit included) reported at once.
//! - [`version`]: the `LinkedIn-Version` header ([`version::LinkedInVersion`], checked
//!   offline), the pinned [`version::DEFAULT_VERSION`] and the date it was checked, and pure
//!   functions that estimate a version's sunset and warn 60 days ahead.
//!
//! What needs LinkedIn's approval, and how the crate says so: reading a member's own posts
//! (`r_member_social`), posting as a page (`w_organization_social`, Community Management API),
//! refresh tokens (approved partners) and client credentials (some products). Without them
//! LinkedIn answers 403 (`Error::Auth` with a missing permission naming the resource), or its
//! token endpoint refuses (`access_denied`); no refresh token comes with a self-serve sign-in,
//! and [`auth::TokenLifetime`] says when the member must consent again.
//!
//! ```no_run
//! use social_core::auth::AccessToken;
//! use social_linkedin::LinkedInClient;
//! use social_linkedin::text::Commentary;
//!
//! # async fn run() -> social_core::Result<()> {
//! let li = LinkedInClient::builder()
//!     .access_token(AccessToken::new(std::env::var("LINKEDIN_TOKEN").unwrap_or_default()))
//!     .build()?;
//! let me = li.userinfo().send().await?.person_urn()?;
//! let commentary = Commentary::builder().text("Closed on Friday (bank holiday) ").hashtag("office").build();
//! let post = li.posts().create(me).commentary(commentary).send().await?;
//! println!("https://www.linkedin.com/feed/update/{post}/");
//! # Ok(()) }
//! ```
//!
//! The building blocks work offline:
//!
//! ```
//! use social_linkedin::text::Commentary;
//! use social_linkedin::urn::{OrganizationUrn, PostUrn, Urn};
//! use social_linkedin::{restli, version::LinkedInVersion};
//!
//! // What a post creation will send: an escaped commentary, the author URN, the version.
//! let author = OrganizationUrn::new("2414183")?;
//! let commentary = Commentary::builder()
//!     .text("We're hiring (remote OK): ")
//!     .hashtag("rust")
//!     .build();
//! commentary.validate()?;
//! assert_eq!(commentary.as_str(), "We're hiring \\(remote OK\\): {hashtag|#|rust}");
//! assert_eq!(LinkedInVersion::default().to_string(), "202603");
//!
//! // What comes back: the post's URN in `x-restli-id`, then its key for `/rest/posts/{key}`.
//! let post: PostUrn = restli::reduced_decode("urn:li:share:6844785523593134080").parse()?;
//! assert_eq!(post.restli_key(), "urn%3Ali%3Ashare%3A6844785523593134080");
//! # let _ = author;
//! # Ok::<(), social_core::Error>(())
//! ```
//!
//! Features: `rustls` (default) and `native-tls` choose the TLS stack of `social-core`; `qr`
//! adds `event::ProfileUrl::qr_svg` (the `qrcode` crate, pure Rust, no other dependency).

pub mod adapter;
pub mod auth;
pub mod client;
pub mod comments;
pub mod error;
pub mod event;
pub mod list;
pub mod media;
pub mod models;
pub mod organizations;
pub mod posts;
pub mod reactions;
pub mod restli;
pub mod social_metadata;
pub mod statistics;
pub mod text;
pub mod tokens;
pub mod urn;
pub mod userinfo;
pub mod version;

pub use adapter::{LinkedInMember, LinkedInOrganization};
pub use client::{LinkedInClient, LinkedInClientBuilder};
pub use error::LinkedInDialect;
pub use list::ListBuilder;
pub use social_core::Listing;
pub use version::{DEFAULT_VERSION, LinkedInVersion};
