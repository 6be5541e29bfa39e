//! Media uploads: images (Images API), documents (Documents API) and videos (Videos API), each
//! registered with `initializeUpload`, its bytes sent with `PUT` to the pre-signed URL LinkedIn
//! returns (a video in the parts LinkedIn lays out, their `ETag`s collected in order and sent to
//! `finalizeUpload`), then read back until LinkedIn says `AVAILABLE`: only then can a post use
//! it (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api>).
//!
//! The `owner` is the author who will post the media: the member (`w_member_social`) or a page
//! they hold a posting role on (`w_organization_social`).
//!
//! **The upload URL.** LinkedIn answers with an absolute, pre-signed URL on `www.linkedin.com`
//! (`/dms-uploads/…`). The Images and Documents pages show the upload sent with the member's
//! bearer token; the Videos page shows the parts sent without it. This client sends the bearer
//! token only to a LinkedIn host (`linkedin.com` and its subdomains) or to the host of the
//! configured API base URL (a local fake); an upload URL anywhere else gets the bytes without
//! the token, so a token never leaves for a host LinkedIn does not run. The URL must be
//! `https` (or the configured base URL's own scheme and host).
//!
//! **Retries and unknown outcomes.** `initializeUpload` and `finalizeUpload` are writes: one
//! whose outcome is unknown (a timeout, a dropped connection, a 5xx) is never sent again and
//! ends as [`Error::Unconfirmed`]. A `PUT` of bytes to an already-registered URL replaces what
//! that URL holds (a `PUT` is idempotent, RFC 9110 §9.2.2), so it is retried like a read. Once
//! `initializeUpload` answered, the asset exists: a failure worth retrying later (a timeout, a
//! 5xx or a 429 left after the client's own retries) of a `PUT`, of `finalizeUpload` or of a
//! status read is [`Error::Unconfirmed`], and every [`Error::Unconfirmed`] lists the asset in
//! [`created`](Error::created) (`CreatedKind::Media`, the asset URN): check it with
//! [`Media::status`] and use it rather than uploading the file again. The failures the client
//! finds itself (upload instructions that do not cover the file, a part without an `ETag`,
//! `PROCESSING_FAILED`) name the asset URN in their message. An [`Error::Unconfirmed`] raised
//! after `initializeUpload` answered carries the correlation id of that `initializeUpload`
//! call: the one that registered the asset, in the client's logs.
//!
//! **Secrets.** The upload and download URLs are pre-signed: their query is a credential. The
//! answers of `initializeUpload` and of [`Media::status`] are secret responses (an error keeps
//! no snippet of them), and the `Debug`
//! of the tickets, of [`MediaAsset`] and of [`UploadedMedia`] prints a URL's scheme, host and
//! path only, never its query.
//!
//! **Offline tests.** Processing is polled on the client's [`Clock`](social_core::clock::Clock)
//! ([`UploadMediaBuilder::poll_interval`], default [`DEFAULT_POLL_INTERVAL`]): a test against a
//! fake should give the client a `social_core::clock::ManualClock` (its sleeps return at once),
//! or set a short [`poll_interval`](UploadMediaBuilder::poll_interval) and
//! [`max_processing_wait`](UploadMediaBuilder::max_processing_wait), or it waits for real.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;
use social_core::http::{Idempotency, RequestSpec, Response};
use social_core::reconcile::Created;
use social_core::{ApiError, Error, Network, Result, UploadProgress, Violation, ViolationKind};
use url::Url;

use crate::client::{LinkedInClient, RestliMethod};
use crate::models::{
    Author, DocumentUploadTicket, ImageUploadTicket, MediaAsset, MediaStatus, VideoUploadTicket,
};
use crate::posts::MediaContent;
use crate::urn::{DocumentUrn, ImageUrn, Urn, VideoUrn};

/// How long [`UploadMediaBuilder::send`] waits for LinkedIn's processing by default.
pub const DEFAULT_MAX_PROCESSING_WAIT: Duration = Duration::from_secs(10 * 60);
/// How long it waits between two reads of the asset's status by default.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(3);
/// The content type of video parts, thumbnails and captions (the Videos API page's example
/// sends `application/octet-stream`).
pub const OCTET_STREAM: &str = "application/octet-stream";

type ProgressFn = Arc<dyn Fn(UploadProgress) + Send + Sync>;

/// An uploaded image, video or document, by its URN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MediaUrn {
    /// `urn:li:image:…`
    Image(ImageUrn),
    /// `urn:li:video:…`
    Video(VideoUrn),
    /// `urn:li:document:…`
    Document(DocumentUrn),
}

impl MediaUrn {
    /// The collection serving it (`images`, `videos`, `documents`).
    fn collection(&self) -> &'static str {
        match self {
            MediaUrn::Image(_) => "images",
            MediaUrn::Video(_) => "videos",
            MediaUrn::Document(_) => "documents",
        }
    }

    /// The image URN, if it is one (for [`MultiImageContent`](crate::posts::MultiImageContent)
    /// and article thumbnails).
    pub fn into_image(self) -> Option<ImageUrn> {
        match self {
            MediaUrn::Image(i) => Some(i),
            _ => None,
        }
    }

    /// The content of a post carrying it (add a title or an alternative text to it).
    pub fn to_content(&self) -> MediaContent {
        match self {
            MediaUrn::Image(i) => MediaContent::image(i.clone()),
            MediaUrn::Video(v) => MediaContent::video(v.clone()),
            MediaUrn::Document(d) => MediaContent::document(d.clone()),
        }
    }
}

impl fmt::Display for MediaUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaUrn::Image(i) => i.fmt(f),
            MediaUrn::Video(v) => v.fmt(f),
            MediaUrn::Document(d) => d.fmt(f),
        }
    }
}

impl std::str::FromStr for MediaUrn {
    type Err = crate::urn::UrnError;

    /// `urn:li:image:…`, `urn:li:video:…` or `urn:li:document:…`.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        if let Ok(i) = s.parse::<ImageUrn>() {
            return Ok(MediaUrn::Image(i));
        }
        if let Ok(v) = s.parse::<VideoUrn>() {
            return Ok(MediaUrn::Video(v));
        }
        s.parse::<DocumentUrn>().map(MediaUrn::Document)
    }
}

impl Urn for MediaUrn {}

impl From<ImageUrn> for MediaUrn {
    fn from(i: ImageUrn) -> Self {
        MediaUrn::Image(i)
    }
}

impl From<VideoUrn> for MediaUrn {
    fn from(v: VideoUrn) -> Self {
        MediaUrn::Video(v)
    }
}

impl From<DocumentUrn> for MediaUrn {
    fn from(d: DocumentUrn) -> Self {
        MediaUrn::Document(d)
    }
}

/// An upload done: the asset, `AVAILABLE`. Its `Debug` prints the asset's download URL
/// without its query (see [`MediaAsset`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UploadedMedia {
    /// Its URN, to put in a post.
    pub urn: MediaUrn,
    /// The asset as last read.
    pub asset: MediaAsset,
}

impl UploadedMedia {
    /// The content of a post carrying it ([`MediaUrn::to_content`]).
    pub fn to_content(&self) -> MediaContent {
        self.urn.to_content()
    }

    /// Its image URN, for an image upload ([`Media::image`]): what
    /// [`MultiImageContent::image`](crate::posts::MultiImageContent::image) and an article's
    /// [`thumbnail`](crate::posts::ArticleContent::thumbnail) take. `None` for a video or a
    /// document.
    ///
    /// ```no_run
    /// use social_linkedin::posts::MultiImageContent;
    /// use social_linkedin::urn::PersonUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let mut album = MultiImageContent::new();
    /// for file in ["stage.jpg", "panel.jpg"] {
    ///     let image = li.media().image(me.clone(), std::fs::read(file)?, "image/jpeg").send().await?;
    ///     album = album.image(image.image_urn().ok_or("not an image")?);
    /// }
    /// li.posts().create(me).text("Two days at the conference").images(album).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn image_urn(&self) -> Option<ImageUrn> {
        match &self.urn {
            MediaUrn::Image(i) => Some(i.clone()),
            _ => None,
        }
    }
}

/// Media uploads. Get it with [`LinkedInClient::media`].
#[derive(Debug, Clone)]
pub struct Media {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// Uploads of images, videos and documents, and their status.
    pub fn media(&self) -> Media {
        Media {
            client: self.clone(),
        }
    }
}

/// What is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Video,
    Document,
}

impl Kind {
    fn collection(self) -> &'static str {
        match self {
            Kind::Image => "images",
            Kind::Video => "videos",
            Kind::Document => "documents",
        }
    }

    fn initialize_endpoint(self) -> &'static str {
        match self {
            Kind::Image => "POST /images?action=initializeUpload",
            Kind::Video => "POST /videos?action=initializeUpload",
            Kind::Document => "POST /documents?action=initializeUpload",
        }
    }
}

impl Media {
    /// Uploads an image (JPG, PNG or GIF) of `content_type` (`image/png`…) owned by `owner`.
    ///
    /// ```no_run
    /// use social_linkedin::urn::PersonUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let png = std::fs::read("team.png").expect("the photo");
    /// let image = li.media().image(me.clone(), png, "image/png").send().await?;
    /// li.posts()
    ///     .create(me)
    ///     .text("The team at the bar conference")
    ///     .media(image.to_content().alt_text("Five lawyers on a stage"))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn image(
        &self,
        owner: impl Into<Author>,
        data: impl Into<Bytes>,
        content_type: impl Into<String>,
    ) -> UploadMediaBuilder {
        self.upload(Kind::Image, owner.into(), data.into(), content_type.into())
    }

    /// Uploads a document (PDF, PPT/PPTX, DOC/DOCX; the Documents API takes up to 100 MB and
    /// 300 pages) of `content_type` owned by `owner`.
    ///
    /// ```no_run
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let firm = OrganizationUrn::new("2414183")?;
    /// let pdf = std::fs::read("guide.pdf").expect("the guide");
    /// let doc = li.media().document(firm.clone(), pdf, "application/pdf").send().await?;
    /// li.posts()
    ///     .create(firm)
    ///     .text("Our guide to the 2027 reform")
    ///     .media(doc.to_content().title("The 2027 reform in 12 pages"))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn document(
        &self,
        owner: impl Into<Author>,
        data: impl Into<Bytes>,
        content_type: impl Into<String>,
    ) -> UploadMediaBuilder {
        self.upload(
            Kind::Document,
            owner.into(),
            data.into(),
            content_type.into(),
        )
    }

    /// Uploads an MP4 video owned by `owner`, in the parts LinkedIn lays out.
    ///
    /// ```no_run
    /// use social_linkedin::urn::PersonUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let mp4 = std::fs::read("talk.mp4").expect("the talk");
    /// let video = li
    ///     .media()
    ///     .video(me.clone(), mp4)
    ///     .on_progress(|p| println!("{p:?}"))
    ///     .send()
    ///     .await?;
    /// li.posts()
    ///     .create(me)
    ///     .text("My talk on the reform")
    ///     .media(video.to_content().title("The reform in 10 minutes"))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn video(&self, owner: impl Into<Author>, data: impl Into<Bytes>) -> UploadMediaBuilder {
        self.upload(Kind::Video, owner.into(), data.into(), OCTET_STREAM.into())
    }

    fn upload(
        &self,
        kind: Kind,
        owner: Author,
        data: Bytes,
        content_type: String,
    ) -> UploadMediaBuilder {
        UploadMediaBuilder {
            client: self.client.clone(),
            kind,
            owner,
            data,
            content_type,
            thumbnail: None,
            captions: None,
            progress: None,
            max_processing_wait: DEFAULT_MAX_PROCESSING_WAIT,
            poll_interval: DEFAULT_POLL_INTERVAL,
        }
    }

    /// An asset as LinkedIn serves it now (`GET /rest/{images|videos|documents}/{urn}`): its
    /// `status`, and once available its download URL.
    ///
    /// ```no_run
    /// use social_linkedin::media::MediaUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let urn: MediaUrn = "urn:li:image:C4E10AQFoyyAjHPMQuQ".parse()?;
    /// println!("{:?}", li.media().status(&urn).await?.status);
    /// # Ok(()) }
    /// ```
    pub async fn status(&self, urn: &MediaUrn) -> Result<MediaAsset> {
        let endpoint = match urn {
            MediaUrn::Image(_) => "GET /images/:id",
            MediaUrn::Video(_) => "GET /videos/:id",
            MediaUrn::Document(_) => "GET /documents/:id",
        };
        // An available asset's `downloadUrl` is pre-signed: no error keeps a snippet of it.
        let spec = RequestSpec::get(urn.collection())
            .encoded_segment(urn.path_key())
            .secret_response()
            .endpoint(endpoint);
        self.client.send_rest(RestliMethod::Get, spec).await?.json()
    }
}

/// An error worth retrying later (a timeout, a 5xx, a 429 left after the client's own retries)
/// once the asset exists: the upload's outcome is unknown, so it becomes [`Error::Unconfirmed`]
/// (the caller keeps the asset URN and checks it rather than uploading again). Other errors are
/// definite and stay as they are. `cid` is the correlation id of the `initializeUpload` call
/// that registered the asset (the failed call's own id is not kept on its error).
fn outcome_unknown(e: Error, endpoint: &str, cid: &str) -> Error {
    if e.is_retryable() && !matches!(e, Error::Unconfirmed { .. }) {
        Error::unconfirmed(Network::LinkedIn, endpoint, cid, e)
    } else {
        e
    }
}

/// Whether the bearer token goes with a `PUT` to the upload URL `url` (`Some(true)`: a LinkedIn
/// host over https, or the host of the configured API base URL `base`; `Some(false)`: another
/// https host), or whether nothing may be sent at all (`None`: plain http elsewhere than `base`).
fn token_goes_to(url: &Url, base: &Url) -> Option<bool> {
    let same_host = url.scheme() == base.scheme()
        && url.host_str() == base.host_str()
        && url.port_or_known_default() == base.port_or_known_default();
    if same_host {
        return Some(true);
    }
    if url.scheme() != "https" {
        return None;
    }
    Some(
        url.host_str()
            .is_some_and(|h| h == "linkedin.com" || h.ends_with(".linkedin.com")),
    )
}

/// `{"value": …}`, the envelope of an action's answer.
#[derive(Deserialize)]
struct Envelope<T> {
    value: T,
}

/// An upload being built. Get one from [`Media::image`], [`Media::document`] or
/// [`Media::video`].
///
/// ```no_run
/// use std::time::Duration;
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let firm = OrganizationUrn::new("2414183")?;
/// let mp4 = std::fs::read("launch.mp4").expect("the video");
/// let jpg = std::fs::read("launch.jpg").expect("its thumbnail");
/// let video = li
///     .media()
///     .video(firm, mp4)
///     .thumbnail(jpg, "image/jpeg")
///     .max_processing_wait(Duration::from_secs(300))
///     .on_progress(|p| println!("{p:?}"))
///     .send()
///     .await?;
/// println!("{}", video.urn);
/// # Ok(()) }
/// ```
#[must_use = "an upload does nothing until `.send().await`"]
pub struct UploadMediaBuilder {
    client: LinkedInClient,
    kind: Kind,
    owner: Author,
    data: Bytes,
    content_type: String,
    thumbnail: Option<(Bytes, String)>,
    captions: Option<Bytes>,
    progress: Option<ProgressFn>,
    max_processing_wait: Duration,
    poll_interval: Duration,
}

impl fmt::Debug for UploadMediaBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadMediaBuilder")
            .field("kind", &self.kind)
            .field("owner", &self.owner)
            .field("len", &self.data.len())
            .field("content_type", &self.content_type)
            .field("thumbnail", &self.thumbnail.as_ref().map(|(d, _)| d.len()))
            .field("captions", &self.captions.as_ref().map(Bytes::len))
            .field("max_processing_wait", &self.max_processing_wait)
            .field("poll_interval", &self.poll_interval)
            .finish_non_exhaustive()
    }
}

impl UploadMediaBuilder {
    /// A video's thumbnail (`uploadThumbnail: true`), uploaded after the video's parts.
    pub fn thumbnail(mut self, data: impl Into<Bytes>, content_type: impl Into<String>) -> Self {
        self.thumbnail = Some((data.into(), content_type.into()));
        self
    }

    /// A video's captions, an SRT file (`uploadCaptions: true`), uploaded after the video's
    /// parts.
    pub fn captions(mut self, srt: impl Into<Bytes>) -> Self {
        self.captions = Some(srt.into());
        self
    }

    /// Called after each part sent and each status read that is not yet `AVAILABLE`.
    pub fn on_progress(mut self, f: impl Fn(UploadProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// The longest time to wait for LinkedIn's processing, on the client's clock (default
    /// [`DEFAULT_MAX_PROCESSING_WAIT`]).
    pub fn max_processing_wait(mut self, d: Duration) -> Self {
        self.max_processing_wait = d;
        self
    }

    /// The time between two status reads (default [`DEFAULT_POLL_INTERVAL`], at least one
    /// second), slept on the client's clock: a test against a fake gives the client a
    /// `ManualClock` (see the [module documentation](crate::media)) or it waits for real.
    pub fn poll_interval(mut self, d: Duration) -> Self {
        self.poll_interval = d.max(Duration::from_secs(1));
        self
    }

    fn report(&self, p: UploadProgress) {
        if let Some(f) = &self.progress {
            f(p);
        }
    }

    /// Every rule the upload breaks, found offline.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if let Author::Other(urn) = &self.owner {
            v.push(Violation::new(
                "owner",
                ViolationKind::Malformed,
                format!(
                    "{:?} is neither a member (urn:li:person:…) nor a page (urn:li:organization:…)",
                    urn.chars().take(64).collect::<String>()
                ),
            ));
        }
        if self.data.is_empty() {
            v.push(Violation::new(
                "media",
                ViolationKind::Empty,
                "the file is empty",
            ));
        }
        if self.content_type.trim().is_empty() {
            v.push(Violation::new(
                "content_type",
                ViolationKind::Empty,
                "the upload needs its content type (LinkedIn refuses an upload without one)",
            ));
        }
        if self.kind != Kind::Video && (self.thumbnail.is_some() || self.captions.is_some()) {
            v.push(Violation::new(
                "thumbnail",
                ViolationKind::Unsupported,
                "only a video takes a thumbnail or captions",
            ));
        }
        if self.thumbnail.as_ref().is_some_and(|(d, _)| d.is_empty()) {
            v.push(Violation::new(
                "thumbnail",
                ViolationKind::Empty,
                "the thumbnail is empty",
            ));
        }
        if self.captions.as_ref().is_some_and(Bytes::is_empty) {
            v.push(Violation::new(
                "captions",
                ViolationKind::Empty,
                "the captions are empty",
            ));
        }
        v
    }

    /// Checks, registers the upload, sends the bytes, finalizes a video, then reads the asset
    /// until it is `AVAILABLE`. `PROCESSING_FAILED` is an [`Error::Api`] of kind
    /// `PROCESSING_FAILED` naming the asset; still processing after
    /// [`max_processing_wait`](Self::max_processing_wait) is an [`Error::Unconfirmed`] whose
    /// [`created`](Error::created) holds the asset URN (it may yet become available).
    pub async fn send(self) -> Result<UploadedMedia> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        match self.kind {
            Kind::Image => {
                let (t, cid): (ImageUploadTicket, _) = self.initialize(json!({})).await?;
                let urn = MediaUrn::Image(t.image);
                let done = self.put_all(&urn, &cid, t.upload_url).await;
                self.keep(&urn, &cid, done).await
            }
            Kind::Document => {
                let (t, cid): (DocumentUploadTicket, _) = self.initialize(json!({})).await?;
                let urn = MediaUrn::Document(t.document);
                let done = self.put_all(&urn, &cid, t.upload_url).await;
                self.keep(&urn, &cid, done).await
            }
            Kind::Video => {
                let (t, cid): (VideoUploadTicket, _) = self
                    .initialize(json!({
                        "fileSizeBytes": self.data.len() as u64,
                        "uploadCaptions": self.captions.is_some(),
                        "uploadThumbnail": self.thumbnail.is_some(),
                    }))
                    .await?;
                let urn = MediaUrn::Video(t.video.clone());
                let done = self.video_parts(&t, &cid).await;
                self.keep(&urn, &cid, done).await
            }
        }
    }

    /// After the bytes: processing, with the asset kept on an unknown outcome.
    async fn keep(&self, urn: &MediaUrn, cid: &str, sent: Result<()>) -> Result<UploadedMedia> {
        let result = match sent {
            Ok(()) => self.wait_available(urn, cid).await,
            Err(e) => Err(e),
        };
        result.map_err(|e| e.with_created([Created::media(urn.to_string())]))
    }

    /// `POST /rest/{collection}?action=initializeUpload` with the owner and `extra` fields: the
    /// ticket, and the call's correlation id.
    async fn initialize<T: serde::de::DeserializeOwned>(
        &self,
        mut extra: serde_json::Value,
    ) -> Result<(T, String)> {
        extra["owner"] = json!(self.owner.to_string());
        let endpoint = self.kind.initialize_endpoint();
        // The answer holds pre-signed upload URLs (credentials): no error keeps a snippet of it.
        let spec = RequestSpec::post(self.kind.collection())
            .query("action", "initializeUpload")
            .json(&json!({ "initializeUploadRequest": extra }))
            .with_idempotency(Idempotency::Unsafe)
            .secret_response()
            .endpoint(endpoint);
        let resp = self.client.send_rest(RestliMethod::Action, spec).await?;
        // The asset may be registered: an answer that cannot be read is an unknown outcome.
        resp.json::<Envelope<T>>()
            .map(|v| (v.value, resp.correlation_id().to_owned()))
            .map_err(|e| Error::unconfirmed(Network::LinkedIn, endpoint, resp.correlation_id(), e))
    }

    /// The whole file in one `PUT` (images, documents).
    async fn put_all(&self, urn: &MediaUrn, cid: &str, upload_url: String) -> Result<()> {
        let parts = [(upload_url, self.data.clone())];
        self.put_parts(urn, cid, &parts, self.content_type.as_str())
            .await
            .map(drop)
    }

    /// Sends each `(url, bytes)` with `PUT`, reporting progress; returns the `ETag`s in order.
    async fn put_parts(
        &self,
        urn: &MediaUrn,
        cid: &str,
        parts: &[(String, Bytes)],
        content_type: &str,
    ) -> Result<Vec<String>> {
        let total: u64 = parts.iter().map(|(_, b)| b.len() as u64).sum();
        let mut sent = 0u64;
        let mut etags = Vec::with_capacity(parts.len());
        for (url, bytes) in parts {
            let resp = self.put(urn, cid, url, bytes.clone(), content_type).await?;
            etags.push(resp.header("etag").map(str::to_owned).unwrap_or_default());
            sent += bytes.len() as u64;
            self.report(UploadProgress::Sending { sent, total });
        }
        Ok(etags)
    }

    /// One `PUT` of bytes to an absolute upload URL (the token only to a LinkedIn host).
    async fn put(
        &self,
        urn: &MediaUrn,
        cid: &str,
        upload_url: &str,
        data: Bytes,
        content_type: &str,
    ) -> Result<Response> {
        let url = Url::parse(upload_url).map_err(|e| Error::Protocol {
            network: Network::LinkedIn,
            message: format!("LinkedIn gave {urn} an upload URL that cannot be read ({e})"),
        })?;
        let Some(with_token) = token_goes_to(&url, self.client.transport().base_url()) else {
            return Err(Error::Protocol {
                network: Network::LinkedIn,
                message: format!(
                    "LinkedIn gave {urn} an upload URL that is not https; nothing was sent"
                ),
            });
        };
        let mut spec = RequestSpec::put("")
            .base_url(url)
            .bytes(content_type.to_owned(), data)
            .with_idempotency(Idempotency::Idempotent)
            .endpoint("PUT {uploadUrl}");
        if !with_token {
            spec = spec.unauthenticated();
        }
        let endpoint = spec.endpoint_name().into_owned();
        self.client
            .send_upload(spec)
            .await
            .map_err(|e| outcome_unknown(e, &endpoint, cid))
    }

    /// A video's parts by LinkedIn's byte ranges, thumbnail, captions, then `finalizeUpload`
    /// with the parts' `ETag`s in order.
    async fn video_parts(&self, t: &VideoUploadTicket, cid: &str) -> Result<()> {
        let urn = MediaUrn::Video(t.video.clone());
        let parts = self.split(&urn, t)?;
        let etags = self.put_parts(&urn, cid, &parts, OCTET_STREAM).await?;
        if let Some(i) = etags.iter().position(String::is_empty) {
            return Err(Error::Protocol {
                network: Network::LinkedIn,
                message: format!(
                    "LinkedIn answered the upload of part {} of {urn} without an ETag, which finalizeUpload needs; upload the video again",
                    i + 1
                ),
            });
        }
        if let Some((data, content_type)) = &self.thumbnail {
            let url = self.extra_url(&urn, t.thumbnail_upload_url.as_deref(), "thumbnail")?;
            self.put(&urn, cid, url, data.clone(), content_type).await?;
        }
        if let Some(srt) = &self.captions {
            let url = self.extra_url(&urn, t.captions_upload_url.as_deref(), "captions")?;
            self.put(&urn, cid, url, srt.clone(), OCTET_STREAM).await?;
        }
        let endpoint = "POST /videos?action=finalizeUpload";
        let spec = RequestSpec::post("videos")
            .query("action", "finalizeUpload")
            .json(&json!({"finalizeUploadRequest": {
                "video": urn.to_string(),
                "uploadToken": t.upload_token,
                "uploadedPartIds": etags,
            }}))
            .with_idempotency(Idempotency::Unsafe)
            .endpoint(endpoint);
        self.client
            .send_rest(RestliMethod::Action, spec)
            .await
            .map(drop)
    }

    fn extra_url<'t>(&self, urn: &MediaUrn, url: Option<&'t str>, what: &str) -> Result<&'t str> {
        url.ok_or_else(|| Error::Protocol {
            network: Network::LinkedIn,
            message: format!(
                "LinkedIn gave {urn} no {what} upload URL although one was announced; the video was not finalized"
            ),
        })
    }

    /// The video's bytes cut by the instructions, which must cover the file exactly, in order.
    fn split(&self, urn: &MediaUrn, t: &VideoUploadTicket) -> Result<Vec<(String, Bytes)>> {
        let len = self.data.len() as u64;
        let mut next = 0u64;
        let mut parts = Vec::with_capacity(t.upload_instructions.len());
        for (i, ins) in t.upload_instructions.iter().enumerate() {
            if ins.first_byte != next || ins.last_byte < ins.first_byte || ins.last_byte >= len {
                return Err(Error::Protocol {
                    network: Network::LinkedIn,
                    message: format!(
                        "LinkedIn's upload instruction {} of {urn} covers bytes {}..={} of a {len}-byte file after byte {next}; nothing more was sent",
                        i + 1,
                        ins.first_byte,
                        ins.last_byte
                    ),
                });
            }
            // Both bounds are checked against the length above, so the cast and the slice hold.
            let part = self
                .data
                .slice(ins.first_byte as usize..=ins.last_byte as usize);
            parts.push((ins.upload_url.clone(), part));
            next = ins.last_byte + 1;
        }
        if next != len {
            return Err(Error::Protocol {
                network: Network::LinkedIn,
                message: format!(
                    "LinkedIn's upload instructions of {urn} cover {next} of the file's {len} bytes; nothing was sent"
                ),
            });
        }
        Ok(parts)
    }

    /// Reads the asset until `AVAILABLE`, on the client's clock.
    async fn wait_available(&self, urn: &MediaUrn, cid: &str) -> Result<UploadedMedia> {
        let media = self.client.media();
        let clock = self.client.clock().clone();
        let mut waited = Duration::ZERO;
        let endpoint = format!("GET /{}/:id", urn.collection());
        loop {
            let asset = media
                .status(urn)
                .await
                .map_err(|e| outcome_unknown(e, &endpoint, cid))?;
            match asset.status.clone().unwrap_or(MediaStatus::Processing) {
                MediaStatus::Available => {
                    self.report(UploadProgress::Done);
                    return Ok(UploadedMedia {
                        urn: urn.clone(),
                        asset,
                    });
                }
                MediaStatus::ProcessingFailed => {
                    return Err(Error::Api(Box::new(
                        ApiError::new(Network::LinkedIn, 200)
                            .with_kind("PROCESSING_FAILED")
                            .with_message(format!(
                                "LinkedIn could not process {urn} (status PROCESSING_FAILED): upload the file again"
                            )),
                    )));
                }
                _ => {}
            }
            self.report(UploadProgress::Processing { percent: None });
            if waited + self.poll_interval > self.max_processing_wait {
                // The upload is done and the asset exists; whether it becomes usable is not
                // known yet. The outcome reported is the upload's (its `initializeUpload`), not
                // that of the status reads, which changed nothing.
                return Err(Error::unconfirmed(
                    Network::LinkedIn,
                    self.kind.initialize_endpoint(),
                    cid,
                    Error::Api(Box::new(
                        ApiError::new(Network::LinkedIn, 200)
                            .with_kind("PROCESSING")
                            .with_message(format!(
                                "{urn} was uploaded and exists, but LinkedIn was still processing it after {}s (the upload's max_processing_wait); do not upload the file again: check it later with `li.media().status(..)` and post it once AVAILABLE",
                                waited.as_secs()
                            )),
                    )),
                ));
            }
            clock.sleep(self.poll_interval).await;
            waited += self.poll_interval;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_to_linkedin_hosts_and_the_configured_host_only() {
        let base = Url::parse("https://api.linkedin.com/rest").unwrap();
        let local = Url::parse("http://127.0.0.1:8080/linkedin/rest").unwrap();
        let cases: &[(&str, &Url, Option<bool>)] = &[
            (
                "https://www.linkedin.com/dms-uploads/C4E/0?ut=1",
                &base,
                Some(true),
            ),
            ("https://linkedin.com/dms-uploads/x", &base, Some(true)),
            ("https://api.linkedin.com/mediaUpload/x", &base, Some(true)),
            ("https://evil-linkedin.com/x", &base, Some(false)),
            (
                "https://www.linkedin.com.evil.example/x",
                &base,
                Some(false),
            ),
            ("https://cdn.example.com/upload", &base, Some(false)),
            ("http://www.linkedin.com/dms-uploads/x", &base, None),
            (
                "http://127.0.0.1:8080/linkedin/dms-uploads/s1",
                &local,
                Some(true),
            ),
            ("http://127.0.0.1:9090/upload", &local, None),
            ("http://localhost:8080/upload", &local, None),
        ];
        for (url, base, expected) in cases {
            let url = Url::parse(url).unwrap();
            assert_eq!(token_goes_to(&url, base), *expected, "{url}");
        }
    }

    #[test]
    fn media_urns_parse_by_kind() {
        let i: MediaUrn = "urn:li:image:C4E10AQFoyyAjHPMQuQ".parse().unwrap();
        assert_eq!(i.collection(), "images");
        let v: MediaUrn = "urn:li:video:C5F10AQGKQg_6y2a4sQ".parse().unwrap();
        assert_eq!(v.collection(), "videos");
        let d: MediaUrn = "urn:li:document:D4D10AQH4ZPV0-3wJxg".parse().unwrap();
        assert_eq!(d.collection(), "documents");
        assert!("urn:li:share:1".parse::<MediaUrn>().is_err());
        assert!(v.into_image().is_none());
    }
}
