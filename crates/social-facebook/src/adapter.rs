//! The core traits for a Facebook Page: code written against
//! `social_core::{Publisher, ProfileReader, AudienceReader, Conversations, Reconcile}` serves
//! Facebook.
//!
//! [`FacebookPage`] is a client signed with the Page's token plus the Page id: posts go on the
//! Page's feed, the profile and audience are the Page's, conversations are the comments on its
//! posts, and reconciling looks among the Page's own posts. `FollowGraph` is not implemented:
//! Graph does not expose who a Page's fans follow.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use social_core::presence::Engagement;
use social_core::preview::Rendering;
use social_core::reconcile::{Reconciled, Scan};
use social_core::{
    Audience, AudienceReader, AwaitingReplies, Capabilities, Comment, CommentId, Conversations,
    Cursor, Error, Identity, LengthCounting, Listing, Network, Page, PageLimits, Post, PostId,
    Profile, ProfileReader, Published, Publisher, RecentPosts, Reconcile, Result, Target, UserId,
    Violation, ViolationKind,
};

use crate::client::FacebookClient;
use crate::comments::{CommentFilter, CommentOrder};
use crate::list::ListBuilder;
use crate::models::{self, PageAccount, PageId, PostField};
use crate::posts::{CreatePostBuilder, MAX_MESSAGE_CHARS, MIN_SCHEDULE_DELAY};

/// How many pages (of 100 posts) a reconciling search reads at most on each listing before it
/// answers [`Reconciled::Unknown`]: 1,000 posts since the attempt is far more than a Page
/// publishes in minutes. Change it with [`FacebookPage::reconcile_max_pages`].
pub const RECONCILE_MAX_PAGES: usize = 10;

/// A Facebook Page as the core traits see it.
///
/// ```no_run
/// use social_core::{Post, Publisher};
/// use social_facebook::FacebookClient;
/// use social_facebook::adapter::FacebookPage;
///
/// # async fn run(user: FacebookClient) -> social_core::Result<()> {
/// use social_facebook::Listing;
/// let accounts = user.pages().accounts().collect(Default::default()).await?;
/// let page = FacebookPage::from_account(&user, &accounts[0])?;
/// let draft = Post::new("Our office is closed on Friday.");
/// page.validate(&draft)?;
/// let published = page.publish(&draft).await?;
/// println!("{}", published.id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct FacebookPage {
    client: FacebookClient,
    page: PageId,
    reconcile_pages: usize,
    label: Option<String>,
}

impl FacebookPage {
    /// A Page, with a client signed with its Page token.
    pub fn new(page_client: FacebookClient, page: PageId) -> Self {
        FacebookPage {
            client: page_client.acting_for(page.clone()),
            page,
            reconcile_pages: RECONCILE_MAX_PAGES,
            label: None,
        }
    }

    /// Names the Page for people in cross-network reports (its [`Identity`] label; the Page id
    /// otherwise). [`from_account`](FacebookPage::from_account) sets the Page's name.
    ///
    /// ```no_run
    /// use social_core::Identity;
    /// use social_facebook::adapter::FacebookPage;
    /// use social_facebook::models::PageId;
    ///
    /// # fn run(page_client: social_facebook::FacebookClient) {
    /// let page = FacebookPage::new(page_client, PageId::new("200000000000001")).with_label("Acme Bakery");
    /// assert_eq!(page.target().label, "Acme Bakery");
    /// # }
    /// ```
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Caps each listing a [`Reconcile`] search reads at `pages` pages of 100 posts (default
    /// [`RECONCILE_MAX_PAGES`]); a search that reaches the cap answers
    /// [`Reconciled::Unknown`], never `NotFound`.
    ///
    /// ```no_run
    /// use social_facebook::adapter::FacebookPage;
    /// use social_facebook::models::PageId;
    ///
    /// # fn run(page_client: social_facebook::FacebookClient) {
    /// let page = FacebookPage::new(page_client, PageId::new("200000000000001")).reconcile_max_pages(3);
    /// # let _ = page; }
    /// ```
    #[must_use]
    pub fn reconcile_max_pages(mut self, pages: usize) -> Self {
        self.reconcile_pages = pages;
        self
    }

    /// The Page of `account` (from `/me/accounts`), signed with its Page token.
    pub fn from_account(user: &FacebookClient, account: &PageAccount) -> Result<Self> {
        let page = FacebookPage::new(user.for_page(account)?, account.id.clone());
        Ok(match &account.name {
            Some(name) => page.with_label(name.clone()),
            None => page,
        })
    }

    /// The client (for everything the traits do not cover).
    pub fn client(&self) -> &FacebookClient {
        &self.client
    }

    /// The Page id.
    pub fn page_id(&self) -> &PageId {
        &self.page
    }

    fn create_for(&self, post: &Post) -> CreatePostBuilder {
        let mut create = self.client.posts().create(&self.page);
        let text = post.text_for(Network::Facebook);
        if !text.trim().is_empty() {
            create = create.message(text);
        }
        if let Some(link) = post.link_for(Network::Facebook) {
            create = create.link(link);
        }
        if let Some(at) = post.scheduled_at {
            create = create.scheduled_at(at);
        }
        for m in post.media_for(Network::Facebook) {
            create = create.attach(m.id.clone());
        }
        create
    }
}

impl models::Page {
    /// This Page as a network-neutral [`Profile`].
    pub fn to_profile(&self) -> Profile {
        let mut p = Profile::new(
            Network::Facebook,
            UserId::new(self.id.as_str()),
            self.name.clone().unwrap_or_default(),
        );
        if let Some(u) = &self.username {
            p = p.with_handle(u.clone());
        }
        if let Some(a) = &self.about {
            p = p.with_description(a.clone());
        }
        if let Some(l) = &self.link {
            p = p.with_url(l.clone());
        }
        p.picture_url = self
            .picture
            .as_ref()
            .and_then(|pic| pic.data.as_ref())
            .and_then(|d| d.url.clone());
        p.verified = self
            .verification_status
            .as_deref()
            .map(|s| s != "not_verified");
        p
    }
}

impl models::Comment {
    /// This comment as a network-neutral [`Comment`] on `post`.
    pub fn to_comment(&self, post: &PostId) -> Comment {
        let mut c = Comment::new(
            Network::Facebook,
            self.id.clone(),
            post.clone(),
            self.message.clone().unwrap_or_default(),
        )
        .with_hidden(self.is_hidden.unwrap_or(false));
        if let Some(from) = &self.from {
            if let Some(id) = &from.id {
                c = c.with_author(Profile::new(
                    Network::Facebook,
                    UserId::new(id.as_str()),
                    from.name.clone().unwrap_or_default(),
                ));
            }
        }
        if let Some(at) = self.created_time {
            c = c.with_created_at(at);
        }
        if let Some(parent) = &self.parent {
            c = c.with_parent(CommentId::new(parent.id.as_str()));
        }
        c
    }
}

#[async_trait]
impl Publisher for FacebookPage {
    fn network(&self) -> Network {
        Network::Facebook
    }

    /// 63,206 characters, links with a preview, photos attached by id, scheduling from 10
    /// minutes ahead (Graph enforces the upper bound), replies to comments, no threads. The
    /// media count is a conservative
    /// [`MAX_ATTACHED_PHOTOS`](crate::posts::MAX_ATTACHED_PHOTOS) (Graph's reference states no
    /// limit for `attached_media`; Graph has the last word).
    fn capabilities(&self) -> Capabilities {
        Capabilities::new(
            Network::Facebook,
            MAX_MESSAGE_CHARS as u32,
            LengthCounting::Characters,
        )
        .with_links(true)
        .with_max_media(crate::posts::MAX_ATTACHED_PHOTOS as u32)
        .with_scheduling(Some(MIN_SCHEDULE_DELAY), None)
        .with_replies(true)
    }

    fn validate(&self, post: &Post) -> Result<()> {
        // The same rules as `posts().create(…)`, plus what only a draft can carry.
        let mut v = self.create_for(post).violations();
        if post.reply_to.is_some() {
            v.push(Violation::new(
                "reply_to",
                ViolationKind::Unsupported,
                "a Page post cannot answer another post; answer with a comment (Conversations::reply)",
            ));
        }
        for (i, m) in post.media_for(Network::Facebook).iter().enumerate() {
            if m.alt_text.is_some() {
                v.push(Violation::new(
                    format!("media[{i}].alt_text"),
                    ViolationKind::Unsupported,
                    "on Facebook, alt text is set when the photo is uploaded (posts().photo(…)), not on the post",
                ));
            }
        }
        Error::check_violations(Network::Facebook, v)
    }

    /// The message, the link (in its own field: Graph shows a preview card), the photos and
    /// the schedule, with the message's length in characters.
    fn render(&self, post: &Post) -> Rendering {
        let r = Rendering::plain(self.target(), post);
        let length = r.text.chars().count() as u64;
        r.with_length(length, MAX_MESSAGE_CHARS as u64, "characters")
    }

    async fn publish(&self, post: &Post) -> Result<Published> {
        Publisher::validate(self, post)?;
        let created = self.create_for(post).send().await?;
        // `{page-id}_{post-id}` opens at facebook.com/{page-id}_{post-id}.
        let url = format!("https://www.facebook.com/{}", created.id);
        Ok(Published::new(Network::Facebook, created.id, Some(url))
            .with_scheduled_at(post.scheduled_at))
    }

    async fn delete(&self, id: &PostId) -> Result<()> {
        self.client.posts().delete(id).await
    }
}

#[async_trait]
impl ProfileReader for FacebookPage {
    /// The Page's profile.
    async fn me(&self) -> Result<Profile> {
        Ok(self
            .client
            .pages()
            .get(&self.page)
            .send()
            .await?
            .to_profile())
    }

    /// Another Page's public profile (people's profiles are not readable through Graph).
    async fn profile(&self, id: &UserId) -> Result<Profile> {
        Ok(self
            .client
            .pages()
            .get(&PageId::new(id.as_str()))
            .send()
            .await?
            .to_profile())
    }
}

#[async_trait]
impl AudienceReader for FacebookPage {
    /// `fan_count` (people who like the Page, "J'aime") as fans, `followers_count` as followers.
    async fn audience(&self) -> Result<Audience> {
        let page = self.client.pages().get(&self.page).send().await?;
        let mut a = Audience::new(Network::Facebook, UserId::new(page.id.as_str()));
        if let Some(n) = page.followers_count {
            a = a.with_followers(n);
        }
        if let Some(n) = page.fan_count {
            a = a.with_fans(n);
        }
        Ok(a)
    }
}

#[async_trait]
impl Conversations for FacebookPage {
    /// Every comment and reply on the post (`filter=stream`), newest first, 100 per page, with
    /// Graph's total count.
    async fn comments(&self, post: &PostId, cursor: Option<Cursor>) -> Result<Page<Comment>> {
        let mut list = self
            .client
            .comments()
            .list(post.as_str())
            .filter(CommentFilter::Stream)
            .order(CommentOrder::ReverseChronological)
            .summary()
            .page_size(100);
        if let Some(c) = cursor {
            list = list.after(c);
        }
        let page = list.send().await?;
        let total = page.total;
        Ok(Page::new(
            page.items.iter().map(|c| c.to_comment(post)).collect(),
            page.next,
        )
        .with_total(total))
    }

    /// Comments on the post as the Page (or answers `parent`).
    async fn reply(
        &self,
        post: &PostId,
        parent: Option<&CommentId>,
        text: &str,
    ) -> Result<Comment> {
        let target = parent.map(|c| c.as_str()).unwrap_or(post.as_str());
        let id = self.client.comments().reply(target, text).send().await?;
        let mut c = Comment::new(Network::Facebook, id, post.clone(), text);
        if let Some(p) = parent {
            c = c.with_parent(p.clone());
        }
        Ok(c)
    }
}

/// How one listing's walk ended.
enum Walked {
    Found(Reconciled),
    /// Graph said there is nothing more (a page without `next`).
    Exhausted,
    /// The page cap (or the paging guards) stopped the walk first.
    Stopped,
}

/// Reads `list` (posts created since the scan's window start) page by page into `scan`.
async fn walk(
    list: ListBuilder<models::Post>,
    scan: &mut Scan,
    max_pages: usize,
) -> Result<Walked> {
    let since = scan.since();
    let pages = list
        .fields([PostField::Id, PostField::Message, PostField::CreatedTime])
        .since(since)
        .page_size(100)
        .pages(PageLimits::default().max_pages(max_pages));
    let mut pages = std::pin::pin!(pages);
    let mut more = true;
    while let Some(page) = pages.try_next().await? {
        for post in &page.items {
            // The reference pages of these edges document no order, so a post older than the
            // window is skipped rather than taken as the end of the window: only the end of
            // the listing proves the search complete.
            if post.created_time.is_some_and(|t| t < since) {
                continue;
            }
            let message = post.message.as_deref().unwrap_or_default();
            if let Some(found) = scan.offer(&post.id, post.created_time, message) {
                return Ok(Walked::Found(found));
            }
        }
        more = page.next.is_some();
    }
    Ok(if more {
        Walked::Stopped
    } else {
        Walked::Exhausted
    })
}

#[async_trait]
impl Reconcile for FacebookPage {
    /// Looks for the draft's Facebook text among the Page's own posts created since
    /// `attempted_at` minus [`CLOCK_SKEW`](social_core::reconcile::CLOCK_SKEW): the
    /// `published_posts` edge with `since`, fields `id,message,created_time`, 100 per page,
    /// every page; for a scheduled draft, the `scheduled_posts` edge first (a scheduled post
    /// whose time came is on `published_posts`). `NotFound` only when every listing was read
    /// to its end; a listing cut by [`reconcile_max_pages`](FacebookPage::reconcile_max_pages),
    /// a post without `created_time`, or a draft without text (which its text cannot tell apart
    /// from the Page's other posts) is `Unknown`. An error while reading is returned as it is:
    /// nothing can be concluded from it, so do not send again.
    async fn reconcile(&self, draft: &Post, attempted_at: DateTime<Utc>) -> Result<Reconciled> {
        let text = draft.text_for(Network::Facebook);
        if text.trim().is_empty() {
            return Ok(Reconciled::Unknown {
                reason: "the draft has no message, and a post without one cannot be told apart from the Page's other posts by its text; look at the Page's recent posts".into(),
            });
        }
        let mut scan = Scan::new(text, attempted_at);
        let posts = self.client.posts();
        // The Page's own posts: https://developers.facebook.com/docs/graph-api/reference/page/published_posts/
        // and, for a draft that was to be scheduled, the posts waiting for their time:
        // https://developers.facebook.com/docs/graph-api/reference/page/scheduled_posts/
        let mut listings = Vec::with_capacity(2);
        if draft.scheduled_at.is_some() {
            listings.push(posts.scheduled(&self.page));
        }
        listings.push(posts.published(&self.page));
        let mut exhausted = true;
        for list in listings {
            match walk(list, &mut scan, self.reconcile_pages).await? {
                Walked::Found(found) => return Ok(found),
                Walked::Exhausted => {}
                Walked::Stopped => exhausted = false,
            }
        }
        Ok(scan.finish(exhausted))
    }
}

impl Identity for FacebookPage {
    /// The Page id, labelled with the Page's name when known.
    fn target(&self) -> Target {
        let label = self
            .label
            .clone()
            .unwrap_or_else(|| format!("Page {}", self.page));
        Target::new(Network::Facebook, self.page.as_str(), label)
    }
}

/// How many of the Page's latest posts the inbox looks under for comments awaiting a reply.
pub const INBOX_POSTS: u32 = 25;

#[async_trait]
impl RecentPosts for FacebookPage {
    /// The Page's own posts (`/{page-id}/posts`, one page) with the reaction and comment totals
    /// (`summary`) and the share count.
    async fn recent_posts(&self, limit: usize) -> Result<Vec<Engagement>> {
        let page = self
            .client
            .posts()
            .page_posts(&self.page)
            .fields([
                PostField::Message,
                PostField::CreatedTime,
                PostField::PermalinkUrl,
                PostField::Shares,
                PostField::CommentCount,
                PostField::ReactionCount,
            ])
            .page_size(limit.clamp(1, 100) as u32)
            .send()
            .await?;
        Ok(page
            .items
            .iter()
            .take(limit)
            .map(|p| {
                let mut e = Engagement::new(p.id.clone())
                    .with_text(p.message.as_deref().unwrap_or_default())
                    .with_created_at(p.created_time);
                if let Some(url) = &p.permalink_url {
                    e = e.with_url(url.clone());
                }
                if let Some(n) = p.reactions.as_ref().and_then(|r| r.total()) {
                    e = e.with_reactions(n);
                }
                if let Some(n) = p.comments.as_ref().and_then(|c| c.total()) {
                    e = e.with_comments(n);
                }
                // Graph leaves `shares` out of a post nobody shared.
                e.with_reposts(p.shares.as_ref().and_then(|s| s.count).unwrap_or(0))
            })
            .collect())
    }
}

#[async_trait]
impl AwaitingReplies for FacebookPage {
    /// The visitors' top-level comments on the Page's [`INBOX_POSTS`] latest posts that the
    /// Page has not answered ([`Comments::awaiting_reply`](crate::comments::Comments::awaiting_reply):
    /// hidden ones left out), created at or after `since`, newest first. Answer with
    /// `reply(&c.post, Some(&c.id), …)`.
    async fn awaiting(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Comment>> {
        let posts = self
            .client
            .posts()
            .page_posts(&self.page)
            .fields([PostField::CreatedTime])
            .page_size(INBOX_POSTS)
            .send()
            .await?;
        let mut waiting = Vec::new();
        for post in &posts.items {
            let comments = self
                .client
                .comments()
                .awaiting_reply(&post.id, &self.page, PageLimits::default().max_pages(10))
                .await?;
            waiting.extend(
                comments
                    .iter()
                    .filter(|c| since.is_none_or(|s| c.created_time.is_none_or(|at| at >= s)))
                    .map(|c| c.to_comment(&post.id)),
            );
        }
        waiting.sort_by_key(|c| std::cmp::Reverse(c.created_at));
        Ok(waiting)
    }
}
