//! # social-linkedin
//!
//! The LinkedIn crate of social-rs. **What exists today are its building blocks**, pure and
//! offline; the client that sends requests (`LinkedInClient`: sign-in, posts, the core traits,
//! on the shared transport of `social-core`) is the next step and is not here yet.
//!
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
//! Features: `rustls` (default) and `native-tls` choose the TLS stack of `social-core`.

pub mod restli;
pub mod text;
pub mod urn;
pub mod version;

pub use version::{DEFAULT_VERSION, LinkedInVersion};
