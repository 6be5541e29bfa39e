//! The core traits for LinkedIn: code written against `social_core::{Publisher, Reconcile,
//! ProfileReader}` serves a LinkedIn member and a LinkedIn company page.
//!
//! [`LinkedInMember`] is a client with the member's URN (posts go out as the member);
//! [`LinkedInOrganization`] is a client of a member who holds a role on a page, with the page's
//! URN (posts go out as the page). A draft becomes little text through
//! [`Commentary::plain`](crate::text::Commentary::plain), so what the draft says is what LinkedIn
//! shows; its link is appended to the text (LinkedIn links it; an article with a preview needs a
//! title, which a draft does not carry: use [`Posts::create`](crate::posts::Posts::create) for
//! that). LinkedIn's API cannot schedule posts, nor answer one with another. Both identities
//! implement `Conversations`: the comments on a post, and comments or replies as the identity;
//! the audience is the follower count (`AudienceReader`: a page's from `networkSizes`, a
//! member's from `memberFollowersCount`, which needs `r_member_profileAnalytics`). Across the
//! networks, both are presence sources (`RecentPosts`: the latest posts with their social
//! metadata) and inbox sources (`AwaitingReplies`: the comments on their posts that wait for
//! their reply), in the `across` submodule.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use social_core::preview::Rendering;
use social_core::reconcile::{Reconciled, Scan, same_text};
use social_core::{
    AuthErrorKind, Capabilities, Error, Identity, LengthCounting, Listing, Network, PageLimits,
    Post, PostId, Profile, ProfileReader, Published, Publisher, Reconcile, Result, Target, UserId,
    Violation, ViolationKind,
};

use crate::client::LinkedInClient;
use crate::models::Author;
use crate::posts::{
    CreatePostBuilder, MAX_MULTI_IMAGES, MAX_PAGE_SIZE, MediaContent, MultiImageContent, PostSort,
};
use crate::text::{Commentary, MAX_COMMENTARY_LENGTH};
use crate::urn::ImageUrn;
use crate::urn::{OrganizationUrn, PersonUrn, PostUrn};

/// How many pages (of 100 posts) a reconciling search reads at most before it answers
/// [`Reconciled::Unknown`]. Change it with `reconcile_max_pages`.
pub const RECONCILE_MAX_PAGES: usize = 10;

/// The most media one post carries through [`Publisher`]: one video or document, or up to
/// [`MAX_MULTI_IMAGES`] images (several images go out as `multiImage`).
pub const MAX_MEDIA: usize = MAX_MULTI_IMAGES;

mod across;
pub use across::{INBOX_COMMENTS, INBOX_POSTS, INBOX_REPLY_PAGES};

/// What the two identities share: a client and the author URN.
#[derive(Debug, Clone)]
struct Account {
    client: LinkedInClient,
    author: Author,
    reconcile_pages: usize,
    label: Option<String>,
}

impl Account {
    fn capabilities() -> Capabilities {
        // Counted as `text::length` counts: the little text sent (escapes included), in UTF-16
        // code units. No native scheduling, replies or threads in LinkedIn's API.
        Capabilities::new(
            Network::LinkedIn,
            MAX_COMMENTARY_LENGTH as u32,
            LengthCounting::Utf16,
        )
        .with_max_media(MAX_MEDIA as u32)
    }

    fn create_for(&self, post: &Post) -> CreatePostBuilder {
        let mut create = self
            .client
            .posts()
            .create(self.author.clone())
            .text(&text_of(post));
        let media = post.media_for(Network::LinkedIn);
        if media.len() > 1 {
            // Several media: images only, as `multiImage` (anything else is refused by
            // `validate`, and nothing is attached here).
            let images: Option<Vec<ImageUrn>> = media
                .iter()
                .map(|m| m.id.as_str().parse::<ImageUrn>().ok())
                .collect();
            if let Some(images) = images {
                let mut album = MultiImageContent::new();
                for (urn, m) in images.into_iter().zip(media) {
                    album = match &m.alt_text {
                        Some(alt) => album.image_with_alt(urn, alt.clone()),
                        None => album.image(urn),
                    };
                }
                create = create.images(album);
            }
        } else if let Some(m) = media.first() {
            if let Ok(mut media) = MediaContent::from_urn(m.id.as_str()) {
                if let Some(alt) = &m.alt_text {
                    media = media.alt_text(alt.clone());
                }
                create = create.media(media);
            }
        }
        create
    }

    fn validate(&self, post: &Post) -> Result<()> {
        let mut v = self.create_for(post).violations();
        if post.scheduled_at.is_some() {
            v.push(Violation::new(
                "scheduled_at",
                ViolationKind::Unsupported,
                "LinkedIn's API cannot schedule posts: publish at the time instead",
            ));
        }
        if post.reply_to.is_some() {
            v.push(Violation::new(
                "reply_to",
                ViolationKind::Unsupported,
                "a LinkedIn post cannot answer another post; answer with a comment",
            ));
        }
        if post.media_for(Network::LinkedIn).len() > MAX_MEDIA {
            v.push(Violation::new(
                "media",
                ViolationKind::TooMany {
                    limit: MAX_MEDIA as u64,
                    actual: post.media_for(Network::LinkedIn).len() as u64,
                },
                format!(
                    "a LinkedIn post carries one video or document, or up to {MAX_MULTI_IMAGES} images"
                ),
            ));
        }
        if post.media_for(Network::LinkedIn).len() > 1 {
            for (i, m) in post.media_for(Network::LinkedIn).iter().enumerate() {
                let media = MediaContent::from_urn(m.id.as_str()).is_ok();
                if media && m.id.as_str().parse::<ImageUrn>().is_err() {
                    v.push(Violation::new(
                        format!("media[{i}].id"),
                        ViolationKind::Unsupported,
                        "a LinkedIn post with several media carries images only (multiImage); a video or a document goes alone",
                    ));
                }
            }
        }
        for (i, m) in post.media_for(Network::LinkedIn).iter().enumerate() {
            if let Err(e) = MediaContent::from_urn(m.id.as_str()) {
                v.push(Violation::new(
                    format!("media[{i}].id"),
                    ViolationKind::Malformed,
                    format!(
                        "{e} (LinkedIn media are urn:li:image:…, urn:li:video:… or urn:li:document:…)"
                    ),
                ));
            }
        }
        Error::check_violations(Network::LinkedIn, v)
    }

    fn render(&self, target: Target, post: &Post) -> Rendering {
        let sent = Commentary::plain(&text_of(post));
        let words = |sigil: char| -> Vec<&str> {
            post.text_for(Network::LinkedIn)
                .split_whitespace()
                .filter(|w| w.len() > 1 && w.starts_with(sigil))
                .collect()
        };
        let mut r = Rendering::plain(target, post)
            .with_link(None)
            .with_length(
                sent.length() as u64,
                MAX_COMMENTARY_LENGTH,
                "UTF-16 code units of the little text, escapes included",
            )
            .with_text(sent.as_str());
        let (tags, names) = (words('#'), words('@'));
        if !tags.is_empty() {
            r = r.with_note(format!(
                "hashtags {} are sent escaped (as text); build the commentary with Commentary::builder().hashtag(…) to make them links",
                tags.join(" ")
            ));
        }
        if !names.is_empty() {
            r = r.with_note(format!(
                "mentions {} are sent escaped (as text); a mention needs the member's or page's URN (Commentary::builder().mention(…))",
                names.join(" ")
            ));
        }
        if post.link_for(Network::LinkedIn).is_some() {
            r = r.with_note("the link goes into the text (LinkedIn links it)");
        }
        r
    }

    async fn publish(&self, post: &Post) -> Result<Published> {
        self.validate(post)?;
        let urn = self.create_for(post).send().await?;
        Ok(Published::new(
            Network::LinkedIn,
            PostId::new(urn.to_string()),
            Some(post_url(&urn)),
        ))
    }

    async fn delete(&self, id: &PostId) -> Result<()> {
        let urn: PostUrn = id.as_str().parse()?;
        self.client.posts().delete(&urn).await
    }

    /// Another account's profile: a page, when the id is an organization URN; LinkedIn serves
    /// other members' profiles to partner apps only.
    async fn other_profile(&self, id: &UserId) -> Result<Profile> {
        if let Ok(org) = id.as_str().parse::<OrganizationUrn>() {
            return Ok(self
                .client
                .organizations()
                .get(&org)
                .send()
                .await?
                .to_profile());
        }
        Err(Error::Auth {
            network: Network::LinkedIn,
            kind: AuthErrorKind::MissingPermission { scope: None },
            message: format!(
                "LinkedIn serves other members' profiles ({id}) only to approved partner apps; a page is read by its urn:li:organization:… id"
            ),
            api: None,
        })
    }

    async fn reconcile(&self, draft: &Post, attempted_at: DateTime<Utc>) -> Result<Reconciled> {
        let plain = text_of(draft);
        let sent = Commentary::plain(&plain);
        let mut scan = Scan::new(sent.as_str(), attempted_at);
        // The author's posts, newest first (`sortBy=CREATED`), every page until one created
        // before the window start, the end of the listing, or the cap.
        let pages = self
            .client
            .posts()
            .by_author(self.author.clone())
            .sort_by(PostSort::Created)
            .page_size(MAX_PAGE_SIZE)
            .pages(PageLimits::default().max_pages(self.reconcile_pages));
        let mut pages = std::pin::pin!(pages);
        let mut read = 0usize;
        let mut exhausted = false;
        loop {
            let page = match pages.try_next().await {
                Ok(Some(page)) => page,
                Ok(None) => break,
                Err(e) if e.is_retryable() => {
                    return Ok(Reconciled::Unknown {
                        reason: format!("reading the author's posts stopped after {read}: {e}"),
                    });
                }
                Err(e) => return Err(e),
            };
            for post in &page.items {
                read += 1;
                let Some(id) = &post.id else { continue };
                let created = post.created_at.and_then(|t| t.to_utc());
                let commentary = post.commentary.as_deref().unwrap_or_default();
                // LinkedIn gives back the little text sent; read a commentary given back as
                // plain text as the little text it came from.
                let reading =
                    if !same_text(sent.as_str(), commentary) && same_text(&plain, commentary) {
                        sent.as_str()
                    } else {
                        commentary
                    };
                let post_id = PostId::new(id.to_string());
                if let Some(found) = scan.offer(&post_id, created, reading) {
                    return Ok(found);
                }
            }
            if scan.reached_start() {
                break;
            }
            exhausted = page.next.is_none();
            if exhausted {
                break;
            }
        }
        Ok(scan.finish(exhausted))
    }
}

/// The text a draft becomes on LinkedIn: its LinkedIn text, and its link after it when the text
/// does not hold it.
fn text_of(post: &Post) -> String {
    let text = post.text_for(Network::LinkedIn);
    match post.link_for(Network::LinkedIn) {
        Some(link) if !text.contains(link) => {
            if text.trim().is_empty() {
                link.to_string()
            } else {
                format!("{text} {link}")
            }
        }
        _ => text.to_string(),
    }
}

/// The public address of a post.
fn post_url(urn: &PostUrn) -> String {
    format!("https://www.linkedin.com/feed/update/{urn}/")
}

/// A LinkedIn member as the core traits see them: posts go out as the member
/// (`w_member_social`).
///
/// ```no_run
/// use social_core::{Post, Publisher};
/// use social_linkedin::adapter::LinkedInMember;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let member = LinkedInMember::signed_in(li).await?;
/// let draft = Post::new("Our office moves to 12 rue de la Paix (2nd floor) on Monday.");
/// member.validate(&draft)?;
/// let published = member.publish(&draft).await?;
/// println!("{:?}", published.url);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LinkedInMember {
    account: Account,
    member: PersonUrn,
}

impl LinkedInMember {
    /// The member `member`, with a client signed with their token.
    pub fn new(client: LinkedInClient, member: PersonUrn) -> Self {
        LinkedInMember {
            account: Account {
                client,
                author: Author::Person(member.clone()),
                reconcile_pages: RECONCILE_MAX_PAGES,
                label: None,
            },
            member,
        }
    }

    /// The member behind the client's token (read from OpenID Connect's `userinfo`).
    pub async fn signed_in(client: LinkedInClient) -> Result<Self> {
        let me = client.userinfo().send().await?;
        let urn = me.person_urn()?;
        let name = me.to_profile().name;
        let member = Self::new(client, urn);
        Ok(if name.trim().is_empty() {
            member
        } else {
            member.with_label(name)
        })
    }

    /// Caps a [`Reconcile`] search at `pages` pages of 100 posts (default
    /// [`RECONCILE_MAX_PAGES`]); a search that reaches it answers `Unknown`.
    #[must_use]
    pub fn reconcile_max_pages(mut self, pages: usize) -> Self {
        self.account.reconcile_pages = pages;
        self
    }

    /// The client.
    pub fn client(&self) -> &LinkedInClient {
        &self.account.client
    }

    /// Names the member for people in cross-network reports (their [`Identity`] label; the
    /// URN otherwise). [`signed_in`](LinkedInMember::signed_in) sets their name.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.account.label = Some(label.into());
        self
    }

    /// The member's URN.
    pub fn urn(&self) -> &PersonUrn {
        &self.member
    }
}

/// A LinkedIn company page as the core traits see it: posts go out as the page
/// (`w_organization_social`, by a member with the role ADMINISTRATOR,
/// DIRECT_SPONSORED_CONTENT_POSTER or CONTENT_ADMIN on it).
///
/// ```no_run
/// use social_core::{Post, Publisher};
/// use social_linkedin::adapter::LinkedInOrganization;
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let firm = LinkedInOrganization::new(li, OrganizationUrn::new("2414183")?);
/// firm.publish(&Post::new("We are hiring a tax associate.").with_link("https://example.com/jobs/42")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LinkedInOrganization {
    account: Account,
    organization: OrganizationUrn,
}

impl LinkedInOrganization {
    /// The page `organization`, with a client signed with the token of a member who holds a
    /// role on it.
    pub fn new(client: LinkedInClient, organization: OrganizationUrn) -> Self {
        LinkedInOrganization {
            account: Account {
                client,
                author: Author::Organization(organization.clone()),
                reconcile_pages: RECONCILE_MAX_PAGES,
                label: None,
            },
            organization,
        }
    }

    /// Caps a [`Reconcile`] search at `pages` pages of 100 posts (default
    /// [`RECONCILE_MAX_PAGES`]).
    #[must_use]
    pub fn reconcile_max_pages(mut self, pages: usize) -> Self {
        self.account.reconcile_pages = pages;
        self
    }

    /// The client.
    pub fn client(&self) -> &LinkedInClient {
        &self.account.client
    }

    /// Names the page for people in cross-network reports (its [`Identity`] label; the URN
    /// otherwise).
    ///
    /// ```no_run
    /// use social_core::Identity;
    /// use social_linkedin::adapter::LinkedInOrganization;
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let firm = LinkedInOrganization::new(li, OrganizationUrn::new("2414183")?).with_label("Acme Corp");
    /// assert_eq!(firm.target().id.to_string(), "linkedin:urn:li:organization:2414183");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.account.label = Some(label.into());
        self
    }

    /// The page's URN.
    pub fn urn(&self) -> &OrganizationUrn {
        &self.organization
    }
}

macro_rules! publisher_and_reconcile {
    ($ty:ty) => {
        #[async_trait]
        impl Publisher for $ty {
            fn network(&self) -> Network {
                Network::LinkedIn
            }

            /// 3,000 characters of little text (counted in UTF-16 code units, escapes
            /// included: [`text::length`](crate::text::length)), one uploaded video or document
            /// or up to 20 images (`multiImage`) by URN (upload them first with
            /// [`LinkedInClient::media`](crate::client::LinkedInClient::media)), the link in the
            /// text; no native scheduling, replies or threads.
            fn capabilities(&self) -> Capabilities {
                Account::capabilities()
            }

            fn validate(&self, post: &Post) -> Result<()> {
                self.account.validate(post)
            }

            async fn publish(&self, post: &Post) -> Result<Published> {
                self.account.publish(post).await
            }

            async fn delete(&self, id: &PostId) -> Result<()> {
                self.account.delete(id).await
            }

            /// The little text the draft becomes (reserved characters escaped, the link
            /// appended) and its length in UTF-16 code units, escapes included; the `#words`
            /// and `@names` of the draft are named in a note (sent escaped, they show as
            /// text, not as hashtags or mentions).
            fn render(&self, post: &Post) -> Rendering {
                self.account.render(self.target(), post)
            }
        }

        impl Identity for $ty {
            /// The author URN, labelled with the name given by `with_label` (or read by
            /// `signed_in`) when known.
            fn target(&self) -> Target {
                let urn = self.account.author.to_string();
                let label = self.account.label.clone().unwrap_or_else(|| urn.clone());
                Target::new(Network::LinkedIn, urn, label)
            }
        }

        #[async_trait]
        impl Reconcile for $ty {
            /// Reads the author's posts created since `attempted_at` minus
            /// [`CLOCK_SKEW`](social_core::reconcile::CLOCK_SKEW), newest first
            /// (`q=author&sortBy=CREATED`, 100 per page), and compares each commentary with the
            /// little text the draft becomes. `NotFound` only once a post older than the window
            /// or the end of the listing was read; the page cap, a post without a creation time,
            /// or an error worth retrying (in the reason) give `Unknown`; other errors (a 403:
            /// reading a member's posts needs `r_member_social`, restricted to approved apps)
            /// are returned as they are.
            async fn reconcile(
                &self,
                draft: &Post,
                attempted_at: DateTime<Utc>,
            ) -> Result<Reconciled> {
                self.account.reconcile(draft, attempted_at).await
            }
        }
    };
}

publisher_and_reconcile!(LinkedInMember);
publisher_and_reconcile!(LinkedInOrganization);

#[async_trait]
impl ProfileReader for LinkedInMember {
    /// The member, from OpenID Connect's `userinfo`.
    async fn me(&self) -> Result<Profile> {
        Ok(self.account.client.userinfo().send().await?.to_profile())
    }

    /// The member (their URN or id), or a page (an `urn:li:organization:…`); other members'
    /// profiles are for partner apps only (`Error::Auth`, missing permission).
    async fn profile(&self, id: &UserId) -> Result<Profile> {
        if id.as_str() == self.member.to_string() || id.as_str() == self.member.id() {
            return self.me().await;
        }
        self.account.other_profile(id).await
    }
}

#[async_trait]
impl ProfileReader for LinkedInOrganization {
    /// The page (`GET /rest/organizations/{id}`).
    async fn me(&self) -> Result<Profile> {
        Ok(self
            .account
            .client
            .organizations()
            .get(&self.organization)
            .send()
            .await?
            .to_profile())
    }

    /// A page (an `urn:li:organization:…`); members' profiles are for partner apps only.
    async fn profile(&self, id: &UserId) -> Result<Profile> {
        self.account.other_profile(id).await
    }
}

/// `Conversations` for both identities: the comments on a post, and comments or replies as the
/// identity (the member's URN or the page's URN as `actor`).
mod conversations {
    use async_trait::async_trait;
    use social_core::{
        Comment, CommentId, Conversations, Cursor, Listing, Network, Page, PostId, Profile, Result,
        UserId,
    };

    use super::{Account, LinkedInMember, LinkedInOrganization};
    use crate::comments::MAX_PAGE_SIZE;
    use crate::models::{self, SocialEntity};
    use crate::urn::CommentUrn;

    /// A LinkedIn comment as core's `Comment`: its id is the comment's URN (what `reply`
    /// takes as a parent), its text as a reader sees it (the little text LinkedIn holds, read by
    /// [`text::to_plain`](crate::text::to_plain)), its author the member's
    /// or page's URN (LinkedIn serves other members' names to partner apps only).
    pub(super) fn to_core(c: &models::Comment, post: &PostId) -> Option<Comment> {
        let urn = c.urn()?;
        let mut out = Comment::new(
            Network::LinkedIn,
            CommentId::new(urn.to_string()),
            post.clone(),
            crate::text::to_plain(c.text()),
        );
        out.parent = c.parent_comment.clone().map(CommentId::new);
        if let Some(actor) = &c.actor {
            let urn = actor.to_string();
            out = out.with_author(Profile::new(
                Network::LinkedIn,
                UserId::new(urn.clone()),
                urn,
            ));
        }
        out.created_at = c
            .created
            .as_ref()
            .and_then(|s| s.time)
            .and_then(|t| t.to_utc());
        Some(out)
    }

    impl Account {
        async fn comments(&self, post: &PostId, cursor: Option<Cursor>) -> Result<Page<Comment>> {
            let target: SocialEntity = post.as_str().parse()?;
            let mut list = self.client.comments().list(target).page_size(MAX_PAGE_SIZE);
            if let Some(c) = cursor {
                list = list.after(c);
            }
            let page = list.send().await?;
            let items = page.items.iter().filter_map(|c| to_core(c, post)).collect();
            Ok(Page::new(items, page.next))
        }

        async fn reply(
            &self,
            post: &PostId,
            parent: Option<&CommentId>,
            text: &str,
        ) -> Result<Comment> {
            let comments = self.client.comments();
            let create = match parent {
                Some(p) => comments.reply(&p.as_str().parse::<CommentUrn>()?, self.author.clone()),
                None => {
                    comments.create(post.as_str().parse::<SocialEntity>()?, self.author.clone())
                }
            };
            let created = create.text(text).send().await?;
            // The comment exists (LinkedIn answered 201): an answer that does not name it must
            // never read as a failure to retry.
            let mut out = to_core(&created, post).ok_or_else(|| {
                social_core::Error::unconfirmed(
                    Network::LinkedIn,
                    "POST /rest/socialActions/{urn}/comments",
                    "",
                    social_core::Error::Protocol {
                        network: Network::LinkedIn,
                        message: "LinkedIn created the comment but named it with no comment URN: \
                                  do not send it again; find it among the post's comments"
                            .into(),
                    },
                )
            })?;
            if out.parent.is_none() {
                out.parent = parent.cloned();
            }
            Ok(out)
        }
    }

    macro_rules! conversations {
        ($ty:ty) => {
            #[async_trait]
            impl Conversations for $ty {
                /// The comments on a post (a `urn:li:share:…`, `urn:li:ugcPost:…` or
                /// `urn:li:activity:…`), or the replies to a comment (its `urn:li:comment:…`),
                /// 100 per page; the cursor is the next page's start. Reading comments needs
                /// `r_member_social` (restricted) or `r_organization_social`.
                async fn comments(
                    &self,
                    post: &PostId,
                    cursor: Option<Cursor>,
                ) -> Result<Page<Comment>> {
                    self.account.comments(post, cursor).await
                }

                /// Comments on the post as this identity, or answers `parent` (a comment
                /// URN); the text is escaped as little text. Never sent twice blindly.
                async fn reply(
                    &self,
                    post: &PostId,
                    parent: Option<&CommentId>,
                    text: &str,
                ) -> Result<Comment> {
                    self.account.reply(post, parent, text).await
                }
            }
        };
    }

    conversations!(LinkedInMember);
    conversations!(LinkedInOrganization);
}

// The audience (issue 11, item 3). A page: its follower count (`networkSizes`,
// https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api).
// A member: the follower count of `memberFollowersCount?q=me`
// (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/follower-statistics),
// which needs `r_member_profileAnalytics`; without it the answer is LinkedIn's 403 as an
// `Error::Auth` naming the scope, never a zero. LinkedIn gives no following or post counts.

#[async_trait]
impl social_core::AudienceReader for LinkedInOrganization {
    /// The page's followers (`networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`); the
    /// other counts stay `None` (LinkedIn has no such counts for a page).
    async fn audience(&self) -> Result<social_core::Audience> {
        let followers = self
            .account
            .client
            .organizations()
            .follower_count(&self.organization)
            .send()
            .await?;
        Ok(social_core::Audience::new(
            Network::LinkedIn,
            UserId::new(self.organization.to_string()),
        )
        .with_followers(followers))
    }
}

#[async_trait]
impl social_core::AudienceReader for LinkedInMember {
    /// The member's followers (`memberFollowersCount?q=me`, scope
    /// `r_member_profileAnalytics`; without it, `Error::Auth` with a missing permission naming
    /// the scope). Connections are partner-only and not counted.
    async fn audience(&self) -> Result<social_core::Audience> {
        let followers = self
            .account
            .client
            .statistics()
            .member_followers()
            .send()
            .await?;
        Ok(
            social_core::Audience::new(Network::LinkedIn, UserId::new(self.member.to_string()))
                .with_followers(followers),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_follows_the_text_once() {
        let p = Post::new("New article:").with_link("https://example.com/a");
        assert_eq!(text_of(&p), "New article: https://example.com/a");
        let p = Post::new("See https://example.com/a today").with_link("https://example.com/a");
        assert_eq!(text_of(&p), "See https://example.com/a today");
        let p = Post::new("").with_link("https://example.com/a");
        assert_eq!(text_of(&p), "https://example.com/a");
    }

    #[test]
    fn posts_open_at_their_feed_address() {
        let urn: PostUrn = "urn:li:share:6844785523593134080".parse().unwrap();
        assert_eq!(
            post_url(&urn),
            "https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/"
        );
    }
}
