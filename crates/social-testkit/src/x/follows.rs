//! Follows: follow, unfollow, and the following and followers lists (newest follow first), as
//! <https://docs.x.com/x-api/users/follows/introduction> shows them. A page is a slice of the
//! user's list: serving 1,000 of 100,000 followers reads 1,000 of them.

use serde_json::json;

use super::state::{Id, XState};
use super::users;
use super::wire::{Answer, Call, invalid_body, not_found, ok};

/// `max_results` of the follow lists: 1 to 1000, 100 by default.
const RANGE: (usize, usize, usize) = (1, 1000, 100);

/// `POST /2/users/:id/following` with `{"target_user_id"}`; `:id` must be the caller. A
/// protected target answers `pending_follow: true` (the request is not kept).
pub(super) fn follow(state: &mut XState, call: &Call<'_>) -> Answer {
    let me = call.acting_as(0)?;
    let target = call.json_id(&call.json()?, "target_user_id")?;
    let Some(user) = state.users.get(&target) else {
        return Err(not_found("user", "target_user_id", &target.to_string()));
    };
    if target == me {
        return Err(invalid_body("You cannot follow yourself."));
    }
    let pending = user.protected && !state.follows.contains(me, target);
    if !pending {
        state.follows.insert(me, target);
    }
    Ok(ok(
        200,
        json!({ "data": { "following": !pending, "pending_follow": pending } }),
    ))
}

/// `DELETE /2/users/:source_user_id/following/:target_user_id` (idempotent).
pub(super) fn unfollow(state: &mut XState, call: &Call<'_>) -> Answer {
    let (source, target) = (call.acting_as(0)?, call.id(1));
    state.follows.remove(source, target);
    Ok(ok(200, json!({ "data": { "following": false } })))
}

/// A page of `ids` (oldest first in the state) served newest first.
fn newest_first(state: &XState, call: &Call<'_>, ids: &[Id]) -> Answer {
    let (slice, meta) = call.offset_page(ids.len(), RANGE)?;
    let len = ids.len();
    let page: Vec<Id> = slice.map(|i| ids[len - 1 - i]).collect();
    users::page_of(state, call, &page, meta)
}

/// `GET /2/users/:id/following`.
pub(super) fn following(state: &mut XState, call: &Call<'_>) -> Answer {
    let id = users::existing(state, call, 0)?;
    newest_first(state, call, state.follows.following(id))
}

/// `GET /2/users/:id/followers`.
pub(super) fn followers(state: &mut XState, call: &Call<'_>) -> Answer {
    let id = users::existing(state, call, 0)?;
    newest_first(state, call, state.follows.followers(id))
}
