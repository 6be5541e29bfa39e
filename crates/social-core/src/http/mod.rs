//! The one HTTP layer: requests as data ([`RequestSpec`]), the [`Transport`] that sends them,
//! the retry rules ([`decide`], [`RetryPolicy`], [`RetryBudget`]), the per-network
//! [`ApiDialect`], the settings every client builder takes ([`ClientOptions`]), the masking of
//! secrets in what errors quote ([`mask`]), and the [`Raw`] escape hatch.

mod builder;
mod dialect;
mod limits;
pub mod mask;
mod options;
mod pre_encoded;
mod raw;
mod request;
mod response;
mod retry;
mod transport;

pub use builder::{DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_THROTTLE_COOLDOWN, TransportBuilder};
pub use dialect::{
    ApiDialect, ErrorContext, GenericDialect, default_error, default_route, error_for_status,
    find_message, most_constraining, parse_limit_headers, parse_retry_after, rate_limited,
    rate_limited_by,
};
pub use options::ClientOptions;
pub use raw::{Raw, RawRequest};
pub use request::{Body, Idempotency, Part, PreEncoded, RequestSpec, encode_segment};
pub use response::Response;
pub use retry::{
    Attempt, Decision, Failure, Jitter, RetryBudget, RetryPolicy, decide, outcome_unknown,
};
pub use transport::Transport;
