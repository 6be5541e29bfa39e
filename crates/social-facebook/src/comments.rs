//! Comments on Page posts, photos and comments: list (filter, order, summary), reply, hide and
//! unhide, edit, delete.
//!
//! Reading who wrote a comment (`from`) needs a Page token whose user holds the MODERATE task;
//! hiding needs `pages_manage_engagement`
//! (<https://developers.facebook.com/docs/graph-api/reference/object/comments/> and
//! <https://developers.facebook.com/docs/graph-api/reference/comment/>).

use std::collections::BTreeSet;

use social_core::http::{Idempotency, RequestSpec};
use social_core::{
    CommentId, Error, Listing, Network, PageLimits, PostId, Result, Violation, ViolationKind,
};

use crate::client::FacebookClient;
use crate::list::ListBuilder;
use crate::models::{Comment, CommentField, Created, ObjectId, PageId, names};

/// The longest comment the SDK sends, in characters: a conservative bound (Graph's reference of
/// `/{object-id}/comments` states no limit for `message`; Graph has the last word).
pub const MAX_COMMENT_CHARS: usize = 8_000;

/// The fields of a comment read by default.
pub const COMMENT_FIELDS: &[&str] = &[
    "id",
    "message",
    "from",
    "created_time",
    "like_count",
    "comment_count",
    "is_hidden",
    "can_hide",
    "can_remove",
    "parent",
    "permalink_url",
];

social_core::wire_enum! {
    /// Which comments a listing returns (`filter=`).
    pub enum CommentFilter {
        /// Top-level comments only (Graph's default).
        TopLevel = "toplevel",
        /// Every comment and reply, chronologically, without Meta's default filtering.
        Stream = "stream",
    }
}

social_core::wire_enum! {
    /// The order of a comment listing (`order=`).
    pub enum CommentOrder {
        /// Oldest first.
        Chronological = "chronological",
        /// Newest first.
        ReverseChronological = "reverse_chronological",
    }
}

/// Comments. Get it with [`FacebookClient::comments`].
#[derive(Debug, Clone)]
pub struct Comments {
    client: FacebookClient,
}

impl FacebookClient {
    /// Comments: list, reply, hide, delete.
    pub fn comments(&self) -> Comments {
        Comments {
            client: self.clone(),
        }
    }
}

fn text_violations(field: &'static str, text: &str) -> Vec<Violation> {
    let mut v = Vec::new();
    if text.trim().is_empty() {
        v.push(Violation::new(
            field,
            ViolationKind::Empty,
            "write something",
        ));
    }
    let n = text.chars().count();
    if n > MAX_COMMENT_CHARS {
        v.push(Violation::new(
            field,
            ViolationKind::TooLong {
                limit: MAX_COMMENT_CHARS as u64,
                actual: n as u64,
            },
            "shorten the comment",
        ));
    }
    v
}

impl Comments {
    /// Comments on a post, photo or comment (`GET /{object-id}/comments`).
    ///
    /// ```no_run
    /// use social_core::PostId;
    /// use social_facebook::Listing;
    /// use social_facebook::comments::{CommentFilter, CommentOrder};
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let first = page
    ///     .comments()
    ///     .list("200000000000001_17")
    ///     .filter(CommentFilter::Stream)
    ///     .order(CommentOrder::ReverseChronological)
    ///     .summary()
    ///     .send()
    ///     .await?;
    /// println!("{:?} comments in all", first.total);
    /// # Ok(()) }
    /// ```
    pub fn list<O: ObjectId + ?Sized>(&self, object: &O) -> ListBuilder<Comment> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(object.object_id())
                .path("comments")
                .endpoint("GET /:object/comments"),
            COMMENT_FIELDS,
        )
    }

    /// Answers a post or a comment as the token's owner (the Page, with a Page token). Never
    /// retried blindly: a failure after Graph may have acted is `Error::Unconfirmed`.
    ///
    /// ```no_run
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let reply = page
    ///     .comments()
    ///     .reply("200000000000001_17_42", "Thank you! Call us at the office and we will set up a meeting.")
    ///     .send()
    ///     .await?;
    /// # let _ = reply; Ok(()) }
    /// ```
    pub fn reply<O: ObjectId + ?Sized>(
        &self,
        object: &O,
        message: impl Into<String>,
    ) -> ReplyBuilder {
        ReplyBuilder {
            client: self.client.clone(),
            object: object.object_id().to_string(),
            message: message.into(),
            attachment_url: None,
        }
    }

    /// The visitors' comments on `post` that the Page has not answered yet: top-level comments
    /// not written by `page` with no reply from `page` (a client who asked a question and waits).
    /// Reads every comment and reply (`filter=stream`, oldest first) within `limits`; the hidden
    /// ones are left out (they need moderation, not an answer).
    ///
    /// ```no_run
    /// use social_core::{PageLimits, PostId};
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let waiting = page
    ///     .comments()
    ///     .awaiting_reply(&PostId::new("200000000000001_17"), &PageId::new("200000000000001"), PageLimits::default().max_pages(10))
    ///     .await?;
    /// for c in waiting {
    ///     println!("{:?} asked: {:?}", c.from.and_then(|f| f.name), c.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn awaiting_reply(
        &self,
        post: &PostId,
        page: &PageId,
        limits: PageLimits,
    ) -> Result<Vec<Comment>> {
        let all = self
            .list(post)
            .filter(CommentFilter::Stream)
            .order(CommentOrder::Chronological)
            .page_size(100)
            .collect(limits)
            .await?;
        let by_page = |c: &Comment| {
            c.from
                .as_ref()
                .and_then(|f| f.id.as_deref())
                .is_some_and(|id| id == page.as_str())
        };
        let answered: BTreeSet<&str> = all
            .iter()
            .filter(|c| by_page(c))
            .filter_map(|c| c.parent.as_ref().map(|p| p.id.as_str()))
            .collect();
        let waiting = all
            .iter()
            .filter(|c| c.parent.is_none() && !by_page(c) && c.is_hidden != Some(true))
            .filter(|c| !answered.contains(c.id.as_str()))
            .cloned()
            .collect();
        Ok(waiting)
    }

    async fn set_hidden(&self, comment: &CommentId, hidden: bool) -> Result<()> {
        self.client
            .send_success(
                RequestSpec::post("")
                    .segment(comment.as_str())
                    .form([("is_hidden", hidden.to_string())])
                    .with_idempotency(Idempotency::Idempotent)
                    .endpoint("POST /:comment (is_hidden)"),
            )
            .await
    }

    /// Hides a comment: its author and their friends still see it, nobody else does.
    pub async fn hide(&self, comment: &CommentId) -> Result<()> {
        self.set_hidden(comment, true).await
    }

    /// Shows a hidden comment again.
    pub async fn unhide(&self, comment: &CommentId) -> Result<()> {
        self.set_hidden(comment, false).await
    }

    /// Changes the text of a comment the token's owner wrote.
    pub async fn edit(&self, comment: &CommentId, message: &str) -> Result<()> {
        Error::check_violations(Network::Facebook, text_violations("message", message))?;
        self.client
            .send_success(
                RequestSpec::post("")
                    .segment(comment.as_str())
                    .form([("message", message)])
                    .with_idempotency(Idempotency::Idempotent)
                    .endpoint("POST /:comment (message)"),
            )
            .await
    }

    /// Deletes a comment. As for [`Posts::delete`](crate::posts::Posts::delete), a retry that
    /// finds the comment gone after an attempt that may have deleted it succeeds.
    pub async fn delete(&self, comment: &CommentId) -> Result<()> {
        self.client
            .send_success(
                RequestSpec::delete("")
                    .segment(comment.as_str())
                    .endpoint("DELETE /:comment")
                    .gone_is_success(),
            )
            .await
    }
}

impl ListBuilder<Comment> {
    /// The comment fields to read (replaces the default set).
    pub fn fields(self, fields: impl IntoIterator<Item = CommentField>) -> Self {
        self.set_fields(names(fields, |f| f.as_str()))
    }

    /// Top-level comments only, or every comment and reply.
    pub fn filter(self, filter: CommentFilter) -> Self {
        self.param("filter", filter.as_str())
    }

    /// The order.
    pub fn order(self, order: CommentOrder) -> Self {
        self.param("order", order.as_str())
    }

    /// Adds the summary (`total_count`, `order`, `can_comment`) to each page.
    pub fn summary(self) -> Self {
        self.param("summary", "true")
    }
}

/// `POST /{object-id}/comments` being built. See [`Comments::reply`].
///
/// ```no_run
/// use social_core::CommentId;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let question = CommentId::new("122000000000001_122000000000003");
/// let answer = page
///     .comments()
///     .reply(&question, "Yes, the Saturday office hours cover employment law too.")
///     .attachment_url("https://example.com/office-hours.png");
/// assert!(answer.violations().is_empty());
/// let id = answer.send().await?;
/// # let _ = id; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct ReplyBuilder {
    client: FacebookClient,
    object: String,
    message: String,
    attachment_url: Option<String>,
}

impl ReplyBuilder {
    /// Adds a picture by URL.
    pub fn attachment_url(mut self, url: impl Into<String>) -> Self {
        self.attachment_url = Some(url.into());
        self
    }

    /// Every rule the reply breaks.
    pub fn violations(&self) -> Vec<Violation> {
        if self.attachment_url.is_some() && self.message.trim().is_empty() {
            return Vec::new();
        }
        text_violations("message", &self.message)
    }

    /// Validates and sends; returns the new comment's id.
    pub async fn send(self) -> Result<CommentId> {
        Error::check_violations(Network::Facebook, self.violations())?;
        let mut form = vec![("message".to_string(), self.message)];
        if let Some(u) = self.attachment_url {
            form.push(("attachment_url".into(), u));
        }
        let created: Created = self
            .client
            .send(
                RequestSpec::post("")
                    .segment(self.object)
                    .path("comments")
                    .form(form)
                    .endpoint("POST /:object/comments"),
            )
            .await?;
        Ok(CommentId::new(created.id))
    }
}
