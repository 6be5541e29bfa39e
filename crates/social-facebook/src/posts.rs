//! Page posts: publish text and links (now or scheduled), photos (by URL or upload), multi-photo
//! posts; edit, delete; read the feed, published, scheduled and visitor posts, and one post.
//!
//! Every create is checked offline first (all violations at once, nothing sent): a post needs a
//! message, a link or photos (at most [`MAX_ATTACHED_PHOTOS`]); a schedule must be at least 10
//! minutes ahead (Graph's documented minimum, checked with a one-minute [`SCHEDULE_MARGIN`]; the
//! upper bound is left to Graph) and cannot go with `published(true)`; a message is at most
//! 63,206 characters. Graph's documentation: <https://developers.facebook.com/docs/pages-api/posts>,
//! <https://developers.facebook.com/docs/graph-api/reference/page/feed/> and
//! <https://developers.facebook.com/docs/graph-api/reference/page/photos/>.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use social_core::http::{Idempotency, Part, RequestSpec};
use social_core::reconcile;
use social_core::{Error, Listing, MediaId, Network, PostId, Result, Violation, ViolationKind};

use crate::client::FacebookClient;
use crate::list::ListBuilder;
use crate::models::{Created, PageId, Post, PostField, names};

/// The shortest delay Graph accepts for `scheduled_publish_time`.
pub const MIN_SCHEDULE_DELAY: Duration = Duration::from_secs(10 * 60);

/// A margin added to [`MIN_SCHEDULE_DELAY`] when checking a schedule offline: the request
/// takes time to reach Graph, and clocks drift.
pub const SCHEDULE_MARGIN: Duration = Duration::from_secs(60);

/// The most photos the SDK attaches to one post: a conservative bound (the `attached_media`
/// parameter of <https://developers.facebook.com/docs/graph-api/reference/page/feed/> states no
/// limit; Graph has the last word).
pub const MAX_ATTACHED_PHOTOS: usize = 10;

/// The longest post message Facebook accepts, in characters.
pub const MAX_MESSAGE_CHARS: usize = 63_206;

/// The fields of a post read by default.
pub const POST_FIELDS: &[&str] = &[
    "id",
    "message",
    "created_time",
    "permalink_url",
    "full_picture",
    "status_type",
    "is_published",
    "from",
];

/// Posts. Get it with [`FacebookClient::posts`].
#[derive(Debug, Clone)]
pub struct Posts {
    client: FacebookClient,
}

impl FacebookClient {
    /// Publishing and reading posts.
    pub fn posts(&self) -> Posts {
        Posts {
            client: self.clone(),
        }
    }
}

/// The id of a new post.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PostCreated {
    /// `{page-id}_{post-id}`.
    pub id: PostId,
    /// The photos uploaded for it (multi-photo posts).
    pub photos: Vec<MediaId>,
}

/// A new photo.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PhotoCreated {
    /// The photo id.
    pub id: MediaId,
    /// The feed post carrying it (published photos only).
    pub post_id: Option<PostId>,
}

fn unix(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn schedule_violations(
    at: Option<DateTime<Utc>>,
    published: Option<bool>,
    now: SystemTime,
    out: &mut Vec<Violation>,
) {
    let Some(at) = at else { return };
    if published == Some(true) {
        out.push(Violation::new(
            "published",
            ViolationKind::Unsupported,
            "a scheduled post cannot be published now: leave `published` unset or false",
        ));
    }
    let now: DateTime<Utc> = now.into();
    let earliest =
        now + chrono::Duration::from_std(MIN_SCHEDULE_DELAY + SCHEDULE_MARGIN).unwrap_or_default();
    if at < earliest {
        out.push(Violation::new(
            "scheduled_publish_time",
            ViolationKind::OutOfRange,
            format!(
                "{} is less than 11 minutes from now ({}); Graph refuses schedules under 10 minutes, and the request needs time to arrive",
                at.to_rfc3339(),
                now.to_rfc3339()
            ),
        ));
    }
}

fn message_violations(message: Option<&str>, out: &mut Vec<Violation>) {
    if let Some(m) = message {
        let n = m.chars().count();
        if n > MAX_MESSAGE_CHARS {
            out.push(Violation::new(
                "message",
                ViolationKind::TooLong {
                    limit: MAX_MESSAGE_CHARS as u64,
                    actual: n as u64,
                },
                "shorten the message",
            ));
        }
    }
}

impl Posts {
    /// A new post on the Page's feed (Page token, `pages_manage_posts`).
    ///
    /// ```no_run
    /// use chrono::{Duration, Utc};
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let id = PageId::new("200000000000001");
    /// page.posts().create(&id).message("New article on the 2027 tax reform").link("https://example.com/tax-2027").send().await?;
    /// page.posts()
    ///     .create(&id)
    ///     .message("Reminder: our office is closed on Friday.")
    ///     .scheduled_at(Utc::now() + Duration::days(2))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, page: &PageId) -> CreatePostBuilder {
        CreatePostBuilder {
            client: self.client.clone(),
            page: page.clone(),
            message: None,
            link: None,
            published: None,
            scheduled: None,
            attached: Vec::new(),
            photos: Vec::new(),
        }
    }

    /// A photo on the Page, by URL or upload (Page token, `pages_manage_posts`).
    ///
    /// ```no_run
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let photo = page
    ///     .posts()
    ///     .photo(&PageId::new("200000000000001"))
    ///     .url("https://example.com/team.jpg")
    ///     .caption("The team at the 2026 bar conference")
    ///     .send()
    ///     .await?;
    /// println!("photo {} in post {:?}", photo.id, photo.post_id);
    /// # Ok(()) }
    /// ```
    pub fn photo(&self, page: &PageId) -> CreatePhotoBuilder {
        CreatePhotoBuilder {
            client: self.client.clone(),
            page: page.clone(),
            source: None,
            caption: None,
            published: None,
            scheduled: None,
            temporary: false,
        }
    }

    /// Changes a post (`POST /{post-id}`).
    ///
    /// ```no_run
    /// use social_core::PostId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// page.posts().edit(&PostId::new("200000000000001_17")).message("Corrected: the office opens at 9:00.").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn edit(&self, post: &PostId) -> EditPostBuilder {
        EditPostBuilder {
            client: self.client.clone(),
            post: post.clone(),
            form: Vec::new(),
            scheduled: None,
        }
    }

    /// Deletes a post (`DELETE /{post-id}`). A delete sent again after a timeout or a 5xx (the
    /// first attempt may have deleted the post) that Graph answers "not found" (code 100,
    /// subcode 33) succeeds: the post is gone, as asked. A first attempt answered "not found" is
    /// [`Error::NotFound`].
    pub async fn delete(&self, post: &PostId) -> Result<()> {
        self.client
            .send_success(
                RequestSpec::delete("")
                    .segment(post.as_str())
                    .endpoint("DELETE /:post")
                    .gone_is_success(),
            )
            .await
    }

    /// One post (`GET /{post-id}`), by default with its comment and reaction counts.
    ///
    /// ```no_run
    /// use social_core::PostId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let post = page.posts().get(&PostId::new("200000000000001_17")).send().await?;
    /// let comments = post.comments.as_ref().and_then(|c| c.total());
    /// # let _ = comments; Ok(()) }
    /// ```
    pub fn get(&self, post: &PostId) -> GetPostBuilder {
        let mut fields: Vec<String> = POST_FIELDS.iter().map(|s| s.to_string()).collect();
        fields.push(PostField::CommentCount.as_str().into());
        fields.push(PostField::ReactionCount.as_str().into());
        GetPostBuilder {
            client: self.client.clone(),
            post: post.clone(),
            fields,
        }
    }

    fn list(&self, page: &PageId, edge: &'static str, endpoint: &'static str) -> ListBuilder<Post> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(page.as_str())
                .path(edge)
                .endpoint(endpoint),
            POST_FIELDS,
        )
    }

    /// The Page's feed: its own posts plus visitors' and tagged posts (`/{page-id}/feed`).
    pub fn feed(&self, page: &PageId) -> ListBuilder<Post> {
        self.list(page, "feed", "GET /:page/feed")
    }

    /// The Page's own posts (`/{page-id}/posts`).
    pub fn page_posts(&self, page: &PageId) -> ListBuilder<Post> {
        self.list(page, "posts", "GET /:page/posts")
    }

    /// Posts the Page published (`/{page-id}/published_posts`; Page token).
    pub fn published(&self, page: &PageId) -> ListBuilder<Post> {
        self.list(page, "published_posts", "GET /:page/published_posts")
    }

    /// Posts waiting for their scheduled time (`/{page-id}/scheduled_posts`).
    pub fn scheduled(&self, page: &PageId) -> ListBuilder<Post> {
        self.list(page, "scheduled_posts", "GET /:page/scheduled_posts")
            .add_field("scheduled_publish_time".into())
    }

    /// Posts visitors wrote on the Page (`/{page-id}/visitor_posts`; `pages_read_user_content`).
    pub fn visitor_posts(&self, page: &PageId) -> ListBuilder<Post> {
        self.list(page, "visitor_posts", "GET /:page/visitor_posts")
    }
}

impl ListBuilder<Post> {
    /// The post fields to read (replaces the default set).
    pub fn fields(self, fields: impl IntoIterator<Item = PostField>) -> Self {
        self.set_fields(names(fields, |f| f.as_str()))
    }

    /// Only posts created at or after `t` (Graph's time-based `since`).
    pub fn since(self, t: DateTime<Utc>) -> Self {
        self.param("since", unix(t).to_string())
    }

    /// Only posts created before `t` (`until`).
    pub fn until(self, t: DateTime<Utc>) -> Self {
        self.param("until", unix(t).to_string())
    }
}

/// `POST /{page-id}/feed` being built. See [`Posts::create`].
///
/// ```no_run
/// use social_core::MediaId;
/// use social_facebook::models::PageId;
/// use social_facebook::posts::PhotoSource;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let draft = page
///     .posts()
///     .create(&PageId::new("200000000000001"))
///     .message("Our new offices, open on Monday.")
///     .photo(PhotoSource::Url("https://example.com/office-1.jpg".into()))
///     .attach(MediaId::new("122000000000009")); // a photo uploaded earlier with published(false)
/// for v in draft.violations() {
///     eprintln!("{v}");
/// }
/// let posted = draft.send().await?;
/// println!("{} with {} new photos", posted.id, posted.photos.len());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct CreatePostBuilder {
    client: FacebookClient,
    page: PageId,
    message: Option<String>,
    link: Option<String>,
    published: Option<bool>,
    scheduled: Option<DateTime<Utc>>,
    attached: Vec<MediaId>,
    photos: Vec<PhotoSource>,
}

/// Where a photo comes from.
#[derive(Clone)]
#[non_exhaustive]
pub enum PhotoSource {
    /// A public URL Graph downloads.
    Url(String),
    /// Bytes uploaded as multipart `source`.
    Bytes {
        /// The file name sent.
        file_name: String,
        /// `image/jpeg`, `image/png`…
        content_type: String,
        /// The image.
        data: Bytes,
    },
}

impl std::fmt::Debug for PhotoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PhotoSource::Url(u) => f.debug_tuple("Url").field(u).finish(),
            PhotoSource::Bytes {
                file_name,
                content_type,
                data,
            } => f
                .debug_struct("Bytes")
                .field("file_name", file_name)
                .field("content_type", content_type)
                .field("len", &data.len())
                .finish(),
        }
    }
}

impl CreatePostBuilder {
    /// The text.
    pub fn message(mut self, text: impl Into<String>) -> Self {
        self.message = Some(text.into());
        self
    }

    /// A link (Graph builds its preview).
    pub fn link(mut self, url: impl Into<String>) -> Self {
        self.link = Some(url.into());
        self
    }

    /// `published=false` makes an unpublished (draft-like) post; scheduling sets it for you.
    pub fn published(mut self, published: bool) -> Self {
        self.published = Some(published);
        self
    }

    /// Publishes at `at` (at least 10 minutes ahead; checked before sending).
    pub fn scheduled_at(mut self, at: DateTime<Utc>) -> Self {
        self.scheduled = Some(at);
        self
    }

    /// Attaches photos already uploaded unpublished (`attached_media`).
    pub fn attach(mut self, photo: MediaId) -> Self {
        self.attached.push(photo);
        self
    }

    /// Adds a photo to upload (unpublished) and attach when the post is sent: a multi-photo post.
    pub fn photo(mut self, source: PhotoSource) -> Self {
        self.photos.push(source);
        self
    }

    /// Every rule the draft breaks, checked offline against the client's clock.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        let empty = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        if empty(&self.message)
            && empty(&self.link)
            && self.attached.is_empty()
            && self.photos.is_empty()
        {
            v.push(Violation::new(
                "message",
                ViolationKind::Empty,
                "a post needs a message, a link or photos",
            ));
        }
        if self.link.is_some() && !(self.attached.is_empty() && self.photos.is_empty()) {
            v.push(Violation::new(
                "link",
                ViolationKind::Unsupported,
                "a post carries either a link or photos, not both",
            ));
        }
        if let Some(link) = &self.link {
            if url::Url::parse(link)
                .map(|u| !matches!(u.scheme(), "http" | "https"))
                .unwrap_or(true)
            {
                v.push(Violation::new(
                    "link",
                    ViolationKind::Malformed,
                    "the link must be an http(s) URL",
                ));
            }
        }
        message_violations(self.message.as_deref(), &mut v);
        schedule_violations(
            self.scheduled,
            self.published,
            self.client.transport().clock().now(),
            &mut v,
        );
        let photos = self.attached.len() + self.photos.len();
        if photos > MAX_ATTACHED_PHOTOS {
            v.push(Violation::new(
                "photos",
                ViolationKind::TooMany {
                    limit: MAX_ATTACHED_PHOTOS as u64,
                    actual: photos as u64,
                },
                "attach fewer photos, or spread them over several posts",
            ));
        }
        for p in &self.photos {
            photo_violations(p, &mut v);
        }
        v
    }

    /// Validates, uploads the photos (if any, unpublished), then creates the post. Never sent
    /// twice: a failure after Graph may have acted is `Error::Unconfirmed`.
    ///
    /// When the outcome of a step is unknown after some photos were uploaded, the
    /// `Unconfirmed` error lists their ids in [`Error::created`] (as
    /// [`CreatedKind::Media`](social_core::reconcile::CreatedKind::Media), in upload order):
    /// reconcile first (see [`social_core::reconcile`]), and on `NotFound` send again with
    /// [`attach`](Self::attach) for each of them instead of uploading them twice. After any
    /// other failure, the ids of the photos already uploaded are logged (`tracing` warning):
    /// they stay unpublished. To keep them yourself, upload with [`Posts::photo`] and
    /// `.published(false)` first.
    ///
    /// ```no_run
    /// use social_core::reconcile::CreatedKind;
    /// use social_core::{Error, MediaId};
    /// use social_facebook::models::PageId;
    /// use social_facebook::posts::PhotoSource;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let id = PageId::new("200000000000001");
    /// let sent = page
    ///     .posts()
    ///     .create(&id)
    ///     .message("Our new offices")
    ///     .photo(PhotoSource::Url("https://example.com/office-1.jpg".into()))
    ///     .photo(PhotoSource::Url("https://example.com/office-2.jpg".into()))
    ///     .send()
    ///     .await;
    /// if let Err(err @ Error::Unconfirmed { .. }) = &sent {
    ///     // Reconcile before anything else; if the post is not there, reuse the photos.
    ///     let photos: Vec<MediaId> = err
    ///         .created()
    ///         .iter()
    ///         .filter(|c| c.kind == CreatedKind::Media)
    ///         .map(|c| MediaId::new(c.id.clone()))
    ///         .collect();
    ///     println!("uploaded on the way: {photos:?}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<PostCreated> {
        Error::check_violations(Network::Facebook, self.violations())?;
        let mut attached = self.attached.clone();
        let mut uploaded = Vec::new();
        for source in &self.photos {
            let photo = CreatePhotoBuilder {
                client: self.client.clone(),
                page: self.page.clone(),
                source: Some(source.clone()),
                caption: None,
                published: Some(false),
                scheduled: None,
                // Graph's multi-photo guide: photos for a scheduled post are uploaded temporary.
                temporary: self.scheduled.is_some(),
            }
            .send()
            .await;
            match photo {
                Ok(photo) => {
                    uploaded.push(photo.id.clone());
                    attached.push(photo.id);
                }
                Err(e) => {
                    // Unpublished photos show nowhere; say which ones exist so they can be
                    // attached again (`attach`) instead of uploaded twice.
                    warn_uploaded(
                        &uploaded,
                        "a multi-photo post stopped after uploading some photos; they are unpublished and can be attached with `attach`",
                    );
                    return Err(with_uploaded(e, &uploaded));
                }
            }
        }
        let mut form: Vec<(String, String)> = Vec::new();
        if let Some(m) = &self.message {
            form.push(("message".into(), m.clone()));
        }
        if let Some(l) = &self.link {
            form.push(("link".into(), l.clone()));
        }
        if let Some(at) = self.scheduled {
            form.push(("published".into(), "false".into()));
            form.push(("scheduled_publish_time".into(), unix(at).to_string()));
        } else if let Some(p) = self.published {
            form.push(("published".into(), p.to_string()));
        }
        for (i, id) in attached.iter().enumerate() {
            form.push((
                format!("attached_media[{i}]"),
                serde_json::json!({ "media_fbid": id.as_str() }).to_string(),
            ));
        }
        let created: Result<Created> = self
            .client
            .send(
                RequestSpec::post("")
                    .segment(self.page.as_str())
                    .path("feed")
                    .form(form)
                    .endpoint("POST /:page/feed"),
            )
            .await;
        let created = created.map_err(|e| {
            warn_uploaded(
                &uploaded,
                "the post carrying uploaded photos failed or its outcome is unknown; the photos are unpublished and can be attached again with `attach`",
            );
            with_uploaded(e, &uploaded)
        })?;
        Ok(PostCreated {
            id: PostId::new(created.id),
            photos: uploaded,
        })
    }
}

/// Logs the ids of the photos a multi-photo post uploaded before it failed.
fn warn_uploaded(uploaded: &[MediaId], what: &'static str) {
    if !uploaded.is_empty() {
        let ids: Vec<&str> = uploaded.iter().map(MediaId::as_str).collect();
        tracing::warn!(uploaded = ?ids, "{what}");
    }
}

/// `e` with the photos uploaded on the way recorded, when it is `Unconfirmed` (a definite
/// failure has nothing to reconcile and is returned as it is).
fn with_uploaded(e: Error, uploaded: &[MediaId]) -> Error {
    e.with_created(
        uploaded
            .iter()
            .map(|id| reconcile::Created::media(id.as_str())),
    )
}

fn photo_violations(p: &PhotoSource, v: &mut Vec<Violation>) {
    match p {
        PhotoSource::Url(u) => {
            if url::Url::parse(u)
                .map(|u| !matches!(u.scheme(), "http" | "https"))
                .unwrap_or(true)
            {
                v.push(Violation::new(
                    "photo",
                    ViolationKind::Malformed,
                    "a photo URL must be a public http(s) URL",
                ));
            }
        }
        PhotoSource::Bytes { data, .. } if data.is_empty() => {
            v.push(Violation::new(
                "photo",
                ViolationKind::Empty,
                "the photo has no bytes",
            ));
        }
        PhotoSource::Bytes { .. } => {}
    }
}

/// `POST /{page-id}/photos` being built. See [`Posts::photo`].
///
/// ```no_run
/// use social_facebook::models::PageId;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let jpeg = std::fs::read("team.jpg").unwrap_or_default();
/// let photo = page
///     .posts()
///     .photo(&PageId::new("200000000000001"))
///     .bytes("team.jpg", "image/jpeg", jpeg)
///     .caption("The team, ready for the new year")
///     .send()
///     .await?;
/// println!("{:?}", photo.post_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct CreatePhotoBuilder {
    client: FacebookClient,
    page: PageId,
    source: Option<PhotoSource>,
    caption: Option<String>,
    published: Option<bool>,
    scheduled: Option<DateTime<Utc>>,
    temporary: bool,
}

impl CreatePhotoBuilder {
    /// A public image URL Graph downloads.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.source = Some(PhotoSource::Url(url.into()));
        self
    }

    /// Image bytes, uploaded as multipart `source`.
    pub fn bytes(
        mut self,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.source = Some(PhotoSource::Bytes {
            file_name: file_name.into(),
            content_type: content_type.into(),
            data: data.into(),
        });
        self
    }

    /// The text shown with the photo.
    pub fn caption(mut self, text: impl Into<String>) -> Self {
        self.caption = Some(text.into());
        self
    }

    /// `published=false` uploads without a feed story (to attach to a post later).
    pub fn published(mut self, published: bool) -> Self {
        self.published = Some(published);
        self
    }

    /// Publishes at `at` (at least 10 minutes ahead).
    pub fn scheduled_at(mut self, at: DateTime<Utc>) -> Self {
        self.scheduled = Some(at);
        self
    }

    /// Marks an unpublished photo temporary (for a scheduled multi-photo post).
    pub fn temporary(mut self, on: bool) -> Self {
        self.temporary = on;
        self
    }

    /// Every rule the photo breaks, checked offline.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        match &self.source {
            None => v.push(Violation::new(
                "source",
                ViolationKind::Empty,
                "give the photo a URL or bytes",
            )),
            Some(p) => photo_violations(p, &mut v),
        }
        message_violations(self.caption.as_deref(), &mut v);
        schedule_violations(
            self.scheduled,
            self.published,
            self.client.transport().clock().now(),
            &mut v,
        );
        v
    }

    /// Validates and uploads.
    pub async fn send(self) -> Result<PhotoCreated> {
        Error::check_violations(Network::Facebook, self.violations())?;
        let mut fields: Vec<(String, String)> = Vec::new();
        if let Some(c) = &self.caption {
            fields.push(("caption".into(), c.clone()));
        }
        if let Some(at) = self.scheduled {
            fields.push(("published".into(), "false".into()));
            fields.push(("scheduled_publish_time".into(), unix(at).to_string()));
        } else if let Some(p) = self.published {
            fields.push(("published".into(), p.to_string()));
        }
        if self.temporary {
            fields.push(("temporary".into(), "true".into()));
        }
        let spec = RequestSpec::post("")
            .segment(self.page.as_str())
            .path("photos")
            .endpoint("POST /:page/photos");
        let spec = match self.source {
            Some(PhotoSource::Url(u)) => {
                fields.push(("url".into(), u));
                spec.form(fields)
            }
            Some(PhotoSource::Bytes {
                file_name,
                content_type,
                data,
            }) => {
                let mut parts: Vec<Part> =
                    fields.into_iter().map(|(k, v)| Part::text(k, v)).collect();
                parts.push(Part::bytes("source", data, content_type).with_file_name(file_name));
                spec.multipart(parts)
            }
            None => {
                return Err(Error::invalid(
                    Network::Facebook,
                    Violation::new(
                        "source",
                        ViolationKind::Empty,
                        "give the photo a URL or bytes",
                    ),
                ));
            }
        };
        let created: Created = self.client.send(spec).await?;
        Ok(PhotoCreated {
            id: MediaId::new(created.id),
            post_id: created.post_id.map(PostId::new),
        })
    }
}

/// `POST /{post-id}` being built. See [`Posts::edit`].
///
/// ```no_run
/// use chrono::{Duration, Utc};
/// use social_core::PostId;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// // Move a scheduled post to tomorrow.
/// page.posts()
///     .edit(&PostId::new("200000000000001_18"))
///     .scheduled_at(Utc::now() + Duration::days(1))
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct EditPostBuilder {
    client: FacebookClient,
    post: PostId,
    form: Vec<(String, String)>,
    scheduled: Option<DateTime<Utc>>,
}

impl EditPostBuilder {
    fn set(mut self, k: &str, v: String) -> Self {
        self.form.retain(|(key, _)| key != k);
        self.form.push((k.to_string(), v));
        self
    }

    /// The new text.
    pub fn message(self, text: impl Into<String>) -> Self {
        self.set("message", text.into())
    }

    /// Hides the post from the Page's timeline, or shows it again.
    pub fn hidden(self, hidden: bool) -> Self {
        self.set("is_hidden", hidden.to_string())
    }

    /// Publishes an unpublished post now (`true`), or unpublishes it.
    pub fn published(self, published: bool) -> Self {
        self.set("is_published", published.to_string())
    }

    /// Moves a scheduled post (at least 10 minutes ahead).
    pub fn scheduled_at(mut self, at: DateTime<Utc>) -> Self {
        self.scheduled = Some(at);
        self.set("scheduled_publish_time", unix(at).to_string())
    }

    /// Every rule the change breaks.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if self.form.is_empty() {
            v.push(Violation::new(
                "post",
                ViolationKind::Empty,
                "nothing to change",
            ));
        }
        let msg = self
            .form
            .iter()
            .find(|(k, _)| k == "message")
            .map(|(_, m)| m.as_str());
        message_violations(msg, &mut v);
        schedule_violations(
            self.scheduled,
            None,
            self.client.transport().clock().now(),
            &mut v,
        );
        v
    }

    /// Validates and sends. The change is idempotent, so it is retried like a read.
    pub async fn send(self) -> Result<()> {
        Error::check_violations(Network::Facebook, self.violations())?;
        self.client
            .send_success(
                RequestSpec::post("")
                    .segment(self.post.as_str())
                    .form(self.form)
                    .with_idempotency(Idempotency::Idempotent)
                    .endpoint("POST /:post"),
            )
            .await
    }
}

/// `GET /{post-id}` being built. See [`Posts::get`].
///
/// ```no_run
/// use social_core::PostId;
/// use social_facebook::models::PostField;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let post = page
///     .posts()
///     .get(&PostId::new("200000000000001_17"))
///     .fields([PostField::Message, PostField::ReactionCount])
///     .field_raw("reactions.type(LOVE).limit(0).summary(total_count).as(love)")
///     .send()
///     .await?;
/// println!("{:?} ❤️", post.alias_total("love"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct GetPostBuilder {
    client: FacebookClient,
    post: PostId,
    fields: Vec<String>,
}

impl GetPostBuilder {
    /// The fields to read (replaces the default set).
    pub fn fields(mut self, fields: impl IntoIterator<Item = PostField>) -> Self {
        self.fields = names(fields, |f| f.as_str());
        self
    }

    /// Adds any field name or expansion.
    pub fn field_raw(mut self, field: impl Into<String>) -> Self {
        self.fields.push(field.into());
        self
    }

    /// Reads the post.
    pub async fn send(self) -> Result<Post> {
        let mut spec = RequestSpec::get("")
            .segment(self.post.as_str())
            .endpoint("GET /:post");
        if !self.fields.is_empty() {
            spec = spec.query("fields", self.fields.join(","));
        }
        if crate::models::asks_for_credentials(&self.fields) {
            spec = spec.secret_response();
        }
        self.client.send(spec).await
    }
}
