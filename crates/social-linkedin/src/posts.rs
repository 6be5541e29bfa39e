//! The Posts API (`/rest/posts`): create as a member or an organization (text, article, poll,
//! an uploaded image, video or document, a reshare), read one, change its commentary, delete it,
//! and list an author's posts
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>).
//!
//! The commentary is always little text produced by [`crate::text`]: [`CreatePostBuilder::text`]
//! escapes plain text, [`CreatePostBuilder::commentary`] takes a [`Commentary`] built from
//! pieces, and only [`CreatePostBuilder::little_text`] takes text already in little text, which
//! is then checked for unescaped reserved characters (LinkedIn would silently cut the post
//! there). Every create is checked offline first, with every violation at once.
//!
//! Permissions: `w_member_social` to post as the member; `w_organization_social` to post as a
//! page (the member needs the page role ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER or
//! CONTENT_ADMIN). Reading posts back needs `r_member_social` (restricted to approved apps) or
//! `r_organization_social`: without it LinkedIn answers 403, an [`Error::Auth`] naming the
//! resource.

use serde_json::{Value, json};
use social_core::http::{Idempotency, RequestSpec};
use social_core::reconcile::Created;
use social_core::{Error, Listing, Network, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::list::ListBuilder;
use crate::models::{Author, FeedDistribution, LifecycleState, PollDuration, Post, Visibility};
use crate::restli;
use crate::text::Commentary;
use crate::urn::{DocumentUrn, ImageUrn, PostUrn, Urn, VideoUrn};

/// The most elements of a page of posts.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The fewest answers of a poll.
pub const MIN_POLL_OPTIONS: usize = 2;
/// The most answers of a poll (the Poll API: "a minimum of 2 poll options and a maximum of 4").
pub const MAX_POLL_OPTIONS: usize = 4;

/// The fewest images of a multi-image post (the MultiImage API: "a minimum of 2 and a maximum
/// of 20 images",
/// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api>).
pub const MIN_MULTI_IMAGES: usize = 2;
/// The most images of a multi-image post.
pub const MAX_MULTI_IMAGES: usize = 20;

/// The response header naming a created entity.
pub const RESTLI_ID_HEADER: &str = "x-restli-id";

/// Posts. Get it with [`LinkedInClient::posts`].
#[derive(Debug, Clone)]
pub struct Posts {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// The Posts API: create, read, change, delete and list posts.
    pub fn posts(&self) -> Posts {
        Posts {
            client: self.clone(),
        }
    }
}

/// The content of a new post besides its commentary.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PostContent {
    /// A link with its preview.
    Article(ArticleContent),
    /// A poll.
    Poll(PollContent),
    /// An uploaded image, video or document.
    Media(MediaContent),
    /// Several uploaded images (`multiImage`).
    MultiImage(MultiImageContent),
}

/// An article: a link and the preview the author gives (LinkedIn's versioned API does not fetch
/// link previews; upload a thumbnail with the Images API and pass its URN).
///
/// ```
/// use social_linkedin::posts::ArticleContent;
/// use social_linkedin::urn::ImageUrn;
///
/// let article = ArticleContent::new("https://example.com/tax-2027", "The 2027 tax reform")
///     .description("What changes for self-employed professionals")
///     .thumbnail(ImageUrn::new("C4E10AQFoyyAjHPMQuQ")?);
/// # let _ = article;
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ArticleContent {
    source: String,
    title: String,
    description: Option<String>,
    thumbnail: Option<ImageUrn>,
    thumbnail_alt_text: Option<String>,
}

impl ArticleContent {
    /// A link (`https://…`) and its title.
    pub fn new(source: impl Into<String>, title: impl Into<String>) -> Self {
        ArticleContent {
            source: source.into(),
            title: title.into(),
            description: None,
            thumbnail: None,
            thumbnail_alt_text: None,
        }
    }

    /// The description under the title.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// The thumbnail: an image uploaded first with the Images API
    /// ([`Media::image`](crate::media::Media::image)); LinkedIn does not scrape the page for one.
    pub fn thumbnail(mut self, image: ImageUrn) -> Self {
        self.thumbnail = Some(image);
        self
    }

    /// The thumbnail's alternative text.
    pub fn thumbnail_alt_text(mut self, alt: impl Into<String>) -> Self {
        self.thumbnail_alt_text = Some(alt.into());
        self
    }

    fn violations(&self, out: &mut Vec<Violation>) {
        let ok_url = url::Url::parse(&self.source)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok_url {
            out.push(Violation::new(
                "content.article.source",
                ViolationKind::Malformed,
                format!(
                    "{:?} is not an http(s) address",
                    self.source.chars().take(64).collect::<String>()
                ),
            ));
        }
        if self.title.trim().is_empty() {
            out.push(Violation::new(
                "content.article.title",
                ViolationKind::Empty,
                "an article needs a title: LinkedIn does not fetch it from the page",
            ));
        }
    }

    fn to_json(&self) -> Value {
        let mut a = json!({"source": self.source, "title": self.title});
        if let Some(d) = &self.description {
            a["description"] = json!(d);
        }
        if let Some(t) = &self.thumbnail {
            a["thumbnail"] = t.to_value();
        }
        if let Some(alt) = &self.thumbnail_alt_text {
            a["thumbnailAltText"] = json!(alt);
        }
        json!({ "article": a })
    }
}

/// A poll: a question and 2 to 4 answers, open for a while (default three days).
///
/// ```
/// use social_linkedin::models::PollDuration;
/// use social_linkedin::posts::PollContent;
///
/// let poll = PollContent::new("Which topic for our next webinar?")
///     .option("Tax")
///     .option("Estate planning")
///     .duration(PollDuration::SevenDays);
/// # let _ = poll;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct PollContent {
    question: String,
    options: Vec<String>,
    duration: PollDuration,
}

impl PollContent {
    /// A poll asking `question`.
    pub fn new(question: impl Into<String>) -> Self {
        PollContent {
            question: question.into(),
            options: Vec::new(),
            duration: PollDuration::ThreeDays,
        }
    }

    /// Adds an answer.
    pub fn option(mut self, text: impl Into<String>) -> Self {
        self.options.push(text.into());
        self
    }

    /// How long it takes votes.
    pub fn duration(mut self, duration: PollDuration) -> Self {
        self.duration = duration;
        self
    }

    fn violations(&self, out: &mut Vec<Violation>) {
        if self.question.trim().is_empty() {
            out.push(Violation::new(
                "content.poll.question",
                ViolationKind::Empty,
                "a poll needs a question",
            ));
        }
        let n = self.options.len();
        if n < MIN_POLL_OPTIONS {
            out.push(Violation::new(
                "content.poll.options",
                ViolationKind::Empty,
                format!("a poll needs at least {MIN_POLL_OPTIONS} answers, it has {n}"),
            ));
        }
        if n > MAX_POLL_OPTIONS {
            out.push(Violation::new(
                "content.poll.options",
                ViolationKind::TooMany {
                    limit: MAX_POLL_OPTIONS as u64,
                    actual: n as u64,
                },
                format!("a poll takes at most {MAX_POLL_OPTIONS} answers"),
            ));
        }
        for (i, o) in self.options.iter().enumerate() {
            if o.trim().is_empty() {
                out.push(Violation::new(
                    format!("content.poll.options[{i}]"),
                    ViolationKind::Empty,
                    "an answer is empty",
                ));
            }
        }
        if let PollDuration::Unknown(d) = &self.duration {
            out.push(Violation::new(
                "content.poll.settings.duration",
                ViolationKind::Unsupported,
                format!("{d:?} is not a poll duration LinkedIn documents"),
            ));
        }
    }

    fn to_json(&self) -> Value {
        json!({"poll": {
            "question": self.question,
            "options": self.options.iter().map(|o| json!({"text": o})).collect::<Vec<_>>(),
            "settings": {"duration": self.duration},
        }})
    }
}

/// An uploaded image, video or document, by its URN.
///
/// ```
/// use social_linkedin::posts::MediaContent;
/// use social_linkedin::urn::ImageUrn;
///
/// let photo = MediaContent::image(ImageUrn::new("C4E10AQFoyyAjHPMQuQ")?).alt_text("The team at the bar conference");
/// # let _ = photo;
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct MediaContent {
    id: String,
    title: Option<String>,
    alt_text: Option<String>,
}

impl MediaContent {
    /// An image.
    pub fn image(urn: ImageUrn) -> Self {
        Self::of(urn.to_string())
    }

    /// A video.
    pub fn video(urn: VideoUrn) -> Self {
        Self::of(urn.to_string())
    }

    /// A document (PDF, slides).
    pub fn document(urn: DocumentUrn) -> Self {
        Self::of(urn.to_string())
    }

    /// The media a URN names (`urn:li:image:…`, `urn:li:video:…` or `urn:li:document:…`);
    /// anything else is refused.
    pub fn from_urn(urn: &str) -> std::result::Result<Self, crate::urn::UrnError> {
        if let Ok(i) = urn.parse::<ImageUrn>() {
            return Ok(Self::image(i));
        }
        if let Ok(v) = urn.parse::<VideoUrn>() {
            return Ok(Self::video(v));
        }
        urn.parse::<DocumentUrn>().map(Self::document)
    }

    fn of(id: String) -> Self {
        MediaContent {
            id,
            title: None,
            alt_text: None,
        }
    }

    /// The title shown with a video or a document.
    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }

    /// The alternative text of an image.
    pub fn alt_text(mut self, alt: impl Into<String>) -> Self {
        self.alt_text = Some(alt.into());
        self
    }

    fn to_json(&self) -> Value {
        let mut m = json!({"id": self.id});
        if let Some(t) = &self.title {
            m["title"] = json!(t);
        }
        if let Some(a) = &self.alt_text {
            m["altText"] = json!(a);
        }
        json!({ "media": m })
    }
}

/// Several uploaded images (`content.multiImage`): 2 to 20, each with an optional alternative
/// text, shown in the order given.
///
/// ```
/// use social_linkedin::posts::MultiImageContent;
/// use social_linkedin::urn::ImageUrn;
///
/// let album = MultiImageContent::new()
///     .image(ImageUrn::new("C4E10AQFoyyAjHPMQuQ")?)
///     .image_with_alt(ImageUrn::new("C4E10AQFoyyAjHPMQuR")?, "The signing");
/// # let _ = album;
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct MultiImageContent {
    images: Vec<(ImageUrn, Option<String>)>,
}

impl MultiImageContent {
    /// No images yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an image.
    pub fn image(mut self, urn: ImageUrn) -> Self {
        self.images.push((urn, None));
        self
    }

    /// Adds an image with its alternative text.
    pub fn image_with_alt(mut self, urn: ImageUrn, alt: impl Into<String>) -> Self {
        self.images.push((urn, Some(alt.into())));
        self
    }

    /// How many images it holds.
    pub fn len(&self) -> usize {
        self.images.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    fn violations(&self, out: &mut Vec<Violation>) {
        let n = self.images.len();
        if n < MIN_MULTI_IMAGES {
            out.push(Violation::new(
                "content.multiImage.images",
                ViolationKind::Empty,
                format!(
                    "a multi-image post needs at least {MIN_MULTI_IMAGES} images, it has {n} (post one image as media)"
                ),
            ));
        }
        if n > MAX_MULTI_IMAGES {
            out.push(Violation::new(
                "content.multiImage.images",
                ViolationKind::TooMany {
                    limit: MAX_MULTI_IMAGES as u64,
                    actual: n as u64,
                },
                format!("a multi-image post takes at most {MAX_MULTI_IMAGES} images"),
            ));
        }
    }

    fn to_json(&self) -> Value {
        let images: Vec<Value> = self
            .images
            .iter()
            .map(|(urn, alt)| {
                let mut i = json!({"id": urn.to_string()});
                if let Some(alt) = alt {
                    i["altText"] = json!(alt);
                }
                i
            })
            .collect();
        json!({"multiImage": {"images": images}})
    }
}

/// A new post. Get one from [`Posts::create`] or [`Posts::reshare`]; checked offline by
/// [`violations`](Self::violations) and again by [`send`](Self::send).
///
/// ```no_run
/// use social_linkedin::posts::{ArticleContent, PollContent};
/// use social_linkedin::text::Commentary;
/// use social_linkedin::urn::{OrganizationUrn, PersonUrn};
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let me = PersonUrn::new("-f_Ut43FoQ")?;
/// // Plain text is escaped: the parentheses and the `#` are published as written.
/// li.posts().create(me.clone()).text("Closed on Friday (bank holiday) #1").send().await?;
///
/// // As the firm's page, with a mention and a hashtag, and an article.
/// let firm = OrganizationUrn::new("2414183")?;
/// let commentary = Commentary::builder()
///     .text("Our partner ")
///     .mention("Jane Doe", &me)
///     .text(" explains the reform ")
///     .hashtag("tax")
///     .build();
/// li.posts()
///     .create(firm)
///     .commentary(commentary)
///     .article(ArticleContent::new("https://example.com/tax-2027", "The 2027 tax reform"))
///     .send()
///     .await?;
///
/// // A poll.
/// li.posts()
///     .create(me)
///     .text("Help us choose:")
///     .poll(PollContent::new("Next webinar?").option("Tax").option("Estate planning"))
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a post is published by `.send().await`"]
pub struct CreatePostBuilder {
    client: LinkedInClient,
    author: Author,
    commentary: Option<Commentary>,
    visibility: Visibility,
    lifecycle: LifecycleState,
    feed: FeedDistribution,
    reshare_disabled: bool,
    content: Option<PostContent>,
    reshare_of: Option<PostUrn>,
}

impl CreatePostBuilder {
    /// The commentary, from plain text: every reserved character is escaped, so LinkedIn shows
    /// exactly this text.
    pub fn text(mut self, text: &str) -> Self {
        self.commentary = Some(Commentary::plain(text));
        self
    }

    /// The commentary, built from text, mentions and hashtags with
    /// [`Commentary::builder`](crate::text::Commentary::builder).
    pub fn commentary(mut self, commentary: Commentary) -> Self {
        self.commentary = Some(commentary);
        self
    }

    /// The commentary, as text already written in little text (mentions and hashtags in
    /// LinkedIn's syntax, reserved characters escaped by you): it is sent as written, and
    /// [`violations`](Self::violations) reports every reserved character left unescaped.
    pub fn little_text(mut self, little: impl Into<String>) -> Self {
        self.commentary = Some(Commentary::raw(little));
        self
    }

    /// Who may see it (default [`Visibility::Public`]).
    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }

    /// Saves the post as a draft (`lifecycleState: DRAFT`) instead of publishing it.
    pub fn draft(mut self) -> Self {
        self.lifecycle = LifecycleState::Draft;
        self
    }

    /// The lifecycle state sent (default [`LifecycleState::Published`]).
    pub fn lifecycle_state(mut self, state: LifecycleState) -> Self {
        self.lifecycle = state;
        self
    }

    /// Keeps the post out of the feed (`feedDistribution: NONE`, for sponsored content).
    pub fn feed_distribution(mut self, feed: FeedDistribution) -> Self {
        self.feed = feed;
        self
    }

    /// Forbids others to reshare it.
    pub fn disable_reshare(mut self, disabled: bool) -> Self {
        self.reshare_disabled = disabled;
        self
    }

    /// Attaches an article (a link with its preview).
    pub fn article(mut self, article: ArticleContent) -> Self {
        self.content = Some(PostContent::Article(article));
        self
    }

    /// Attaches a poll.
    pub fn poll(mut self, poll: PollContent) -> Self {
        self.content = Some(PostContent::Poll(poll));
        self
    }

    /// Attaches an uploaded image, video or document.
    pub fn media(mut self, media: MediaContent) -> Self {
        self.content = Some(PostContent::Media(media));
        self
    }

    /// Attaches several uploaded images (2 to 20).
    ///
    /// ```no_run
    /// use social_linkedin::posts::MultiImageContent;
    /// use social_linkedin::urn::PersonUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let mut album = MultiImageContent::new();
    /// for file in ["stage.jpg", "panel.jpg"] {
    ///     let jpg = std::fs::read(file).expect("the photo");
    ///     let image = li.media().image(me.clone(), jpg, "image/jpeg").send().await?;
    ///     album = album.image(image.image_urn().expect("an image upload gives an image"));
    /// }
    /// li.posts().create(me).text("Two days at the bar conference").images(album).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn images(mut self, images: MultiImageContent) -> Self {
        self.content = Some(PostContent::MultiImage(images));
        self
    }

    /// Every rule the post breaks, found offline: the commentary (3,000 characters, unescaped
    /// reserved characters of raw little text, mentions and hashtags), an empty post, an
    /// author that is neither a member nor a page, the content, a reshare with content.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if let Author::Other(urn) = &self.author {
            v.push(Violation::new(
                "author",
                ViolationKind::Malformed,
                format!(
                    "{:?} is neither a member (urn:li:person:…) nor a page (urn:li:organization:…)",
                    urn.chars().take(64).collect::<String>()
                ),
            ));
        }
        if let Some(c) = &self.commentary {
            v.extend(c.check());
        }
        let empty_text = self
            .commentary
            .as_ref()
            .is_none_or(|c| c.as_str().trim().is_empty());
        if empty_text && self.content.is_none() && self.reshare_of.is_none() {
            v.push(Violation::new(
                "commentary",
                ViolationKind::Empty,
                "a post needs a commentary, content or a post to reshare",
            ));
        }
        match &self.content {
            Some(PostContent::Article(a)) => a.violations(&mut v),
            Some(PostContent::Poll(p)) => p.violations(&mut v),
            Some(PostContent::MultiImage(m)) => m.violations(&mut v),
            Some(PostContent::Media(_)) | None => {}
        }
        if self.reshare_of.is_some() && self.content.is_some() {
            v.push(Violation::new(
                "content",
                ViolationKind::Unsupported,
                "a reshare carries only a commentary, no content of its own",
            ));
        }
        v
    }

    /// The request body sent.
    pub fn body(&self) -> Value {
        let mut body = json!({
            "author": self.author.to_string(),
            "commentary": self.commentary.as_ref().map(Commentary::as_str).unwrap_or_default(),
            "visibility": self.visibility,
            "distribution": {
                "feedDistribution": self.feed,
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": self.lifecycle,
            "isReshareDisabledByAuthor": self.reshare_disabled,
        });
        match &self.content {
            Some(PostContent::Article(a)) => body["content"] = a.to_json(),
            Some(PostContent::Poll(p)) => body["content"] = p.to_json(),
            Some(PostContent::Media(m)) => body["content"] = m.to_json(),
            Some(PostContent::MultiImage(m)) => body["content"] = m.to_json(),
            None => {}
        }
        if let Some(parent) = &self.reshare_of {
            body["reshareContext"] = json!({"parent": parent.to_string()});
        }
        body
    }

    /// Checks, then publishes (`POST /rest/posts`). LinkedIn answers `201` with an empty body and
    /// the new post's URN in `x-restli-id`. A `201` without it (or with one that is not a post
    /// URN) is [`Error::Unconfirmed`]: the post may exist. A failure after the request may have
    /// reached LinkedIn is `Unconfirmed` too, never sent again blindly; a `422 DUPLICATE_POST`
    /// is [`Error::Duplicate`] naming the existing post.
    ///
    /// An [`Error::Unconfirmed`] lists the uploaded assets the post carries in
    /// [`created`](Error::created) (`CreatedKind::Media`), so a post sent again after
    /// reconciling reuses them instead of uploading again.
    pub async fn send(self) -> Result<PostUrn> {
        let assets = self.assets();
        self.publish()
            .await
            .map_err(|e| e.with_created(assets.into_iter().map(Created::media)))
    }

    /// The URNs of the uploaded assets the content carries (media, images, an article's
    /// thumbnail).
    fn assets(&self) -> Vec<String> {
        match &self.content {
            Some(PostContent::Media(m)) => vec![m.id.clone()],
            Some(PostContent::MultiImage(m)) => {
                m.images.iter().map(|(urn, _)| urn.to_string()).collect()
            }
            Some(PostContent::Article(a)) => a.thumbnail.iter().map(ToString::to_string).collect(),
            Some(PostContent::Poll(_)) | None => Vec::new(),
        }
    }

    async fn publish(self) -> Result<PostUrn> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let spec = RequestSpec::post("posts")
            .endpoint("POST /posts")
            .json(&self.body())
            .with_idempotency(Idempotency::Unsafe);
        let endpoint = spec.endpoint_name();
        let resp = self.client.send_rest(RestliMethod::Create, spec).await?;
        let unconfirmed = |why: String| {
            Error::unconfirmed(
                Network::LinkedIn,
                endpoint.clone(),
                resp.correlation_id(),
                Error::Protocol {
                    network: Network::LinkedIn,
                    message: why,
                },
            )
        };
        let Some(raw) = resp.header(RESTLI_ID_HEADER) else {
            return Err(unconfirmed(format!(
                "LinkedIn answered HTTP {} without the `x-restli-id` header naming the post; the post may exist",
                resp.status().as_u16()
            )));
        };
        restli::reduced_decode(raw).parse::<PostUrn>().map_err(|e| {
            unconfirmed(format!(
                "LinkedIn answered HTTP {} with an `x-restli-id` that is not a post URN ({e}); the post may exist",
                resp.status().as_u16()
            ))
        })
    }
}

/// Reads one post. Get one from [`Posts::get`].
///
/// ```no_run
/// use social_linkedin::urn::PostUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// // A draft is visible to its author only.
/// let draft: PostUrn = "urn:li:share:6844785523593134080".parse()?;
/// let post = li.posts().get(&draft).as_author().send().await?;
/// println!("{:?}: {:?}", post.lifecycle_state, post.commentary);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct GetPostBuilder {
    client: LinkedInClient,
    post: PostUrn,
    author_view: bool,
}

impl GetPostBuilder {
    /// Reads it as its author (`viewContext=AUTHOR`): drafts included.
    pub fn as_author(mut self) -> Self {
        self.author_view = true;
        self
    }

    /// Sends `GET /rest/posts/{encoded URN}`.
    pub async fn send(self) -> Result<Post> {
        let mut spec = RequestSpec::get("posts")
            .encoded_segment(self.post.path_key())
            .endpoint("GET /posts/:id");
        if self.author_view {
            spec = spec.query("viewContext", "AUTHOR");
        }
        self.client.send_rest(RestliMethod::Get, spec).await?.json()
    }
}

/// Changes the commentary of a post. Get one from [`Posts::update`].
///
/// ```no_run
/// use social_linkedin::urn::PostUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
/// li.posts().update(&post).text("Corrected: the office opens at 9:00 (not 8:00).").send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct UpdatePostBuilder {
    client: LinkedInClient,
    post: PostUrn,
    commentary: Option<Commentary>,
}

impl UpdatePostBuilder {
    /// The new commentary, from plain text (escaped).
    pub fn text(mut self, text: &str) -> Self {
        self.commentary = Some(Commentary::plain(text));
        self
    }

    /// The new commentary, built with [`Commentary::builder`](crate::text::Commentary::builder).
    pub fn commentary(mut self, commentary: Commentary) -> Self {
        self.commentary = Some(commentary);
        self
    }

    /// The new commentary, already in little text (checked like
    /// [`CreatePostBuilder::little_text`]).
    pub fn little_text(mut self, little: impl Into<String>) -> Self {
        self.commentary = Some(Commentary::raw(little));
        self
    }

    /// Every rule the change breaks, found offline.
    pub fn violations(&self) -> Vec<Violation> {
        match &self.commentary {
            Some(c) => c.check(),
            None => vec![Violation::new(
                "commentary",
                ViolationKind::Empty,
                "nothing to change: set the new commentary",
            )],
        }
    }

    /// Sends `POST /rest/posts/{encoded URN}` with `X-RestLi-Method: PARTIAL_UPDATE` and
    /// `{"patch":{"$set":{"commentary":…}}}`. Setting the same text twice changes nothing, so
    /// it is retried like a read.
    pub async fn send(self) -> Result<()> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let commentary = self
            .commentary
            .as_ref()
            .map(Commentary::as_str)
            .unwrap_or_default();
        let spec = RequestSpec::post("posts")
            .encoded_segment(self.post.path_key())
            .endpoint("POST /posts/:id")
            .json(&json!({"patch": {"$set": {"commentary": commentary}}}))
            .with_idempotency(Idempotency::Idempotent);
        self.client
            .send_rest(RestliMethod::PartialUpdate, spec)
            .await
            .map(drop)
    }
}

social_core::wire_enum! {
    /// How an author's posts are ordered (`sortBy`).
    pub enum PostSort {
        /// Most recently changed first (LinkedIn's default).
        LastModified = "LAST_MODIFIED",
        /// Most recently created first.
        Created = "CREATED",
    }
}

impl ListBuilder<Post> {
    /// The order (`sortBy`).
    pub fn sort_by(self, sort: PostSort) -> Self {
        self.param("sortBy", sort.as_str())
    }
}

impl Posts {
    /// A new post by `author`: the member (`w_member_social`) or a page they administer
    /// (`w_organization_social`). Public, published and in the feed unless told otherwise.
    pub fn create(&self, author: impl Into<Author>) -> CreatePostBuilder {
        CreatePostBuilder {
            client: self.client.clone(),
            author: author.into(),
            commentary: None,
            visibility: Visibility::Public,
            lifecycle: LifecycleState::Published,
            feed: FeedDistribution::MainFeed,
            reshare_disabled: false,
            content: None,
            reshare_of: None,
        }
    }

    /// A reshare of `parent` by `author`, with an optional commentary
    /// (`reshareContext.parent`).
    ///
    /// ```no_run
    /// use social_linkedin::urn::{PersonUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let news: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// li.posts().reshare(me, &news).text("Worth reading for every founder.").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn reshare(&self, author: impl Into<Author>, parent: &PostUrn) -> CreatePostBuilder {
        CreatePostBuilder {
            reshare_of: Some(parent.clone()),
            ..self.create(author)
        }
    }

    /// One post (`GET /rest/posts/{URN}`).
    ///
    /// ```no_run
    /// use social_linkedin::urn::PostUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let post = li.posts().get(&"urn:li:share:6844785523593134080".parse::<PostUrn>()?).send().await?;
    /// println!("{:?}", post.commentary);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, post: &PostUrn) -> GetPostBuilder {
        GetPostBuilder {
            client: self.client.clone(),
            post: post.clone(),
            author_view: false,
        }
    }

    /// Changes a post's commentary (a partial update).
    pub fn update(&self, post: &PostUrn) -> UpdatePostBuilder {
        UpdatePostBuilder {
            client: self.client.clone(),
            post: post.clone(),
            commentary: None,
        }
    }

    /// Deletes a post (`DELETE /rest/posts/{URN}`, answered 204). A delete sent again after a
    /// timeout or a 5xx (the first attempt may have deleted it) that LinkedIn answers "not
    /// found" succeeds: the post is gone, as asked.
    ///
    /// ```no_run
    /// use social_linkedin::urn::PostUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// li.posts().delete(&"urn:li:share:6844785523593134080".parse::<PostUrn>()?).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, post: &PostUrn) -> Result<()> {
        let spec = RequestSpec::delete("posts")
            .encoded_segment(post.path_key())
            .endpoint("DELETE /posts/:id")
            .gone_is_success();
        self.client
            .send_rest(RestliMethod::Delete, spec)
            .await
            .map(drop)
    }

    /// The posts of `author`, most recently changed first (`q=author`; a member's own posts need
    /// `r_member_social`, restricted to approved apps; a page's need `r_organization_social`).
    /// The walk stops at the first short page, whatever `total` says.
    ///
    /// ```no_run
    /// use social_linkedin::Listing;
    /// use social_linkedin::posts::PostSort;
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let firm = OrganizationUrn::new("2414183")?;
    /// let latest = li.posts().by_author(firm).sort_by(PostSort::Created).page_size(20).send().await?;
    /// for post in latest.items {
    ///     println!("{:?}: {:?}", post.id, post.commentary);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn by_author(&self, author: impl Into<Author>) -> ListBuilder<Post> {
        let author: Author = author.into();
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("posts").endpoint("GET /posts"),
            MAX_PAGE_SIZE,
        )
        .param("q", "author")
        .param("author", author.to_string())
    }
}
