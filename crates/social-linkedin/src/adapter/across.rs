//! The cross-network capabilities (issue 12) for both identities: `RecentPosts` (presence) and
//! `AwaitingReplies` (the inbox), on the Posts API's `q=author` finder
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>),
//! the Social Metadata API's batch read
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/social-metadata-api>)
//! and the Comments API
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>).
//!
//! With `AudienceReader` and `Conversations` (in the parent module), each wrapper is a
//! `social_core::presence::PresenceSource` and an inbox source (`AwaitingReplies`).

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use social_core::presence::Engagement;
use social_core::{
    AwaitingReplies, Comment, Cursor, Listing, PageLimits, PostId, RecentPosts, Result,
};

use super::{Account, LinkedInMember, LinkedInOrganization, conversations, post_url};
use crate::models::{SocialEntity, SocialMetadata};
use crate::posts::{MAX_PAGE_SIZE, PostSort};
use crate::social_metadata::MAX_BATCH;
use crate::urn::CommentUrn;

/// How many of the identity's latest posts the inbox looks under for comments awaiting a reply
/// (one page of the `q=author` finder, newest first).
pub const INBOX_POSTS: u32 = 25;

/// How many top-level comments the inbox reads on each of those posts at most: the newest
/// ones (one page of the Comments API, which serves a thread oldest first; the page is placed
/// at the end of the thread with the post's `topLevelCount`).
pub const INBOX_COMMENTS: u32 = 100;

/// How many pages (of 100) of replies the inbox reads under one comment, looking for the
/// identity's answer, before it takes the comment as unanswered.
pub const INBOX_REPLY_PAGES: usize = 10;

impl Account {
    /// The social metadata of `entities`, by URN, in batches of [`MAX_BATCH`] (one call for
    /// up to 100). Entities LinkedIn could not read are absent: their counts stay unknown.
    async fn metadata(
        &self,
        entities: &[SocialEntity],
    ) -> Result<BTreeMap<String, SocialMetadata>> {
        let mut out = BTreeMap::new();
        for chunk in entities.chunks(MAX_BATCH) {
            let batch = self.client.social_metadata().batch_get(chunk).await?;
            out.extend(batch.results);
        }
        Ok(out)
    }

    /// The author's `count` latest posts, newest first (`q=author&sortBy=CREATED`, one page).
    async fn latest_posts(&self, count: u32) -> Result<Vec<crate::models::Post>> {
        Ok(self
            .client
            .posts()
            .by_author(self.author.clone())
            .sort_by(PostSort::Created)
            .page_size(count.clamp(1, MAX_PAGE_SIZE))
            .send()
            .await?
            .items)
    }

    async fn recent_posts(&self, limit: usize) -> Result<Vec<Engagement>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let posts = self
            .latest_posts(u32::try_from(limit).unwrap_or(MAX_PAGE_SIZE))
            .await?;
        let posts: Vec<_> = posts
            .into_iter()
            .filter_map(|p| p.id.clone().map(|id| (id, p)))
            .take(limit)
            .collect();
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        let entities: Vec<SocialEntity> = posts.iter().map(|(id, _)| id.into()).collect();
        let meta = self.metadata(&entities).await?;
        Ok(posts
            .iter()
            .map(|(id, p)| {
                let mut e = Engagement::new(PostId::new(id.to_string()))
                    .with_url(post_url(id))
                    .with_text(&crate::text::to_plain(
                        p.commentary.as_deref().unwrap_or_default(),
                    ))
                    .with_created_at(p.created_at.and_then(|t| t.to_utc()));
                if let Some(m) = meta.get(&id.to_string()) {
                    if let Some(n) = m.total_reactions() {
                        e = e.with_reactions(n);
                    }
                    if let Some(n) = m.comments() {
                        e = e.with_comments(n);
                    }
                }
                // LinkedIn's social metadata counts no reposts: `reposts` stays `None`.
                e
            })
            .collect())
    }

    async fn awaiting(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Comment>> {
        let posts: Vec<_> = self
            .latest_posts(INBOX_POSTS)
            .await?
            .into_iter()
            .filter_map(|p| p.id)
            .collect();
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        let entities: Vec<SocialEntity> = posts.iter().map(SocialEntity::from).collect();
        let post_meta = self.metadata(&entities).await?;
        let by_identity = |c: &crate::models::Comment| c.actor.as_ref() == Some(&self.author);

        // The visitors' top-level comments since `since` on each post that has any.
        let mut candidates = Vec::new();
        for urn in &posts {
            let top = post_meta
                .get(&urn.to_string())
                .and_then(SocialMetadata::top_level_comments);
            if top == Some(0) {
                continue;
            }
            let mut list = self.client.comments().list(urn).page_size(INBOX_COMMENTS);
            let start = top.map_or(0, |n| n.saturating_sub(u64::from(INBOX_COMMENTS)));
            if start > 0 {
                list = list.after(Cursor::new(start.to_string()));
            }
            let post = PostId::new(urn.to_string());
            for c in list.send().await?.items {
                if by_identity(&c) || c.parent_comment.is_some() {
                    continue;
                }
                let Some(comment) = conversations::to_core(&c, &post) else {
                    continue;
                };
                // An undated comment cannot be placed before `since`: kept (as on Facebook).
                if since.is_some_and(|s| comment.created_at.is_some_and(|at| at < s)) {
                    continue;
                }
                if let Some(curn) = c.urn() {
                    candidates.push((curn, comment));
                }
            }
        }

        // A comment nobody answered (its reply count is 0) waits; one with replies waits
        // unless one of them is the identity's.
        let entities: Vec<SocialEntity> = candidates
            .iter()
            .map(|(u, _)| SocialEntity::from(u))
            .collect();
        let comment_meta = if entities.is_empty() {
            BTreeMap::new()
        } else {
            self.metadata(&entities).await?
        };
        let mut waiting = Vec::new();
        for (urn, comment) in candidates {
            let replies = comment_meta
                .get(&urn.to_string())
                .and_then(SocialMetadata::comments);
            if replies != Some(0) && self.answered(&urn).await? {
                continue;
            }
            waiting.push(comment);
        }
        waiting.sort_by_key(|c| std::cmp::Reverse(c.created_at));
        Ok(waiting)
    }

    /// Whether the identity replied to `comment` (its replies, up to [`INBOX_REPLY_PAGES`]
    /// pages of 100).
    async fn answered(&self, comment: &CommentUrn) -> Result<bool> {
        let replies = self
            .client
            .comments()
            .list(comment)
            .page_size(crate::comments::MAX_PAGE_SIZE)
            .collect(PageLimits::default().max_pages(INBOX_REPLY_PAGES))
            .await?;
        Ok(replies
            .iter()
            .any(|r| r.actor.as_ref() == Some(&self.author)))
    }
}

macro_rules! across {
    ($ty:ty) => {
        #[async_trait]
        impl RecentPosts for $ty {
            /// The identity's `limit` latest posts (`q=author&sortBy=CREATED`, one page of at
            /// most 100), joined with their social metadata in one batch read
            /// (`GET /rest/socialMetadata?ids=List(…)`): every reaction as reactions, every
            /// comment (replies included) as comments. LinkedIn gives no repost count here:
            /// `reposts` is `None`, and so is any count LinkedIn did not send (never 0).
            /// Reading the posts needs `r_member_social` (restricted) for a member,
            /// `r_organization_social` for a page.
            async fn recent_posts(&self, limit: usize) -> Result<Vec<Engagement>> {
                self.account.recent_posts(limit).await
            }
        }

        #[async_trait]
        impl AwaitingReplies for $ty {
            /// The top-level comments not written by the identity, without a reply from it,
            /// created at or after `since`, newest first, on the identity's [`INBOX_POSTS`]
            /// latest posts: one page of posts, one batch read of their social metadata (a
            /// post without comments is not read further), the newest [`INBOX_COMMENTS`]
            /// top-level comments of each post that has some, one batch read of those
            /// comments' metadata, and the replies (up to [`INBOX_REPLY_PAGES`] pages) of
            /// those that have replies. Answer with `reply(&c.post, Some(&c.id), …)`: the
            /// comment then has the identity's reply and is not returned again.
            async fn awaiting(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Comment>> {
                self.account.awaiting(since).await
            }
        }
    };
}

across!(LinkedInMember);
across!(LinkedInOrganization);
