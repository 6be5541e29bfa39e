//! The Social Metadata API (`/rest/socialMetadata`): "how did my post do" in one read, the
//! count of each reaction and of comments (all of them, and top-level ones), whether comments
//! are open; for one entity or a batch; and opening or closing comments
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/social-metadata-api>).
//!
//! A count LinkedIn does not send stays `None` in [`SocialMetadata`]: "no figure" is never zero.

use serde_json::{Map, Value, json};
use social_core::http::{Idempotency, RequestSpec};
use social_core::{Error, Network, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::models::{Author, CommentsState, SocialEntity, SocialMetadata, SocialMetadataBatch};
use crate::restli;
use crate::urn::Urn;

/// The most entities of one batch read (a longer query is tunnelled anyway; this keeps a batch
/// to what one answer reasonably holds).
pub const MAX_BATCH: usize = 100;

/// Social metadata. Get it with [`LinkedInClient::social_metadata`].
#[derive(Debug, Clone)]
pub struct Metadata {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// The Social Metadata API: reaction and comment counts, comments open or closed.
    pub fn social_metadata(&self) -> Metadata {
        Metadata {
            client: self.clone(),
        }
    }
}

impl Metadata {
    /// The metadata of a post or comment (`GET /rest/socialMetadata/{URN}`).
    ///
    /// ```no_run
    /// use social_linkedin::models::ReactionType;
    /// use social_linkedin::urn::PostUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// let m = li.social_metadata().get(&post).await?;
    /// println!("{:?} reactions ({:?} likes), {:?} comments", m.total_reactions(),
    ///     m.reactions(&ReactionType::Like), m.comments());
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, entity: impl Into<SocialEntity>) -> Result<SocialMetadata> {
        let spec = RequestSpec::get("socialMetadata")
            .encoded_segment(entity.into().path_key())
            .endpoint("GET /socialMetadata/:urn");
        self.client.send_rest(RestliMethod::Get, spec).await?.json()
    }

    /// The metadata of several posts or comments in one call (`GET
    /// /rest/socialMetadata?ids=List(…)`); up to [`MAX_BATCH`] at once. Entities LinkedIn
    /// could not read are in [`SocialMetadataBatch::errors`].
    ///
    /// ```no_run
    /// use social_linkedin::models::SocialEntity;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let posts: Vec<SocialEntity> = vec![
    ///     "urn:li:share:6844785523593134080".parse()?,
    ///     "urn:li:ugcPost:68447855235931240".parse()?,
    /// ];
    /// let batch = li.social_metadata().batch_get(&posts).await?;
    /// for (urn, m) in &batch.results {
    ///     println!("{urn}: {:?}", m.total_reactions());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn batch_get(&self, entities: &[SocialEntity]) -> Result<SocialMetadataBatch> {
        let mut v = Vec::new();
        if entities.is_empty() {
            v.push(Violation::new(
                "ids",
                ViolationKind::Empty,
                "a batch read needs at least one entity",
            ));
        }
        if entities.len() > MAX_BATCH {
            v.push(Violation::new(
                "ids",
                ViolationKind::TooMany {
                    limit: MAX_BATCH as u64,
                    actual: entities.len() as u64,
                },
                format!("read at most {MAX_BATCH} entities per call"),
            ));
        }
        Error::check_violations(Network::LinkedIn, v)?;
        let mut params = Map::new();
        params.insert(
            "ids".into(),
            Value::Array(entities.iter().map(Urn::to_value).collect()),
        );
        let spec = restli::with_query(
            RequestSpec::get("socialMetadata").endpoint("GET /socialMetadata"),
            &params,
        );
        self.client
            .send_rest(RestliMethod::BatchGet, spec)
            .await?
            .json()
    }

    /// Opens or closes comments on a post, as its `actor` (`POST
    /// /rest/socialMetadata/{URN}?actor=…`, `X-RestLi-Method: PARTIAL_UPDATE`,
    /// `{"patch":{"$set":{"commentsState":…}}}`).
    ///
    /// ```no_run
    /// use social_linkedin::models::CommentsState;
    /// use social_linkedin::urn::{OrganizationUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let firm = OrganizationUrn::new("2414183")?;
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// li.social_metadata().set_comments_state(&post, firm, CommentsState::Closed).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_comments_state(
        &self,
        entity: impl Into<SocialEntity>,
        actor: impl Into<Author>,
        state: CommentsState,
    ) -> Result<()> {
        if let CommentsState::Unknown(other) = &state {
            return Err(Error::invalid(
                Network::LinkedIn,
                Violation::new(
                    "commentsState",
                    ViolationKind::Unsupported,
                    format!(
                        "{other:?} is not a state LinkedIn sets: use CommentsState::Open or CommentsState::Closed"
                    ),
                ),
            ));
        }
        let actor = actor.into();
        let mut params = Map::new();
        params.insert("actor".into(), Value::String(actor.to_string()));
        let spec = RequestSpec::post("socialMetadata")
            .encoded_segment(entity.into().path_key())
            .endpoint("POST /socialMetadata/:urn")
            .json(&json!({"patch": {"$set": {"commentsState": state}}}))
            .with_idempotency(Idempotency::Idempotent);
        let spec = restli::with_query(spec, &params);
        self.client
            .send_rest(RestliMethod::PartialUpdate, spec)
            .await
            .map(drop)
    }
}
