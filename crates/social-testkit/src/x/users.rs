//! Users lookup (`/2/users/me`, `/2/users/:id`, `?ids=`, by username) and the user object.

use serde_json::{Value, json};

use super::state::{Id, XState, XUser};
use super::wire::{Answer, Call, Reply, not_found, not_found_error, ok, timestamp};

/// The user object: `id`, `name`, `username`, plus the requested `user.fields` among
/// `created_at`, `description`, `verified`, `protected`, `public_metrics` and
/// `most_recent_tweet_id` (others are ignored).
pub(super) fn render(state: &XState, user: &XUser, call: &Call<'_>) -> Value {
    let id = user.id;
    let mut object = json!({ "id": id.to_string(), "name": user.name, "username": user.username });
    for field in call.list("user.fields") {
        let value = match field.as_str() {
            "created_at" => json!(timestamp(user.created_at)),
            "description" => json!(user.description),
            "verified" => json!(user.verified),
            "protected" => json!(user.protected),
            "public_metrics" => json!({
                "followers_count": state.follows.iter().filter(|f| f.1 == id).count(),
                "following_count": state.follows.iter().filter(|f| f.0 == id).count(),
                "tweet_count": state.posts.values().filter(|p| p.author == id).count(),
                "listed_count": 0,
                "like_count": state.likes.iter().filter(|l| l.0 == id).count(),
            }),
            "most_recent_tweet_id" => match state.posts.values().rev().find(|p| p.author == id) {
                Some(post) => json!(post.id.to_string()),
                None => continue,
            },
            _ => continue,
        };
        object[field.as_str()] = value;
    }
    object
}

/// A page of users (follow lists, liking users, retweeters) in the given order.
pub(super) fn page(
    state: &XState,
    call: &Call<'_>,
    ids: &[Id],
    range: (usize, usize, usize),
) -> Answer {
    let (slice, meta) = call.offset_page(ids.len(), range)?;
    let data: Vec<Value> = ids[slice]
        .iter()
        .filter_map(|id| state.users.get(id))
        .map(|user| render(state, user, call))
        .collect();
    let mut body = json!({ "meta": meta });
    if !data.is_empty() {
        body["data"] = Value::Array(data);
    }
    Ok(ok(200, body))
}

fn single(state: &XState, call: &Call<'_>, user: Option<&XUser>, parameter: &str) -> Answer {
    let user = user.ok_or_else(|| not_found("user", parameter, call.param(0)))?;
    Ok(ok(200, json!({ "data": render(state, user, call) })))
}

/// Users found for each requested key, with partial errors for the others.
fn many<'s>(
    state: &'s XState,
    call: &Call<'_>,
    parameter: &str,
    find: impl Fn(&str) -> Option<&'s XUser>,
) -> Answer {
    let (mut data, mut errors) = (Vec::new(), Vec::new());
    for key in call.ids(parameter)? {
        match find(&key) {
            Some(user) => data.push(render(state, user, call)),
            None => errors.push(not_found_error("user", parameter, &key)),
        }
    }
    let mut body = json!({});
    if !data.is_empty() {
        body["data"] = Value::Array(data);
    }
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    Ok(ok(200, body))
}

/// `GET /2/users/me`.
pub(super) fn me(state: &mut XState, call: &Call<'_>) -> Answer {
    single(state, call, state.users.get(&call.me()), "id")
}

/// `GET /2/users/:id`.
pub(super) fn by_id(state: &mut XState, call: &Call<'_>) -> Answer {
    single(state, call, state.users.get(&call.id(0)), "id")
}

/// `GET /2/users/by/username/:username`.
pub(super) fn by_username(state: &mut XState, call: &Call<'_>) -> Answer {
    single(state, call, state.user_by_name(call.param(0)), "username")
}

/// `GET /2/users?ids=`.
pub(super) fn by_ids(state: &mut XState, call: &Call<'_>) -> Answer {
    many(state, call, "ids", |id| state.users.get(&id.parse().ok()?))
}

/// `GET /2/users/by?usernames=`.
pub(super) fn by_usernames(state: &mut XState, call: &Call<'_>) -> Answer {
    many(state, call, "usernames", |name| state.user_by_name(name))
}

/// Path parameter `index` as the id of an existing user, else 404.
pub(super) fn existing(state: &XState, call: &Call<'_>, index: usize) -> Result<Id, Reply> {
    let id = call.id(index);
    if state.users.contains_key(&id) {
        Ok(id)
    } else {
        Err(not_found("user", "id", call.param(index)))
    }
}
