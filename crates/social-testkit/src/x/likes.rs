//! Likes: like and unlike (`:id` must be the caller), who liked a post and what a user liked;
//! likes feed the posts' `like_count` (<https://docs.x.com/x-api/posts/likes/introduction>).

use serde_json::json;

use super::state::{Id, Post, XState};
use super::tweets::{self, body_target, existing};
use super::users;
use super::wire::{Answer, Call, ok};

/// `POST /2/users/:id/likes` with `{"tweet_id"}` (idempotent).
pub(super) fn like(state: &mut XState, call: &Call<'_>) -> Answer {
    let (user, post) = (call.acting_as(0)?, body_target(state, call)?);
    state.add_like(user, post);
    Ok(ok(200, json!({ "data": { "liked": true } })))
}

/// `DELETE /2/users/:id/likes/:tweet_id` (idempotent).
pub(super) fn unlike(state: &mut XState, call: &Call<'_>) -> Answer {
    let (user, post) = (call.acting_as(0)?, call.id(1));
    state.remove_like(user, post);
    Ok(ok(200, json!({ "data": { "liked": false } })))
}

/// `GET /2/tweets/:id/liking_users`, latest like first (`max_results` 1–100, 100).
pub(super) fn liking_users(state: &mut XState, call: &Call<'_>) -> Answer {
    let post = existing(state, call, 0)?;
    let ids: Vec<Id> = state
        .likes
        .iter()
        .rev()
        .filter(|like| like.1 == post)
        .map(|like| like.0)
        .collect();
    users::page(state, call, &ids, (1, 100, 100))
}

/// `GET /2/users/:id/liked_tweets`, latest like first (`max_results` 5–100, 100).
pub(super) fn liked_tweets(state: &mut XState, call: &Call<'_>) -> Answer {
    let user = users::existing(state, call, 0)?;
    let posts: Vec<&Post> = state
        .likes
        .iter()
        .rev()
        .filter(|like| like.0 == user)
        .filter_map(|like| state.posts.get(&like.1))
        .collect();
    let (slice, meta) = call.offset_page(posts.len(), (5, 100, 100))?;
    let mut body = tweets::body(state, call, &posts[slice], false);
    body["meta"] = meta;
    Ok(ok(200, body))
}
