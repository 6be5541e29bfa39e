//! The Images, Videos and Documents APIs
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api>):
//! `initializeUpload` (the owner must be the caller or a page they hold a posting role on),
//! the `PUT` of the bytes to an upload URL the fake serves itself (`/dms-uploads/{slot}`,
//! absolute, standing for `www.linkedin.com/dms-uploads/…`), a video in parts of
//! [`LinkedInState::set_video_part_size`] bytes by the byte ranges it hands out, each part
//! answered with an `ETag`, `finalizeUpload` checking the upload token and the part ids in
//! order, and `GET /rest/{images|videos|documents}/{urn}` with the documented statuses
//! `WAITING_UPLOAD`, `PROCESSING`, `AVAILABLE` and `PROCESSING_FAILED`.
//!
//! Processing ends after [`LinkedInState::set_media_processing`] status reads and seconds of
//! the fake clock; [`LinkedInState::fail_next_media`] makes the next uploads end
//! `PROCESSING_FAILED`. The upload URL is pre-signed: the fake does not ask for the bearer
//! token there. It refuses a part without a `Content-Type` (400: integrators found LinkedIn
//! does, n8n-io/n8n PR #9307) or of the wrong length. LinkedIn publishes no error bodies for
//! a bad part or finalize; the fake sends its 400 envelope with a message saying what is wrong.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use super::Ctx;
use super::posts::may_act_as;
use super::schema::{self, Field, Mode, Ty, field};
use super::state::LinkedInState;
use super::wire::{
    Answer, Call, Reply, error, illegal_argument, not_a_data_map, not_found, percent_decode,
    validation,
};

/// The part size of a video upload LinkedIn documents: 4 MiB.
pub const VIDEO_PART_SIZE: u64 = 4 * 1024 * 1024;

/// The statuses of an asset.
const WAITING_UPLOAD: &str = "WAITING_UPLOAD";
const PROCESSING: &str = "PROCESSING";
const AVAILABLE: &str = "AVAILABLE";
const PROCESSING_FAILED: &str = "PROCESSING_FAILED";

/// The largest video `initializeUpload` takes: 500 MB, the Videos API page's limit for a video
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>),
/// counted here as 500 MiB. Larger sizes are refused with a 422 before any upload instruction
/// is built.
pub const MAX_VIDEO_BYTES: u64 = 500 * 1024 * 1024;

/// The most parts the fake lays out for one video: a guard against a tiny
/// [`LinkedInState::set_video_part_size`] with a large file (at LinkedIn's 4 MiB parts a
/// 500 MiB video has 125).
const MAX_VIDEO_PARTS: u64 = 10_000;

/// How long an upload URL works (the Images API samples show about a day).
const UPLOAD_URL_TTL_MS: i64 = 86_400_000;

const OWNER_ONLY: &[Field] = &[field("owner", Ty::Urn(&["person", "organization"])).required()];
const INIT_VIDEO: &[Field] = &[
    field("owner", Ty::Urn(&["person", "organization"])).required(),
    field("fileSizeBytes", Ty::Long).required(),
    field("uploadCaptions", Ty::Boolean),
    field("uploadThumbnail", Ty::Boolean),
];
const FINALIZE: &[Field] = &[
    field("video", Ty::Urn(&["video"])).required(),
    field("uploadToken", Ty::Text).required(),
    field("uploadedPartIds", Ty::Array(&Ty::Text)).required(),
];

/// The kind of asset a collection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Image,
    Video,
    Document,
}

impl Kind {
    fn of_collection(collection: &str) -> Option<Kind> {
        match collection {
            "images" => Some(Kind::Image),
            "videos" => Some(Kind::Video),
            "documents" => Some(Kind::Document),
            _ => None,
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Video => "video",
            Kind::Document => "document",
        }
    }

    fn id_prefix(self) -> &'static str {
        match self {
            Kind::Image => "C4E10AQF",
            Kind::Video => "C5F10AQG",
            Kind::Document => "D4D10AQH",
        }
    }
}

/// What an upload slot receives.
#[derive(Debug, Clone)]
enum Slot {
    /// The whole file of an image or document.
    Whole { urn: String },
    /// Part `index` of a video: bytes `first..=last`.
    Part {
        urn: String,
        index: usize,
        first: u64,
        last: u64,
    },
    /// A video's thumbnail or captions.
    Extra { urn: String },
}

/// One asset.
#[derive(Debug, Clone)]
struct Asset {
    kind: Kind,
    owner: String,
    /// The member who registered it.
    member: String,
    status: &'static str,
    upload_token: String,
    /// The ETag of each video part, once uploaded.
    parts: Vec<Option<String>>,
    /// Status reads answered while processing.
    polls: u32,
    /// When processing started (Unix seconds).
    processing_since: i64,
    fails: bool,
    bytes: u64,
}

/// The media part of the fake's state.
#[derive(Debug)]
pub(crate) struct MediaStore {
    assets: BTreeMap<String, Asset>,
    slots: HashMap<String, Slot>,
    serial: u64,
    part_size: u64,
    processing_polls: u32,
    processing_seconds: i64,
    fail_next: u32,
}

impl Default for MediaStore {
    fn default() -> Self {
        MediaStore {
            assets: BTreeMap::new(),
            slots: HashMap::new(),
            serial: 0,
            part_size: VIDEO_PART_SIZE,
            processing_polls: 1,
            processing_seconds: 0,
            fail_next: 0,
        }
    }
}

impl MediaStore {
    fn mint(&mut self, kind: Kind) -> String {
        self.serial += 1;
        format!(
            "urn:li:{}:{}{:08}",
            kind.entity(),
            kind.id_prefix(),
            self.serial
        )
    }

    fn slot(&mut self, slot: Slot) -> String {
        self.serial += 1;
        let id = format!("slot{:06}", self.serial);
        self.slots.insert(id.clone(), slot);
        id
    }
}

impl LinkedInState {
    /// Video parts are this many bytes (default [`VIDEO_PART_SIZE`], at least 1): tests use a
    /// few bytes to get several parts from a small file.
    pub fn set_video_part_size(&mut self, bytes: u64) {
        self.media.part_size = bytes.max(1);
    }

    /// An uploaded asset answers `PROCESSING` to its first `polls` status reads, and until
    /// `seconds` of the fake clock have passed since its upload ended; then `AVAILABLE`
    /// (default: one read, no wait).
    pub fn set_media_processing(&mut self, polls: u32, seconds: i64) {
        self.media.processing_polls = polls;
        self.media.processing_seconds = seconds.max(0);
    }

    /// The next `count` uploads end `PROCESSING_FAILED` instead of `AVAILABLE`.
    pub fn fail_next_media(&mut self, count: u32) {
        self.media.fail_next = count;
    }

    /// Seeds an `AVAILABLE` asset of `kind` (`"image"`, `"video"` or `"document"`) owned by
    /// `owner` (a URN) and registered by `member`; returns its URN.
    ///
    /// ```
    /// use social_testkit::linkedin::LinkedInFake;
    ///
    /// let linkedin = LinkedInFake::new();
    /// let ada = linkedin.add_member("Ada", "Lovelace");
    /// let image = linkedin.state().lock().add_media("image", &format!("urn:li:person:{ada}"), &ada);
    /// assert_eq!(linkedin.state().lock().media_status(&image), Some("AVAILABLE"));
    /// ```
    #[track_caller]
    pub fn add_media(&mut self, kind: &str, owner: &str, member: &str) -> String {
        let kind = Kind::of_collection(&format!("{kind}s"))
            .unwrap_or_else(|| panic!("no media kind {kind:?}: image, video or document"));
        let urn = self.media.mint(kind);
        self.media.assets.insert(
            urn.clone(),
            Asset {
                kind,
                owner: owner.to_owned(),
                member: member.to_owned(),
                status: AVAILABLE,
                upload_token: String::new(),
                parts: Vec::new(),
                polls: 0,
                processing_since: 0,
                fails: false,
                bytes: 0,
            },
        );
        urn
    }

    /// The status of an asset (`WAITING_UPLOAD`, `PROCESSING`, `AVAILABLE`,
    /// `PROCESSING_FAILED`), `None` for an unknown URN.
    pub fn media_status(&self, urn: &str) -> Option<&'static str> {
        self.media.assets.get(urn).map(|a| a.status)
    }

    /// The bytes an asset received (all its parts, thumbnail and captions).
    pub fn media_bytes(&self, urn: &str) -> Option<u64> {
        self.media.assets.get(urn).map(|a| a.bytes)
    }

    /// Why a post may not use the asset `urn`: unknown, or not `AVAILABLE` yet. Posts call this
    /// for every asset they carry.
    pub(crate) fn media_unusable(&self, urn: &str) -> Option<String> {
        match self.media.assets.get(urn) {
            None => Some(format!("{urn} does not exist")),
            Some(a) if a.status != AVAILABLE => {
                Some(format!("{urn} is not AVAILABLE (status {})", a.status))
            }
            Some(_) => None,
        }
    }
}

/// The body as a JSON object, else LinkedIn's 400.
fn object(body: &[u8]) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(not_a_data_map()),
    }
}

/// The 403 of a media resource, in the documented wording ("Accessing this document resource
/// is forbidden. Please check your permissions for this resource", Documents API page).
fn forbidden(kind: Kind) -> Reply {
    error(
        403,
        None,
        None,
        &format!(
            "Accessing this {} resource is forbidden. Please check your permissions for this resource",
            kind.entity()
        ),
    )
}

/// The collection of the call (`/rest/{collection}…`).
fn kind(ctx: &Ctx<'_>) -> Kind {
    ctx.call
        .segments
        .get(1)
        .and_then(|c| Kind::of_collection(c))
        .unwrap_or(Kind::Image)
}

/// The absolute URL of an upload slot on this fake.
fn upload_url(call: &Call, slot: &str) -> String {
    format!("{}{}/dms-uploads/{slot}", call.origin, call.prefix)
}

/// `POST /rest/{images|videos|documents}?action=…`.
pub(super) fn action(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let kind = kind(ctx);
    match (kind, ctx.call.param("action")) {
        (_, Some("initializeUpload")) => initialize(state, ctx, kind),
        (Kind::Video, Some("finalizeUpload")) => finalize(state, ctx),
        (_, other) => Err(illegal_argument(&format!(
            "Unknown action {:?} on {}s",
            other.unwrap_or_default(),
            kind.entity()
        ))),
    }
}

/// `initializeUpload`: registers the asset, answers its upload URL(s).
fn initialize(state: &mut LinkedInState, ctx: &Ctx<'_>, kind: Kind) -> Answer {
    let body = object(&ctx.call.body)?;
    let mut errors = Vec::new();
    let wrapper = [field(
        "initializeUploadRequest",
        Ty::Record(if kind == Kind::Video {
            INIT_VIDEO
        } else {
            OWNER_ONLY
        }),
    )
    .required()];
    schema::validate(&wrapper, &body, Mode::Create, &mut errors);
    let request = body
        .get("initializeUploadRequest")
        .cloned()
        .unwrap_or_default();
    let size = request.get("fileSizeBytes").and_then(Value::as_u64);
    if kind == Kind::Video && errors.is_empty() && size.unwrap_or(0) == 0 {
        errors
            .push("ERROR :: /initializeUploadRequest/fileSizeBytes :: must be positive".to_owned());
    }
    if kind == Kind::Video && errors.is_empty() && size.unwrap_or(0) > MAX_VIDEO_BYTES {
        errors.push(format!(
            "ERROR :: /initializeUploadRequest/fileSizeBytes :: must be at most {MAX_VIDEO_BYTES} bytes"
        ));
    }
    if kind == Kind::Video
        && errors.is_empty()
        && size.unwrap_or(0).div_ceil(state.media.part_size) > MAX_VIDEO_PARTS
    {
        errors.push(format!(
            "ERROR :: /initializeUploadRequest/fileSizeBytes :: the fake's part size of {} bytes (set_video_part_size) would lay out more than {MAX_VIDEO_PARTS} parts",
            state.media.part_size
        ));
    }
    if !errors.is_empty() {
        return Err(validation(&errors));
    }
    let owner = request
        .get("owner")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !may_act_as(state, ctx, &owner, true) {
        return Err(forbidden(kind));
    }
    let member = ctx.member.clone().unwrap_or_default();
    let urn = state.media.mint(kind);
    let expires = state.now_ms() + UPLOAD_URL_TTL_MS;
    let mut asset = Asset {
        kind,
        owner,
        member,
        status: WAITING_UPLOAD,
        upload_token: String::new(),
        parts: Vec::new(),
        polls: 0,
        processing_since: 0,
        fails: false,
        bytes: 0,
    };
    let value = if kind == Kind::Video {
        let size = size.unwrap_or(0);
        let part = state.media.part_size;
        let mut instructions = Vec::new();
        let mut first = 0u64;
        while first < size {
            let last = (first + part).min(size) - 1;
            let index = instructions.len();
            let slot = state.media.slot(Slot::Part {
                urn: urn.clone(),
                index,
                first,
                last,
            });
            instructions.push(json!({
                "uploadUrl": upload_url(ctx.call, &slot),
                "firstByte": first,
                "lastByte": last,
            }));
            first = last + 1;
        }
        asset.parts = vec![None; instructions.len()];
        // A single-part upload's token is empty in the Videos API samples; a multi-part one
        // carries an opaque token.
        if instructions.len() > 1 {
            asset.upload_token = format!("upload-token-{}", state.media.serial);
        }
        let mut value = json!({
            "uploadUrlsExpireAt": expires,
            "video": urn,
            "uploadInstructions": instructions,
            "uploadToken": asset.upload_token,
        });
        for (flag, name) in [
            ("uploadThumbnail", "thumbnailUploadUrl"),
            ("uploadCaptions", "captionsUploadUrl"),
        ] {
            if request.get(flag).and_then(Value::as_bool) == Some(true) {
                let slot = state.media.slot(Slot::Extra { urn: urn.clone() });
                value[name] = json!(upload_url(ctx.call, &slot));
            }
        }
        value
    } else {
        let slot = state.media.slot(Slot::Whole { urn: urn.clone() });
        json!({
            "uploadUrlExpiresAt": expires,
            "uploadUrl": upload_url(ctx.call, &slot),
            kind.entity(): urn,
        })
    };
    state.media.assets.insert(urn, asset);
    Ok(Reply::json(200, json!({ "value": value })))
}

/// Marks an asset uploaded: processing starts now.
fn start_processing(state: &mut LinkedInState, urn: &str) {
    let now = state.now();
    let fails = if state.media.fail_next > 0 {
        state.media.fail_next -= 1;
        true
    } else {
        false
    };
    if let Some(asset) = state.media.assets.get_mut(urn) {
        asset.status = PROCESSING;
        asset.processing_since = now;
        asset.fails = fails;
    }
}

/// `PUT /dms-uploads/{slot}`: the bytes of a whole file, a video part, a thumbnail or captions.
pub(super) fn upload(state: &mut LinkedInState, call: &Call) -> Reply {
    let Some(slot) = call
        .segments
        .get(1)
        .and_then(|id| state.media.slots.get(id))
        .cloned()
    else {
        return not_found();
    };
    if call.method != "PUT" {
        return super::wire::method_not_allowed(&call.method);
    }
    if call.header("content-type").is_none_or(str::is_empty) {
        return illegal_argument("The upload has no Content-Type");
    }
    let len = call.body.len() as u64;
    match slot {
        Slot::Whole { urn } => {
            if len == 0 {
                return illegal_argument("The upload is empty");
            }
            let waiting = state
                .media
                .assets
                .get(&urn)
                .is_some_and(|a| a.status == WAITING_UPLOAD);
            if let Some(asset) = state.media.assets.get_mut(&urn) {
                asset.bytes = len;
            }
            if waiting {
                start_processing(state, &urn);
            }
            Reply::empty(201)
        }
        Slot::Part {
            urn,
            index,
            first,
            last,
        } => {
            if len != last - first + 1 {
                return illegal_argument(&format!(
                    "Part {} of {urn} must hold bytes {first}..={last} ({} bytes), not {len}",
                    index + 1,
                    last - first + 1
                ));
            }
            let etag = format!("/li-fake-etag/{urn}/{index}");
            if let Some(asset) = state.media.assets.get_mut(&urn) {
                if asset.parts.get(index).is_some_and(Option::is_none) {
                    asset.bytes += len;
                }
                if let Some(part) = asset.parts.get_mut(index) {
                    *part = Some(etag.clone());
                }
            }
            Reply::empty(200).with_header("etag", etag)
        }
        Slot::Extra { urn } => {
            if let Some(asset) = state.media.assets.get_mut(&urn) {
                asset.bytes += len;
            }
            Reply::empty(201)
        }
    }
}

/// `POST /rest/videos?action=finalizeUpload`: the upload token and every part's ETag, in
/// order.
fn finalize(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let body = object(&ctx.call.body)?;
    let mut errors = Vec::new();
    let wrapper = [field("finalizeUploadRequest", Ty::Record(FINALIZE)).required()];
    schema::validate(&wrapper, &body, Mode::Create, &mut errors);
    if !errors.is_empty() {
        return Err(validation(&errors));
    }
    let request = &body["finalizeUploadRequest"];
    let urn = request["video"].as_str().unwrap_or_default().to_owned();
    let Some(asset) = state.media.assets.get(&urn) else {
        return Err(not_found());
    };
    if ctx.member.as_deref() != Some(asset.member.as_str()) {
        return Err(forbidden(Kind::Video));
    }
    if request["uploadToken"].as_str() != Some(asset.upload_token.as_str()) {
        return Err(illegal_argument(&format!("Invalid uploadToken for {urn}")));
    }
    if asset.status != WAITING_UPLOAD {
        return Err(illegal_argument(&format!(
            "{urn} is already finalized (status {})",
            asset.status
        )));
    }
    if let Some(i) = asset.parts.iter().position(Option::is_none) {
        return Err(illegal_argument(&format!(
            "Part {} of {urn} was not uploaded",
            i + 1
        )));
    }
    let expected: Vec<Value> = asset.parts.iter().flatten().map(|e| json!(e)).collect();
    let sent = request["uploadedPartIds"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if sent != expected {
        return Err(illegal_argument(&format!(
            "uploadedPartIds of {urn} do not match the uploaded parts, in order"
        )));
    }
    start_processing(state, &urn);
    Ok(Reply::empty(200))
}

/// `GET /rest/{images|videos|documents}/{encoded URN}`: the asset, its status moving on with
/// each read and the fake clock.
pub(super) fn get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let kind = kind(ctx);
    let raw = ctx
        .call
        .segments
        .get(2)
        .map(String::as_str)
        .unwrap_or_default();
    let invalid = || illegal_argument(&format!("Invalid key in the path: {raw}"));
    if raw.contains(':') {
        return Err(invalid());
    }
    let urn = percent_decode(raw).ok_or_else(invalid)?;
    if !urn.starts_with(&format!("urn:li:{}:", kind.entity())) {
        return Err(invalid());
    }
    let now = state.now();
    let (polls_needed, seconds) = (state.media.processing_polls, state.media.processing_seconds);
    let Some(asset) = state.media.assets.get_mut(&urn) else {
        return Err(not_found());
    };
    if ctx.member.as_deref() != Some(asset.member.as_str()) {
        return Err(forbidden(kind));
    }
    if asset.status == PROCESSING {
        if asset.polls >= polls_needed && now >= asset.processing_since + seconds {
            asset.status = if asset.fails {
                PROCESSING_FAILED
            } else {
                AVAILABLE
            };
        } else {
            asset.polls += 1;
        }
    }
    let mut value = json!({
        "id": urn,
        "owner": asset.owner,
        "status": asset.status,
    });
    if asset.status == AVAILABLE {
        let id = urn.rsplit(':').next().unwrap_or_default();
        value["downloadUrl"] = json!(format!(
            "https://media.licdn.com/dms/{}/{id}/0/{}",
            asset.kind.entity(),
            now
        ));
        value["downloadUrlExpiresAt"] = json!((now + 86_400) * 1_000);
    }
    Ok(Reply::json(200, value))
}
