//! Comments: `GET`/`POST /{object-id}/comments` (post, photo or comment), and `GET`/`POST`
//! (hide, unhide, edit)/`DELETE /{comment-id}`.
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/reference/object/comments/>
//! (the edge, `filter`, `order`, `summary`) and
//! <https://developers.facebook.com/docs/graph-api/reference/comment/> (the node; its fields are
//! listed in `nodes.rs`).

use serde_json::{Map, Value, json};

use super::auth::page_actor;
use super::fields::Field;
use super::paging::{list, slice};
use super::state::{Actor, GraphState};
use super::wire::{
    Answer, Call, Caller, Reply, invalid, node, ok, permissions, success, timestamp, unsupported,
};
use super::{Kind, expand, profile};

/// The fields of a comment when none are asked for.
const COMMENT_DEFAULT: &[&str] = &["created_time", "from", "message", "id"];

/// The user behind a Page token of `page` allowed to comment and moderate there.
fn moderator(state: &GraphState, call: &Call, page: &str) -> Result<String, Reply> {
    page_actor(
        state,
        call,
        page,
        &["MODERATE", "CREATE_CONTENT"],
        &["pages_manage_engagement"],
        || {
            permissions(
                "(#200) Requires pages_manage_engagement permission and the MODERATE task on the Page to manage the object",
            )
        },
    )
}

/// Whether the caller is a Page token of `page`.
fn is_page(call: &Call, page: &str) -> bool {
    matches!(&call.caller, Caller::Page { page: own, .. } if own == page)
}

/// `GET /{object-id}/comments`: `filter=toplevel|stream`, `order=chronological|
/// reverse_chronological` (`ranked` is read as chronological), `summary=true` →
/// `summary:{order,total_count,can_comment}`, `fields`, `limit`, cursors. Hidden comments
/// are listed, with `is_hidden: true`.
pub(super) fn list_comments(state: &mut GraphState, call: &Call, object: &str) -> Answer {
    let stream = match call.text("filter").unwrap_or("toplevel") {
        "toplevel" => false,
        "stream" => true,
        _ => {
            return Err(invalid(
                "(#100) filter must be one of the following values: toplevel, stream",
            ));
        }
    };
    let order = call.text("order").unwrap_or("chronological");
    if !["chronological", "reverse_chronological", "ranked"].contains(&order) {
        return Err(invalid(
            "(#100) order must be one of the following values: chronological, reverse_chronological, ranked",
        ));
    }
    let order = order.to_owned();
    let summary = call
        .text("summary")
        .is_some_and(|s| matches!(s, "true" | "1" | "total_count"));
    let fields = call.fields_of(Kind::Comment, COMMENT_DEFAULT)?;
    let total = state.comment_list(object, stream).len();
    let window = slice(state, call, total)?;
    // Only the served window is read from the index: a count costs the same however many
    // comments there are.
    let index = state.comment_list(object, stream);
    let ids: Vec<String> = window
        .range
        .clone()
        .filter_map(|i| {
            let at = if order == "reverse_chronological" {
                total.checked_sub(i + 1)?
            } else {
                i
            };
            index.get(at).cloned()
        })
        .collect();
    state.scan(ids.len());
    let mut data = Vec::new();
    for id in &ids {
        data.push(render_comment(state, call, id, &fields)?);
    }
    let mut body = list(data, window.paging);
    if summary {
        body["summary"] = json!({
            "order": order,
            "total_count": total,
            "can_comment": true,
        });
    }
    Ok(ok(body))
}

/// A comment object with `fields`. `from` is shown to a Page token of the comment's Page
/// (or when the Page wrote it), as Graph does since v11; `can_hide` and `can_remove` are
/// true for that Page token (not `can_hide` on its own comments).
fn render_comment(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    fields: &[Field],
) -> Result<Value, Reply> {
    let Some(comment) = state.comments.get(id).cloned() else {
        return Err(unsupported("GET", id));
    };
    let page = state.owner_page(id).unwrap_or_default();
    let moderating = is_page(call, &page);
    let by_page = comment.from == Actor::Page(page.clone());
    let (post_part, comment_part) = id.split_once('_').unwrap_or((id, id));
    // Counters, not scans: `comment_count` and `like_count` cost the same however many
    // comments and reactions there are.
    let replies = state.comment_index.get(id).map_or(0, Vec::len);
    let likes = state
        .reactions
        .get(id)
        .map_or(0, |set| set.count(Some("LIKE")));
    let mut object = Map::new();
    for field in fields {
        let value = match field.name.as_str() {
            "id" => json!(comment.id),
            "message" => json!(comment.message),
            "message_tags" if !comment.tags.is_empty() => {
                comment.tags.iter().map(super::state::Tag::json).collect()
            }
            "created_time" => json!(timestamp(comment.created)),
            "from" if moderating || by_page => profile(state, &comment.from, field)?,
            "from" => continue,
            "like_count" => json!(likes),
            "comment_count" => json!(replies),
            "is_hidden" => json!(comment.hidden),
            "can_hide" => json!(moderating && !by_page),
            "can_remove" => json!(moderating),
            "can_comment" | "can_like" => json!(true),
            "user_likes" => json!(false),
            "parent" => match &comment.parent {
                Some(parent) => {
                    let subfields = match field.subfields() {
                        subfields if subfields.is_empty() => vec![Field::plain("id")],
                        subfields => subfields,
                    };
                    Kind::Comment.check(subfields.iter().map(|f| f.name.as_str()))?;
                    render_comment(state, call, parent, &subfields)?
                }
                None => continue,
            },
            "object" => json!({ "id": comment.object }),
            "permalink_url" => json!(format!(
                "https://www.facebook.com/{page}/posts/{post_part}?comment_id={comment_part}"
            )),
            "attachment" => match &comment.attachment {
                Some(url) => json!({
                    "type": "photo",
                    "url": url,
                    "media": { "image": { "height": 720, "width": 960, "src": url } },
                }),
                None => continue,
            },
            edge if Kind::Comment.edges().contains(&edge) => {
                expand(state, call, id, Kind::Comment, field)?
            }
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(node(object, id))
}

/// `GET /{comment-id}`.
pub(super) fn get(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let fields = call.fields_of(Kind::Comment, COMMENT_DEFAULT)?;
    render_comment(state, call, id, &fields).map(ok)
}

/// `POST /{object-id}/comments`: `message` and/or `attachment_url` (or a multipart
/// `source`), as the Page of a Page token. `{"id":"{post-id-without-page}_{n}"}`.
pub(super) fn create(state: &mut GraphState, call: &Call, object: &str) -> Answer {
    let Some(page) = state.owner_page(object) else {
        return Err(unsupported("POST", object));
    };
    moderator(state, call, &page)?;
    let message = call.text("message").unwrap_or_default().to_owned();
    let mut attachment = call.text("attachment_url").map(str::to_owned);
    if let Some(url) = &attachment {
        let valid = url::Url::parse(url.trim())
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !valid {
            return Err(invalid(
                "(#100) attachment_url should represent a valid URL",
            ));
        }
    }
    if attachment.is_none() && call.file("source").is_some_and(|b| !b.is_empty()) {
        let n = state.next_object();
        attachment = Some(format!("https://scontent.xx.fbcdn.net/v/t39/{n}_n.jpg"));
    }
    if message.trim().is_empty() && attachment.is_none() {
        return Err(invalid(
            "(#100) A comment needs a message or an attachment (attachment_url, attachment_id or source)",
        ));
    }
    match state.insert_comment(object, Actor::Page(page), &message, attachment) {
        Some(id) => Ok(ok(json!({ "id": id }))),
        None => Err(unsupported("POST", object)),
    }
}

/// `POST /{comment-id}`: `is_hidden=true|false` (not on the Page's own comments) or `message`
/// (the Page's own comments only). `{"success":true}`.
pub(super) fn edit(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let Some(page) = state.owner_page(id) else {
        return Err(unsupported("POST", id));
    };
    moderator(state, call, &page)?;
    let hidden = call.flag("is_hidden")?;
    let message = call.param("message").map(str::to_owned);
    if hidden.is_none() && message.is_none() {
        return Err(invalid(
            "(#100) Nothing to update: give is_hidden or message",
        ));
    }
    if message.as_deref().is_some_and(|m| m.trim().is_empty()) {
        return Err(invalid("(#100) The message of a comment cannot be empty"));
    }
    let Some(comment) = state.comments.get_mut(id) else {
        return Err(unsupported("POST", id));
    };
    let by_page = comment.from == Actor::Page(page);
    if hidden.is_some() && by_page {
        return Err(invalid(
            "(#100) A Page cannot hide or unhide its own comment: only comments by others can be hidden",
        ));
    }
    if message.is_some() && !by_page {
        return Err(permissions(
            "(#200) Only the author of a comment can edit its message",
        ));
    }
    if let Some(hidden) = hidden {
        comment.hidden = hidden;
    }
    if let Some(message) = message {
        let (text, tags) = state.mentions(&message);
        if let Some(comment) = state.comments.get_mut(id) {
            comment.message = text;
            comment.tags = tags;
        }
    }
    success()
}

/// `DELETE /{comment-id}`: the comment goes with its replies and reactions.
pub(super) fn delete(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let Some(page) = state.owner_page(id) else {
        return Err(unsupported("DELETE", id));
    };
    moderator(state, call, &page)?;
    state.remove_comment(id);
    success()
}
