//! Users lookup (`/2/users/me`, `/2/users/:id`, `?ids=`, by username) and the user object, as
//! <https://docs.x.com/x-api/users/lookup/introduction> and the user object of
//! <https://docs.x.com/x-api/fundamentals/data-dictionary> show them.

use serde_json::{Map, Value, json};

use super::state::{Id, XState, XUser};
use super::tweets;
use super::wire::{Answer, Call, Reply, missing, not_found_error, ok, timestamp};

/// The `t.co` link X serves for a profile's `url` (the fake's own, stable per user).
fn profile_tco(id: Id) -> String {
    format!("https://t.co/u{:08x}", id & 0xffff_ffff)
}

/// The user's `entities`: `url.urls` for the profile's website, `description.{hashtags,
/// mentions, cashtags, urls}` from the bio, by the fake's own extraction.
fn entities(state: &XState, user: &XUser) -> Option<Value> {
    let mut entities = Map::new();
    if !user.url.is_empty() {
        let tco = profile_tco(user.id);
        entities.insert(
            "url".into(),
            json!({ "urls": [{
                "start": 0,
                "end": tco.chars().count(),
                "url": tco,
                "expanded_url": user.url,
                "display_url": tweets::display_url(&user.url),
            }]}),
        );
    }
    let description = tweets::text_entities(state, &user.description, &[]);
    if !description.is_empty() {
        entities.insert("description".into(), Value::Object(description));
    }
    (!entities.is_empty()).then_some(Value::Object(entities))
}

/// The user object: `id`, `name`, `username`, plus the requested `user.fields` the fake
/// models: `created_at`, `description`, `entities`, `location`, `url`, `profile_image_url`,
/// `verified`, `verified_type`, `protected`, `public_metrics`, `pinned_tweet_id`,
/// `most_recent_tweet_id` (absent when empty, as X omits them). `public_metrics` reads
/// counters: rendering is O(1) in follows, posts and likes.
pub(super) fn render(state: &XState, user: &XUser, call: &Call<'_>) -> Value {
    let id = user.id;
    state.read(1);
    let mut object = json!({ "id": id.to_string(), "name": user.name, "username": user.username });
    for field in call.list("user.fields") {
        let value = match field.as_str() {
            "created_at" => json!(timestamp(user.created_at)),
            "description" => json!(user.description),
            "verified" => json!(user.verified),
            "verified_type" => json!(user.verified_type),
            "protected" => json!(user.protected),
            "profile_image_url" => json!(user.profile_image_url),
            "location" if !user.location.is_empty() => json!(user.location),
            "url" => match user.url.is_empty() {
                true => json!(""),
                false => json!(profile_tco(id)),
            },
            "entities" => match entities(state, user) {
                Some(entities) => entities,
                None => continue,
            },
            "public_metrics" => {
                state.read(4);
                json!({
                    "followers_count": state.follows.followers(id).len(),
                    "following_count": state.follows.following(id).len(),
                    "tweet_count": state.counters.tweet_count(id),
                    "listed_count": 0,
                    "like_count": state.counters.likes_given(id),
                })
            }
            "pinned_tweet_id" => match &user.pinned_tweet_id {
                Some(post) => json!(post),
                None => continue,
            },
            "most_recent_tweet_id" => {
                state.read(1);
                match state.counters.most_recent(id) {
                    Some(post) => json!(post.to_string()),
                    None => continue,
                }
            }
            _ => continue,
        };
        object[field.as_str()] = value;
    }
    object
}

/// The body of a user answer: `data` (an object if `single`, else an array, absent when
/// empty) and, for the `pinned_tweet_id` and `most_recent_tweet_id` expansions,
/// `includes.tweets`, with a partial error for a pinned post that no longer exists.
pub(super) fn body(state: &XState, call: &Call<'_>, users: &[&XUser], single: bool) -> Value {
    let data: Vec<Value> = users.iter().map(|u| render(state, u, call)).collect();
    let mut posts: Vec<Id> = Vec::new();
    let mut errors = Vec::new();
    for user in users {
        if call.has("expansions", "pinned_tweet_id") {
            if let Some(pinned) = &user.pinned_tweet_id {
                match pinned
                    .parse()
                    .ok()
                    .filter(|id| state.posts.contains_key(id))
                {
                    Some(id) => posts.push(id),
                    None => errors.push(not_found_error("tweet", "pinned_tweet_id", pinned)),
                }
            }
        }
        if call.has("expansions", "most_recent_tweet_id") {
            posts.extend(state.counters.most_recent(user.id));
        }
    }
    posts.dedup();
    let mut body = json!({});
    match data {
        _ if users.is_empty() => {}
        mut data if single => body["data"] = data.swap_remove(0),
        data => body["data"] = Value::Array(data),
    }
    let included: Vec<&super::state::Post> =
        posts.iter().filter_map(|id| state.posts.get(id)).collect();
    if !included.is_empty() {
        let fields = tweets::fields(call);
        let tweets: Vec<Value> = included
            .iter()
            .map(|post| tweets::render(state, post, &fields))
            .collect();
        body["includes"] = json!({ "tweets": tweets });
    }
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    body
}

/// A page of users (follow lists, liking users, retweeters) in the given order.
pub(super) fn page(
    state: &XState,
    call: &Call<'_>,
    ids: &[Id],
    range: (usize, usize, usize),
) -> Answer {
    let (slice, meta) = call.offset_page(ids.len(), range)?;
    page_of(state, call, &ids[slice], meta)
}

/// The users `ids` (one page) with `meta`.
pub(super) fn page_of(state: &XState, call: &Call<'_>, ids: &[Id], meta: Value) -> Answer {
    let users: Vec<&XUser> = ids.iter().filter_map(|id| state.users.get(id)).collect();
    let mut body = body(state, call, &users, false);
    body["meta"] = meta;
    Ok(ok(200, body))
}

fn single(state: &XState, call: &Call<'_>, user: Option<&XUser>, parameter: &str) -> Answer {
    let user = user.ok_or_else(|| missing("user", parameter, call.param(0)))?;
    Ok(ok(200, body(state, call, &[user], true)))
}

/// Users found for each requested key, with partial errors for the others.
fn many<'s>(
    state: &'s XState,
    call: &Call<'_>,
    parameter: &str,
    find: impl Fn(&str) -> Option<&'s XUser>,
) -> Answer {
    let (mut found, mut errors) = (Vec::new(), Vec::new());
    for key in call.ids(parameter)? {
        match find(&key) {
            Some(user) => found.push(user),
            None => errors.push(not_found_error("user", parameter, &key)),
        }
    }
    let mut body = body(state, call, &found, false);
    if !errors.is_empty() {
        let mut all = body["errors"].as_array().cloned().unwrap_or_default();
        errors.append(&mut all);
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

/// Path parameter `index` as the id of an existing user, else X's 200 with only `errors`.
pub(super) fn existing(state: &XState, call: &Call<'_>, index: usize) -> Result<Id, Reply> {
    let id = call.id(index);
    if state.users.contains_key(&id) {
        Ok(id)
    } else {
        Err(missing("user", "id", call.param(index)))
    }
}
