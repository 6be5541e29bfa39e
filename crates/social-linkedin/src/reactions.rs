//! The Reactions API (`/rest/reactions`): react to a post or a comment with one of the six
//! reactions, change a reaction, remove it, read one, and list the reactions on an entity
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/reactions-api>).
//!
//! A reaction is named by the compound key `(actor:{actor URN},entity:{entity URN})`, written
//! by [`restli::key`] (never by gluing strings), so
//! `/rest/reactions/(actor:urn%3Ali%3Aperson%3A…,entity:urn%3Ali%3Ashare%3A…)`.
//!
//! The API has no update method (its methods are get, batch get, the `entity` finder, create
//! and delete): [`Reactions::replace`] changes a reaction the documented way, a delete (a
//! reaction already gone is fine) then a create.
//!
//! Permissions: `w_member_social` to react as the member, `w_organization_social` as a page;
//! listing reactions needs `r_member_social` (restricted) or `r_organization_social`.

use serde_json::{Map, Value, json};
use social_core::http::{Idempotency, PreEncoded, RequestSpec};
use social_core::reconcile::{Created, CreatedKind};
use social_core::{Error, Listing, Network, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::list::ListBuilder;
use crate::models::{AuditStamp, Author, Reaction, ReactionType, SocialEntity};
use crate::posts::RESTLI_ID_HEADER;
use crate::restli;
use crate::urn::Urn;

/// The most reactions of a page.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Reactions. Get it with [`LinkedInClient::reactions`].
#[derive(Debug, Clone)]
pub struct Reactions {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// The Reactions API: react, change, remove and list reactions.
    pub fn reactions(&self) -> Reactions {
        Reactions {
            client: self.clone(),
        }
    }
}

/// The key of one reaction, `(actor:…,entity:…)`, Rest.li-encoded.
///
/// ```
/// use social_linkedin::reactions::reaction_key;
/// use social_linkedin::urn::{PersonUrn, PostUrn};
///
/// let me = PersonUrn::new("-f_Ut43FoQ")?;
/// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
/// assert_eq!(
///     reaction_key(&me.into(), &post.into()).as_str(),
///     "(actor:urn%3Ali%3Aperson%3A-f_Ut43FoQ,entity:urn%3Ali%3Ashare%3A6844785523593134080)",
/// );
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
pub fn reaction_key(actor: &Author, entity: &SocialEntity) -> PreEncoded {
    restli::key(&json!({"actor": actor.to_string(), "entity": entity.to_value()}))
}

social_core::wire_enum! {
    /// The order of a listing of reactions (`sort=(value:…)`).
    pub enum ReactionSort {
        /// Newest first.
        ReverseChronological = "REVERSE_CHRONOLOGICAL",
        /// Oldest first.
        Chronological = "CHRONOLOGICAL",
        /// LinkedIn's relevance.
        Relevance = "RELEVANCE",
    }
}

impl ListBuilder<Reaction> {
    /// The order (`sort=(value:…)`; LinkedIn's default is newest first).
    ///
    /// ```no_run
    /// use social_linkedin::Listing;
    /// use social_linkedin::reactions::ReactionSort;
    /// use social_linkedin::urn::PostUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// let first = li.reactions().list(&post).sort(ReactionSort::Chronological).send().await?;
    /// # let _ = first; Ok(()) }
    /// ```
    pub fn sort(self, sort: ReactionSort) -> Self {
        self.param_value("sort", json!({"value": sort.as_str()}))
    }
}

fn actor_check(actor: &Author) -> Result<()> {
    let mut v = Vec::new();
    if let Author::Other(urn) = actor {
        v.push(Violation::new(
            "actor",
            ViolationKind::Malformed,
            format!(
                "{:?} is neither a member (urn:li:person:…) nor a page (urn:li:organization:…)",
                urn.chars().take(64).collect::<String>()
            ),
        ));
    }
    Error::check_violations(Network::LinkedIn, v)
}

fn type_check(kind: &ReactionType) -> Result<()> {
    let mut v = Vec::new();
    if let ReactionType::Unknown(other) = kind {
        v.push(Violation::new(
            "reactionType",
            ViolationKind::Unsupported,
            format!(
                "{other:?} is not one of LinkedIn's six reactions (LIKE, PRAISE, EMPATHY, INTEREST, APPRECIATION, ENTERTAINMENT)"
            ),
        ));
    }
    Error::check_violations(Network::LinkedIn, v)
}

impl Reactions {
    /// Reacts to `entity` (a post, an activity or a comment) as `actor` (`POST
    /// /rest/reactions?actor=…` with `{"root":…,"reactionType":…}`, answered `201`). A failure
    /// after the request may have reached LinkedIn, or a `201` whose body cannot be read, is
    /// [`Error::Unconfirmed`] (the reaction's key from `x-restli-id` in
    /// [`created`](Error::created) when LinkedIn sent it): read the reaction back with
    /// [`get`](Self::get) rather than sending it again.
    ///
    /// ```no_run
    /// use social_linkedin::models::ReactionType;
    /// use social_linkedin::urn::{PersonUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// li.reactions().react(me, &post, ReactionType::Praise).await?;
    /// # Ok(()) }
    /// ```
    pub async fn react(
        &self,
        actor: impl Into<Author>,
        entity: impl Into<SocialEntity>,
        kind: ReactionType,
    ) -> Result<Reaction> {
        let actor = actor.into();
        let entity = entity.into();
        actor_check(&actor)?;
        type_check(&kind)?;
        let mut params = Map::new();
        params.insert("actor".into(), Value::String(actor.to_string()));
        let spec = RequestSpec::post("reactions")
            .endpoint("POST /reactions")
            .json(&json!({"root": entity.to_string(), "reactionType": kind}))
            .with_idempotency(Idempotency::Unsafe);
        let spec = restli::with_query(spec, &params);
        let endpoint = spec.endpoint_name().into_owned();
        let resp = self.client.send_rest(RestliMethod::Create, spec).await?;
        let id = resp
            .header(RESTLI_ID_HEADER)
            .map(restli::reduced_decode)
            .filter(|id| !id.is_empty());
        if !resp.body().iter().all(u8::is_ascii_whitespace) {
            // The reaction exists: an answer that cannot be read is an unknown outcome, never a
            // reason to react again. The reaction is named when `x-restli-id` named it.
            let created = id.map(|id| Created::new(CreatedKind::Other("reaction".into()), id));
            return resp.json().map_err(|e| {
                Error::unconfirmed(Network::LinkedIn, endpoint, resp.correlation_id(), e)
                    .with_created(created)
            });
        }
        // No body: the reaction is what was sent, named by `x-restli-id` when present.
        Ok(Reaction {
            id,
            reaction_type: Some(kind),
            root: Some(entity.to_string()),
            created: Some(AuditStamp {
                actor: Some(actor.to_string()),
                ..AuditStamp::default()
            }),
            ..Reaction::default()
        })
    }

    /// Changes `actor`'s reaction on `entity` to `kind`: removes the one there (none is fine),
    /// then reacts. The Reactions API documents no update; this is its create and delete.
    ///
    /// ```no_run
    /// use social_linkedin::models::ReactionType;
    /// use social_linkedin::urn::{PersonUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// li.reactions().replace(me, &post, ReactionType::Interest).await?;
    /// # Ok(()) }
    /// ```
    pub async fn replace(
        &self,
        actor: impl Into<Author>,
        entity: impl Into<SocialEntity>,
        kind: ReactionType,
    ) -> Result<Reaction> {
        let actor = actor.into();
        let entity = entity.into();
        actor_check(&actor)?;
        type_check(&kind)?;
        match self.remove(actor.clone(), entity.clone()).await {
            // No reaction to remove: nothing to replace, react.
            Ok(()) | Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
        self.react(actor, entity, kind).await
    }

    /// Removes `actor`'s reaction on `entity` (`DELETE /rest/reactions/(actor:…,entity:…)`,
    /// answered `204`). A reaction already gone counts as removed.
    ///
    /// ```no_run
    /// use social_linkedin::urn::{PersonUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// li.reactions().remove(me, &post).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove(
        &self,
        actor: impl Into<Author>,
        entity: impl Into<SocialEntity>,
    ) -> Result<()> {
        let actor = actor.into();
        actor_check(&actor)?;
        let spec = RequestSpec::delete("reactions")
            .encoded_segment(reaction_key(&actor, &entity.into()))
            .endpoint("DELETE /reactions/:key")
            .gone_is_success();
        self.client
            .send_rest(RestliMethod::Delete, spec)
            .await
            .map(drop)
    }

    /// `actor`'s reaction on `entity` (`GET /rest/reactions/(actor:…,entity:…)`); none is
    /// [`Error::NotFound`].
    ///
    /// ```no_run
    /// use social_linkedin::urn::{PersonUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// println!("{:?}", li.reactions().get(me, &post).await?.reaction_type);
    /// # Ok(()) }
    /// ```
    pub async fn get(
        &self,
        actor: impl Into<Author>,
        entity: impl Into<SocialEntity>,
    ) -> Result<Reaction> {
        let actor = actor.into();
        actor_check(&actor)?;
        let spec = RequestSpec::get("reactions")
            .encoded_segment(reaction_key(&actor, &entity.into()))
            .endpoint("GET /reactions/:key");
        self.client.send_rest(RestliMethod::Get, spec).await?.json()
    }

    /// The reactions on `entity`, newest first (`GET
    /// /rest/reactions/(entity:…)?q=entity&sort=(value:REVERSE_CHRONOLOGICAL)`, `start`/`count`
    /// paging).
    ///
    /// ```no_run
    /// use social_core::PageLimits;
    /// use social_linkedin::Listing;
    /// use social_linkedin::urn::PostUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// for r in li.reactions().list(&post).collect(PageLimits::default()).await? {
    ///     println!("{:?} by {:?}", r.reaction_type, r.actor());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, entity: impl Into<SocialEntity>) -> ListBuilder<Reaction> {
        let entity = entity.into();
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("reactions")
                .encoded_segment(restli::key(&json!({"entity": entity.to_value()})))
                .endpoint("GET /reactions/:entity"),
            MAX_PAGE_SIZE,
        )
        .param("q", "entity")
        .sort(ReactionSort::ReverseChronological)
    }
}
