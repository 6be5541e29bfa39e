//! Insights (placeholder being written).
use crate::client::FacebookClient;
/// Insights.
#[derive(Debug, Clone)]
pub struct Insights {
    #[allow(dead_code)]
    client: FacebookClient,
}
impl Insights {
    pub(crate) fn new(client: FacebookClient) -> Self {
        Insights { client }
    }
}
