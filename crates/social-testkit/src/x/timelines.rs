//! Timelines (a user's posts, mentions, the home timeline) and recent search: newest first,
//! with `since_id`, `until_id`, `start_time` (inclusive), `end_time` (exclusive), `exclude`
//! and a paging token that resumes below the last id served. Timelines reach only the most
//! recent posts, as X's do: 3,200 of a user's (800 with `exclude=replies`), 800 mentions, 3,200
//! on the home timeline ("Volume limits", <https://docs.x.com/x-api/posts/timelines/integrate>).

use serde_json::json;

use super::state::{Id, Post, XState};
use super::tweets;
use super::users;
use super::wire::{Answer, Call, cursor, invalid_param, ok};

/// How many of the most recent posts a timeline reaches (`None`: no limit, recent search).
#[derive(Clone, Copy)]
enum Depth {
    /// This many, whatever `exclude` says.
    Posts(usize),
    /// A user's timeline: 3,200, or 800 with `exclude=replies`.
    User,
    /// No limit.
    Unlimited,
}

/// One page of the posts `keep` selects, newest first, with `meta` (`result_count`,
/// `newest_id`, `oldest_id`, `next_token`, and `previous_token` on timelines, not on recent
/// search, as <https://docs.x.com/x-api/posts/timelines/introduction> and
/// <https://docs.x.com/x-api/posts/search/introduction> show); an empty page has no `data`.
/// Only the `depth` most recent of them can be served: beyond it the timeline ends.
fn page(
    state: &XState,
    call: &Call<'_>,
    keep: impl Fn(&Post) -> bool,
    range: (usize, usize, usize),
    search: bool,
    depth: Depth,
) -> Answer {
    let max = call.max_results(range)?;
    let since = call.id_query("since_id")?;
    let until = call.id_query("until_id")?;
    let start = call.time_query("start_time")?;
    let end = call.time_query("end_time")?;
    // Recent search also takes the token as `next_token`; a timeline's `previous_token`
    // (`pt…`) asks for the page above the newest post it was given with.
    let previous = match call.query("pagination_token") {
        Some(raw) if !search && raw.starts_with("pt") => {
            let decoded = u64::from_str_radix(&raw[2..], 16).ok();
            Some(decoded.ok_or_else(|| {
                invalid_param(
                    "pagination_token",
                    &raw,
                    format!("The `pagination_token` query parameter value [{raw}] is not valid"),
                )
            })?)
        }
        _ => None,
    };
    let after = match call.query("next_token") {
        Some(_) if search => call.cursor("next_token")?,
        _ if previous.is_some() => None,
        _ => call.cursor("pagination_token")?,
    };
    let (no_retweets, no_replies) = (
        call.has("exclude", "retweets"),
        call.has("exclude", "replies"),
    );
    let depth = match depth {
        Depth::Posts(n) => n,
        Depth::User if no_replies => 800,
        Depth::User => 3_200,
        Depth::Unlimited => usize::MAX,
    };
    let candidates: Vec<&Post> = state
        .posts
        .values()
        .rev()
        .filter(|p| {
            let excluded =
                (no_retweets && p.retweet_of.is_some()) || (no_replies && p.reply_to.is_some());
            !excluded && keep(p)
        })
        .take(depth)
        .filter(|p| {
            since.is_none_or(|since| p.id > since)
                && until.is_none_or(|until| p.id < until)
                && start.is_none_or(|start| p.created_at >= start)
                && end.is_none_or(|end| p.created_at < end)
        })
        .collect();
    let (first, last) = match (previous, after) {
        (Some(before), _) => {
            let end = candidates.iter().take_while(|p| p.id > before).count();
            (end.saturating_sub(max), end)
        }
        (None, Some(after)) => {
            let start = candidates.iter().take_while(|p| p.id >= after).count();
            (start, (start + max).min(candidates.len()))
        }
        (None, None) => (0, max.min(candidates.len())),
    };
    let posts = &candidates[first..last];
    let mut meta = json!({ "result_count": posts.len() });
    if let (Some(newest), Some(oldest)) = (posts.first(), posts.last()) {
        meta["newest_id"] = json!(newest.id.to_string());
        meta["oldest_id"] = json!(oldest.id.to_string());
        if last < candidates.len() {
            meta["next_token"] = json!(cursor(oldest.id));
        }
        if first > 0 && !search {
            meta["previous_token"] = json!(format!("pt{:x}", newest.id));
        }
    }
    let mut body = tweets::body(state, call, posts, false);
    body["meta"] = meta;
    Ok(ok(200, body))
}

/// `GET /2/users/:id/tweets`: the user's posts and retweets (`max_results` 5–100, 10).
pub(super) fn user_tweets(state: &mut XState, call: &Call<'_>) -> Answer {
    let id = users::existing(state, call, 0)?;
    page(
        state,
        call,
        |p| p.author == id,
        (5, 100, 10),
        false,
        Depth::User,
    )
}

/// `GET /2/users/:id/mentions`: posts (not retweets) with `@username`, case-insensitively
/// (`max_results` 5–100, 10).
pub(super) fn mentions(state: &mut XState, call: &Call<'_>) -> Answer {
    let id = users::existing(state, call, 0)?;
    let name = state.users[&id].username.clone();
    let mentions_me = |p: &Post| {
        p.retweet_of.is_none()
            && tweets::mentions(&p.text)
                .iter()
                .any(|(_, _, handle)| handle.eq_ignore_ascii_case(&name))
    };
    page(
        state,
        call,
        mentions_me,
        (5, 100, 10),
        false,
        Depth::Posts(800),
    )
}

/// `GET /2/users/:id/timelines/reverse_chronological`: the caller's posts and those of the
/// users they follow (`max_results` 1–100, 100). `:id` must be the caller.
pub(super) fn home(state: &mut XState, call: &Call<'_>) -> Answer {
    let me = call.acting_as(0)?;
    let followed: std::collections::HashSet<Id> =
        state.follows.following(me).iter().copied().collect();
    let visible = |p: &Post| p.author == me || followed.contains(&p.author);
    page(
        state,
        call,
        visible,
        (1, 100, 100),
        false,
        Depth::Posts(3_200),
    )
}

/// `GET /2/tweets/search/recent` (`max_results` 10–100, 10). The query language is
/// simplified: every whitespace-separated term must match, `from:username` on the author,
/// `conversation_id:ID` on the thread a post belongs to (how replies to a post are found),
/// and any other term as a case-insensitive substring of the text. No 7-day horizon.
pub(super) fn search(state: &mut XState, call: &Call<'_>) -> Answer {
    let query = call.query("query").unwrap_or_default();
    if query.trim().is_empty() {
        return Err(invalid_param(
            "query",
            &query,
            "The `query` query parameter can not be empty".into(),
        ));
    }
    let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let matches = |p: &Post| {
        let text = p.text.to_lowercase();
        terms.iter().all(|term| {
            if let Some(name) = term.strip_prefix("from:") {
                state
                    .users
                    .get(&p.author)
                    .is_some_and(|author| author.username.eq_ignore_ascii_case(name))
            } else if let Some(id) = term.strip_prefix("conversation_id:") {
                // Like X, the root matches too: its conversation id is its own id.
                id.parse().is_ok_and(|id: Id| p.conversation_id == id)
            } else {
                text.contains(term.as_str())
            }
        })
    };
    page(state, call, matches, (10, 100, 10), true, Depth::Unlimited)
}
