//! Posts: create (`POST /2/tweets`), delete, lookup, and the post object with its expansions,
//! as <https://docs.x.com/x-api/posts/lookup/introduction>, <https://docs.x.com/x-api/posts/manage-tweets/introduction>
//! and the post and media objects of <https://docs.x.com/x-api/fundamentals/data-dictionary> show them.

use serde_json::{Map, Value, json};

use super::state::{Id, Media, MediaState, Post, XState};
use super::users;
use super::wire::{
    Answer, Call, Reply, duplicate, forbidden, invalid_body, missing, not_found, not_found_error,
    ok, timestamp,
};

/// Whether `c` may be part of a hashtag or a mention's handle.
fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The `#hashtags` of `text`: `(start, end, tag)` in characters. A tag starts after a
/// non-word character (or the start), runs over letters, digits and `_`, and is not all digits.
fn hashtags(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (start, _) in chars
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(**c, '#' | '＃'))
    {
        if start > 0 && (word(chars[start - 1]) || chars[start - 1] == '&') {
            continue;
        }
        let len = chars[start + 1..].iter().take_while(|c| word(**c)).count();
        let tag: String = chars[start + 1..start + 1 + len].iter().collect();
        if len > 0 && !tag.chars().all(|c| c.is_ascii_digit()) {
            found.push((start, start + 1 + len, tag));
        }
    }
    found
}

/// The `$cashtags` of `text`: `(start, end, tag)` in characters: `$` after white space (or the
/// start), then 1 to 6 ASCII letters, not followed by a word character.
fn cashtags(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (start, _) in chars.iter().enumerate().filter(|(_, c)| **c == '$') {
        if start > 0 && !chars[start - 1].is_whitespace() {
            continue;
        }
        let len = chars[start + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let next = chars.get(start + 1 + len).copied();
        if (1..=6).contains(&len) && !next.is_some_and(word) {
            let tag = chars[start + 1..start + 1 + len].iter().collect();
            found.push((start, start + 1 + len, tag));
        }
    }
    found
}

/// The `entities` of a text (a post's served text, a bio): `hashtags`, `cashtags`,
/// `mentions` (of users the fake knows, with their id) and the given `urls`; empty lists are
/// left out, as X leaves them out. Each lookup of a mentioned user counts as a render read.
pub(super) fn text_entities(state: &XState, text: &str, urls: &[Value]) -> Map<String, Value> {
    let tags = |list: Vec<(usize, usize, String)>| -> Vec<Value> {
        list.into_iter()
            .map(|(start, end, tag)| json!({ "start": start, "end": end, "tag": tag }))
            .collect()
    };
    let mentions: Vec<Value> = mentions(text)
        .into_iter()
        .filter_map(|(start, end, name)| {
            let user = state.user_by_name(&name)?;
            Some(json!({ "start": start, "end": end, "username": user.username, "id": user.id() }))
        })
        .collect();
    let mut entities = Map::new();
    for (name, list) in [
        ("hashtags", tags(hashtags(text))),
        ("cashtags", tags(cashtags(text))),
        ("mentions", mentions),
        ("urls", urls.to_vec()),
    ] {
        if !list.is_empty() {
            entities.insert(name.into(), Value::Array(list));
        }
    }
    entities
}

/// The requested `tweet.fields` (or `post.fields`, the newest spec's name).
pub(super) fn fields(call: &Call<'_>) -> Vec<String> {
    let mut fields = call.list("tweet.fields");
    fields.extend(call.list("post.fields"));
    fields
}

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
pub(super) fn display_url(url: &str) -> String {
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
/// `tweet.fields` the fake models: `created_at`, `author_id`, `conversation_id`,
/// `in_reply_to_user_id`, `referenced_tweets`, `public_metrics`, `attachments`, `entities`,
/// `lang`, `source`, `edit_controls`, `possibly_sensitive`, `reply_settings` and `withheld`
/// (when set). `public_metrics` reads counters: rendering is O(1) in posts and likes.
pub(super) fn render(state: &XState, post: &Post, fields: &[String]) -> Value {
    let id = post.id;
    state.read(1);
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
                state.read(1);
                let counts = state.counters.post(id);
                json!({
                    "retweet_count": counts.retweets,
                    "reply_count": counts.replies,
                    "like_count": counts.likes,
                    "quote_count": counts.quotes,
                    "bookmark_count": 0,
                    "impression_count": 0,
                })
            }
            "attachments" if !post.media.is_empty() => {
                let keys: Vec<String> = post
                    .media
                    .iter()
                    .filter_map(|m| state.media.get(m))
                    .map(Media::key)
                    .collect();
                json!({ "media_keys": keys })
            }
            "entities" => match text_entities(state, &text, &urls) {
                entities if entities.is_empty() => continue,
                entities => Value::Object(entities),
            },
            "lang" => json!(post.lang),
            "source" => json!(post.source),
            "possibly_sensitive" => json!(post.possibly_sensitive),
            // A post may be edited 5 times within an hour of its creation
            // (https://docs.x.com/x-api/posts/edit-posts); the fake keeps no edits.
            "edit_controls" => json!({
                "edits_remaining": 5,
                "is_edit_eligible": post.retweet_of.is_none(),
                "editable_until": timestamp(post.created_at + 3600),
            }),
            "withheld" => match &post.withheld {
                Some(codes) => json!({
                    "copyright": codes.iter().any(|c| c == "XY"),
                    "country_codes": codes,
                }),
                None => continue,
            },
            "reply_settings" => json!(post.reply_settings.as_deref().unwrap_or("everyone")),
            _ => continue,
        };
        object[field.as_str()] = value;
    }
    object
}

/// The media object: `media_key` and `type`, plus the requested `media.fields` the fake
/// models: `url` (photos), `width`, `height`, `alt_text` (when set), `preview_image_url`,
/// `duration_ms` and `variants` (videos and GIFs).
fn render_media(media: &Media, fields: &[String]) -> Value {
    let key = media.key();
    let mut object = json!({ "media_key": key, "type": media.kind() });
    let photo = media.kind() == "photo";
    let video_url = format!(
        "https://video.twimg.com/ext_tw_video/{}/pu/vid/avc1",
        media.id
    );
    for field in fields {
        let value = match field.as_str() {
            "url" if photo => json!(format!("https://pbs.twimg.com/media/{key}.jpg")),
            "width" => json!(media.size.0),
            "height" => json!(media.size.1),
            "alt_text" => match &media.alt_text {
                Some(alt) => json!(alt),
                None => continue,
            },
            "preview_image_url" if !photo => json!(format!(
                "https://pbs.twimg.com/ext_tw_video_thumb/{}/pu/img/{key}.jpg",
                media.id
            )),
            "duration_ms" if media.kind() == "video" => json!(10_000),
            "variants" if !photo => json!([
                {
                    "bit_rate": 2_176_000,
                    "content_type": "video/mp4",
                    "url": format!("{video_url}/{}x{}/{key}.mp4", media.size.0, media.size.1),
                },
                {
                    "content_type": "application/x-mpegURL",
                    "url": format!("https://video.twimg.com/ext_tw_video/{}/pu/pl/{key}.m3u8", media.id),
                },
            ]),
            _ => continue,
        };
        object[field.as_str()] = value;
    }
    object
}

/// The body for `posts`: `data` (an object if `single`, else an array, absent when empty),
/// `includes` for the expansions `author_id`, `in_reply_to_user_id`, `referenced_tweets.id`,
/// `referenced_tweets.id.author_id`, `entities.mentions.username` and
/// `attachments.media_keys`, and a partial error (`errors`, beside `data`) for each expanded
/// object that no longer exists, as X answers for a quote of a deleted post.
pub(super) fn body(state: &XState, call: &Call<'_>, posts: &[&Post], single: bool) -> Value {
    let fields = fields(call);
    let expand = |name: &str| call.has("expansions", name);
    let (mut users, mut tweets, mut media) = (Vec::new(), Vec::new(), Vec::new());
    let mut errors: Vec<Value> = Vec::new();
    let user = |id: Id, parameter: &str, users: &mut Vec<Id>, errors: &mut Vec<Value>| {
        if state.users.contains_key(&id) {
            users.push(id);
        } else {
            push_once(errors, not_found_error("user", parameter, &id.to_string()));
        }
    };
    for post in posts {
        if expand("author_id") {
            user(post.author, "author_id", &mut users, &mut errors);
        }
        if let (true, Some((_, to))) = (expand("in_reply_to_user_id"), post.reply_to) {
            user(to, "in_reply_to_user_id", &mut users, &mut errors);
        }
        if expand("entities.mentions.username") {
            for (_, _, name) in mentions(&post.text) {
                users.extend(state.user_by_name(&name).map(|u| u.id));
            }
        }
        if expand("referenced_tweets.id") || expand("referenced_tweets.id.author_id") {
            for (_, id) in references(post) {
                match state.posts.get(&id) {
                    Some(referenced) => {
                        tweets.push(id);
                        if expand("referenced_tweets.id.author_id") {
                            let parameter = "referenced_tweets.id.author_id";
                            user(referenced.author, parameter, &mut users, &mut errors);
                        }
                    }
                    None => {
                        let error =
                            not_found_error("tweet", "referenced_tweets.id", &id.to_string());
                        push_once(&mut errors, error);
                    }
                }
            }
        }
        if expand("attachments.media_keys") {
            media.extend(post.media.iter().copied());
        }
    }
    let unique = |ids: &mut Vec<Id>| {
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
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
    let media_fields = call.list("media.fields");
    let media: Vec<Value> = media
        .iter()
        .filter_map(|id| state.media.get(id))
        .map(|m| render_media(m, &media_fields))
        .collect();
    let mut includes = Map::new();
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
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    body
}

/// Adds a partial error once (two posts quoting the same deleted post give one error).
fn push_once(errors: &mut Vec<Value>, error: Value) {
    if !errors.contains(&error) {
        errors.push(error);
    }
}

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
    // Unknown fields were refused by `strict::check_body` (`TweetCreateRequest` has
    // `additionalProperties: false`).
    let body = call.json()?;
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
        .counters
        .posts_by_author
        .get(&me)
        .into_iter()
        .flat_map(|ids| ids.iter().rev())
        .filter_map(|id| state.posts.get(id))
        .find(|p| p.retweet_of.is_none());
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

/// Path parameter `index` as an existing post, else X's 200 with only `errors`.
pub(super) fn existing(state: &XState, call: &Call<'_>, index: usize) -> Result<Id, Reply> {
    let id = call.id(index);
    if state.posts.contains_key(&id) {
        Ok(id)
    } else {
        Err(missing("tweet", "id", call.param(index)))
    }
}

/// `GET /2/tweets/:id`: the post, or X's 200 with only `errors` (`resource-not-found`).
pub(super) fn lookup(state: &mut XState, call: &Call<'_>) -> Answer {
    let post = state
        .posts
        .get(&call.id(0))
        .ok_or_else(|| missing("tweet", "id", call.param(0)))?;
    Ok(ok(200, body(state, call, &[post], true)))
}

/// `GET /2/tweets?ids=`: the posts found, with partial errors for the others.
pub(super) fn lookup_many(state: &mut XState, call: &Call<'_>) -> Answer {
    let ids = call.ids("ids")?;
    let posts: Vec<&Post> = ids
        .iter()
        .filter_map(|id| state.posts.get(&id.parse().ok()?))
        .collect();
    let mut errors: Vec<Value> = ids
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
        let mut partial = response["errors"].as_array().cloned().unwrap_or_default();
        errors.append(&mut partial);
        response["errors"] = Value::Array(errors);
    }
    Ok(ok(200, response))
}
