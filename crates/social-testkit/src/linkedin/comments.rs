//! The Comments API, `/rest/socialActions/{target}/comments`
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>):
//! list the comments on a post or the replies to a comment (`start`/`count` paging), get one,
//! create one (as a member, or as a page through the roles the page lists), reply with
//! `parentComment`, change its text (`PARTIAL_UPDATE` with `?actor=`) and delete it with its
//! replies (`?actor=`).
//!
//! Never kinder than LinkedIn: the target key must be percent-encoded, the body is validated
//! field by field (422), the actor must be the caller or a page they hold a commenting role on
//! (403), only the author edits or deletes a comment, a deleted comment is 404, and the text
//! is cut at the first unescaped reserved character as LinkedIn silently does. Counters of the
//! social metadata are kept here as comments come and go, never recomputed by a scan.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::Ctx;
use super::schema::{self, Field, Mode, Ty, field};
use super::state::LinkedInState;
use super::text;
use super::wire::{
    Answer, Reply, access_denied, error, illegal_argument, not_a_data_map, not_found,
    percent_decode, percent_encode, validation,
};

/// The page roles that may comment as a page ("Comments API": ADMINISTRATOR,
/// DIRECT_SPONSORED_CONTENT_POSTER, RECRUITING_POSTER).
pub const COMMENTING_ROLES: &[&str] = &[
    "ADMINISTRATOR",
    "DIRECT_SPONSORED_CONTENT_POSTER",
    "RECRUITING_POSTER",
];

const MESSAGE: &[Field] = &[
    field("text", Ty::Text).required(),
    field("attributes", Ty::Array(&Ty::Open)),
];
const COMMENT: &[Field] = &[
    field("actor", Ty::Urn(&["person", "organization"])).required(),
    field("object", Ty::Urn(&["share", "ugcPost", "activity"])).required(),
    field("message", Ty::Record(MESSAGE)).required(),
    field("parentComment", Ty::Urn(&["comment"])),
    field("content", Ty::Array(&Ty::Open)),
    field("agent", Ty::Urn(&["person"])).read_only(),
    field("id", Ty::Text).read_only(),
    field("commentUrn", Ty::Urn(&["comment"])).read_only(),
    field("created", Ty::Open).read_only(),
    field("lastModified", Ty::Open).read_only(),
];

/// One stored comment.
#[derive(Debug, Clone)]
pub(crate) struct StoredComment {
    pub(crate) urn: String,
    pub(crate) id: String,
    /// The post (or activity) it belongs to.
    pub(crate) object: String,
    /// The comment it answers.
    pub(crate) parent: Option<String>,
    pub(crate) actor: String,
    /// The member who wrote it for a page.
    pub(crate) agent: Option<String>,
    pub(crate) text: String,
    pub(crate) created: i64,
    pub(crate) modified: i64,
    pub(crate) deleted: bool,
    /// Live replies (for the counters when it is deleted).
    pub(crate) live_replies: u64,
}

impl StoredComment {
    fn wire(&self) -> Value {
        let stamp = |time| json!({ "actor": self.actor, "time": time });
        let mut c = json!({
            "actor": self.actor,
            "commentUrn": self.urn,
            "$URN": self.urn,
            "created": stamp(self.created),
            "lastModified": stamp(self.modified),
            "id": self.id,
            "message": { "attributes": [], "text": self.text },
            "object": self.object,
        });
        if let Some(parent) = &self.parent {
            c["parentComment"] = json!(parent);
        }
        if let Some(agent) = &self.agent {
            c["agent"] = json!(agent);
            c["created"]["impersonator"] = json!(agent);
        }
        c
    }
}

/// The comments: by URN, and each thread (a post's top-level comments, a comment's replies) in
/// the order written.
#[derive(Debug, Default)]
pub(crate) struct CommentStore {
    pub(crate) by_urn: HashMap<String, StoredComment>,
    pub(crate) threads: HashMap<String, Vec<String>>,
    next_id: u64,
}

/// The body as a JSON object, else LinkedIn's 400.
fn object(body: &[u8]) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(not_a_data_map()),
    }
}

/// The 403 of the comments resource.
pub(crate) fn denied(ctx: &Ctx<'_>, resource: &str, method: &str) -> Reply {
    access_denied(&format!("{resource}.{method}.{}", ctx.version))
}

/// Whether the caller may write (`w_*_social`) or read (`r_*_social`) as `actor`: a member as
/// themselves, a page through a commenting role.
pub(crate) fn may_act(state: &LinkedInState, ctx: &Ctx<'_>, actor: &str, write: bool) -> bool {
    let Some(member) = ctx.member.as_deref() else {
        return false;
    };
    let (member_scope, org_scope) = if write {
        ("w_member_social", "w_organization_social")
    } else {
        ("r_member_social", "r_organization_social")
    };
    if let Some(person) = actor.strip_prefix("urn:li:person:") {
        person == member && ctx.has(member_scope)
    } else if let Some(organization) = actor.strip_prefix("urn:li:organization:") {
        ctx.has(org_scope)
            && state
                .role(member, organization)
                .is_some_and(|role| COMMENTING_ROLES.contains(&role))
    } else {
        false
    }
}

/// A path key that must be one percent-encoded URN (a raw `urn:li:…` is refused, as LinkedIn
/// refuses it).
pub(crate) fn urn_key(raw: &str) -> Result<String, Reply> {
    let invalid = || illegal_argument(&format!("Invalid key in the path: {raw}"));
    if raw.contains([':', '(', ')', ',']) {
        return Err(invalid());
    }
    percent_decode(raw)
        .filter(|urn| urn.starts_with("urn:li:"))
        .ok_or_else(invalid)
}

/// Whether `urn` names a live post or a live comment.
pub(crate) fn entity_exists(state: &LinkedInState, urn: &str) -> bool {
    state.posts.get(urn).is_some_and(|p| !p.deleted)
        || state.comments.by_urn.get(urn).is_some_and(|c| !c.deleted)
}

/// The target of `/rest/socialActions/{target}/comments`: a live post or comment.
fn target(state: &LinkedInState, ctx: &Ctx<'_>) -> Result<String, Reply> {
    let raw = ctx
        .call
        .segments
        .get(2)
        .map(String::as_str)
        .unwrap_or_default();
    let urn = urn_key(raw)?;
    if entity_exists(state, &urn) {
        Ok(urn)
    } else {
        Err(not_found())
    }
}

/// The comment of `/rest/socialActions/{target}/comments/{id}`.
fn comment_urn(state: &LinkedInState, ctx: &Ctx<'_>) -> Result<String, Reply> {
    let raw = ctx
        .call
        .segments
        .get(2)
        .map(String::as_str)
        .unwrap_or_default();
    let object = urn_key(raw)?;
    let id = ctx.call.segments.get(4).map(String::as_str).unwrap_or("");
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(illegal_argument(&format!("Invalid key in the path: {id}")));
    }
    let urn = format!("urn:li:comment:({object},{id})");
    match state.comments.by_urn.get(&urn) {
        Some(c) if !c.deleted => Ok(urn),
        _ => Err(not_found()),
    }
}

/// A query number in `range`, else LinkedIn's 400.
pub(crate) fn number(
    ctx: &Ctx<'_>,
    name: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, Reply> {
    match ctx.call.param(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| illegal_argument(&format!("Invalid value for parameter '{name}'"))),
    }
}

/// A page of `items` (already in order) with `paging` as LinkedIn writes it ("Pagination",
/// <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination>):
/// `start`, `count`, `total` and `links` (`prev` and `next` when there are such pages, each
/// the request's own query with another `start`, parameters sorted by name). Only the items served are rendered, and
/// counted in [`LinkedInState::records_scanned`].
pub(crate) fn page<T>(
    state: &LinkedInState,
    ctx: &Ctx<'_>,
    items: Vec<T>,
    max: usize,
    render: impl Fn(T) -> Value,
) -> Answer {
    let start = number(ctx, "start", 0, 0..=usize::MAX)?;
    let count = number(ctx, "count", 10, 0..=max)?;
    let total = items.len();
    let elements: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(count)
        .map(render)
        .collect();
    state.scan(elements.len());
    let link = |rel: &str, at: usize| {
        let mut query: Vec<String> = ctx
            .call
            .query
            .iter()
            .filter(|(name, _)| name != "start" && name != "count")
            .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
            .collect();
        query.push(format!("count={count}"));
        query.push(format!("start={at}"));
        // Sorted by name, as the posts finder's links are written.
        query.sort();
        json!({
            "type": "application/json",
            "rel": rel,
            "href": format!("{}{}?{}", ctx.call.prefix, ctx.call.path(), query.join("&")),
        })
    };
    let mut links = Vec::new();
    if start > 0 && count > 0 {
        links.push(link("prev", start.saturating_sub(count)));
    }
    if count > 0 && start.saturating_add(count) < total {
        links.push(link("next", start + count));
    }
    Ok(Reply::json(
        200,
        json!({
            "elements": elements,
            "paging": { "start": start, "count": count, "total": total, "links": links },
        }),
    ))
}

/// 400 for a malformed target key, else 403 `comments.{method}` without a read scope.
fn readable(ctx: &Ctx<'_>, method: &str) -> Result<(), Reply> {
    urn_key(
        ctx.call
            .segments
            .get(2)
            .map(String::as_str)
            .unwrap_or_default(),
    )?;
    if ctx.has("r_member_social") || ctx.has("r_organization_social") {
        Ok(())
    } else {
        Err(denied(ctx, "comments", method))
    }
}

/// `GET /rest/socialActions/{target}/comments`: the live comments of the thread, oldest
/// first. Needs a read scope.
pub(super) fn list(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    // The key is read first (400), then the permission on the resource and method (403),
    // which does not depend on the object, then the object (404), as for the other reads.
    readable(ctx, "GET_ALL")?;
    let target = target(state, ctx)?;
    let thread = state.comments.threads.get(&target);
    state.scan(thread.map_or(0, Vec::len));
    let items: Vec<&StoredComment> = thread
        .into_iter()
        .flatten()
        .filter_map(|urn| state.comments.by_urn.get(urn))
        .filter(|c| !c.deleted)
        .collect();
    page(state, ctx, items, 100, StoredComment::wire)
}

/// `GET /rest/socialActions/{target}/comments/{id}`.
pub(super) fn get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    readable(ctx, "GET")?;
    let urn = comment_urn(state, ctx)?;
    Ok(Reply::json(200, state.comments.by_urn[&urn].wire()))
}

/// `POST /rest/socialActions/{target}/comments`: validates the body, checks the actor, stores
/// the comment (cut as LinkedIn cuts little text), updates the counters, and answers `201` with
/// the comment and its id in `x-restli-id`.
pub(super) fn create(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let target = target(state, ctx)?;
    let body = object(&ctx.call.body)?;
    let mut errors = Vec::new();
    schema::validate(COMMENT, &body, Mode::Create, &mut errors);
    if !errors.is_empty() {
        return Err(validation(&errors));
    }
    let text_of = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
    let actor = text_of("actor").to_owned();
    let object = text_of("object").to_owned();
    let parent = body
        .get("parentComment")
        .and_then(Value::as_str)
        .map(str::to_owned);
    // A top-level comment goes to its post; a reply to the comment it names, on that
    // comment's post.
    let consistent = match (&parent, state.comments.by_urn.get(&target)) {
        (None, None) => object == target,
        (Some(p), Some(c)) => *p == target && c.object == object && c.parent.is_none(),
        _ => false,
    };
    if !consistent {
        return Err(illegal_argument(
            "The object, parentComment and the resource key do not name the same thread",
        ));
    }
    if !may_act(state, ctx, &actor, true) {
        return Err(denied(ctx, "comments", "CREATE"));
    }
    if state.social.closed(&object) {
        // Not confirmed by a published capture: LinkedIn refuses new comments on a thread
        // whose `commentsState` is CLOSED; the fake answers its request-shape 400.
        return Err(error(
            400,
            None,
            Some("ILLEGAL_ARGUMENT"),
            "Comments are disabled on this thread",
        ));
    }
    let message = body.get("message").and_then(|m| m.get("text"));
    let kept = text::kept(message.and_then(Value::as_str).unwrap_or_default()).to_owned();
    let now = state.now_ms();
    state.comments.next_id += 1;
    let id = (7_400_000_000_000_000_000u64 + state.comments.next_id).to_string();
    let urn = format!("urn:li:comment:({object},{id})");
    let agent = actor
        .starts_with("urn:li:organization:")
        .then(|| ctx.member.as_deref().map(|m| format!("urn:li:person:{m}")))
        .flatten();
    let comment = StoredComment {
        urn: urn.clone(),
        id: id.clone(),
        object: object.clone(),
        parent: parent.clone(),
        actor,
        agent,
        text: kept,
        created: now,
        modified: now,
        deleted: false,
        live_replies: 0,
    };
    let wire = comment.wire();
    state.comments.by_urn.insert(urn.clone(), comment);
    state
        .comments
        .threads
        .entry(target.clone())
        .or_default()
        .push(urn);
    state.social.comment_added(&object, parent.as_deref());
    if let Some(p) = &parent {
        if let Some(c) = state.comments.by_urn.get_mut(p) {
            c.live_replies += 1;
        }
    }
    Ok(Reply::json(201, wire).with_header("x-restli-id", id))
}

/// The `actor` query parameter an edit or a delete must carry.
fn actor_param<'c>(ctx: &'c Ctx<'_>) -> Result<&'c str, Reply> {
    let actor = ctx
        .call
        .param("actor")
        .ok_or_else(|| illegal_argument("Parameter 'actor' is required"))?;
    if schema::urn_of(actor, &["person", "organization"]) {
        Ok(actor)
    } else {
        Err(illegal_argument("Invalid value for parameter 'actor'"))
    }
}

/// `POST /rest/socialActions/{target}/comments/{id}?actor=…` (`PARTIAL_UPDATE`,
/// `{"patch":{"message":{"$set":{"text":…}}}}`): the author changes the text; `204`.
pub(super) fn edit(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let urn = comment_urn(state, ctx)?;
    let actor = actor_param(ctx)?;
    let body = object(&ctx.call.body)?;
    let text_value = body
        .get("patch")
        .and_then(|p| p.get("message"))
        .and_then(|m| m.get("$set"))
        .and_then(|s| s.get("text"));
    let only_text = body.len() == 1
        && body["patch"].as_object().is_some_and(|p| p.len() == 1)
        && body["patch"]["message"]
            .as_object()
            .is_some_and(|m| m.len() == 1)
        && body["patch"]["message"]["$set"]
            .as_object()
            .is_some_and(|s| s.len() == 1);
    let Some(Value::String(new_text)) = text_value.filter(|_| only_text) else {
        return Err(validation(&[
            "ERROR :: /patch :: only message.text of a comment can be changed".to_owned(),
        ]));
    };
    let author = state.comments.by_urn[&urn].actor.clone();
    if actor != author || !may_act(state, ctx, actor, true) {
        return Err(denied(ctx, "comments", "PARTIAL_UPDATE"));
    }
    let kept = text::kept(new_text).to_owned();
    let now = state.now_ms();
    if let Some(c) = state.comments.by_urn.get_mut(&urn) {
        c.text = kept;
        c.modified = now;
    }
    Ok(Reply::empty(204))
}

/// `DELETE /rest/socialActions/{target}/comments/{id}?actor=…`: the author deletes the
/// comment and its replies; `204`, and 404 for a comment already deleted.
pub(super) fn delete(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let urn = comment_urn(state, ctx)?;
    let actor = actor_param(ctx)?;
    let (author, object, parent, replies) = {
        let c = &state.comments.by_urn[&urn];
        (
            c.actor.clone(),
            c.object.clone(),
            c.parent.clone(),
            c.live_replies,
        )
    };
    if actor != author || !may_act(state, ctx, actor, true) {
        return Err(denied(ctx, "comments", "DELETE"));
    }
    let reply_urns: Vec<String> = state
        .comments
        .threads
        .get(&urn)
        .cloned()
        .unwrap_or_default();
    for r in reply_urns {
        if let Some(c) = state.comments.by_urn.get_mut(&r) {
            c.deleted = true;
        }
    }
    if let Some(c) = state.comments.by_urn.get_mut(&urn) {
        c.deleted = true;
    }
    if let Some(p) = &parent {
        if let Some(c) = state.comments.by_urn.get_mut(p) {
            c.live_replies = c.live_replies.saturating_sub(1);
        }
    }
    state
        .social
        .comment_removed(&object, parent.as_deref(), &urn, replies);
    Ok(Reply::empty(204))
}

impl LinkedInState {
    /// The text of a comment as stored (cut as LinkedIn cuts it), `None` when there is no such
    /// comment or it was deleted.
    pub fn comment_text(&self, urn: &str) -> Option<&str> {
        self.comments
            .by_urn
            .get(urn)
            .filter(|c| !c.deleted)
            .map(|c| c.text.as_str())
    }

    /// The live comments on `target` (a post's top-level comments, or a comment's replies),
    /// oldest first, as URNs.
    pub fn comments_on(&self, target: &str) -> Vec<String> {
        self.comments
            .threads
            .get(target)
            .into_iter()
            .flatten()
            .filter(|urn| self.comment_text(urn).is_some())
            .cloned()
            .collect()
    }
}
