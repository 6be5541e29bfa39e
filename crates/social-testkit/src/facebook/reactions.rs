//! Reactions and likes: `GET /{object-id}/reactions` (`type` filter, `summary`) and
//! `GET /{object-id}/likes`.
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/reference/object/reactions/>
//! and <https://developers.facebook.com/docs/graph-api/reference/object/likes/>.

use serde_json::{Value, json};

use super::paging::{list, slice};
use super::state::{Actor, GraphState};
use super::wire::{Answer, Call, Caller, ok};

/// Whether `summary` asks for one (`true`, `1`, `total_count`, `viewer_reaction`).
fn wants_summary(call: &Call) -> bool {
    call.text("summary")
        .is_some_and(|s| matches!(s, "true" | "1" | "total_count" | "viewer_reaction"))
}

/// The caller's own reaction to `object`: a user token's user, or a Page token's Page.
fn viewer(state: &GraphState, call: &Call, object: &str) -> Option<String> {
    let me = match &call.caller {
        Caller::User(user) => Actor::User(user.clone()),
        Caller::Page { page, .. } => Actor::Page(page.clone()),
        _ => return None,
    };
    state.reactions.get(object)?.of(&me).map(str::to_owned)
}

/// How many reactions of `kind` (any when `None`) `object` has: a counter, not a scan.
fn count(state: &GraphState, object: &str, kind: Option<&str>) -> usize {
    state.reactions.get(object).map_or(0, |set| set.count(kind))
}

/// `GET /{object-id}/reactions`: `{data:[{id,name,type}],paging?,summary?:{total_count,
/// viewer_reaction}}`, newest first; `type` filters (any string: the list is open-ended),
/// `limit=0` gives counts only
/// (<https://developers.facebook.com/docs/graph-api/reference/object/reactions/>).
pub(super) fn reactions(state: &mut GraphState, call: &Call, object: &str) -> Answer {
    let kind = call.text("type").map(|t| t.trim().to_ascii_uppercase());
    let total = count(state, object, kind.as_deref());
    let window = slice(state, call, total)?;
    let data: Vec<Value> = state
        .reaction_window(object, kind.as_deref(), window.range)
        .iter()
        .map(|r| {
            let mut item = state.actor_json(&r.actor);
            item["type"] = json!(r.kind);
            item
        })
        .collect();
    let mut body = list(data, window.paging);
    if wants_summary(call) {
        let mine = viewer(state, call, object).unwrap_or_else(|| "NONE".to_owned());
        body["summary"] = json!({ "total_count": total, "viewer_reaction": mine });
    }
    Ok(ok(body))
}

/// `GET /{object-id}/likes`: the `LIKE` reactions as `{id,name}`, with `summary:
/// {total_count,can_like,has_liked}`
/// (<https://developers.facebook.com/docs/graph-api/reference/object/likes/>).
pub(super) fn likes(state: &mut GraphState, call: &Call, object: &str) -> Answer {
    let total = count(state, object, Some("LIKE"));
    let window = slice(state, call, total)?;
    let data: Vec<Value> = state
        .reaction_window(object, Some("LIKE"), window.range)
        .iter()
        .map(|r| state.actor_json(&r.actor))
        .collect();
    let mut body = list(data, window.paging);
    if wants_summary(call) {
        let liked = viewer(state, call, object).as_deref() == Some("LIKE");
        body["summary"] = json!({
            "total_count": total,
            "can_like": true,
            "has_liked": liked,
        });
    }
    Ok(ok(body))
}
