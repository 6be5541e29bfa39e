//! The wire types of the Images, Videos and Documents APIs
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api>).
//!
//! The upload and download URLs are pre-signed: their query is a credential. The `Debug` of
//! these types prints a URL's scheme, host and path only ([`url_without_query`]), so a logged
//! ticket or asset never hands out the signature.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::EpochMillis;
use crate::urn::{DocumentUrn, ImageUrn, VideoUrn};

social_core::wire_enum! {
    /// Where an uploaded image, video or document is (`status`).
    pub enum MediaStatus {
        /// Registered, its bytes not uploaded yet.
        WaitingUpload = "WAITING_UPLOAD",
        /// Uploaded, being processed: not usable in a post yet.
        Processing = "PROCESSING",
        /// Ready to use in a post.
        Available = "AVAILABLE",
        /// LinkedIn could not process it: upload it again.
        ProcessingFailed = "PROCESSING_FAILED",
        _ => Unknown,
    }
}

/// The answer of `POST /rest/images?action=initializeUpload` (`value`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImageUploadTicket {
    /// Where to `PUT` the bytes (absolute, pre-signed).
    pub upload_url: String,
    /// Until when the upload URL works.
    #[serde(default)]
    pub upload_url_expires_at: Option<EpochMillis>,
    /// The image's URN.
    pub image: ImageUrn,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `POST /rest/documents?action=initializeUpload` (`value`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DocumentUploadTicket {
    /// Where to `PUT` the bytes (absolute, pre-signed).
    pub upload_url: String,
    /// Until when the upload URL works.
    #[serde(default)]
    pub upload_url_expires_at: Option<EpochMillis>,
    /// The document's URN.
    pub document: DocumentUrn,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One part of a video upload: the bytes `first_byte..=last_byte` go to `upload_url`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UploadInstruction {
    /// Where to `PUT` this part (absolute, pre-signed).
    pub upload_url: String,
    /// The first byte of the part (from 0).
    pub first_byte: u64,
    /// The last byte of the part (inclusive).
    pub last_byte: u64,
}

/// The answer of `POST /rest/videos?action=initializeUpload` (`value`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VideoUploadTicket {
    /// The video's URN.
    pub video: VideoUrn,
    /// The token `finalizeUpload` takes back (often empty).
    #[serde(default)]
    pub upload_token: String,
    /// The parts to upload, in order.
    #[serde(default)]
    pub upload_instructions: Vec<UploadInstruction>,
    /// Until when the upload URLs work.
    #[serde(default)]
    pub upload_urls_expire_at: Option<EpochMillis>,
    /// Where to `PUT` the thumbnail, when one was announced.
    #[serde(default)]
    pub thumbnail_upload_url: Option<String>,
    /// Where to `PUT` the captions, when they were announced.
    #[serde(default)]
    pub captions_upload_url: Option<String>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An uploaded image, video or document as `GET /rest/{images|videos|documents}/{urn}` serves
/// it.
///
/// ```
/// use social_linkedin::models::{MediaAsset, MediaStatus};
///
/// // The shape of the Images API's "Get a Single Image" sample answer.
/// let image: MediaAsset = serde_json::from_value(serde_json::json!({
///     "owner": "urn:li:organization:2414183",
///     "status": "AVAILABLE",
///     "downloadUrlExpiresAt": 1650574800000u64,
///     "downloadUrl": "https://media.licdn.com/dms/image/C4E10AQFoyyAjHPMQuQ/image-shrink_1280/0/1650488400000",
///     "id": "urn:li:image:C4E10AQFoyyAjHPMQuQ"
/// })).unwrap();
/// assert_eq!(image.status, Some(MediaStatus::Available));
/// ```
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MediaAsset {
    /// Its URN, as sent.
    #[serde(default)]
    pub id: Option<String>,
    /// Who owns it (a member or a page URN), as sent.
    #[serde(default)]
    pub owner: Option<String>,
    /// Where it is.
    #[serde(default)]
    pub status: Option<MediaStatus>,
    /// Where to download it, once available.
    #[serde(default)]
    pub download_url: Option<String>,
    /// Until when the download URL works.
    #[serde(default)]
    pub download_url_expires_at: Option<EpochMillis>,
    /// Fields not typed here (`duration`, `aspectRatioWidth`, `thumbnail`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `url` as `Debug` shows it: scheme, host, port and path, without the query (the signature of
/// a pre-signed URL) or fragment; `[not a URL]` when it does not parse, since it cannot be told
/// what part of it is secret.
///
/// ```
/// use social_linkedin::models::url_without_query;
/// assert_eq!(
///     url_without_query("https://www.linkedin.com/dms-uploads/C4E/0?ca=vector_ads&sig=SECRET"),
///     "https://www.linkedin.com/dms-uploads/C4E/0?…"
/// );
/// assert_eq!(url_without_query("https://media.licdn.com/dms/image/x"), "https://media.licdn.com/dms/image/x");
/// ```
pub fn url_without_query(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let had_query = u.query().is_some();
            u.set_query(None);
            u.set_fragment(None);
            // No credentials of the form `user:password@` either.
            let _ = u.set_username("");
            let _ = u.set_password(None);
            let mut shown = u.to_string();
            if had_query {
                shown.push_str("?…");
            }
            shown
        }
        Err(_) => "[not a URL]".to_owned(),
    }
}

/// `Debug` of a URL string without its query.
struct ShownUrl<'a>(&'a str);

impl fmt::Debug for ShownUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&url_without_query(self.0), f)
    }
}

/// `Debug` of the untyped fields: every string that is a URL shown without its query.
struct ShownExtra<'a>(&'a Map<String, Value>);

impl fmt::Debug for ShownExtra<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn shown(v: &Value) -> Value {
            match v {
                Value::String(s) if s.contains("://") => Value::String(url_without_query(s)),
                Value::Array(a) => Value::Array(a.iter().map(shown).collect()),
                Value::Object(o) => {
                    Value::Object(o.iter().map(|(k, v)| (k.clone(), shown(v))).collect())
                }
                other => other.clone(),
            }
        }
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, shown(v))))
            .finish()
    }
}

impl fmt::Debug for ImageUploadTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageUploadTicket")
            .field("upload_url", &ShownUrl(&self.upload_url))
            .field("upload_url_expires_at", &self.upload_url_expires_at)
            .field("image", &self.image)
            .field("extra", &ShownExtra(&self.extra))
            .finish()
    }
}

impl fmt::Debug for DocumentUploadTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentUploadTicket")
            .field("upload_url", &ShownUrl(&self.upload_url))
            .field("upload_url_expires_at", &self.upload_url_expires_at)
            .field("document", &self.document)
            .field("extra", &ShownExtra(&self.extra))
            .finish()
    }
}

impl fmt::Debug for UploadInstruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadInstruction")
            .field("upload_url", &ShownUrl(&self.upload_url))
            .field("first_byte", &self.first_byte)
            .field("last_byte", &self.last_byte)
            .finish()
    }
}

impl fmt::Debug for VideoUploadTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VideoUploadTicket")
            .field("video", &self.video)
            // Handed back to `finalizeUpload` only: kept out of logs like the URLs.
            .field(
                "upload_token",
                &(!self.upload_token.is_empty()).then_some("[redacted]"),
            )
            .field("upload_instructions", &self.upload_instructions)
            .field("upload_urls_expire_at", &self.upload_urls_expire_at)
            .field(
                "thumbnail_upload_url",
                &self.thumbnail_upload_url.as_deref().map(ShownUrl),
            )
            .field(
                "captions_upload_url",
                &self.captions_upload_url.as_deref().map(ShownUrl),
            )
            .field("extra", &ShownExtra(&self.extra))
            .finish()
    }
}

impl fmt::Debug for MediaAsset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaAsset")
            .field("id", &self.id)
            .field("owner", &self.owner)
            .field("status", &self.status)
            .field("download_url", &self.download_url.as_deref().map(ShownUrl))
            .field("download_url_expires_at", &self.download_url_expires_at)
            .field("extra", &ShownExtra(&self.extra))
            .finish()
    }
}
