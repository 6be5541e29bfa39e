//! # social-facebook
//!
//! A client of the Facebook Graph API for a professional's official Page.

pub mod adapter;
pub mod auth;
pub mod batch;
mod client;
pub mod comments;
pub mod error;
mod fields;
pub mod insights;
pub mod list;
pub mod models;
pub mod pages;
pub mod posts;
pub mod reactions;
pub mod version;
pub mod webhooks;

pub use client::{DEFAULT_BASE_URL, FacebookClient, FacebookClientBuilder};
pub use error::GraphDialect;
pub use models::PageId;
pub use version::GraphVersion;
