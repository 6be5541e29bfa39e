//! The wire types of the Images, Videos and Documents APIs
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api>).

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
