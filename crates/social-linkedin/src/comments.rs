//! The Comments API (`/rest/socialActions/{target}/comments`): list the comments on a post or
//! the replies to a comment, read one, comment as a member or a page, reply to a comment,
//! change a comment's text and delete it
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>).
//!
//! The text is little text made by [`crate::text`], escaped by construction (mentions allowed
//! through [`Commentary::builder`]); raw little text is checked for unescaped reserved
//! characters, which would make LinkedIn cut the comment short.
//!
//! Permissions: `w_member_social` to comment as the member; `w_organization_social` (a page
//! role ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER or RECRUITING_POSTER) as a page. Reading
//! comments needs `r_member_social` (restricted) or `r_organization_social`: without it
//! LinkedIn answers 403, an [`Error::Auth`] naming the resource.

use serde_json::{Map, Value, json};
use social_core::http::{Idempotency, RequestSpec};
use social_core::reconcile::{Created, CreatedKind};
use social_core::{Error, Network, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::list::ListBuilder;
use crate::models::{Author, Comment, CommentMessage, SocialEntity};
use crate::posts::RESTLI_ID_HEADER;
use crate::restli;
use crate::text::Commentary;
use crate::urn::{CommentUrn, Urn};

/// The most comments of a page.
pub const MAX_PAGE_SIZE: u32 = 100;

/// The longest comment, counted as [`text::length`](crate::text::length) counts. The Comments
/// API page states no limit that we could find; 1,250 characters is the limit of LinkedIn's
/// comment box, which integrators document for the API too.
pub const MAX_COMMENT_LENGTH: u64 = 1_250;

/// The field named in the violations of a comment's text.
const FIELD: &str = "message.text";

/// Comments. Get it with [`LinkedInClient::comments`].
#[derive(Debug, Clone)]
pub struct Comments {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// The Comments API: list, read, create, reply to, change and delete comments.
    pub fn comments(&self) -> Comments {
        Comments {
            client: self.clone(),
        }
    }
}

/// `/rest/socialActions/{target}/comments`.
fn collection(spec: RequestSpec, target: &SocialEntity) -> RequestSpec {
    spec.encoded_segment(target.path_key()).path("comments")
}

/// The `?actor=` of an edit or a delete, Rest.li-encoded.
fn with_actor(spec: RequestSpec, actor: &Author) -> RequestSpec {
    let mut params = Map::new();
    params.insert("actor".into(), Value::String(actor.to_string()));
    restli::with_query(spec, &params)
}

/// The violations of a comment's text: the commentary's own checks (reserved characters, bad
/// mentions), with the comment's length limit instead of a post's.
fn text_violations(message: Option<&Commentary>) -> Vec<Violation> {
    let Some(message) = message else {
        return vec![Violation::new(
            FIELD,
            ViolationKind::Empty,
            "a comment needs a text: set it with `text`, `commentary` or `little_text`",
        )];
    };
    let mut v: Vec<Violation> = message
        .check()
        .into_iter()
        .filter(|v| !matches!(v.kind, ViolationKind::TooLong { .. }))
        .map(|mut v| {
            v.field = FIELD.into();
            v
        })
        .collect();
    if message.as_str().trim().is_empty() {
        v.push(Violation::new(
            FIELD,
            ViolationKind::Empty,
            "a comment needs a text",
        ));
    }
    let actual = message.length() as u64;
    if actual > MAX_COMMENT_LENGTH {
        v.push(Violation::new(
            FIELD,
            ViolationKind::TooLong {
                limit: MAX_COMMENT_LENGTH,
                actual,
            },
            format!(
                "the comment is {actual} characters long (UTF-16 units, escapes included), over LinkedIn's {MAX_COMMENT_LENGTH}; shorten it"
            ),
        ));
    }
    v
}

/// The violation of an actor that is neither a member nor a page.
fn actor_violation(actor: &Author, out: &mut Vec<Violation>) {
    if let Author::Other(urn) = actor {
        out.push(Violation::new(
            "actor",
            ViolationKind::Malformed,
            format!(
                "{:?} is neither a member (urn:li:person:…) nor a page (urn:li:organization:…)",
                urn.chars().take(64).collect::<String>()
            ),
        ));
    }
}

/// A new comment or reply. Get one from [`Comments::create`] or [`Comments::reply`].
///
/// ```no_run
/// use social_linkedin::text::Commentary;
/// use social_linkedin::urn::{CommentUrn, OrganizationUrn, PersonUrn, PostUrn};
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let me = PersonUrn::new("-f_Ut43FoQ")?;
/// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
/// // Plain text is escaped: the parentheses are published as written.
/// let comment = li.comments().create(&post, me.clone()).text("Congrats (well deserved)!").send().await?;
///
/// // The page answers that comment, mentioning the member.
/// let firm = OrganizationUrn::new("2414183")?;
/// let answer = Commentary::builder().text("Thank you ").mention("Jane Doe", &me).text("!").build();
/// let parent: CommentUrn = comment.urn().expect("LinkedIn names the comment");
/// li.comments().reply(&parent, firm).commentary(answer).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a comment is published by `.send().await`"]
pub struct CreateCommentBuilder {
    client: LinkedInClient,
    target: SocialEntity,
    object: SocialEntity,
    actor: Author,
    parent: Option<CommentUrn>,
    message: Option<Commentary>,
}

impl CreateCommentBuilder {
    /// The text, from plain text: every reserved character is escaped.
    pub fn text(mut self, text: &str) -> Self {
        self.message = Some(Commentary::plain(text));
        self
    }

    /// The text, built from text and mentions with [`Commentary::builder`].
    pub fn commentary(mut self, commentary: Commentary) -> Self {
        self.message = Some(commentary);
        self
    }

    /// The text, already written in little text: sent as written, and
    /// [`violations`](Self::violations) reports every reserved character left unescaped.
    pub fn little_text(mut self, little: impl Into<String>) -> Self {
        self.message = Some(Commentary::raw(little));
        self
    }

    /// Every rule the comment breaks, found offline: no text, unescaped reserved characters of
    /// raw little text, a bad mention, more than [`MAX_COMMENT_LENGTH`] characters, an actor
    /// that is neither a member nor a page.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        actor_violation(&self.actor, &mut v);
        v.extend(text_violations(self.message.as_ref()));
        v
    }

    /// The request body sent: `actor`, `object`, `message.text`, and `parentComment` for a
    /// reply.
    pub fn body(&self) -> Value {
        let mut body = json!({
            "actor": self.actor.to_string(),
            "object": self.object.to_string(),
            "message": {"text": self.message.as_ref().map(Commentary::as_str).unwrap_or_default()},
        });
        if let Some(parent) = &self.parent {
            body["parentComment"] = json!(parent.to_string());
        }
        body
    }

    /// Checks, then publishes (`POST /rest/socialActions/{target}/comments`, answered `201`
    /// with the comment). When LinkedIn sends no body, the comment is rebuilt from what was sent
    /// and the id in `x-restli-id`; a `201` with neither, or with a body that cannot be read, is
    /// [`Error::Unconfirmed`] (the comment may exist; its URN is in
    /// [`created`](Error::created) when `x-restli-id` named it), as is a failure after the
    /// request may have reached LinkedIn: a comment is never sent twice blindly.
    pub async fn send(self) -> Result<Comment> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let spec = collection(RequestSpec::post("socialActions"), &self.target)
            .endpoint("POST /socialActions/:target/comments")
            .json(&self.body())
            .with_idempotency(Idempotency::Unsafe);
        let endpoint = spec.endpoint_name();
        let resp = self.client.send_rest(RestliMethod::Create, spec).await?;
        // `x-restli-id` holds the comment id, or its whole URN.
        let id = resp
            .header(RESTLI_ID_HEADER)
            .map(restli::reduced_decode)
            .filter(|id| !id.is_empty());
        let rebuilt = id.map(|id| self.rebuilt(id));
        if !resp.body().iter().all(u8::is_ascii_whitespace) {
            // The comment exists: an answer that cannot be read is an unknown outcome, never a
            // reason to comment again. The comment is named when `x-restli-id` named it.
            let created = rebuilt
                .as_ref()
                .and_then(Comment::urn)
                .map(|urn| Created::new(CreatedKind::Other("comment".into()), urn.to_string()));
            return resp.json().map_err(|e| {
                Error::unconfirmed(Network::LinkedIn, endpoint, resp.correlation_id(), e)
                    .with_created(created)
            });
        }
        let Some(comment) = rebuilt else {
            return Err(Error::unconfirmed(
                Network::LinkedIn,
                endpoint,
                resp.correlation_id(),
                Error::Protocol {
                    network: Network::LinkedIn,
                    message: format!(
                        "LinkedIn answered HTTP {} with neither the comment nor `x-restli-id`; the comment may exist",
                        resp.status().as_u16()
                    ),
                },
            ));
        };
        Ok(comment)
    }

    /// The comment as sent, named by `id` (the `x-restli-id` of the answer: the comment id, or
    /// its whole URN).
    fn rebuilt(&self, id: String) -> Comment {
        let (id, urn) = match id.parse::<CommentUrn>() {
            Ok(urn) => (urn.id().to_owned(), Some(urn.to_string())),
            Err(_) => (id, None),
        };
        let mut comment = Comment {
            id: Some(id),
            comment_urn: urn,
            actor: Some(self.actor.clone()),
            object: Some(self.object.to_string()),
            parent_comment: self.parent.as_ref().map(ToString::to_string),
            message: Some(CommentMessage {
                text: self
                    .message
                    .as_ref()
                    .map(Commentary::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                attributes: Vec::new(),
            }),
            ..Comment::default()
        };
        if comment.comment_urn.is_none() {
            comment.comment_urn = comment.urn().map(|u| u.to_string());
        }
        comment
    }
}

impl Comments {
    /// The comments on a post (or activity), or the replies to a comment, oldest first as
    /// LinkedIn serves them (`GET /rest/socialActions/{target}/comments`, `start`/`count`
    /// paging; the walk stops at the first short page).
    ///
    /// ```no_run
    /// use social_core::PageLimits;
    /// use social_linkedin::Listing;
    /// use social_linkedin::urn::PostUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// for c in li.comments().list(&post).page_size(50).collect(PageLimits::default().max_items(200)).await? {
    ///     println!("{:?}: {}", c.actor, c.text());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, target: impl Into<SocialEntity>) -> ListBuilder<Comment> {
        let target = target.into();
        ListBuilder::new(
            self.client.clone(),
            collection(RequestSpec::get("socialActions"), &target)
                .endpoint("GET /socialActions/:target/comments"),
            MAX_PAGE_SIZE,
        )
        .restli_method(RestliMethod::GetAll)
    }

    /// One comment (`GET /rest/socialActions/{post}/comments/{id}`).
    ///
    /// ```no_run
    /// use social_linkedin::urn::CommentUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let c: CommentUrn = "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)".parse()?;
    /// println!("{}", li.comments().get(&c).await?.text());
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, comment: &CommentUrn) -> Result<Comment> {
        let target = SocialEntity::from(comment.parent().clone());
        let spec = collection(RequestSpec::get("socialActions"), &target)
            .segment(comment.id())
            .endpoint("GET /socialActions/:target/comments/:id");
        self.client.send_rest(RestliMethod::Get, spec).await?.json()
    }

    /// A new comment on `target` (a post, an activity) by `actor`: the member
    /// (`w_member_social`) or a page they hold a role on (`w_organization_social`).
    pub fn create(
        &self,
        target: impl Into<SocialEntity>,
        actor: impl Into<Author>,
    ) -> CreateCommentBuilder {
        let target = target.into();
        CreateCommentBuilder {
            client: self.client.clone(),
            object: target.clone(),
            target,
            actor: actor.into(),
            parent: None,
            message: None,
        }
    }

    /// A reply to `parent` by `actor`: sent to `/rest/socialActions/{parent}/comments` with
    /// `object` the post and `parentComment` the comment answered.
    pub fn reply(&self, parent: &CommentUrn, actor: impl Into<Author>) -> CreateCommentBuilder {
        CreateCommentBuilder {
            client: self.client.clone(),
            target: SocialEntity::Comment(parent.clone()),
            object: parent.parent().clone().into(),
            actor: actor.into(),
            parent: Some(parent.clone()),
            message: None,
        }
    }

    /// Changes a comment's text, as its `actor` (`POST
    /// /rest/socialActions/{post}/comments/{id}?actor=…` with `X-RestLi-Method:
    /// PARTIAL_UPDATE` and `{"patch":{"message":{"$set":{"text":…}}}}`). Checked offline like a
    /// new comment; setting the same text twice changes nothing, so it is retried like a read.
    ///
    /// ```no_run
    /// use social_linkedin::text::Commentary;
    /// use social_linkedin::urn::{CommentUrn, PersonUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let c: CommentUrn = "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)".parse()?;
    /// li.comments().edit(&c, me, Commentary::plain("Corrected: Friday (not Thursday).")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn edit(
        &self,
        comment: &CommentUrn,
        actor: impl Into<Author>,
        text: Commentary,
    ) -> Result<()> {
        let actor = actor.into();
        let mut v = Vec::new();
        actor_violation(&actor, &mut v);
        v.extend(text_violations(Some(&text)));
        Error::check_violations(Network::LinkedIn, v)?;
        let target = SocialEntity::from(comment.parent().clone());
        let spec = collection(RequestSpec::post("socialActions"), &target)
            .segment(comment.id())
            .endpoint("POST /socialActions/:target/comments/:id")
            .json(&json!({"patch": {"message": {"$set": {"text": text.as_str()}}}}))
            .with_idempotency(Idempotency::Idempotent);
        let spec = with_actor(spec, &actor);
        self.client
            .send_rest(RestliMethod::PartialUpdate, spec)
            .await
            .map(drop)
    }

    /// Deletes a comment (and its replies), as its `actor` (`DELETE
    /// /rest/socialActions/{post}/comments/{id}?actor=…`, answered `204`). A delete sent again
    /// after a timeout or a 5xx that LinkedIn answers "not found" succeeds: the comment is
    /// gone, as asked.
    ///
    /// ```no_run
    /// use social_linkedin::urn::{CommentUrn, PersonUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let c: CommentUrn = "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)".parse()?;
    /// li.comments().delete(&c, me).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, comment: &CommentUrn, actor: impl Into<Author>) -> Result<()> {
        let actor = actor.into();
        let mut v = Vec::new();
        actor_violation(&actor, &mut v);
        Error::check_violations(Network::LinkedIn, v)?;
        let target = SocialEntity::from(comment.parent().clone());
        let spec = collection(RequestSpec::delete("socialActions"), &target)
            .segment(comment.id())
            .endpoint("DELETE /socialActions/:target/comments/:id")
            .gone_is_success();
        let spec = with_actor(spec, &actor);
        self.client
            .send_rest(RestliMethod::Delete, spec)
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_over_its_limit_is_one_violation_on_the_message() {
        let long = Commentary::plain(&"a".repeat(MAX_COMMENT_LENGTH as usize + 1));
        let v = text_violations(Some(&long));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].field, FIELD);
        let fine = Commentary::plain(&"a".repeat(MAX_COMMENT_LENGTH as usize));
        assert!(text_violations(Some(&fine)).is_empty());
        let raw = text_violations(Some(&Commentary::raw("oops (x)")));
        assert_eq!(raw.len(), 1);
        assert_eq!(raw[0].field, FIELD);
    }
}
