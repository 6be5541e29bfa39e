//! Reactions and likes: `GET /{object-id}/reactions` (`type` filter, `summary`) and
//! `GET /{object-id}/likes`.

use serde_json::{Value, json};

use super::paging::{list, slice};
use super::state::{Actor, GraphState, Reaction};
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
    state
        .reactions
        .iter()
        .find(|r| r.object == object && r.actor == me)
        .map(|r| r.kind.clone())
}

/// The reactions to `object` of one type (any when `None`), newest first.
fn matching(state: &GraphState, object: &str, kind: Option<&str>) -> Vec<Reaction> {
    state
        .reactions
        .iter()
        .rev()
        .filter(|r| r.object == object && kind.is_none_or(|kind| r.kind == kind))
        .cloned()
        .collect()
}

/// `GET /{object-id}/reactions`: `{data:[{id,name,type}],paging?,summary?:{total_count,
/// viewer_reaction}}`; `type` filters (any string: the list is open-ended), `limit=0` gives
/// counts only.
pub(super) fn reactions(state: &mut GraphState, call: &Call, object: &str) -> Answer {
    let kind = call.text("type").map(|t| t.trim().to_ascii_uppercase());
    let all = matching(state, object, kind.as_deref());
    let window = slice(state, call, all.len())?;
    let data: Vec<Value> = all[window.range]
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
        body["summary"] = json!({ "total_count": all.len(), "viewer_reaction": mine });
    }
    Ok(ok(body))
}

/// `GET /{object-id}/likes`: the `LIKE` reactions as `{id,name}`, with `summary:
/// {total_count,can_like,has_liked}`.
pub(super) fn likes(state: &mut GraphState, call: &Call, object: &str) -> Answer {
    let all = matching(state, object, Some("LIKE"));
    let window = slice(state, call, all.len())?;
    let data: Vec<Value> = all[window.range]
        .iter()
        .map(|r| state.actor_json(&r.actor))
        .collect();
    let mut body = list(data, window.paging);
    if wants_summary(call) {
        let liked = viewer(state, call, object).as_deref() == Some("LIKE");
        body["summary"] = json!({
            "total_count": all.len(),
            "can_like": true,
            "has_liked": liked,
        });
    }
    Ok(ok(body))
}
