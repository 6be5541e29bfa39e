//! Tokens, `appsecret_proof`, usage headers and rate limits, and the Page-token checks of
//! writes.
//!
//! Shapes follow <https://developers.facebook.com/docs/facebook-login/guides/access-tokens>
//! (tokens), <https://developers.facebook.com/docs/graph-api/securing-requests> (`appsecret_proof`),
//! <https://developers.facebook.com/docs/graph-api/overview/rate-limiting> (usage headers, codes
//! 4 and 80001) and <https://developers.facebook.com/docs/graph-api/guides/error-handling>
//! (code 190 and its subcodes).

use chrono::DateTime;
use serde_json::json;

use super::state::{
    DEFAULT_PAGE_CALL_LIMIT, GraphState, Principal, Token, TokenStatus, Window, appsecret_proof,
};
use super::wire::{Call, Caller, Reply, error, no_token};

/// 400 code 190 without subcode: a token the fake never issued.
pub(crate) fn unknown_token() -> Reply {
    error(
        400,
        "OAuthException",
        190,
        None,
        "Invalid OAuth access token - Cannot parse access token",
    )
}

/// Graph's way of writing a date in expiry messages: `Sunday, 25-Dec-16 04:45:57 UTC`.
fn expiry_date(unix_seconds: i64) -> String {
    DateTime::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .format("%A, %d-%b-%y %H:%M:%S UTC")
        .to_string()
}

/// Why a stored token no longer works: `(subcode, message)`, or `None` if it does.
pub(crate) fn token_problem(state: &GraphState, token: &Token) -> Option<(i64, String)> {
    let now = state.now();
    let expired = token.expires_at.is_some_and(|at| at <= now);
    if token.status == TokenStatus::Expired || expired {
        let at = token.expires_at.unwrap_or(now).min(now);
        return Some((
            463,
            format!(
                "Error validating access token: Session has expired on {}. The current time is {}.",
                expiry_date(at),
                expiry_date(now)
            ),
        ));
    }
    if token.status == TokenStatus::LoggedOut {
        return Some((
            467,
            "Error validating access token: The session is invalid because the user logged out."
                .to_owned(),
        ));
    }
    if token.status == TokenStatus::Invalidated {
        return Some((
            460,
            "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.".to_owned(),
        ));
    }
    let role_lost = match &token.principal {
        Principal::Page { page, user } => state.role(user, page).is_none(),
        Principal::User(_) => false,
    };
    if token.status == TokenStatus::RoleLost || role_lost {
        return Some((
            492,
            "Error validating access token: The session is invalid because the user is no longer an admin of the Page or lost their role on it.".to_owned(),
        ));
    }
    None
}

/// Who `token` acts for, or the Graph error a call with it gets.
pub(crate) fn resolve_token(state: &GraphState, token: &str) -> Result<Caller, Reply> {
    if token == state.app_token() {
        return Ok(Caller::App);
    }
    let record = state.tokens.get(token).ok_or_else(unknown_token)?;
    if let Some((subcode, message)) = token_problem(state, record) {
        return Err(error(400, "OAuthException", 190, Some(subcode), message));
    }
    Ok(match &record.principal {
        Principal::User(user) => Caller::User(user.clone()),
        Principal::Page { page, user } => Caller::Page {
            page: page.clone(),
            user: user.clone(),
        },
    })
}

/// Authenticates `call` (token, `appsecret_proof`) and sets its caller; when `count`, counts
/// the call against the app's or the Page's hourly budget and returns the usage headers
/// (an error with them once the budget is spent).
pub(crate) fn admit(
    state: &mut GraphState,
    call: &mut Call,
    count: bool,
) -> Result<Vec<(String, String)>, Reply> {
    let token = call.token().ok_or_else(no_token)?;
    let caller = resolve_token(state, &token)?;
    let personal = matches!(caller, Caller::User(_) | Caller::Page { .. });
    if state.require_proof && personal && !call.proven {
        match call.text("appsecret_proof") {
            None => {
                return Err(error(
                    400,
                    "GraphMethodException",
                    100,
                    None,
                    "API calls from the server require an appsecret_proof argument",
                ));
            }
            Some(proof) if proof.trim() != appsecret_proof(&state.app_secret, &token) => {
                return Err(error(
                    400,
                    "GraphMethodException",
                    100,
                    None,
                    "Invalid appsecret_proof provided in the API argument",
                ));
            }
            Some(_) => {}
        }
    }
    call.caller = caller;
    if !count {
        return Ok(Vec::new());
    }
    count_usage(state, &call.caller)
}

/// The usage percentage of `calls` out of `limit` (at least 1 once a call was made).
fn percent(calls: u64, limit: u64) -> u64 {
    if limit == 0 {
        return 100;
    }
    calls.saturating_mul(100).div_ceil(limit).min(100)
}

/// Starts a new hourly window when the current one is over (or none started).
fn roll(window: &mut Window, now: i64) {
    if window.start == 0 || now - window.start >= 3_600 {
        *window = Window {
            start: now,
            calls: 0,
        };
    }
}

/// Counts one call and returns the usage headers, or the rate-limit error carrying them.
fn count_usage(state: &mut GraphState, caller: &Caller) -> Result<Vec<(String, String)>, Reply> {
    let now = state.now();
    match caller {
        Caller::Page { page, .. } => {
            let window = state.page_windows.entry(page.clone()).or_default();
            roll(window, now);
            window.calls += 1;
            let headers = report(state, caller);
            if !page_over(state, page) {
                return Ok(headers);
            }
            let reply = error(
                400,
                "OAuthException",
                80001,
                None,
                "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
            );
            Err(with_headers(reply, headers))
        }
        Caller::User(_) | Caller::App => {
            roll(&mut state.app_window, now);
            state.app_window.calls += 1;
            let headers = report(state, caller);
            if state.app_window.calls <= state.app_limit {
                return Ok(headers);
            }
            let reply = error(
                400,
                "OAuthException",
                4,
                None,
                "(#4) Application request limit reached",
            );
            Err(with_headers(reply, headers))
        }
        Caller::Nobody => Ok(Vec::new()),
    }
}

fn with_headers(mut reply: Reply, headers: Vec<(String, String)>) -> Reply {
    reply.headers.extend(headers);
    reply
}

fn page_limit(state: &GraphState, page: &str) -> u64 {
    state
        .page_limits
        .get(page)
        .copied()
        .unwrap_or(DEFAULT_PAGE_CALL_LIMIT)
}

fn page_over(state: &GraphState, page: &str) -> bool {
    let calls = state.page_windows.get(page).map_or(0, |w| w.calls);
    calls > page_limit(state, page)
}

/// The usage headers for `caller` as things stand (nothing is counted): `X-App-Usage` for
/// user and app tokens, `X-Business-Use-Case-Usage` for Page tokens, each only once the
/// usage reaches the state's threshold.
pub(crate) fn report(state: &GraphState, caller: &Caller) -> Vec<(String, String)> {
    let threshold = u64::from(state.usage_threshold);
    match caller {
        Caller::Page { page, .. } => {
            let window = state.page_windows.get(page).copied().unwrap_or_default();
            let over = page_over(state, page);
            let call_count = if over {
                100
            } else {
                percent(window.calls, page_limit(state, page))
            };
            if window.calls == 0 || call_count < threshold {
                return Vec::new();
            }
            let regain = if over {
                (window
                    .start
                    .saturating_add(3_600)
                    .saturating_sub(state.now())
                    .max(1)
                    + 59)
                    / 60
            } else {
                0
            };
            let usage = json!({
                page.as_str(): [{
                    "type": "pages",
                    "call_count": call_count,
                    "total_cputime": call_count / 4,
                    "total_time": call_count / 2,
                    "estimated_time_to_regain_access": regain,
                }]
            });
            vec![("X-Business-Use-Case-Usage".to_owned(), usage.to_string())]
        }
        Caller::User(_) | Caller::App => {
            let window = state.app_window;
            let call_count = percent(window.calls, state.app_limit);
            if window.calls == 0 || call_count < threshold {
                return Vec::new();
            }
            let usage = json!({
                "call_count": call_count,
                "total_cputime": call_count / 4,
                "total_time": call_count / 2,
            });
            vec![("X-App-Usage".to_owned(), usage.to_string())]
        }
        Caller::Nobody => Vec::new(),
    }
}

/// The user acting through a Page token for `page` who holds one of `tasks` (MANAGE holds
/// them all) and every permission in `permissions`; else `denied()`.
pub(crate) fn page_actor(
    state: &GraphState,
    call: &Call,
    page: &str,
    tasks: &[&str],
    permissions: &[&str],
    denied: impl Fn() -> Reply,
) -> Result<String, Reply> {
    let Caller::Page { page: own, user } = &call.caller else {
        return Err(denied());
    };
    if own != page {
        return Err(denied());
    }
    let Some(role) = state.role(user, page) else {
        return Err(denied());
    };
    let has_task = tasks.is_empty()
        || role
            .tasks
            .iter()
            .any(|task| task == "MANAGE" || tasks.contains(&task.as_str()));
    let granted = state.users.get(user).is_some_and(|record| {
        permissions.iter().all(|wanted| {
            record
                .permissions
                .iter()
                .any(|(name, granted)| name == wanted && *granted)
        })
    });
    if has_task && granted {
        Ok(user.clone())
    } else {
        Err(denied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up_and_cap() {
        assert_eq!(percent(1, 1_000), 1);
        assert_eq!(percent(500, 1_000), 50);
        assert_eq!(percent(1_001, 1_000), 100);
        assert_eq!(percent(3, 0), 100);
    }

    #[test]
    fn expiry_dates_read_like_graphs() {
        assert_eq!(expiry_date(1_482_669_957), "Sunday, 25-Dec-16 12:45:57 UTC");
    }
}
