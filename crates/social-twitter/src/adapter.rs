//! The core traits for an X account: code written against `social_core::{Publisher, Reconcile,
//! ProfileReader, AudienceReader, Conversations, FollowGraph}` serves X through [`XAccount`].
//!
//! [`XAccount`] is the account the client signs in as: posts are published as it, the profile and
//! audience are its own, conversations are the replies to its posts, reconciling reads its own
//! timeline, and the follow graph is read from any account's lists (X lists who anyone follows).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::Deserialize;
use social_core::presence::Engagement;
use social_core::preview::Rendering;
use social_core::reconcile::{Reconciled, Scan, same_text};
use social_core::{
    Audience, AudienceReader, AwaitingReplies, Capabilities, Comment, CommentId, Conversations,
    Cursor, Error, FollowGraph, Identity, LengthCounting, Listing, Network, Page, PageLimits, Post,
    PostId, Profile, ProfileReader, Published, Publisher, RecentPosts, Reconcile, Result, Target,
    UserId, Violation, ViolationKind,
};

use crate::client::TwitterClient;
use crate::models::{PageExtra, ReferenceType, Tweet, TweetField, User, UserField};
use crate::text::TextConfig;
use crate::tweets::CreateTweetBuilder;

/// The X account a client signs in as, as the core traits see it.
///
/// Built from a client with user context (OAuth 2.0 user token or OAuth 1.0a): the account is the
/// one the credentials belong to (`GET /2/users/me`, read once and cached by the client). An
/// app-only client can still read profiles and follow lists through it; everything that acts as
/// the account fails before sending with [`Error::Auth`].
///
/// ```no_run
/// use social_core::discover::{DiscoverOptions, who_to_follow};
/// use social_core::{Post, Publisher, UserId};
/// use social_twitter::{TwitterClient, XAccount};
///
/// # async fn run(x: TwitterClient) -> social_core::Result<()> {
/// let account = XAccount::new(x);
/// let draft = Post::new("Our office is closed on Friday.");
/// account.validate(&draft)?;
/// let published = account.publish(&draft).await?;
/// println!("{}", published.id);
/// let me = account.client().me_id().await?;
/// let found = who_to_follow(&account, &me, &[UserId::new("2244994945")], &DiscoverOptions::default()).await?;
/// # let _ = found; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct XAccount {
    client: TwitterClient,
    identity: Option<Target>,
}

impl XAccount {
    /// The account `client` signs in as. Its [`Identity`] is unknown until given with
    /// [`with_identity`](XAccount::with_identity) (or read by [`signed_in`](XAccount::signed_in)):
    /// until then it is `x:me`, which cannot tell two X accounts apart in a broadcast.
    pub fn new(client: TwitterClient) -> Self {
        XAccount {
            client,
            identity: None,
        }
    }

    /// The account `client` signs in as, with its identity read once from `GET /2/users/me`.
    pub async fn signed_in(client: TwitterClient) -> Result<Self> {
        let me = client.users().me().send().await?.into_data()?;
        Ok(XAccount::new(client).with_identity(me.id, &me.username))
    }

    /// Says who the account is (its user id and `@username`), without a request.
    ///
    /// ```no_run
    /// use social_core::{Identity, UserId};
    /// use social_twitter::{TwitterClient, XAccount};
    ///
    /// # fn run(x: TwitterClient) {
    /// let account = XAccount::new(x).with_identity(UserId::new("2244994945"), "XDevelopers");
    /// assert_eq!(account.target().id.to_string(), "x:2244994945");
    /// # }
    /// ```
    #[must_use]
    pub fn with_identity(mut self, user: UserId, username: &str) -> Self {
        self.identity = Some(Target::new(
            Network::X,
            user.as_str(),
            format!("@{}", username.trim_start_matches('@')),
        ));
        self
    }

    /// The client (for everything the traits do not cover).
    pub fn client(&self) -> &TwitterClient {
        &self.client
    }
}

/// The user fields the adapter asks for, to fill [`Profile`] and [`Audience`].
const PROFILE_FIELDS: [UserField; 5] = [
    UserField::Description,
    UserField::ProfileImageUrl,
    UserField::PublicMetrics,
    UserField::Url,
    UserField::Verified,
];

impl User {
    /// This user as a network-neutral [`Profile`].
    pub fn to_profile(&self) -> Profile {
        let mut p = Profile::new(Network::X, self.id.clone(), self.name.clone())
            .with_handle(self.username.clone())
            .with_url(format!("https://x.com/{}", self.username));
        if let Some(d) = &self.description {
            p = p.with_description(d.clone());
        }
        p.picture_url = self.profile_image_url.clone();
        p.verified = self.verified;
        p
    }
}

impl Tweet {
    /// This post as a network-neutral [`Comment`] on `post` (replies and mentions).
    pub fn to_comment(&self, post: &PostId, includes: &crate::models::Includes) -> Comment {
        let mut c = Comment::new(
            Network::X,
            CommentId::new(self.id.as_str()),
            post.clone(),
            self.text.clone(),
        );
        if let Some(author) = self.author_id.as_ref().and_then(|id| includes.user(id)) {
            c = c.with_author(author.to_profile());
        }
        if let Some(at) = self.created_at {
            c = c.with_created_at(at);
        }
        if let Some(parent) = self
            .referenced_tweets
            .iter()
            .find(|r| r.kind == ReferenceType::RepliedTo)
        {
            c = c.with_parent(CommentId::new(parent.id.as_str()));
        }
        c
    }
}

fn text_of(post: &Post) -> String {
    let text = post.text_for(Network::X);
    match post.link_for(Network::X) {
        Some(link) if !text.contains(link) => format!("{text} {link}"),
        _ => text.to_string(),
    }
}

/// The create request a draft becomes on X.
fn create_for(x: &TwitterClient, post: &Post) -> CreateTweetBuilder {
    let mut create = x
        .tweets()
        .create(text_of(post))
        .media(post.media_for(Network::X).iter().map(|m| m.id.clone()));
    if let Some(id) = &post.reply_to {
        create = create.in_reply_to(id);
    }
    create
}

/// The create request of a draft, once it is known to break no rule: those of
/// `tweets().create(…)` (weighted length, media count, media-only posts), plus what only a draft
/// can carry (alternative texts, a schedule).
fn checked_create(x: &TwitterClient, post: &Post) -> Result<CreateTweetBuilder> {
    let create = create_for(x, post);
    let mut v = create.violations();
    for (i, m) in post.media_for(Network::X).iter().enumerate() {
        let field = format!("media[{i}].alt_text");
        v.extend(
            m.alt_text
                .as_deref()
                .and_then(|a| crate::media::alt_text_violation(a, &field)),
        );
    }
    if post.scheduled_at.is_some() {
        v.push(Violation::new(
            "scheduled_at",
            ViolationKind::Unsupported,
            "X's API cannot schedule posts: publish at the time instead",
        ));
    }
    Error::check_violations(Network::X, v)?;
    Ok(create)
}

/// A page of users as network-neutral profiles.
fn profiles(page: Page<User, PageExtra>) -> Page<Profile> {
    Page::new(page.items.iter().map(User::to_profile).collect(), page.next)
}

#[async_trait]
impl Publisher for XAccount {
    fn network(&self) -> Network {
        Network::X
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(
            Network::X,
            TextConfig::default().max_weighted_length(),
            LengthCounting::Weighted { url_length: 23 },
        )
        .with_max_media(4)
        .with_replies(true)
        .with_threads(true)
    }

    fn validate(&self, post: &Post) -> Result<()> {
        checked_create(&self.client, post).map(drop)
    }

    /// Validates the draft once (every rule of [`validate`](Publisher::validate)), sets the
    /// media's alternative texts, then publishes.
    async fn publish(&self, post: &Post) -> Result<Published> {
        let create = checked_create(&self.client, post)?;
        let media = self.client.media();
        for m in post.media_for(Network::X) {
            if let Some(alt) = &m.alt_text {
                media.put_alt_text(&m.id, alt).await?;
            }
        }
        let created = create.send_validated().await?;
        let url = format!("https://x.com/i/web/status/{}", created.id);
        Ok(Published::new(Network::X, created.id, Some(url)))
    }

    /// The text as sent (the link appended when the text lacks it) and its weighted length,
    /// each URL counted 23 (`t.co`).
    fn render(&self, post: &Post) -> Rendering {
        let text = text_of(post);
        let config = TextConfig::default();
        let parsed = crate::text::parse(&text, &config);
        let mut r = Rendering::plain(self.target(), post)
            .with_link(None)
            .with_length(
                parsed.weighted_length as u64,
                config.max_weighted_length() as u64,
                "weighted (CJK and emoji count 2), each URL counts 23",
            );
        if post.link_for(Network::X).is_some() {
            r = r.with_note("X has no link field: the link is in the text, shortened to t.co");
        }
        r.with_text(text)
    }

    async fn delete(&self, id: &PostId) -> Result<()> {
        if self.client.tweets().delete(id).await? {
            Ok(())
        } else {
            Err(Error::Protocol {
                network: Network::X,
                message: format!("X answered that post {id} was not deleted"),
            })
        }
    }
}

#[async_trait]
impl ProfileReader for XAccount {
    async fn me(&self) -> Result<Profile> {
        let resp = self
            .client
            .users()
            .me()
            .user_fields(PROFILE_FIELDS)
            .send()
            .await?;
        resp.into_data().map(|u| u.to_profile())
    }

    async fn profile(&self, id: &UserId) -> Result<Profile> {
        let resp = self
            .client
            .users()
            .get(id)
            .user_fields(PROFILE_FIELDS)
            .send()
            .await?;
        resp.into_data().map(|u| u.to_profile())
    }
}

#[async_trait]
impl AudienceReader for XAccount {
    /// Followers, following and post counts from `public_metrics`.
    async fn audience(&self) -> Result<Audience> {
        let user = self
            .client
            .users()
            .me()
            .user_fields([UserField::PublicMetrics])
            .send()
            .await?
            .into_data()?;
        let mut a = Audience::new(Network::X, user.id);
        if let Some(m) = user.public_metrics {
            a = a
                .with_followers(m.followers_count)
                .with_following(m.following_count)
                .with_posts(m.tweet_count);
        }
        Ok(a)
    }
}

#[async_trait]
impl Conversations for XAccount {
    /// Replies in the post's conversation from the last 7 days (recent search on
    /// `conversation_id:`), newest first.
    async fn comments(&self, post: &PostId, cursor: Option<Cursor>) -> Result<Page<Comment>> {
        let mut search = self
            .client
            .tweets()
            .search_recent(format!("conversation_id:{post}"))
            .page_size(100)
            .tweet_fields([
                TweetField::AuthorId,
                TweetField::CreatedAt,
                TweetField::ReferencedTweets,
                TweetField::ConversationId,
            ])
            .expansions([crate::models::Expansion::AuthorId]);
        if let Some(c) = cursor {
            search = search.after(c);
        }
        let page = search.send().await?;
        let comments = page
            .items
            .iter()
            // The search also matches the post itself (its conversation id is its own id).
            .filter(|t| &t.id != post)
            .map(|t| t.to_comment(post, &page.extra.includes))
            .collect();
        let next = page.next;
        Ok(Page::new(comments, next))
    }

    /// Replies to the post, or to one of its replies when `parent` is given.
    async fn reply(
        &self,
        post: &PostId,
        parent: Option<&CommentId>,
        text: &str,
    ) -> Result<Comment> {
        let target = parent
            .map(|c| PostId::new(c.as_str()))
            .unwrap_or_else(|| post.clone());
        let created = self
            .client
            .tweets()
            .create(text)
            .in_reply_to(&target)
            .send()
            .await?;
        let mut c = Comment::new(
            Network::X,
            CommentId::new(created.id.as_str()),
            post.clone(),
            created.text,
        );
        if let Some(p) = parent {
            c = c.with_parent(p.clone());
        }
        Ok(c)
    }
}

#[async_trait]
impl FollowGraph for XAccount {
    async fn following(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>> {
        let mut list = self
            .client
            .follows()
            .following(user)
            .page_size(1000)
            .user_fields(PROFILE_FIELDS);
        if let Some(c) = cursor {
            list = list.after(c);
        }
        Ok(profiles(list.send().await?))
    }

    async fn followers(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>> {
        let mut list = self
            .client
            .follows()
            .followers(user)
            .page_size(1000)
            .user_fields(PROFILE_FIELDS);
        if let Some(c) = cursor {
            list = list.after(c);
        }
        Ok(profiles(list.send().await?))
    }
}

/// How deep X's user timeline goes: the 3,200 most recent posts of a user, nothing older
/// ("Volume limits", <https://docs.x.com/x-api/posts/timelines/integrate>).
const TIMELINE_DEPTH: usize = 3_200;
/// Posts per page of a reconciling walk: the most `GET /2/users/:id/tweets` serves.
const PAGE_SIZE: u32 = 100;
/// The most pages a reconciling walk reads: the whole depth, and a few pages that X may answer
/// empty with a token.
const MAX_PAGES: usize = TIMELINE_DEPTH / PAGE_SIZE as usize + 8;

/// A post of the author's timeline, as reconciling reads it.
#[derive(Debug, Deserialize)]
struct TimelinePost {
    id: PostId,
    #[serde(default)]
    text: String,
    created_at: Option<DateTime<Utc>>,
    entities: Option<Entities>,
    /// The whole text of a post over 280 characters, of which `text` is only the start.
    note_tweet: Option<NoteTweet>,
}

#[derive(Debug, Deserialize)]
struct NoteTweet {
    text: String,
    entities: Option<Entities>,
}

#[derive(Debug, Deserialize)]
struct Entities {
    #[serde(default)]
    urls: Vec<UrlEntity>,
}

/// A link of a post: the `t.co` link in the text (`url`), the link as posted (`expanded_url`),
/// and for the link X appends to a post with media, its `media_key`.
#[derive(Debug, Deserialize)]
struct UrlEntity {
    url: Option<String>,
    expanded_url: Option<String>,
    media_key: Option<String>,
}

#[async_trait]
impl Reconcile for XAccount {
    /// Reads every post of the authenticated user created since [`Scan::since`] (the attempt
    /// minus [`CLOCK_SKEW`](social_core::reconcile::CLOCK_SKEW)), newest first, and compares
    /// each with the draft's text after undoing X's rewriting: each `t.co` link replaced by the
    /// link as posted, the link X appends to a post with media removed, `&amp;`, `&lt;` and
    /// `&gt;` unescaped, and for a reply the `@mentions` X puts in front.
    ///
    /// `NotFound` only when the timeline was read to its end. X serves only the 3,200 most
    /// recent posts of a user: with that many posts since the attempt the answer is `Unknown`,
    /// as it is after a repeated page token, too many pages, a post with a `t.co` link X did not
    /// expand, or an error worth retrying (rate limit, 5xx, network), whose text is in the
    /// reason. Other errors (credentials, configuration) are returned as they are.
    ///
    /// ```no_run
    /// use chrono::Utc;
    /// use social_core::reconcile::Reconciled;
    /// use social_core::{Error, Post, Publisher, Reconcile};
    ///
    /// # async fn run(x: social_twitter::XAccount) -> social_core::Result<()> {
    /// let draft = Post::new("Closed on Friday: https://example.com/hours");
    /// let attempted_at = Utc::now();
    /// if let Err(Error::Unconfirmed { .. }) = x.publish(&draft).await {
    ///     match x.reconcile(&draft, attempted_at).await? {
    ///         Reconciled::Found(id) => println!("published after all as {id}"),
    ///         Reconciled::NotFound => {
    ///             x.publish(&draft).await?;
    ///         }
    ///         unknown => println!("not sure yet: {unknown:?}"),
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    async fn reconcile(&self, draft: &Post, attempted_at: DateTime<Utc>) -> Result<Reconciled> {
        let expected = text_of(draft);
        let mut scan = Scan::new(&expected, attempted_at);
        let me = self.client.me_id().await?;
        // The user's posts, newest first (https://docs.x.com/x-api/users/get-posts and
        // https://docs.x.com/x-api/posts/timelines/integrate): `start_time` keeps those created
        // since then, `pagination_token` walks the pages, and `tweet.fields` adds `created_at`,
        // `entities` (https://docs.x.com/x-api/fundamentals/data-dictionary: `urls[]` holds each
        // `t.co` link with its `expanded_url`) and `note_tweet` (the whole text of a long post).
        let listing = self
            .client
            .timelines()
            .user_tweets(&me)
            .page_size(PAGE_SIZE)
            .tweet_fields([
                TweetField::CreatedAt,
                TweetField::Text,
                TweetField::Entities,
                TweetField::NoteTweet,
            ])
            .start_time(scan.since())
            .decode_as::<TimelinePost>();
        // Core's walk: it ends on the last page, after MAX_PAGES, on a repeated cursor (an
        // error) or after a run of empty pages that still carry one.
        let pages = listing.pages(PageLimits::default().max_pages(MAX_PAGES));
        futures_util::pin_mut!(pages);
        let (mut read, mut unexpanded, mut walked) = (0usize, 0usize, 0usize);
        let mut cut = true;
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(e) if e.is_retryable() || matches!(e, Error::Protocol { .. }) => {
                    return Ok(unknown(format!(
                        "reading the timeline stopped after {read} posts: {e}"
                    )));
                }
                Err(e) => return Err(e),
            };
            walked += 1;
            for post in &page.items {
                read += 1;
                let (text, open) = as_written(post, &expected, draft.reply_to.is_some());
                if let Some(found) = scan.offer(&post.id, post.created_at, &text) {
                    return Ok(found);
                }
                unexpanded += usize::from(open);
            }
            if scan.reached_start() {
                return Ok(conclude(scan, false, unexpanded));
            }
            if read >= TIMELINE_DEPTH {
                return Ok(unknown(format!(
                    "X serves only the {TIMELINE_DEPTH} most recent posts of a user, and {read} were read without reaching {}",
                    scan.since().to_rfc3339()
                )));
            }
            cut = page.has_next();
        }
        if cut {
            // The walk ended on a page that still had a next one.
            return Ok(unknown(format!(
                "the walk stopped after {walked} pages and {read} posts, before the end of the timeline"
            )));
        }
        Ok(conclude(scan, true, unexpanded))
    }
}

fn unknown(reason: String) -> Reconciled {
    Reconciled::Unknown { reason }
}

/// The scan's answer, `Unknown` instead of `NotFound` when a post could not be compared.
fn conclude(scan: Scan, exhausted: bool, unexpanded: usize) -> Reconciled {
    match scan.finish(exhausted) {
        Reconciled::NotFound if unexpanded > 0 => unknown(format!(
            "{unexpanded} posts have a t.co link that X did not expand, so they cannot be ruled out"
        )),
        other => other,
    }
}

/// The text of `post` as its author wrote it, undoing X's rewriting (`draft` and `is_reply`
/// say which of the possible readings to prefer), and whether a `t.co` link was left that the
/// draft does not hold (the post cannot then be told apart from the draft).
fn as_written(post: &TimelinePost, draft: &str, is_reply: bool) -> (String, bool) {
    let (text, entities) = match &post.note_tweet {
        Some(note) => (&note.text, note.entities.as_ref()),
        None => (&post.text, post.entities.as_ref()),
    };
    let draft_urls = crate::text::urls(draft);
    let mut text = text.clone();
    for entity in entities.map(|e| e.urls.as_slice()).unwrap_or_default() {
        let Some(link) = entity.url.as_deref() else {
            continue;
        };
        let expanded = entity.expanded_url.as_deref();
        if entity.media_key.is_some() || expanded.is_some_and(is_media_permalink) {
            text = without_link(&text, link);
        } else if let Some(expanded) = expanded {
            // The link as the draft wrote it when it is the same link (X adds `http://` to a
            // bare domain, and may add or drop a final `/`).
            let written = draft_urls
                .iter()
                .copied()
                .find(|u| same_url(u, expanded))
                .unwrap_or(expanded);
            text = text.replacen(link, written, 1);
        }
    }
    let unescaped = unescape(&text);
    let mut readings = vec![text, unescaped];
    if is_reply {
        let stripped: Vec<String> = readings
            .iter()
            .map(|r| without_leading_mentions(r).to_string())
            .collect();
        readings.extend(stripped);
    }
    let chosen = match readings.iter().position(|r| same_text(draft, r)) {
        Some(i) => readings.swap_remove(i),
        None => readings.swap_remove(0),
    };
    let open = chosen.split_whitespace().any(|w| {
        (w.starts_with("https://t.co/") || w.starts_with("http://t.co/")) && !draft.contains(w)
    });
    (chosen, open)
}

/// Whether a link is X's permalink of a post's photo or video (`…/status/1/photo/1`).
fn is_media_permalink(url: &str) -> bool {
    url.contains("/status/") && (url.contains("/photo/") || url.contains("/video/"))
}

/// `text` without `link`: the media link X appends (with the space before it).
fn without_link(text: &str, link: &str) -> String {
    match text.trim_end().strip_suffix(link) {
        Some(rest) => rest.trim_end().to_string(),
        None => text.replacen(link, "", 1),
    }
}

/// Whether two links are the same once the scheme, a final `/` and letter case are set aside.
fn same_url(a: &str, b: &str) -> bool {
    fn key(url: &str) -> String {
        let url = url.trim_end_matches('/');
        let url = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .unwrap_or(url);
        url.to_lowercase()
    }
    key(a) == key(b)
}

/// `text` with the three entities X escapes in post texts decoded (seen in v2 answers:
/// <https://github.com/nextcloud/integration_twitter/issues/37>), `&amp;` last so that
/// `&amp;lt;` becomes `&lt;`, not `<`.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `text` without the `@mentions` that start it (X puts those of the conversation in front of a
/// reply).
fn without_leading_mentions(text: &str) -> &str {
    let mut rest = text;
    while let Some(after) = rest.strip_prefix('@') {
        let handle = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let tail = &after[handle..];
        let next = tail.trim_start();
        if handle == 0 || handle > 15 || next.len() == tail.len() {
            break;
        }
        rest = next;
    }
    rest
}

impl Identity for XAccount {
    /// The user id and `@username` given to [`XAccount::with_identity`] or read by
    /// [`XAccount::signed_in`]; `x:me` otherwise.
    fn target(&self) -> Target {
        self.identity
            .clone()
            .unwrap_or_else(|| Target::new(Network::X, "me", "the signed-in X account"))
    }
}

/// The fields of a post the cross-network reads need.
const CONVERSATION_FIELDS: [TweetField; 5] = [
    TweetField::AuthorId,
    TweetField::CreatedAt,
    TweetField::ReferencedTweets,
    TweetField::ConversationId,
    TweetField::PublicMetrics,
];

#[async_trait]
impl RecentPosts for XAccount {
    /// The account's own posts (`GET /2/users/:id/tweets`, one page of at most 100) with
    /// `public_metrics`: likes as reactions, replies as comments, reposts and quotes as reposts.
    async fn recent_posts(&self, limit: usize) -> Result<Vec<Engagement>> {
        let me = self.client.me_id().await?;
        let page = self
            .client
            .timelines()
            .user_tweets(&me)
            .page_size(limit.clamp(5, 100) as u32)
            .tweet_fields(CONVERSATION_FIELDS)
            .send()
            .await?;
        Ok(page
            .items
            .iter()
            .take(limit)
            .map(|t| {
                let mut e = Engagement::new(t.id.clone())
                    .with_url(format!("https://x.com/i/web/status/{}", t.id))
                    .with_text(&t.text)
                    .with_created_at(t.created_at);
                if let Some(m) = &t.public_metrics {
                    e = e
                        .with_reactions(m.like_count)
                        .with_comments(m.reply_count)
                        .with_reposts(m.retweet_count.saturating_add(m.quote_count));
                }
                e
            })
            .collect())
    }
}

#[async_trait]
impl AwaitingReplies for XAccount {
    /// The most recent mentions of the account (`GET /2/users/:id/mentions`, one page of 100,
    /// from `since`), replies to its posts included, less its own posts and those it already
    /// answered (a post of its own timeline since then replying to them). Each is a [`Comment`]
    /// whose `post` is its conversation; `reply(&c.post, Some(&c.id), …)` answers the mention
    /// itself.
    async fn awaiting(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Comment>> {
        let me = self.client.me_id().await?;
        let mut mentions = self
            .client
            .timelines()
            .mentions(&me)
            .page_size(100)
            .tweet_fields(CONVERSATION_FIELDS)
            .expansions([crate::models::Expansion::AuthorId]);
        let mut mine = self
            .client
            .timelines()
            .user_tweets(&me)
            .page_size(100)
            .tweet_fields(CONVERSATION_FIELDS);
        if let Some(t) = since {
            mentions = mentions.start_time(t);
            mine = mine.start_time(t);
        }
        let mentions = mentions.send().await?;
        let answered: std::collections::BTreeSet<PostId> = mine
            .send()
            .await?
            .items
            .iter()
            .flat_map(|t| &t.referenced_tweets)
            .filter(|r| r.kind == ReferenceType::RepliedTo)
            .map(|r| r.id.clone())
            .collect();
        Ok(mentions
            .items
            .iter()
            .filter(|t| t.author_id.as_ref() != Some(&me) && !answered.contains(&t.id))
            .filter(|t| since.is_none_or(|s| t.created_at.is_none_or(|at| at >= s)))
            .map(|t| {
                let conversation = t.conversation_id.clone().unwrap_or_else(|| t.id.clone());
                t.to_comment(&conversation, &mentions.extra.includes)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn case6_publish_validates_the_draft_once() {
        // Without credentials the create is refused after validation and before sending.
        let x = XAccount::new(
            TwitterClient::builder()
                .base_url("http://127.0.0.1:9")
                .build()
                .unwrap(),
        );
        let before = crate::text::CHECKS.with(std::cell::Cell::get);
        let err = x
            .publish(&Post::new("Closed on Friday for the holiday."))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Auth { .. }), "{err:?}");
        assert_eq!(crate::text::CHECKS.with(std::cell::Cell::get) - before, 1);
    }

    #[test]
    fn leading_mentions_go_only_when_they_are_mentions() {
        assert_eq!(without_leading_mentions("@bob @carol_1 Thanks"), "Thanks");
        assert_eq!(without_leading_mentions("@bob"), "@bob");
        assert_eq!(without_leading_mentions("@ bob"), "@ bob");
        assert_eq!(without_leading_mentions("@bob's idea"), "@bob's idea");
        assert_eq!(
            without_leading_mentions("@abcdefghijklmnop long"),
            "@abcdefghijklmnop long"
        );
        assert_eq!(without_leading_mentions("@é x"), "@é x");
        assert_eq!(without_leading_mentions(""), "");
    }

    #[test]
    fn links_compare_without_scheme_final_slash_or_case() {
        assert!(same_url("example.com", "http://example.com/"));
        assert!(same_url("https://Example.com/A", "https://example.com/a"));
        assert!(!same_url("https://example.com/a", "https://example.com/b"));
    }

    #[test]
    fn escapes_are_undone_once() {
        assert_eq!(unescape("a &amp; b &lt;3 &gt;"), "a & b <3 >");
        assert_eq!(unescape("&amp;lt;"), "&lt;");
    }

    #[test]
    fn the_media_link_goes_with_the_space_before_it() {
        let link = "https://t.co/m";
        assert_eq!(without_link("Chart https://t.co/m", link), "Chart");
        assert_eq!(without_link("https://t.co/m", link), "");
        assert_eq!(without_link("a https://t.co/m b", link), "a  b");
    }
}
