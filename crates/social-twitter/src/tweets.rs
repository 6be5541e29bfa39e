//! Posts: create (with replies, quotes, media, polls, reply settings), delete, look up, search,
//! and threads.

use serde::{Deserialize, Serialize};
use serde_json::json;
use social_core::http::RequestSpec;
use social_core::reconcile::Created;
use social_core::{Error, MediaId, Network, PostId, Result, UserId, Violation, ViolationKind};

use crate::client::{Needs, TwitterClient};
use crate::list::{ListBuilder, join};
use crate::models::{
    CreatedTweet, Expansion, MediaField, PollField, Tweet, TweetField, User, UserField, XResponse,
};
use crate::text::TextConfig;

social_core::wire_enum! {
    /// Who may reply to a post (`reply_settings`). Leave it unset for "everyone".
    pub enum ReplySettings {
        /// People the author follows.
        Following = "following",
        /// People mentioned in the post.
        MentionedUsers = "mentionedUsers",
        /// The author's subscribers.
        Subscribers = "subscribers",
        /// Verified accounts.
        Verified = "verified",
    }
}

/// The posts area: `client.tweets()`.
#[derive(Debug, Clone)]
pub struct Tweets {
    client: TwitterClient,
}

impl TwitterClient {
    /// Posts: create, delete, look up, search, threads.
    pub fn tweets(&self) -> Tweets {
        Tweets {
            client: self.clone(),
        }
    }
}

impl Tweets {
    /// Starts a new post (`POST /2/tweets`). It is validated offline before sending: X's
    /// weighted length, media and poll rules, all violations at once.
    pub fn create(&self, text: impl Into<String>) -> CreateTweetBuilder {
        CreateTweetBuilder {
            client: self.client.clone(),
            text: text.into(),
            text_config: TextConfig::default(),
            reply_to: None,
            exclude_reply_user_ids: Vec::new(),
            quote_tweet_id: None,
            media_ids: Vec::new(),
            tagged_user_ids: Vec::new(),
            poll: None,
            reply_settings: None,
        }
    }

    /// Deletes one of the user's posts (`DELETE /2/tweets/:id`). Returns whether it was deleted.
    ///
    /// A delete sent again after a timeout, a broken connection or a 5xx (the first attempt may
    /// have deleted the post) that finds the post gone (X answers `deleted: false`, or not
    /// found) returns `true`: the post is gone, as asked. A first attempt that finds nothing
    /// returns what X said (`false`, or [`Error::NotFound`]).
    ///
    /// ```no_run
    /// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
    /// let deleted = x.tweets().delete(&social_core::PostId::new("1")).await?;
    /// # let _ = deleted; Ok(()) }
    /// ```
    pub async fn delete(&self, id: &PostId) -> Result<bool> {
        #[derive(serde::Deserialize)]
        struct Deleted {
            deleted: bool,
        }
        let spec = RequestSpec::delete("2/tweets")
            .segment(id.as_str())
            .endpoint("DELETE /2/tweets/:id")
            .gone_is_success();
        let resp = self.client.send_response(spec, Needs::User).await?;
        if resp.gone() {
            return Ok(true);
        }
        let body: XResponse<Deleted> = resp.json()?;
        match body.into_data() {
            // `deleted: false` after an attempt that may have deleted the post: it is gone.
            Ok(d) => Ok(d.deleted || resp.earlier_attempt_may_have_run()),
            // So is a post X no longer finds then.
            Err(Error::NotFound { .. }) if resp.earlier_attempt_may_have_run() => Ok(true),
            Err(e) => Err(e),
        }
    }

    /// Looks up one post (`GET /2/tweets/:id`).
    pub fn get(&self, id: &PostId) -> LookupBuilder<Tweet> {
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/tweets")
                .segment(id.as_str())
                .endpoint("GET /2/tweets/:id"),
            Needs::Any,
        )
    }

    /// Looks up 1 to 100 posts (`GET /2/tweets?ids=`). Missing ones come back as partial errors.
    pub fn get_many<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a PostId>,
    ) -> LookupBuilder<Vec<Tweet>> {
        let ids: Vec<&str> = ids.into_iter().map(PostId::as_str).collect();
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/tweets").endpoint("GET /2/tweets"),
            Needs::Any,
        )
        .with_ids("ids", ids.join(","))
    }

    /// Searches the last 7 days (`GET /2/tweets/search/recent`, page size 10–100).
    pub fn search_recent(&self, query: impl Into<String>) -> ListBuilder<Tweet> {
        let spec = RequestSpec::get("2/tweets/search/recent")
            .query("query", query.into())
            .endpoint("GET /2/tweets/search/recent");
        ListBuilder::new(self.client.clone(), spec, Needs::Any, (10, 100))
    }

    /// Users who liked a post (`GET /2/tweets/:id/liking_users`, page size 1–100; user
    /// context only).
    pub fn liking_users(&self, id: &PostId) -> ListBuilder<User> {
        let spec = RequestSpec::get("2/tweets")
            .segment(id.as_str())
            .path("liking_users")
            .endpoint("GET /2/tweets/:id/liking_users");
        // User context only: X answers an app-only token with 403 unsupported-authentication.
        ListBuilder::new(self.client.clone(), spec, Needs::User, (1, 100))
    }

    /// Users who reposted a post (`GET /2/tweets/:id/retweeted_by`, page size 1–100).
    pub fn retweeted_by(&self, id: &PostId) -> ListBuilder<User> {
        let spec = RequestSpec::get("2/tweets")
            .segment(id.as_str())
            .path("retweeted_by")
            .endpoint("GET /2/tweets/:id/retweeted_by");
        ListBuilder::new(self.client.clone(), spec, Needs::Any, (1, 100))
    }

    /// Publishes a thread: each part replies to the previous one. See [`CreateThreadBuilder`].
    pub fn thread<S: Into<String>>(
        &self,
        parts: impl IntoIterator<Item = S>,
    ) -> CreateThreadBuilder {
        CreateThreadBuilder {
            client: self.client.clone(),
            parts: parts.into_iter().map(Into::into).collect(),
            reply_to: None,
            text_config: TextConfig::default(),
        }
    }
}

/// A lookup of one object or a list of objects by id, with typed fields.
///
/// ```no_run
/// use social_core::PostId;
/// use social_twitter::models::{Expansion, TweetField, UserField};
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let resp = x
///     .tweets()
///     .get(&PostId::new("1228393702244134912"))
///     .tweet_fields([TweetField::CreatedAt, TweetField::PublicMetrics])
///     .expansions([Expansion::AuthorId])
///     .user_fields([UserField::Verified])
///     .send()
///     .await?;
/// let post = resp.data.expect("found");
/// let author = post.author_id.as_ref().and_then(|id| resp.includes.user(id));
/// # let _ = author; Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
#[derive(Debug, Clone)]
pub struct LookupBuilder<T> {
    client: TwitterClient,
    spec: RequestSpec,
    needs: Needs,
    /// The list parameter (`ids` or `usernames`) and how many values it holds.
    id_count: Option<(&'static str, usize)>,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T: serde::de::DeserializeOwned> LookupBuilder<T> {
    pub(crate) fn new(client: TwitterClient, spec: RequestSpec, needs: Needs) -> Self {
        LookupBuilder {
            client,
            spec,
            needs,
            id_count: None,
            _t: std::marker::PhantomData,
        }
    }

    pub(crate) fn with_ids(mut self, key: &'static str, joined: String) -> Self {
        // Counted after joining, so an "id" that itself holds commas cannot slip past the cap.
        self.id_count = Some((key, joined.split(',').filter(|s| !s.is_empty()).count()));
        self.spec = self.spec.query(key, joined);
        self
    }

    /// `tweet.fields`.
    pub fn tweet_fields(self, fields: impl IntoIterator<Item = TweetField>) -> Self {
        self.param("tweet.fields", join(fields))
    }

    /// `user.fields`.
    pub fn user_fields(self, fields: impl IntoIterator<Item = UserField>) -> Self {
        self.param("user.fields", join(fields))
    }

    /// `expansions`.
    pub fn expansions(self, expansions: impl IntoIterator<Item = Expansion>) -> Self {
        self.param("expansions", join(expansions))
    }

    /// Any other query parameter.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.spec = self.spec.query(key, value.into());
        self
    }

    /// Every rule the lookup breaks, found offline; empty when it can be sent.
    pub fn violations(&self) -> Vec<Violation> {
        match self.id_count {
            // Named after the parameter, as X's own 400 names it.
            Some((key, n)) if !(1..=100).contains(&n) => vec![Violation::new(
                key,
                ViolationKind::TooMany {
                    limit: 100,
                    actual: n as u64,
                },
                format!("a lookup takes 1 to 100 {key}, not {n}"),
            )],
            _ => Vec::new(),
        }
    }

    /// Sends the lookup. Partial errors (ids not found) are in `errors`, not a failure.
    pub async fn send(self) -> Result<XResponse<T>> {
        Error::check_violations(Network::X, self.violations())?;
        self.client.send(self.spec, self.needs).await
    }
}

// `media.fields` and `poll.fields` exist on post lookups only: X's user lookups refuse them
// (400, "not one of [...]"; checked against the OpenAPI spec by tests/openapi_contract.rs).
macro_rules! post_lookup_fields {
    ($($t:ty),*) => {$(
        impl LookupBuilder<$t> {
            /// `media.fields`.
            pub fn media_fields(self, fields: impl IntoIterator<Item = MediaField>) -> Self {
                self.param("media.fields", join(fields))
            }

            /// `poll.fields`.
            pub fn poll_fields(self, fields: impl IntoIterator<Item = PollField>) -> Self {
                self.param("poll.fields", join(fields))
            }
        }
    )*};
}
post_lookup_fields!(Tweet, Vec<Tweet>);

/// A poll attached to a new post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PollSpec {
    /// 2 to 4 options of 1 to 25 characters.
    pub options: Vec<String>,
    /// 5 to 10,080 minutes.
    pub duration_minutes: u32,
}

/// A new post being built (`POST /2/tweets`). Creates are never replayed blindly: a failure
/// after the request may have reached X is [`Error::Unconfirmed`].
///
/// ```no_run
/// use social_core::{MediaId, PostId};
/// use social_twitter::tweets::ReplySettings;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let created = x
///     .tweets()
///     .create("Thank you all for coming to the seminar!")
///     .in_reply_to(&PostId::new("1228393702244134912"))
///     .media([MediaId::new("1146654567674912769")])
///     .reply_settings(ReplySettings::Following)
///     .send()
///     .await?;
/// println!("{}", created.id);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
#[derive(Debug, Clone)]
pub struct CreateTweetBuilder {
    client: TwitterClient,
    text: String,
    text_config: TextConfig,
    reply_to: Option<PostId>,
    exclude_reply_user_ids: Vec<UserId>,
    quote_tweet_id: Option<PostId>,
    media_ids: Vec<MediaId>,
    tagged_user_ids: Vec<UserId>,
    poll: Option<PollSpec>,
    reply_settings: Option<ReplySettings>,
}

impl CreateTweetBuilder {
    /// Answers a post.
    pub fn in_reply_to(mut self, id: &PostId) -> Self {
        self.reply_to = Some(id.clone());
        self
    }

    /// Leaves these users out of the reply's mentions.
    pub fn exclude_reply_users(mut self, ids: impl IntoIterator<Item = UserId>) -> Self {
        self.exclude_reply_user_ids.extend(ids);
        self
    }

    /// Quotes a post.
    pub fn quote(mut self, id: &PostId) -> Self {
        self.quote_tweet_id = Some(id.clone());
        self
    }

    /// Attaches uploaded media (1 to 4; see [`crate::media`]).
    pub fn media(mut self, ids: impl IntoIterator<Item = MediaId>) -> Self {
        self.media_ids.extend(ids);
        self
    }

    /// Tags users in the attached media (up to 10).
    pub fn tag_users(mut self, ids: impl IntoIterator<Item = UserId>) -> Self {
        self.tagged_user_ids.extend(ids);
        self
    }

    /// Attaches a poll.
    pub fn poll<S: Into<String>>(
        mut self,
        options: impl IntoIterator<Item = S>,
        duration_minutes: u32,
    ) -> Self {
        self.poll = Some(PollSpec {
            options: options.into_iter().map(Into::into).collect(),
            duration_minutes,
        });
        self
    }

    /// Who may reply.
    pub fn reply_settings(mut self, settings: ReplySettings) -> Self {
        self.reply_settings = Some(settings);
        self
    }

    /// The length rules (default: 280 weighted characters; raise it for accounts entitled to
    /// long posts).
    pub fn text_config(mut self, config: TextConfig) -> Self {
        self.text_config = config;
        self
    }

    /// Every rule the post breaks, found offline; empty when it can be sent.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if self.media_ids.is_empty() || !self.text.is_empty() {
            v.extend(crate::text::violations(&self.text, &self.text_config));
        }
        if self.media_ids.len() > 4 {
            v.push(Violation::new(
                "media",
                ViolationKind::TooMany {
                    limit: 4,
                    actual: self.media_ids.len() as u64,
                },
                "a post carries at most 4 media",
            ));
        }
        if self.tagged_user_ids.len() > 10 {
            v.push(Violation::new(
                "tagged_user_ids",
                ViolationKind::TooMany {
                    limit: 10,
                    actual: self.tagged_user_ids.len() as u64,
                },
                "at most 10 users can be tagged",
            ));
        }
        if !self.tagged_user_ids.is_empty() && self.media_ids.is_empty() {
            v.push(Violation::new(
                "tagged_user_ids",
                ViolationKind::Unsupported,
                "users can only be tagged in attached media",
            ));
        }
        if let Some(poll) = &self.poll {
            if !(2..=4).contains(&poll.options.len()) {
                v.push(Violation::new(
                    "poll.options",
                    ViolationKind::OutOfRange,
                    format!("a poll has 2 to 4 options, not {}", poll.options.len()),
                ));
            }
            for (i, o) in poll.options.iter().enumerate() {
                let n = o.chars().count();
                if !(1..=25).contains(&n) {
                    v.push(Violation::new(
                        format!("poll.options[{i}]"),
                        ViolationKind::OutOfRange,
                        format!("a poll option has 1 to 25 characters, not {n}"),
                    ));
                }
            }
            if !(5..=10_080).contains(&poll.duration_minutes) {
                v.push(Violation::new(
                    "poll.duration_minutes",
                    ViolationKind::OutOfRange,
                    format!(
                        "a poll lasts 5 to 10,080 minutes, not {}",
                        poll.duration_minutes
                    ),
                ));
            }
        }
        let exclusive = [
            ("media", !self.media_ids.is_empty()),
            ("poll", self.poll.is_some()),
            ("quote_tweet_id", self.quote_tweet_id.is_some()),
        ];
        let present: Vec<&str> = exclusive
            .iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        if present.len() > 1 {
            v.push(Violation::new(
                present[1],
                ViolationKind::Unsupported,
                format!("{} cannot be combined in one post", present.join(" and ")),
            ));
        }
        v
    }

    /// The JSON body sent to `POST /2/tweets`.
    pub fn body(&self) -> serde_json::Value {
        let mut body = json!({ "text": self.text });
        if let Some(id) = &self.reply_to {
            body["reply"] = json!({ "in_reply_to_tweet_id": id });
            if !self.exclude_reply_user_ids.is_empty() {
                body["reply"]["exclude_reply_user_ids"] = json!(self.exclude_reply_user_ids);
            }
        }
        if let Some(id) = &self.quote_tweet_id {
            body["quote_tweet_id"] = json!(id);
        }
        if !self.media_ids.is_empty() {
            body["media"] = json!({ "media_ids": self.media_ids });
            if !self.tagged_user_ids.is_empty() {
                body["media"]["tagged_user_ids"] = json!(self.tagged_user_ids);
            }
        }
        if let Some(poll) = &self.poll {
            body["poll"] = json!(poll);
        }
        if let Some(rs) = self.reply_settings {
            body["reply_settings"] = json!(rs);
        }
        body
    }

    /// Validates, then publishes.
    ///
    /// A failure after the request may have reached X is [`Error::Unconfirmed`], and so is a
    /// 2xx answer without the new post (no `data`): X may have published it. The error's
    /// [`created`](Error::created) lists the attached media, to reuse when sending again after
    /// reconciling (see [`social_core::reconcile`]).
    pub async fn send(self) -> Result<CreatedTweet> {
        Error::check_violations(Network::X, self.violations())?;
        self.send_validated().await
    }

    /// Publishes without validating again, for callers that validated the whole draft already
    /// (a thread, [`Publisher::publish`](social_core::Publisher::publish)).
    pub(crate) async fn send_validated(self) -> Result<CreatedTweet> {
        /// The answer of a create: without `data` it cannot be read, so the transport reports
        /// it as `Unconfirmed` (a create answered 2xx did happen), never as a failure to resend.
        #[derive(Deserialize)]
        struct Answer {
            data: CreatedTweet,
        }
        let spec = RequestSpec::post("2/tweets")
            .json(&self.body())
            .endpoint("POST /2/tweets");
        let answer: Result<Answer> = self.client.send(spec, Needs::User).await;
        answer.map(|a| a.data).map_err(|e| {
            e.with_created(self.media_ids.iter().map(|id| Created::media(id.as_str())))
        })
    }
}

/// A thread being built: each part is published as a reply to the previous one.
///
/// Every part is validated before the first is sent. Publishing stops at the first failure and
/// the [`ThreadOutcome`] says what was published and what was not; a published part is never
/// sent again, and a part whose outcome is unknown ([`Error::Unconfirmed`], whose
/// [`created`](Error::created) lists the parts already published) is reported as such: it may
/// be on X, so reconcile it before sending it, or the parts after it, again.
///
/// ```no_run
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let outcome = x
///     .tweets()
///     .thread(["1/3 Three things we learnt from the new tax law.", "2/3 …", "3/3 …"])
///     .send()
///     .await?;
/// if let Some(failure) = &outcome.failed {
///     eprintln!("part {} failed: {}; not sent: {}", failure.index, failure.error, outcome.unsent.len());
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
#[derive(Debug, Clone)]
pub struct CreateThreadBuilder {
    client: TwitterClient,
    parts: Vec<String>,
    reply_to: Option<PostId>,
    text_config: TextConfig,
}

/// What a thread's publication did. `send` returns it even when a part failed: check
/// [`is_complete`](ThreadOutcome::is_complete) or [`failed`](ThreadOutcome::failed).
#[derive(Debug)]
#[non_exhaustive]
#[must_use = "a thread may have failed part-way: check `failed` and `unsent`"]
pub struct ThreadOutcome {
    /// The parts published, in order.
    pub published: Vec<CreatedTweet>,
    /// The part that failed, if any. When its error is [`Error::Unconfirmed`] it may have been
    /// published: look before sending it again (see [`ThreadFailure::outcome_unknown`]).
    pub failed: Option<ThreadFailure>,
    /// The parts not sent after the failure, in order. After a part whose outcome is unknown
    /// they answer a post that may not exist: reconcile that part first.
    pub unsent: Vec<String>,
}

/// The part of a thread that failed.
#[derive(Debug)]
#[non_exhaustive]
pub struct ThreadFailure {
    /// Its position in the thread (0-based).
    pub index: usize,
    /// Its text.
    pub text: String,
    /// Why it failed.
    pub error: Error,
}

impl ThreadOutcome {
    /// Whether every part was published.
    pub fn is_complete(&self) -> bool {
        self.failed.is_none() && self.unsent.is_empty()
    }
}

impl ThreadFailure {
    /// Whether the part may have been published after all ([`Error::Unconfirmed`]): it must
    /// not be sent again before reconciling it, unlike a part X refused.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self.error, Error::Unconfirmed { .. })
    }
}

impl CreateThreadBuilder {
    /// Starts the thread as a reply to an existing post (to continue an earlier thread).
    pub fn in_reply_to(mut self, id: &PostId) -> Self {
        self.reply_to = Some(id.clone());
        self
    }

    /// The length rules for every part.
    pub fn text_config(mut self, config: TextConfig) -> Self {
        self.text_config = config;
        self
    }

    /// Every rule any part breaks (fields named `parts[i].…`).
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if self.parts.is_empty() {
            v.push(Violation::new(
                "parts",
                ViolationKind::Empty,
                "a thread needs at least one part",
            ));
        }
        for (i, part) in self.parts.iter().enumerate() {
            for mut violation in crate::text::violations(part, &self.text_config) {
                violation.field = format!("parts[{i}].{}", violation.field).into();
                v.push(violation);
            }
        }
        v
    }

    /// Validates every part, then publishes them in order. Fails before sending anything when a
    /// part is invalid; after that, failures are reported in the outcome.
    pub async fn send(self) -> Result<ThreadOutcome> {
        Error::check_violations(Network::X, self.violations())?;
        let tweets = self.client.tweets();
        let mut previous = self.reply_to.clone();
        let mut published = Vec::new();
        let mut parts = self.parts.into_iter().enumerate();
        while let Some((i, text)) = parts.next() {
            let mut create = tweets.create(text.clone()).text_config(self.text_config);
            if let Some(id) = &previous {
                create = create.in_reply_to(id);
            }
            // Every part was validated above.
            match create.send_validated().await {
                Ok(created) => {
                    previous = Some(created.id.clone());
                    published.push(created);
                }
                Err(e) => {
                    // An unknown outcome keeps the parts already published, to reconcile from.
                    let error =
                        e.with_created(published.iter().map(|p| Created::post(p.id.as_str())));
                    return Ok(ThreadOutcome {
                        published,
                        failed: Some(ThreadFailure {
                            index: i,
                            text,
                            error,
                        }),
                        unsent: parts.map(|(_, t)| t).collect(),
                    });
                }
            }
        }
        Ok(ThreadOutcome {
            published,
            failed: None,
            unsent: Vec::new(),
        })
    }
}
