//! Media upload through the v2 dedicated endpoints: `initialize`, `append` (multipart, or
//! JSON with base64), `finalize`, `GET /2/media/upload?command=STATUS`, and alt text through
//! `POST /2/media/metadata`. Videos and GIFs go `pending` → `in_progress` → `succeeded` (or
//! `failed`) over STATUS calls, as [`XState::set_media_processing`] says; images are ready at
//! FINALIZE. An upload is visible to its owner only.
//! (<https://docs.x.com/x-api/media/quickstart/media-upload-chunked>.)

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::state::{Id, Media, MediaState, XState};
use super::wire::{
    Answer, Call, Reply, invalid_body, invalid_param, multipart, not_found, ok, parse_id,
};

/// `expires_after_secs` of an upload session.
const EXPIRES_AFTER: i64 = 86_400;

/// `media_category` values of the spec.
const CATEGORIES: &[&str] = &[
    "amplify_video",
    "tweet_gif",
    "tweet_image",
    "tweet_video",
    "dm_gif",
    "dm_image",
    "dm_video",
    "subtitles",
];

/// The caller's media `id`, else 404.
fn owned<'s>(state: &'s mut XState, call: &Call<'_>, id: Id) -> Result<&'s mut Media, Reply> {
    let me = call.me();
    state
        .media
        .get_mut(&id)
        .filter(|media| media.owner == me)
        .ok_or_else(|| not_found("media", "id", &id.to_string()))
}

/// The `data` of FINALIZE and STATUS: `processing_info` for processed media only.
fn status(media: &Media, processing: (u32, bool)) -> Answer {
    let mut data = json!({
        "id": media.id.to_string(),
        "media_key": media.key(),
        "size": media.total_bytes,
        "expires_after_secs": EXPIRES_AFTER,
    });
    let progress = (media.status_calls * 100 / processing.0).min(100);
    let info = match media.state {
        MediaState::Processing if media.status_calls == 0 => {
            Some(json!({ "state": "pending", "check_after_secs": 1 }))
        }
        MediaState::Processing => Some(
            json!({ "state": "in_progress", "check_after_secs": 1, "progress_percent": progress }),
        ),
        MediaState::Ready if media.is_processed() => {
            Some(json!({ "state": "succeeded", "progress_percent": 100 }))
        }
        MediaState::Failed => Some(json!({
            "state": "failed",
            "progress_percent": progress,
            "error": { "code": 1, "name": "InvalidMedia", "message": "Unsupported video format" },
        })),
        _ => None,
    };
    if let Some(info) = info {
        data["processing_info"] = info;
    }
    Ok(ok(200, json!({ "data": data })))
}

/// `POST /2/media/upload/initialize` with `{media_type, total_bytes, media_category?}` (the
/// category defaults from the type).
pub(super) fn initialize(state: &mut XState, call: &Call<'_>) -> Answer {
    let body = call.json()?;
    let media_type = body
        .get("media_type")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_body("$.media_type: a media type is required"))?;
    let total_bytes = body
        .get("total_bytes")
        .and_then(Value::as_u64)
        .ok_or_else(|| invalid_body("$.total_bytes: an integer is required"))?;
    let category = match body.get("media_category") {
        Some(category) => category
            .as_str()
            .filter(|c| CATEGORIES.contains(c))
            .ok_or_else(|| invalid_body(format!("$.media_category: {category} is not valid")))?,
        None if media_type == "image/gif" => "tweet_gif",
        None if media_type.starts_with("video/") => "tweet_video",
        None => "tweet_image",
    };
    let media = Media {
        id: state.next_id(),
        owner: call.me(),
        category: category.to_owned(),
        total_bytes,
        segments: Default::default(),
        state: MediaState::Uploading,
        status_calls: 0,
        alt_text: None,
        // X does not say a media's size before processing; the fake serves 720p.
        size: (1280, 720),
    };
    let data = json!({
        "id": media.id.to_string(),
        "media_key": media.key(),
        "expires_after_secs": EXPIRES_AFTER,
    });
    state.media.insert(media.id, media);
    Ok(ok(200, json!({ "data": data })))
}

/// `segment_index` and the chunk's length, from a multipart or a JSON (base64) body.
fn segment(call: &Call<'_>) -> Result<(u64, u64), Reply> {
    let content_type = call.header("content-type").unwrap_or_default();
    let (index, bytes) = match multipart(content_type, &call.request.body) {
        Some(parts) => {
            let part = |name: &str| parts.iter().find(|(n, _)| n == name).map(|(_, v)| v);
            let index =
                part("segment_index").and_then(|v| String::from_utf8_lossy(v).trim().parse().ok());
            (index, part("media").map(|media| media.len() as u64))
        }
        None => {
            let body = call.json().unwrap_or_else(|_| Map::new());
            let index = body.get("segment_index").and_then(Value::as_u64);
            let media = body.get("media").and_then(Value::as_str);
            let bytes = media
                .and_then(|m| STANDARD.decode(m).ok())
                .map(|m| m.len() as u64);
            (index, bytes)
        }
    };
    match (index, bytes) {
        (Some(index @ 0..=999), Some(bytes)) => Ok((index, bytes)),
        _ => Err(invalid_body(
            "`media` and a `segment_index` between 0 and 999 are required",
        )),
    }
}

/// `POST /2/media/upload/:id/append`: stores the segment's size (a re-sent index overwrites).
pub(super) fn append(state: &mut XState, call: &Call<'_>) -> Answer {
    let expires_at = state.now() + EXPIRES_AFTER;
    let (index, bytes) = segment(call)?;
    let media = owned(state, call, call.id(0))?;
    if media.state != MediaState::Uploading {
        return Err(invalid_body("The media upload is already finalized."));
    }
    media.segments.insert(index, bytes);
    Ok(ok(200, json!({ "data": { "expires_at": expires_at } })))
}

/// `POST /2/media/upload/:id/finalize`: 400 unless the segments add up to `total_bytes`.
pub(super) fn finalize(state: &mut XState, call: &Call<'_>) -> Answer {
    let processing = state.processing;
    let media = owned(state, call, call.id(0))?;
    if media.state == MediaState::Uploading {
        if media.received() != media.total_bytes {
            return Err(invalid_body(
                "Segments do not add up to provided total file size.",
            ));
        }
        media.state = if media.is_processed() {
            MediaState::Processing
        } else {
            MediaState::Ready
        };
    }
    status(media, processing)
}

/// `GET /2/media/upload?command=STATUS&media_id=`: each call advances processing.
pub(super) fn status_check(state: &mut XState, call: &Call<'_>) -> Answer {
    let command = call.query("command").unwrap_or_default();
    if command != "STATUS" {
        return Err(invalid_param(
            "command",
            &command,
            format!("The `command` query parameter value [{command}] is not one of [STATUS]"),
        ));
    }
    let id = parse_id("media_id", &call.query("media_id").unwrap_or_default())?;
    let (steps, succeed) = state.processing;
    let media = owned(state, call, id)?;
    if media.state == MediaState::Processing {
        media.status_calls += 1;
        if media.status_calls >= steps {
            media.state = if succeed {
                MediaState::Ready
            } else {
                MediaState::Failed
            };
        }
    }
    status(media, (steps, succeed))
}

/// `POST /2/media/metadata` with `{id, metadata: {alt_text: {text}}}` (text ≤ 1000 chars).
pub(super) fn metadata(state: &mut XState, call: &Call<'_>) -> Answer {
    let body = call.json()?;
    let id = call.json_id(&body, "id")?;
    let alt_text = body
        .get("metadata")
        .and_then(|m| m.get("alt_text"))
        .map(|alt| alt.get("text").and_then(Value::as_str));
    let media = owned(state, call, id)?;
    let mut associated = json!({});
    match alt_text {
        Some(Some(text)) if text.chars().count() <= 1000 => {
            media.alt_text = Some(text.to_owned());
            associated["alt_text"] = json!({ "text": text });
        }
        Some(_) => {
            return Err(invalid_body(
                "$.metadata.alt_text.text: a string of at most 1000 characters is required",
            ));
        }
        None => {}
    }
    Ok(ok(
        200,
        json!({ "data": { "id": id.to_string(), "associated_metadata": associated } }),
    ))
}
