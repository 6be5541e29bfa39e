//! Posts and photos: `POST /{page-id}/feed` and `/photos`, the timelines (`/feed`, `/posts`,
//! `/published_posts`, `/scheduled_posts`, `/visitor_posts`, `/photos`), and
//! `GET`/`POST`/`DELETE` on a post or a photo.
//!
//! Shapes follow <https://developers.facebook.com/docs/pages-api/posts>,
//! <https://developers.facebook.com/docs/graph-api/reference/page/feed/>,
//! <https://developers.facebook.com/docs/graph-api/reference/page/photos/> and
//! <https://developers.facebook.com/docs/graph-api/reference/pagepost/> (the node; its fields
//! are listed in `nodes.rs`).

use serde_json::{Map, Value, json};

use super::auth::page_actor;
use super::fields::Field;
use super::paging::{list, slice};
use super::state::{Actor, GraphState, Photo, Post};
use super::wire::{
    Answer, Call, Caller, Reply, error, invalid, node, ok, page_token_required, permissions,
    success, timestamp, unsupported,
};
use super::{Kind, expand, profile};

/// The fields of a post when none are asked for.
const POST_DEFAULT: &[&str] = &["id", "message", "created_time"];
/// The fields of a photo when none are asked for.
const PHOTO_DEFAULT: &[&str] = &["id", "created_time"];
/// The scheduling window: at least 10 minutes ahead, at most 75 days.
const MIN_SCHEDULE: i64 = 10 * 60;
const MAX_SCHEDULE: i64 = 75 * 86_400;

/// The `(#200)` a write without a suitable Page token gets.
fn cannot_post() -> Reply {
    permissions(
        "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission",
    )
}

/// The user behind a Page token for `page` allowed to publish on it.
fn publisher(state: &GraphState, call: &Call, page: &str) -> Result<String, Reply> {
    page_actor(
        state,
        call,
        page,
        &["CREATE_CONTENT"],
        &["pages_manage_posts", "pages_read_engagement"],
        cannot_post,
    )
}

/// `scheduled_publish_time`, checked against `published` and the window (10 minutes to 75
/// days from the fake's clock).
fn schedule(state: &GraphState, call: &Call, published: bool) -> Result<Option<i64>, Reply> {
    let Some(at) = call.time("scheduled_publish_time")? else {
        return Ok(None);
    };
    if published {
        return Err(invalid(
            "(#100) You cannot specify a scheduled publish time on a published post",
        ));
    }
    let now = state.now();
    if at < now + MIN_SCHEDULE || at > now + MAX_SCHEDULE {
        return Err(invalid(
            "(#100) The specified scheduled publish time is invalid: the time must be between 10 minutes and 75 days from the time of the request",
        )
        .with("error_user_title", json!("Invalid Scheduled Publish Time")));
    }
    Ok(Some(at))
}

/// Whether `raw` is an absolute `http(s)` URL.
fn is_web_url(raw: &str) -> bool {
    url::Url::parse(raw.trim())
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
}

/// The photos `attached_media[i]` (or a JSON array `attached_media`) name: each
/// `{"media_fbid":"…"}`, an unpublished photo of `page` not attached elsewhere.
fn attached_media(state: &GraphState, call: &Call, page: &str) -> Result<Vec<String>, Reply> {
    let mut entries: Vec<(usize, String, String)> = Vec::new();
    for (key, value) in call.params() {
        if key == "attached_media" {
            match serde_json::from_str::<Value>(value) {
                Ok(Value::Array(items)) => {
                    for (index, item) in items.into_iter().enumerate() {
                        entries.push((index, format!("attached_media[{index}]"), item.to_string()));
                    }
                }
                _ => {
                    return Err(invalid(
                        "(#100) param attached_media must be an array of {\"media_fbid\":…} objects",
                    ));
                }
            }
        } else if let Some(index) = key
            .strip_prefix("attached_media[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let Ok(index) = index.parse() else {
                return Err(invalid(format!("(#100) Invalid parameter {key}")));
            };
            entries.push((index, key.clone(), value.clone()));
        }
    }
    entries.sort_by_key(|(index, ..)| *index);
    entries.dedup_by_key(|(index, ..)| *index);
    let mut photos = Vec::new();
    for (_, key, raw) in entries {
        let id = serde_json::from_str::<Value>(&raw)
            .ok()
            .and_then(|value| match &value["media_fbid"] {
                Value::String(id) => Some(id.clone()),
                Value::Number(id) => Some(id.to_string()),
                _ => None,
            })
            .ok_or_else(|| {
                invalid(format!(
                    "(#100) param {key} must be a JSON object with a media_fbid"
                ))
            })?;
        let usable = state
            .photos
            .get(&id)
            .is_some_and(|photo| photo.page == page && !photo.published && photo.post.is_none());
        if !usable || photos.contains(&id) {
            return Err(invalid(format!(
                "(#100) param {key}: media_fbid {id} is not an unpublished photo of this Page"
            )));
        }
        photos.push(id);
    }
    Ok(photos)
}

/// Stores a post by `page` and attaches `photos` to it.
fn publish(state: &mut GraphState, mut post: Post) -> String {
    let photos = post.photos.clone();
    let live = post.published;
    post.created = state.now();
    post.updated = post.created;
    let id = state.insert_post(post);
    for photo in photos {
        if let Some(photo) = state.photos.get_mut(&photo) {
            photo.post = Some(id.clone());
            photo.published = live;
        }
    }
    id
}

/// `POST /{page-id}/feed`: a text, link or multi-photo post, published, unpublished or
/// scheduled. `{"id":"{page-id}_{n}"}`.
pub(super) fn create(state: &mut GraphState, call: &Call, page: &str) -> Answer {
    publisher(state, call, page)?;
    let message = call.text("message").map(str::to_owned);
    let link = call.text("link").map(str::to_owned);
    if let Some(link) = &link {
        if !is_web_url(link) {
            return Err(invalid("(#100) The parameter link must be a valid URL"));
        }
    }
    let published = call.flag("published")?.unwrap_or(true);
    let scheduled = schedule(state, call, published)?;
    let photos = attached_media(state, call, page)?;
    if message.is_none() && link.is_none() && photos.is_empty() {
        return Err(invalid(
            "(#100) The post is empty: give at least a message, a link or attached_media",
        ));
    }
    if let Some(message) = &message {
        // The Page's last own post: the newest of its index that the Page wrote.
        let by_page = Actor::Page(page.to_owned());
        let last = state
            .page_posts
            .get(page)
            .into_iter()
            .flat_map(|ids| ids.iter().rev())
            .filter_map(|id| state.posts.get(id))
            .inspect(|_| state.scan(1))
            .find(|p| p.from == by_page);
        let (text, _) = state.mentions(message);
        if last.is_some_and(|p| p.message.as_deref() == Some(text.as_str())) {
            // As Graph answers it: code 506, subcode 1455006, with the text shown to users.
            return Err(error(
                400,
                "OAuthException",
                506,
                Some(1_455_006),
                "Duplicate status message",
            )
            .with("is_transient", json!(false))
            .with("error_user_title", json!("Duplicate Status Update"))
            .with(
                "error_user_msg",
                json!("This status update is identical to the last one you posted. Try posting something different, or delete your previous update."),
            ));
        }
    }
    let mut post = state.blank_post(page, Actor::Page(page.to_owned()));
    post.message = message;
    post.link = link;
    post.published = published;
    post.scheduled = scheduled;
    post.photos = photos;
    let id = publish(state, post);
    Ok(ok(json!({ "id": id })))
}

/// `POST /{page-id}/photos`: from `url` or a multipart `source`. Published: a photo and a
/// post (`{"id","post_id"}`); scheduled: a photo and a scheduled post (`{"id","post_id"}`);
/// unpublished: the photo only (`{"id"}`), for `attached_media`.
pub(super) fn upload_photo(state: &mut GraphState, call: &Call, page: &str) -> Answer {
    publisher(state, call, page)?;
    let url = call.text("url").map(str::to_owned);
    let source = call.file("source").filter(|bytes| !bytes.is_empty());
    if url.is_none() && source.is_none() {
        return Err(error(
            400,
            "OAuthException",
            324,
            None,
            "(#324) Requires upload file",
        ));
    }
    if let Some(url) = &url {
        if !is_web_url(url) {
            return Err(invalid("(#100) url should represent a valid URL"));
        }
    }
    let caption = call
        .text("caption")
        .or_else(|| call.text("message"))
        .map(str::to_owned);
    let published = call.flag("published")?.unwrap_or(true);
    let temporary = call.flag("temporary")?.unwrap_or(false);
    let scheduled = schedule(state, call, published)?;
    let id = state.next_object().to_string();
    let created = state.now();
    state.photos.insert(
        id.clone(),
        Photo {
            id: id.clone(),
            page: page.to_owned(),
            url,
            caption: caption.clone(),
            published: false,
            temporary,
            post: None,
            created,
            bytes: source.map_or(0, <[u8]>::len),
        },
    );
    if !published && scheduled.is_none() {
        return Ok(ok(json!({ "id": id })));
    }
    let mut post = state.blank_post(page, Actor::Page(page.to_owned()));
    post.message = caption;
    post.published = published;
    post.scheduled = scheduled;
    post.photos = vec![id.clone()];
    let post_id = publish(state, post);
    Ok(ok(json!({ "id": id, "post_id": post_id })))
}

/// Which timeline a listing reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Timeline {
    /// The Page's posts and visitors' posts.
    Feed,
    /// The Page's own posts.
    Posts,
    /// The Page's own published posts (Page token).
    Published,
    /// The Page's scheduled posts (Page token).
    Scheduled,
    /// Posts by visitors.
    Visitor,
}

/// `GET /{page-id}/feed`, `/posts`, `/published_posts`, `/scheduled_posts`,
/// `/visitor_posts`: newest first, with `since`/`until` (on `created_time`),
/// `include_hidden`, `fields`, `limit` and cursors.
pub(super) fn timeline(state: &mut GraphState, call: &Call, page: &str, which: Timeline) -> Answer {
    let own_token = matches!(&call.caller, Caller::Page { page: own, .. } if own == page);
    if matches!(which, Timeline::Published | Timeline::Scheduled) && !own_token {
        return Err(page_token_required());
    }
    let since = call.time("since")?;
    let until = call.time("until")?;
    let include_hidden = call.flag("include_hidden")?.unwrap_or(false);
    let fields = call.fields_of(Kind::Post, POST_DEFAULT)?;
    let now = state.now();
    let by_page = Actor::Page(page.to_owned());
    let mut posts: Vec<&Post> = state
        .page_posts
        .get(page)
        .into_iter()
        .flatten()
        .filter_map(|id| state.posts.get(id))
        .inspect(|_| state.scan(1))
        .filter(|p| {
            let own = p.from == by_page;
            let live = p.is_live(now);
            let keep = match which {
                Timeline::Feed => live,
                Timeline::Posts | Timeline::Published => own && live,
                Timeline::Scheduled => own && !live && p.scheduled.is_some(),
                Timeline::Visitor => !own && live,
            };
            let created = p.created_time(now);
            p.page == page
                && keep
                && (include_hidden || !p.hidden)
                && since.is_none_or(|since| created >= since)
                && until.is_none_or(|until| created <= until)
        })
        .collect();
    posts.sort_by_key(|p| std::cmp::Reverse((p.created_time(now), p.serial)));
    let ids: Vec<String> = posts.into_iter().map(|p| p.id.clone()).collect();
    let window = slice(state, call, ids.len())?;
    let mut data = Vec::new();
    for id in &ids[window.range] {
        data.push(render_post(state, call, id, &fields)?);
    }
    Ok(ok(list(data, window.paging)))
}

/// The `attachments` of a post: its photos (one, or an album), or its link.
fn attachments(state: &GraphState, post: &Post) -> Option<Value> {
    let photo = |id: &String| {
        let photo = state.photos.get(id)?;
        let url = format!("https://www.facebook.com/photo.php?fbid={id}");
        Some(json!({
            "media": { "image": { "height": 720, "width": 960, "src": photo.image() } },
            "target": { "id": id, "url": url },
            "type": "photo",
            "url": url,
        }))
    };
    let photos: Vec<Value> = post.photos.iter().filter_map(photo).collect();
    let attachment = match photos.len() {
        0 => {
            let link = post.link.as_ref()?;
            json!({ "type": "share", "url": link, "title": link, "target": { "url": link } })
        }
        1 => photos.into_iter().next()?,
        _ => json!({
            "type": "album",
            "subattachments": { "data": photos },
            "url": format!("https://www.facebook.com/{}", post.id),
        }),
    };
    Some(json!({ "data": [attachment] }))
}

/// A post object with `fields`; edges (`comments`, `reactions`, `likes`, `insights`) as
/// expansions. Unknown fields are left out, as are empty ones (no `message`, no picture).
pub(super) fn render_post(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    fields: &[Field],
) -> Result<Value, Reply> {
    let Some(post) = state.posts.get(id).cloned() else {
        return Err(unsupported("GET", id));
    };
    let now = state.now();
    let suffix = post.id.rsplit('_').next().unwrap_or(&post.id).to_owned();
    let picture = post
        .photos
        .first()
        .and_then(|photo| state.photos.get(photo))
        .map(Photo::image);
    let mut object = Map::new();
    for field in fields {
        let value = match field.name.as_str() {
            "id" => json!(post.id),
            "message" => match &post.message {
                Some(message) => json!(message),
                None => continue,
            },
            "message_tags" if !post.tags.is_empty() => {
                post.tags.iter().map(super::state::Tag::json).collect()
            }
            "created_time" => json!(timestamp(post.created_time(now))),
            "updated_time" => json!(timestamp(post.updated.max(post.created_time(now)))),
            "permalink_url" => json!(format!(
                "https://www.facebook.com/{}/posts/{suffix}",
                post.page
            )),
            "full_picture" | "picture" => match &picture {
                Some(url) => json!(url),
                None => continue,
            },
            "status_type" => json!(match (&post.from, post.photos.is_empty(), &post.link) {
                (Actor::User(_), ..) => "wall_post",
                (_, false, _) => "added_photos",
                (_, true, Some(_)) => "shared_story",
                (_, true, None) => "mobile_status_update",
            }),
            "is_published" => json!(post.is_live(now)),
            "is_hidden" => json!(post.hidden),
            "scheduled_publish_time" => match post.scheduled {
                Some(at) if !post.is_live(now) => json!(at),
                _ => continue,
            },
            "from" => profile(state, &post.from, field)?,
            "attachments" => match attachments(state, &post) {
                Some(attachments) => attachments,
                None => continue,
            },
            edge if Kind::Post.edges().contains(&edge) => {
                expand(state, call, &post.id, Kind::Post, field)?
            }
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(node(object, &post.id))
}

/// `GET /{post-id}`.
pub(super) fn get(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let fields = call.fields_of(Kind::Post, POST_DEFAULT)?;
    render_post(state, call, id, &fields).map(ok)
}

/// `POST /{post-id}`: `message` (the Page's own posts), `is_hidden`, `is_published` (publish
/// now), `scheduled_publish_time` (reschedule an unpublished post). `{"success":true}`.
pub(super) fn edit(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let Some(post) = state.posts.get(id).cloned() else {
        return Err(unsupported("POST", id));
    };
    publisher(state, call, &post.page)?;
    let message = call.param("message").map(str::to_owned);
    let hidden = call.flag("is_hidden")?;
    let publish_now = call.flag("is_published")?;
    let now = state.now();
    let live = post.is_live(now);
    let reschedule = match call.time("scheduled_publish_time")? {
        Some(_) if live => {
            return Err(invalid(
                "(#100) You cannot specify a scheduled publish time on a published post",
            ));
        }
        Some(_) => schedule(state, call, false)?,
        None => None,
    };
    if message.is_none() && hidden.is_none() && publish_now.is_none() && reschedule.is_none() {
        return Err(invalid(
            "(#100) Nothing to update: give message, is_hidden, is_published or scheduled_publish_time",
        ));
    }
    if message.is_some() && post.from != Actor::Page(post.page.clone()) {
        return Err(permissions("(#200) Permissions error"));
    }
    if publish_now == Some(false) && live {
        return Err(invalid("(#100) A published post cannot be unpublished"));
    }
    if let Some(message) = message {
        let (text, tags) = state.mentions(&message);
        let Some(record) = state.posts.get_mut(id) else {
            return Err(unsupported("POST", id));
        };
        record.message = Some(text).filter(|m| !m.is_empty());
        record.tags = tags;
    }
    let Some(record) = state.posts.get_mut(id) else {
        return Err(unsupported("POST", id));
    };
    if let Some(hidden) = hidden {
        record.hidden = hidden;
    }
    if publish_now == Some(true) && !live {
        record.published = true;
        record.scheduled = None;
        record.created = now;
    }
    if reschedule.is_some() {
        record.scheduled = reschedule;
    }
    record.updated = now;
    success()
}

/// `DELETE /{post-id}`: the post goes with its comments and reactions.
pub(super) fn delete(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let Some(page) = state.posts.get(id).map(|p| p.page.clone()) else {
        return Err(unsupported("DELETE", id));
    };
    publisher(state, call, &page)?;
    state.remove_post(id);
    success()
}

/// A photo object with `fields`: `id`, `name` (caption), `created_time`, `link`, `picture`,
/// `images`, `from`, `page_story_id`, and its edges as expansions.
fn render_photo(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    fields: &[Field],
) -> Result<Value, Reply> {
    let Some(photo) = state.photos.get(id).cloned() else {
        return Err(unsupported("GET", id));
    };
    let mut object = Map::new();
    for field in fields {
        let value = match field.name.as_str() {
            "id" => json!(photo.id),
            "name" => match &photo.caption {
                Some(caption) => json!(caption),
                None => continue,
            },
            "created_time" => json!(timestamp(photo.created)),
            "link" => json!(format!("https://www.facebook.com/photo.php?fbid={id}")),
            "picture" => json!(photo.image()),
            "images" => json!([{ "height": 720, "width": 960, "source": photo.image() }]),
            "from" => profile(state, &Actor::Page(photo.page.clone()), field)?,
            "page_story_id" => match &photo.post {
                Some(post) => json!(post),
                None => continue,
            },
            edge if Kind::Photo.edges().contains(&edge) => {
                expand(state, call, id, Kind::Photo, field)?
            }
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(node(object, id))
}

/// `GET /{photo-id}`.
pub(super) fn get_photo(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let fields = call.fields_of(Kind::Photo, PHOTO_DEFAULT)?;
    render_photo(state, call, id, &fields).map(ok)
}

/// `DELETE /{photo-id}`: the photo leaves the posts showing it.
pub(super) fn delete_photo(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let Some(page) = state.photos.get(id).map(|p| p.page.clone()) else {
        return Err(unsupported("DELETE", id));
    };
    publisher(state, call, &page)?;
    state.photos.remove(id);
    for post in state.posts.values_mut() {
        post.photos.retain(|photo| photo != id);
    }
    state.reactions.remove(id);
    success()
}

/// `GET /{page-id}/photos`: the Page's photos, newest first (temporary ones left out).
pub(super) fn list_photos(state: &mut GraphState, call: &Call, page: &str) -> Answer {
    let fields = call.fields_of(Kind::Photo, PHOTO_DEFAULT)?;
    let mut photos: Vec<&Photo> = state
        .photos
        .values()
        .filter(|p| p.page == page && !p.temporary)
        .collect();
    photos.sort_by_key(|p| std::cmp::Reverse((p.created, p.id.clone())));
    let ids: Vec<String> = photos.into_iter().map(|p| p.id.clone()).collect();
    let window = slice(state, call, ids.len())?;
    let mut data = Vec::new();
    for id in &ids[window.range] {
        data.push(render_photo(state, call, id, &fields)?);
    }
    Ok(ok(list(data, window.paging)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://example.com/a.jpg"));
        assert!(is_web_url("http://127.0.0.1:8080/x"));
        assert!(!is_web_url("ftp://example.com/a.jpg"));
        assert!(!is_web_url("example.com"));
        assert!(!is_web_url("javascript:alert(1)"));
    }
}
