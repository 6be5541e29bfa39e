//! Posts: create (`POST /2/tweets`), delete, lookup, and the post object with its expansions.

use serde_json::{Map, Value, json};

use super::state::{Id, MediaState, Post, XState};
use super::users;
use super::wire::{
    Answer, Call, Reply, duplicate, forbidden, invalid_body, not_found, not_found_error, ok,
    timestamp,
};

/// The `@mentions` of `text`: `(start, end, username)`, in characters.
pub(super) fn mentions(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let handle = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
    let mut found = Vec::new();
    for (start, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        if start > 0 && handle(&chars[start - 1]) {
            continue;
        }
        let len = chars[start + 1..].iter().take_while(|c| handle(c)).count();
        if (1..=15).contains(&len) {
            let name = chars[start + 1..=start + len].iter().collect();
            found.push((start, start + 1 + len, name));
        }
    }
    found
}

/// The `http(s)://` links of `text`, as byte ranges: from the scheme to the next white space,
/// without trailing punctuation.
fn links(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("http").map(|p| p + from) {
        let rest = &text[pos..];
        let word_start = text[..pos]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| rest.starts_with(s));
        match scheme {
            Some(scheme) if word_start => {
                let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let link =
                    rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
                if link.len() > scheme.len() {
                    found.push((pos, pos + link.len()));
                }
                from = pos + len;
            }
            _ => from = pos + "http".len(),
        }
    }
    found
}

/// The `t.co` link standing for link `index` of post `id`.
fn tco(id: Id, index: usize) -> String {
    format!("https://t.co/{:08x}{index:02x}", id & 0xffff_ffff)
}

/// `url` as X shows it: no scheme, cut after 26 characters.
fn display_url(url: &str) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    match bare.char_indices().nth(26) {
        Some((cut, _)) => format!("{}…", &bare[..cut]),
        None => bare.to_owned(),
    }
}

/// The text X serves for a post, and its `entities.urls`: every link replaced by a `t.co`
/// link (`url`, with the link as posted in `expanded_url`), and for a post with media a `t.co`
/// link appended that points to the first media (with its `media_key`), as X writes them
/// (<https://docs.x.com/x-api/fundamentals/data-dictionary>). Indices count characters.
pub(super) fn served_text(state: &XState, post: &Post) -> (String, Vec<Value>) {
    let mut text = String::new();
    let mut urls = Vec::new();
    let mut push = |text: &mut String, tco: String, entity: Value| {
        let start = text.chars().count();
        text.push_str(&tco);
        let mut entity = entity;
        entity["start"] = json!(start);
        entity["end"] = json!(start + tco.chars().count());
        entity["url"] = json!(tco);
        urls.push(entity);
    };
    let mut copied = 0;
    let found = links(&post.text);
    for (index, &(start, end)) in found.iter().enumerate() {
        text.push_str(&post.text[copied..start]);
        let link = &post.text[start..end];
        let entity = json!({ "expanded_url": link, "display_url": display_url(link) });
        push(&mut text, tco(post.id, index), entity);
        copied = end;
    }
    text.push_str(&post.text[copied..]);
    if let Some(media) = post.media.first().and_then(|id| state.media.get(id)) {
        let author = state
            .users
            .get(&post.author)
            .map_or("i", |u| u.username.as_str());
        let kind = if media.kind() == "photo" {
            "photo"
        } else {
            "video"
        };
        let link = tco(post.id, found.len());
        let entity = json!({
            "expanded_url": format!("https://x.com/{author}/status/{}/{kind}/1", post.id),
            "display_url": format!("pic.x.com/{}", &link["https://t.co/".len()..]),
            "media_key": media.key(),
        });
        if !text.is_empty() {
            text.push(' ');
        }
        push(&mut text, link, entity);
    }
    (text, urls)
}

/// `referenced_tweets` of a post: `(type, id)`.
fn references(post: &Post) -> Vec<(&'static str, Id)> {
    let reply = post.reply_to.map(|(id, _)| ("replied_to", id));
    let quote = post.quote_of.map(|id| ("quoted", id));
    let retweet = post.retweet_of.map(|id| ("retweeted", id));
    [reply, quote, retweet].into_iter().flatten().collect()
}

/// The post object: `id`, `text`, `edit_history_tweet_ids`, plus the requested
/// `tweet.fields` (or `post.fields`, the newest spec's name) among `created_at`, `author_id`,
/// `conversation_id`, `in_reply_to_user_id`, `referenced_tweets`, `public_metrics`,
/// `attachments`, `entities` (mentions) and `reply_settings`.
fn render(state: &XState, post: &Post, fields: &[String]) -> Value {
    let id = post.id;
    let (text, urls) = served_text(state, post);
    let mut object = json!({
        "id": id.to_string(),
        "text": text,
        "edit_history_tweet_ids": [id.to_string()],
    });
    for field in fields {
        let value = match field.as_str() {
            "created_at" => json!(timestamp(post.created_at)),
            "author_id" => json!(post.author.to_string()),
            "conversation_id" => json!(post.conversation_id.to_string()),
            "in_reply_to_user_id" => match post.reply_to {
                Some((_, user)) => json!(user.to_string()),
                None => continue,
            },
            "referenced_tweets" => match references(post) {
                refs if refs.is_empty() => continue,
                refs => refs
                    .into_iter()
                    .map(|(kind, id)| json!({ "type": kind, "id": id.to_string() }))
                    .collect(),
            },
            "public_metrics" => {
                let count =
                    |f: &dyn Fn(&Post) -> bool| state.posts.values().filter(|p| f(p)).count();
                json!({
                    "retweet_count": count(&|p| p.retweet_of == Some(id)),
                    "reply_count": count(&|p| p.reply_to.is_some_and(|(to, _)| to == id)),
                    "like_count": state.likes.iter().filter(|l| l.1 == id).count(),
                    "quote_count": count(&|p| p.quote_of == Some(id)),
                    "bookmark_count": 0,
                    "impression_count": 0,
                })
            }
            "attachments" if !post.media.is_empty() => {
                let keys: Vec<String> = post
                    .media
                    .iter()
                    .filter_map(|m| state.media.get(m))
                    .map(|m| m.key())
                    .collect();
                json!({ "media_keys": keys })
            }
            "entities" => {
                let mentions: Vec<Value> = mentions(&text)
                    .into_iter()
                    .filter_map(|(start, end, name)| {
                        let user = state.user_by_name(&name)?;
                        Some(json!({
                            "start": start,
                            "end": end,
                            "username": user.username,
                            "id": user.id(),
                        }))
                    })
                    .collect();
                let mut entities = Map::new();
                if !mentions.is_empty() {
                    entities.insert("mentions".into(), Value::Array(mentions));
                }
                if !urls.is_empty() {
                    entities.insert("urls".into(), Value::Array(urls.clone()));
                }
                if entities.is_empty() {
                    continue;
                }
                Value::Object(entities)
            }
            "reply_settings" => json!(post.reply_settings.as_deref().unwrap_or("everyone")),
            _ => continue,
        };
        object[field.as_str()] = value;
    }
    object
}

/// The body for `posts`: `data` (an object if `single`, else an array, absent when empty)
/// and `includes` for the expansions `author_id`, `in_reply_to_user_id`,
/// `referenced_tweets.id` and `attachments.media_keys`.
pub(super) fn body(state: &XState, call: &Call<'_>, posts: &[&Post], single: bool) -> Value {
    let mut fields = call.list("tweet.fields");
    fields.extend(call.list("post.fields"));
    let expand = |name: &str| call.has("expansions", name);
    let (mut users, mut tweets, mut media) = (Vec::new(), Vec::new(), Vec::new());
    for post in posts {
        if expand("author_id") {
            users.push(post.author);
        }
        if let (true, Some((_, user))) = (expand("in_reply_to_user_id"), post.reply_to) {
            users.push(user);
        }
        if expand("referenced_tweets.id") {
            tweets.extend(references(post).into_iter().map(|(_, id)| id));
        }
        if expand("attachments.media_keys") {
            media.extend(post.media.iter().copied());
        }
    }
    let mut includes = Map::new();
    let unique = |ids: &mut Vec<Id>| {
        let mut seen = Vec::new();
        ids.retain(|id| {
            !seen.contains(id) && {
                seen.push(*id);
                true
            }
        });
    };
    unique(&mut users);
    unique(&mut tweets);
    unique(&mut media);
    let users: Vec<Value> = users
        .iter()
        .filter_map(|id| state.users.get(id))
        .map(|user| users::render(state, user, call))
        .collect();
    let tweets: Vec<Value> = tweets
        .iter()
        .filter_map(|id| state.posts.get(id))
        .map(|post| render(state, post, &fields))
        .collect();
    let media: Vec<Value> = media
        .iter()
        .filter_map(|id| state.media.get(id))
        .map(|m| {
            let mut object = json!({ "media_key": m.key(), "type": m.kind() });
            if let Some(alt) = &m.alt_text {
                object["alt_text"] = json!(alt);
            }
            object
        })
        .collect();
    for (name, list) in [("users", users), ("tweets", tweets), ("media", media)] {
        if !list.is_empty() {
            includes.insert(name.into(), Value::Array(list));
        }
    }
    let mut body = json!({});
    match posts {
        [post] if single => body["data"] = render(state, post, &fields),
        [] => {}
        _ => body["data"] = posts.iter().map(|p| render(state, p, &fields)).collect(),
    }
    if !includes.is_empty() {
        body["includes"] = Value::Object(includes);
    }
    body
}

/// Fields of the create body (`TweetCreateRequest`, `additionalProperties: false`).
const CREATE_FIELDS: &[&str] = &[
    "text",
    "reply",
    "quote_tweet_id",
    "media",
    "poll",
    "reply_settings",
    "card_uri",
    "community_id",
    "direct_message_deep_link",
    "edit_options",
    "for_super_followers_only",
    "geo",
    "made_with_ai",
    "nullcast",
    "paid_partnership",
    "share_with_followers",
];

/// The string ids of `value` (an array), else 400.
fn id_list(value: Option<&Value>, path: &str) -> Result<Vec<Id>, Reply> {
    let bad = || invalid_body(format!("$.{path}: an array of id strings is required"));
    value
        .and_then(Value::as_array)
        .ok_or_else(bad)?
        .iter()
        .map(|id| id.as_str().and_then(|id| id.parse().ok()).ok_or_else(bad))
        .collect()
}

/// `POST /2/tweets`: validates the body as X does (unknown fields, exclusive parts, media
/// ready and owned, poll shape, the post replied to or quoted exists, duplicate text) and
/// answers 201 `{"data":{"id","text","edit_history_tweet_ids"}}`.
pub(super) fn create(state: &mut XState, call: &Call<'_>) -> Answer {
    let me = call.me();
    let body = call.json()?;
    if let Some(key) = body.keys().find(|k| !CREATE_FIELDS.contains(&k.as_str())) {
        return Err(invalid_body(format!(
            "$.{key}: is not defined in the schema and the schema does not allow additional properties"
        )));
    }
    let text = match body.get("text") {
        None => "",
        Some(Value::String(text)) => text,
        Some(_) => return Err(invalid_body("$.text: string found, other type expected")),
    };
    let has = |key: &str| body.contains_key(key);
    for (a, b) in [
        ("media", "poll"),
        ("media", "quote_tweet_id"),
        ("media", "card_uri"),
        ("poll", "quote_tweet_id"),
        ("poll", "card_uri"),
    ] {
        if has(a) && has(b) {
            return Err(invalid_body(format!(
                "`{a}` and `{b}` are mutually exclusive"
            )));
        }
    }
    let media = match body.get("media") {
        Some(media) => id_list(media.get("media_ids"), "media.media_ids")?,
        None => Vec::new(),
    };
    if text.is_empty() && media.is_empty() {
        return Err(invalid_body(
            "$.text: text is required unless media is attached",
        ));
    }
    let ready = |id: &Id| {
        state
            .media
            .get(id)
            .is_some_and(|m| m.owner == me && m.state == MediaState::Ready)
    };
    let videos = media
        .iter()
        .filter(|id| state.media.get(id).is_some_and(|m| m.kind() != "photo"))
        .count();
    if !media.is_empty()
        && (media.len() > 4 || !media.iter().all(ready) || (videos > 0 && media.len() > 1))
    {
        return Err(invalid_body("Your media IDs are invalid."));
    }
    if let Some(poll) = body.get("poll") {
        let options = poll["options"].as_array().map_or(&[][..], Vec::as_slice);
        let option_ok = |o: &Value| {
            o.as_str()
                .is_some_and(|o| (1..=25).contains(&o.chars().count()))
        };
        let duration = poll["duration_minutes"].as_u64().unwrap_or(0);
        if !(2..=4).contains(&options.len())
            || !options.iter().all(option_ok)
            || !(5..=10_080).contains(&duration)
        {
            return Err(invalid_body(
                "$.poll: 2 to 4 options of 1 to 25 characters and duration_minutes between 5 and 10080 are required",
            ));
        }
    }
    let reply_settings = match body.get("reply_settings") {
        None => None,
        Some(Value::String(s))
            if ["following", "mentionedUsers", "subscribers", "verified"].contains(&s.as_str()) =>
        {
            Some(s.clone())
        }
        Some(other) => {
            return Err(invalid_body(format!(
                "$.reply_settings: {other} is not one of [following, mentionedUsers, subscribers, verified]"
            )));
        }
    };
    let reply_to = match body.get("reply") {
        None => None,
        Some(reply) => {
            let parent = call.json_id(
                reply.as_object().unwrap_or(&Map::new()),
                "in_reply_to_tweet_id",
            )?;
            let Some(parent) = state.posts.get(&parent) else {
                return Err(invalid_body(
                    "The post you are replying to has been deleted or is not visible to you.",
                ));
            };
            Some((parent.id, parent.author))
        }
    };
    let quote_of = match body.get("quote_tweet_id") {
        None => None,
        Some(_) => match call.json_id(&body, "quote_tweet_id")? {
            id if state.posts.contains_key(&id) => Some(id),
            _ => {
                return Err(invalid_body(
                    "The post you are quoting has been deleted or is not visible to you.",
                ));
            }
        },
    };
    let previous = state
        .posts
        .values()
        .rev()
        .find(|p| p.author == me && p.retweet_of.is_none());
    if !text.is_empty() && previous.is_some_and(|p| p.text == text) {
        return Err(duplicate());
    }
    let id = state.insert_post(Post {
        author: me,
        text: text.to_owned(),
        reply_to,
        quote_of,
        media,
        reply_settings,
        ..state.blank_post()
    });
    let (text, _) = served_text(state, &state.posts[&id]);
    let id = id.to_string();
    let data = json!({ "id": id, "text": text, "edit_history_tweet_ids": [id] });
    Ok(ok(201, json!({ "data": data })))
}

/// `DELETE /2/tweets/:id`: one's own posts only; its likes and retweets go with it.
pub(super) fn delete(state: &mut XState, call: &Call<'_>) -> Answer {
    let id = call.id(0);
    let post = state
        .posts
        .get(&id)
        .ok_or_else(|| not_found("tweet", "id", call.param(0)))?;
    if post.author != call.me() {
        return Err(forbidden(
            "You are not allowed to delete a Tweet that you did not create.",
        ));
    }
    state.remove_post(id);
    Ok(ok(200, json!({ "data": { "deleted": true } })))
}

/// The body's `tweet_id` (likes, reposts), an existing post, else 400/404.
pub(super) fn body_target(state: &XState, call: &Call<'_>) -> Result<Id, Reply> {
    let id = call.json_id(&call.json()?, "tweet_id")?;
    if state.posts.contains_key(&id) {
        Ok(id)
    } else {
        Err(not_found("tweet", "tweet_id", &id.to_string()))
    }
}

/// Path parameter `index` as an existing post, else 404.
pub(super) fn existing(state: &XState, call: &Call<'_>, index: usize) -> Result<Id, Reply> {
    let id = call.id(index);
    if state.posts.contains_key(&id) {
        Ok(id)
    } else {
        Err(not_found("tweet", "id", call.param(index)))
    }
}

/// `GET /2/tweets/:id`: the post, or 404 `resource-not-found`.
pub(super) fn lookup(state: &mut XState, call: &Call<'_>) -> Answer {
    let post = state
        .posts
        .get(&call.id(0))
        .ok_or_else(|| not_found("tweet", "id", call.param(0)))?;
    Ok(ok(200, body(state, call, &[post], true)))
}

/// `GET /2/tweets?ids=`: the posts found, with partial errors for the others.
pub(super) fn lookup_many(state: &mut XState, call: &Call<'_>) -> Answer {
    let ids = call.ids("ids")?;
    let posts: Vec<&Post> = ids
        .iter()
        .filter_map(|id| state.posts.get(&id.parse().ok()?))
        .collect();
    let errors: Vec<Value> = ids
        .iter()
        .filter(|id| {
            id.parse()
                .ok()
                .is_none_or(|id| !state.posts.contains_key(&id))
        })
        .map(|id| not_found_error("tweet", "id", id))
        .collect();
    let mut response = body(state, call, &posts, false);
    if !errors.is_empty() {
        response["errors"] = Value::Array(errors);
    }
    Ok(ok(200, response))
}
