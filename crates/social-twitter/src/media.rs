//! Media: the v2 chunked upload (initialize, append, finalize, then status polling until X has
//! processed the file), from bytes or a file, with progress and alt text.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;
use social_core::http::{Idempotency, Part, RequestSpec};
use social_core::reconcile::Created;
use social_core::{Error, MediaId, Network, Result, Violation, ViolationKind};

use crate::client::{Needs, TwitterClient};
use crate::models::{MediaUpload, ProcessingState, XResponse};

/// Default chunk size: 1 MiB, as X's peers use.
pub const DEFAULT_CHUNK_SIZE: usize = 1024 * 1024;

social_core::wire_enum! {
    /// What the media is for (`media_category`); decides X's size limits and processing.
    pub enum MediaCategory {
        /// A photo in a post (up to 5 MB).
        TweetImage = "tweet_image",
        /// An animated GIF in a post (up to 15 MB).
        TweetGif = "tweet_gif",
        /// A video in a post (up to 512 MB).
        TweetVideo = "tweet_video",
    }
}

impl MediaCategory {
    /// The largest file X accepts in this category
    /// (<https://docs.x.com/x-api/media/introduction>: image 5 MB, GIF 15 MB, video 512 MB).
    pub fn max_bytes(self) -> u64 {
        match self {
            MediaCategory::TweetImage => 5 * 1024 * 1024,
            MediaCategory::TweetGif => 15 * 1024 * 1024,
            MediaCategory::TweetVideo => 512 * 1024 * 1024,
        }
    }

    /// The category matching a MIME type (`image/gif` → GIF, `video/*` → video, other images → image).
    pub fn for_media_type(media_type: &str) -> Self {
        match media_type {
            "image/gif" => MediaCategory::TweetGif,
            t if t.starts_with("video/") => MediaCategory::TweetVideo,
            _ => MediaCategory::TweetImage,
        }
    }
}

/// Where an upload is (core's type, shared with the other adapters' uploads).
pub use social_core::UploadProgress;

type ProgressFn = Arc<dyn Fn(UploadProgress) + Send + Sync>;

/// The media area: `client.media()`. (The media object X serves attached to a post is
/// [`models::Media`](crate::models::Media).)
#[derive(Debug, Clone)]
pub struct Media {
    client: TwitterClient,
}

impl TwitterClient {
    /// Media upload (user context: OAuth 2.0 with `media.write`, or OAuth 1.0a).
    pub fn media(&self) -> Media {
        Media {
            client: self.clone(),
        }
    }
}

impl Media {
    /// Uploads bytes of the given MIME type (`image/png`, `video/mp4`…).
    pub fn upload(
        &self,
        data: impl Into<Bytes>,
        media_type: impl Into<String>,
    ) -> UploadMediaBuilder {
        let media_type = media_type.into();
        UploadMediaBuilder {
            client: self.client.clone(),
            data: data.into(),
            category: MediaCategory::for_media_type(&media_type),
            media_type,
            chunk_size: DEFAULT_CHUNK_SIZE,
            alt_text: None,
            progress: None,
            max_processing_wait: Duration::from_secs(600),
        }
    }

    /// Uploads a file; the MIME type is guessed from the extension unless given.
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        media_type: Option<&str>,
    ) -> Result<UploadMediaBuilder> {
        let path = path.as_ref();
        let data = tokio::fs::read(path).await.map_err(|e| {
            Error::invalid(
                Network::X,
                Violation::new(
                    "path",
                    ViolationKind::Malformed,
                    format!("cannot read {}: {e}", path.display()),
                ),
            )
        })?;
        let media_type = media_type
            .map(str::to_string)
            .unwrap_or_else(|| guess_type(path).to_string());
        Ok(self.upload(data, media_type))
    }

    /// The processing state of an upload (`GET /2/media/upload?command=STATUS`).
    pub async fn status(&self, id: &MediaId) -> Result<MediaUpload> {
        let spec = RequestSpec::get("2/media/upload")
            .query("command", "STATUS")
            .query("media_id", id.as_str())
            .endpoint("GET /2/media/upload");
        let resp: XResponse<MediaUpload> = self.client.send(spec, Needs::User).await?;
        resp.into_data()
    }

    /// Sets the alternative text of an uploaded image (`POST /2/media/metadata`, up to 1,000
    /// characters).
    pub async fn set_alt_text(&self, id: &MediaId, text: &str) -> Result<()> {
        Error::check_violations(
            Network::X,
            alt_text_violation(text, "alt_text").into_iter().collect(),
        )?;
        self.put_alt_text(id, text).await
    }

    /// `POST /2/media/metadata` for a text already validated (an upload's, a draft's).
    pub(crate) async fn put_alt_text(&self, id: &MediaId, text: &str) -> Result<()> {
        let spec = RequestSpec::post("2/media/metadata")
            .json(&json!({ "id": id, "metadata": { "alt_text": { "text": text } } }))
            .with_idempotency(Idempotency::Idempotent)
            .endpoint("POST /2/media/metadata");
        let _: serde_json::Value = self.client.send(spec, Needs::User).await?;
        Ok(())
    }
}

/// The rule an alternative text breaks, if any: X takes 1 to 1,000 characters.
pub fn alt_text_violation(text: &str, field: &str) -> Option<Violation> {
    let n = text.chars().count();
    (n == 0 || n > 1000).then(|| {
        Violation::new(
            field.to_string(),
            ViolationKind::OutOfRange,
            format!("alt text has 1 to 1,000 characters, not {n}"),
        )
    })
}

fn guess_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("mp4") => "video/mp4",
        Some("mov") => "video/quicktime",
        _ => "image/jpeg",
    }
}

/// The answer of INITIALIZE and FINALIZE. Both are writes: without `data` the answer cannot be
/// read, and the transport reports it as [`Error::Unconfirmed`] (the step did happen).
#[derive(Deserialize)]
struct Step {
    data: MediaUpload,
}

/// An upload being built.
///
/// ```no_run
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let png = std::fs::read("chart.png").expect("the chart");
/// let media = x
///     .media()
///     .upload(png, "image/png")
///     .alt_text("Revenue by quarter, 2026")
///     .on_progress(|p| println!("{p:?}"))
///     .send()
///     .await?;
/// x.tweets().create("Our year in one chart").media([media.id]).send().await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct UploadMediaBuilder {
    client: TwitterClient,
    data: Bytes,
    media_type: String,
    category: MediaCategory,
    chunk_size: usize,
    alt_text: Option<String>,
    progress: Option<ProgressFn>,
    max_processing_wait: Duration,
}

impl fmt::Debug for UploadMediaBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadMediaBuilder")
            .field("len", &self.data.len())
            .field("media_type", &self.media_type)
            .field("category", &self.category)
            .field("chunk_size", &self.chunk_size)
            .finish_non_exhaustive()
    }
}

impl UploadMediaBuilder {
    /// Overrides the category guessed from the MIME type.
    pub fn category(mut self, category: MediaCategory) -> Self {
        self.category = category;
        self
    }

    /// Bytes per APPEND (default 1 MiB, at least 1 KiB; X allows up to 1,000 segments).
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.chunk_size = n.max(1024);
        self
    }

    /// Alternative text, set once the upload is done.
    pub fn alt_text(mut self, text: impl Into<String>) -> Self {
        self.alt_text = Some(text.into());
        self
    }

    /// Called after each chunk and each processing check.
    pub fn on_progress(mut self, f: impl Fn(UploadProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// The longest time to wait for X's processing (default 10 minutes).
    pub fn max_processing_wait(mut self, d: Duration) -> Self {
        self.max_processing_wait = d;
        self
    }

    fn report(&self, p: UploadProgress) {
        if let Some(f) = &self.progress {
            f(p);
        }
    }

    fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        // Checked before anything is uploaded, not after.
        v.extend(
            self.alt_text
                .as_deref()
                .and_then(|a| alt_text_violation(a, "alt_text")),
        );
        let total = self.data.len() as u64;
        if total == 0 {
            v.push(Violation::new(
                "media",
                ViolationKind::Empty,
                "the file is empty",
            ));
        }
        if total > self.category.max_bytes() {
            v.push(Violation::new(
                "media",
                ViolationKind::TooLong {
                    limit: self.category.max_bytes(),
                    actual: total,
                },
                format!(
                    "{} accepts at most {} bytes",
                    self.category.as_str(),
                    self.category.max_bytes()
                ),
            ));
        }
        if total.div_ceil(self.chunk_size as u64) > 1000 {
            v.push(Violation::new(
                "chunk_size",
                ViolationKind::TooMany {
                    limit: 1000,
                    actual: total.div_ceil(self.chunk_size as u64),
                },
                "an upload has at most 1,000 segments: raise the chunk size",
            ));
        }
        v
    }

    /// Uploads, waits for processing, sets the alt text; returns the media to attach.
    ///
    /// Once INITIALIZE answered, the media id is known: a later step whose outcome is unknown
    /// ([`Error::Unconfirmed`]) lists it in [`created`](Error::created), so it can be checked
    /// (`status`) and attached instead of uploaded again.
    pub async fn send(self) -> Result<MediaUpload> {
        self.client
            .check(Needs::User, "POST /2/media/upload/initialize")?;
        Error::check_violations(Network::X, self.violations())?;
        let total = self.data.len() as u64;
        let init = RequestSpec::post("2/media/upload/initialize")
            .json(&json!({
                "media_type": self.media_type,
                "total_bytes": total,
                "media_category": self.category.as_str(),
            }))
            .endpoint("POST /2/media/upload/initialize");
        let step: Step = self.client.send(init, Needs::User).await?;
        let id = step.data.id;
        self.after_initialize(&id)
            .await
            .map_err(|e| e.with_created([Created::media(id.as_str())]))
    }

    /// APPEND, FINALIZE, processing and alt text, for the upload `id`.
    async fn after_initialize(&self, id: &MediaId) -> Result<MediaUpload> {
        let total = self.data.len() as u64;
        let mut sent = 0u64;
        for (index, chunk) in self.data.chunks(self.chunk_size).enumerate() {
            let part = Part::bytes(
                "media",
                self.data.slice_ref(chunk),
                "application/octet-stream",
            )
            .with_file_name("blob");
            // Re-sending a segment replaces it, so APPEND may be retried.
            let append = RequestSpec::post("2/media/upload")
                .segment(id.as_str())
                .path("append")
                .multipart(vec![part, Part::text("segment_index", index.to_string())])
                .with_idempotency(Idempotency::Idempotent)
                .endpoint("POST /2/media/upload/:id/append");
            let _: serde_json::Value = self.client.send(append, Needs::User).await?;
            sent += chunk.len() as u64;
            self.report(UploadProgress::Sending { sent, total });
        }

        let finalize = RequestSpec::post("2/media/upload")
            .segment(id.as_str())
            .path("finalize")
            .endpoint("POST /2/media/upload/:id/finalize");
        let step: Step = self.client.send(finalize, Needs::User).await?;
        let mut state = step.data;

        let media = self.client.media();
        let clock = self.client.transport().clock().clone();
        let mut waited = Duration::ZERO;
        while let Some(info) = state.processing_info.clone() {
            match info.state {
                ProcessingState::Succeeded => break,
                ProcessingState::Failed => {
                    return Err(Error::Api(Box::new(
                        social_core::ApiError::new(Network::X, 200)
                            .with_kind("media-processing-failed")
                            .with_message(format!(
                                "X could not process the media {id}: {}",
                                info.error.map(|e| e.to_string()).unwrap_or_default()
                            )),
                    )));
                }
                _ => {}
            }
            self.report(UploadProgress::Processing {
                percent: info.progress_percent,
            });
            let wait = Duration::from_secs(info.check_after_secs.unwrap_or(1).clamp(1, 60));
            if waited + wait > self.max_processing_wait {
                return Err(Error::Protocol {
                    network: Network::X,
                    message: format!(
                        "media {id} was still processing after {}s",
                        waited.as_secs()
                    ),
                });
            }
            clock.sleep(wait).await;
            waited += wait;
            state = media.status(id).await?;
        }
        if let Some(alt) = &self.alt_text {
            // Validated with the rest before anything was uploaded.
            media.put_alt_text(id, alt).await?;
        }
        self.report(UploadProgress::Done);
        Ok(state)
    }
}
