//! Timelines: a user's posts, the home timeline, mentions, and "a sip from the river": what is
//! new since last time, newest first, up to a cap.

use social_core::http::RequestSpec;
use social_core::{Listing, PageLimits, PostId, Result, UserId};

use crate::client::{Needs, TwitterClient};
use crate::list::ListBuilder;
use crate::models::{Includes, Problem, Tweet};

/// The timelines area: `client.timelines()`.
#[derive(Debug, Clone)]
pub struct Timelines {
    client: TwitterClient,
}

impl TwitterClient {
    /// Timelines: user posts, home, mentions, and [`sip`](Timelines::sip).
    pub fn timelines(&self) -> Timelines {
        Timelines {
            client: self.clone(),
        }
    }
}

/// Which timeline a [`sip`](Timelines::sip) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum River {
    /// Posts of the accounts the user follows, and the user's own (reverse chronological).
    Home,
    /// Posts mentioning the user.
    Mentions,
}

/// What a sip brought back.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Sip {
    /// New posts, newest first, at most the cap.
    pub posts: Vec<Tweet>,
    /// Objects expanded for them, merged across pages.
    pub includes: Includes,
    /// Partial errors of every page read.
    pub errors: Vec<Problem>,
    /// The id to store and pass as `since` next time: the newest post seen, or the previous
    /// value when nothing is new.
    pub last_seen: Option<PostId>,
    /// More new posts existed beyond the cap; they are skipped on purpose (a sip, not the river).
    pub more_available: bool,
}

impl Timelines {
    /// A user's own posts (`GET /2/users/:id/tweets`, page size 5–100).
    ///
    /// ```no_run
    /// use social_core::UserId;
    /// use social_twitter::Listing;
    ///
    /// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
    /// let page = x.timelines().user_tweets(&UserId::new("2244994945")).page_size(10).send().await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn user_tweets(&self, user: &UserId) -> ListBuilder<Tweet> {
        let spec = RequestSpec::get("2/users")
            .segment(user.as_str())
            .path("tweets")
            .endpoint("GET /2/users/:id/tweets");
        ListBuilder::new(self.client.clone(), spec, Needs::Any, (5, 100))
    }

    /// Posts mentioning a user (`GET /2/users/:id/mentions`, page size 5–100).
    pub fn mentions(&self, user: &UserId) -> ListBuilder<Tweet> {
        let spec = RequestSpec::get("2/users")
            .segment(user.as_str())
            .path("mentions")
            .endpoint("GET /2/users/:id/mentions");
        ListBuilder::new(self.client.clone(), spec, Needs::Any, (5, 100))
    }

    /// The home timeline of the authenticated user (`GET
    /// /2/users/:id/timelines/reverse_chronological`, page size 1–100; user context only).
    pub fn home(&self, me: &UserId) -> ListBuilder<Tweet> {
        let spec = RequestSpec::get("2/users")
            .segment(me.as_str())
            .path("timelines/reverse_chronological")
            .endpoint("GET /2/users/:id/timelines/reverse_chronological");
        ListBuilder::new(self.client.clone(), spec, Needs::User, (1, 100))
    }

    /// A sip from the river: the posts of `river` newer than `since` (all recent ones when
    /// `None`), newest first, at most `cap` of them, in as few requests as possible. Store
    /// [`Sip::last_seen`] and pass it next time.
    ///
    /// ```no_run
    /// use social_twitter::timelines::River;
    ///
    /// # async fn run(x: social_twitter::TwitterClient, stored: Option<social_core::PostId>) -> social_core::Result<()> {
    /// let sip = x.timelines().sip(River::Mentions, stored.as_ref(), 20).await?;
    /// for post in &sip.posts {
    ///     println!("{}", post.text);
    /// }
    /// let to_store = sip.last_seen; // save it for next time
    /// # let _ = to_store; Ok(()) }
    /// ```
    pub async fn sip(&self, river: River, since: Option<&PostId>, cap: usize) -> Result<Sip> {
        let me = self.client.me_id().await?;
        let (list, max) = match river {
            River::Home => (self.home(&me), 100),
            River::Mentions => (self.mentions(&me), 100),
        };
        let min = match river {
            River::Home => 1,
            River::Mentions => 5,
        };
        // Ask for one more than the cap (within the endpoint's range) to learn whether more exist.
        let per_page = (cap + 1).clamp(min, max) as u32;
        let mut list = list.page_size(per_page).tweet_fields([
            crate::models::TweetField::CreatedAt,
            crate::models::TweetField::AuthorId,
            crate::models::TweetField::ConversationId,
        ]);
        if let Some(id) = since {
            list = list.since_id(id);
        }
        let all = list
            .collect_with_includes(PageLimits::default().max_items(cap + 1))
            .await?;
        let mut posts = all.items;
        let more_available = posts.len() > cap;
        posts.truncate(cap);
        // Pages come newest first, so the first post is the newest one seen.
        let last_seen = posts
            .first()
            .map(|p| p.id.clone())
            .or_else(|| since.cloned());
        Ok(Sip {
            posts,
            includes: all.extra.includes,
            errors: all.extra.errors,
            last_seen,
            more_available,
        })
    }
}
