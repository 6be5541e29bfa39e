//! Batch (placeholder being written).
use crate::client::FacebookClient;
/// Batch.
#[derive(Debug, Clone)]
pub struct Batch {
    #[allow(dead_code)]
    client: FacebookClient,
}
impl Batch {
    pub(crate) fn new(client: FacebookClient) -> Self {
        Batch { client }
    }
}
