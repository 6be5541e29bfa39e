//! # social-linkedin
//!
//! The building blocks of the LinkedIn client of social-rs (work in progress: the client
//! itself comes next).
//!
//! - [`restli`]: Rest.li 2.0 encoding of keys and query strings, decoding, reduced decoding;
//! - [`text`]: little-text commentary;
//! - [`urn`]: LinkedIn URNs as types.

pub mod restli;
pub mod text;
pub mod urn;
