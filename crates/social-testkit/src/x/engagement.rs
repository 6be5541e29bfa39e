//! Likes and retweets: the writes (`:id` must be the caller) and the lists, which feed the
//! posts' and users' `public_metrics`.

use serde_json::json;

use super::state::{Id, Post, XState};
use super::tweets;
use super::users;
use super::wire::{Answer, Call, Reply, not_found, ok};

/// The body's `tweet_id`, an existing post, else 400/404.
fn target(state: &XState, call: &Call<'_>) -> Result<Id, Reply> {
    let id = call.json_id(&call.json()?, "tweet_id")?;
    if state.posts.contains_key(&id) {
        Ok(id)
    } else {
        Err(not_found("tweet", "tweet_id", &id.to_string()))
    }
}

/// Path parameter `index` as an existing post, else 404.
fn existing(state: &XState, call: &Call<'_>, index: usize) -> Result<Id, Reply> {
    let id = call.id(index);
    if state.posts.contains_key(&id) {
        Ok(id)
    } else {
        Err(not_found("tweet", "id", call.param(index)))
    }
}

/// `POST /2/users/:id/likes` with `{"tweet_id"}` (idempotent).
pub(super) fn like(state: &mut XState, call: &Call<'_>) -> Answer {
    let like = (call.acting_as(0)?, target(state, call)?);
    if !state.likes.contains(&like) {
        state.likes.push(like);
    }
    Ok(ok(200, json!({ "data": { "liked": true } })))
}

/// `DELETE /2/users/:id/likes/:tweet_id` (idempotent).
pub(super) fn unlike(state: &mut XState, call: &Call<'_>) -> Answer {
    let like = (call.acting_as(0)?, call.id(1));
    state.likes.retain(|&l| l != like);
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

/// `POST /2/users/:id/retweets` with `{"tweet_id"}`: creates the retweet post (text
/// `RT @author: text`) and answers `{retweeted, rest_id}` with its id (idempotent).
pub(super) fn retweet(state: &mut XState, call: &Call<'_>) -> Answer {
    let me = call.acting_as(0)?;
    let source = target(state, call)?;
    let existing = state
        .posts
        .values()
        .find(|p| p.author == me && p.retweet_of == Some(source))
        .map(|p| p.id);
    let id = match existing {
        Some(id) => id,
        None => {
            let original = &state.posts[&source];
            let author = state
                .users
                .get(&original.author)
                .map_or("", |u| u.username.as_str());
            let text = format!("RT @{author}: {}", original.text);
            state.insert_post(Post {
                author: me,
                text,
                retweet_of: Some(source),
                ..state.blank_post()
            })
        }
    };
    Ok(ok(
        200,
        json!({ "data": { "retweeted": true, "rest_id": id.to_string() } }),
    ))
}

/// `DELETE /2/users/:id/retweets/:source_tweet_id` (idempotent).
pub(super) fn unretweet(state: &mut XState, call: &Call<'_>) -> Answer {
    let me = call.acting_as(0)?;
    let source = call.id(1);
    let retweets: Vec<Id> = state
        .posts
        .values()
        .filter(|p| p.author == me && p.retweet_of == Some(source))
        .map(|p| p.id)
        .collect();
    for id in retweets {
        state.remove_post(id);
    }
    Ok(ok(200, json!({ "data": { "retweeted": false } })))
}

/// `GET /2/tweets/:id/retweeted_by`, latest first (`max_results` 1–100, 100).
pub(super) fn retweeted_by(state: &mut XState, call: &Call<'_>) -> Answer {
    let source = existing(state, call, 0)?;
    let ids: Vec<Id> = state
        .posts
        .values()
        .rev()
        .filter(|p| p.retweet_of == Some(source))
        .map(|p| p.author)
        .collect();
    users::page(state, call, &ids, (1, 100, 100))
}
