//! Reposts (retweets): repost and undo (`:id` must be the caller) and who reposted a post; a
//! repost is a post of its own (`RT @author: text`) and feeds the `retweet_count`
//! (<https://docs.x.com/x-api/posts/retweets/introduction>).

use serde_json::json;

use super::state::{Id, Post, XState};
use super::tweets::{body_target, existing};
use super::users;
use super::wire::{Answer, Call, ok};

/// `POST /2/users/:id/retweets` with `{"tweet_id"}`: creates the retweet post (text
/// `RT @author: text`) and answers `{retweeted, rest_id}` with its id (idempotent).
pub(super) fn retweet(state: &mut XState, call: &Call<'_>) -> Answer {
    let me = call.acting_as(0)?;
    let source = body_target(state, call)?;
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
