//! Tokens: `GET /oauth/access_token` (code exchange, `fb_exchange_token`,
//! `client_credentials`) and `GET /debug_token`.
//!
//! Shapes follow
//! <https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow> (code
//! exchange), <https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived>
//! (`fb_exchange_token`) and <https://developers.facebook.com/docs/graph-api/reference/debug_token/>.

use serde_json::{Value, json};

use super::auth::{resolve_token, token_problem};
use super::state::{DATA_ACCESS, GraphState, LONG_LIVED, Principal, SHORT_LIVED};
use super::wire::{Answer, Call, Caller, Reply, error, invalid, ok, unsupported};

/// The legacy flat error of a code exchange whose `redirect_uri` differs from the dialog's.
fn redirect_mismatch() -> Reply {
    Reply {
        status: 400,
        body: json!({
            "error_type": "OAuthException",
            "code": 400,
            "error_message": "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        }),
        headers: Vec::new(),
    }
}

/// `client_id` must be the app's (code 101) and `client_secret` its secret (code 1).
fn check_client(state: &GraphState, call: &Call) -> Result<(), Reply> {
    match call.text("client_id") {
        None => {
            return Err(error(
                400,
                "OAuthException",
                101,
                None,
                "Missing client_id parameter.",
            ));
        }
        Some(id) if id != state.app_id => {
            return Err(error(
                400,
                "OAuthException",
                101,
                None,
                "Error validating application. Invalid application ID.",
            ));
        }
        Some(_) => {}
    }
    if call.param("client_secret") != Some(state.app_secret.as_str()) {
        return Err(error(
            400,
            "OAuthException",
            1,
            None,
            "Error validating client secret.",
        ));
    }
    Ok(())
}

/// `{access_token, token_type:"bearer", expires_in}` for a new user token.
fn user_token(state: &mut GraphState, user: &str, lifetime: i64) -> Reply {
    let prefix = if lifetime == LONG_LIVED {
        "long-lived-token-"
    } else {
        "user-token-"
    };
    let token = state.mint(prefix);
    state.grant_user_token(&token, user, Some(lifetime));
    ok(json!({ "access_token": token, "token_type": "bearer", "expires_in": lifetime }))
}

/// `GET /oauth/access_token` (no access token needed): a code for a short-lived user token
/// (`expires_in` 5400), `grant_type=fb_exchange_token` for a long-lived one (5183944), or
/// `grant_type=client_credentials` for the app token.
pub(super) fn access_token(state: &mut GraphState, call: &Call) -> Answer {
    if !matches!(call.method.as_str(), "GET" | "POST") {
        return Err(unsupported(&call.method, "oauth"));
    }
    check_client(state, call)?;
    match call.text("grant_type") {
        Some("client_credentials") => Ok(ok(json!({
            "access_token": state.app_token(),
            "token_type": "bearer",
        }))),
        Some("fb_exchange_token") => {
            let Some(short) = call.text("fb_exchange_token") else {
                return Err(invalid("(#100) Missing parameter fb_exchange_token"));
            };
            match resolve_token(state, short)? {
                Caller::User(user) => Ok(user_token(state, &user, LONG_LIVED)),
                _ => Err(invalid(
                    "(#100) fb_exchange_token must be a user access token",
                )),
            }
        }
        Some("authorization_code") | None if call.text("code").is_some() => {
            let code = call.text("code").unwrap_or_default();
            let redirect_uri = call.param("redirect_uri").unwrap_or_default();
            let Some(record) = state.codes.get(code).cloned() else {
                return Err(error(
                    400,
                    "OAuthException",
                    100,
                    Some(36_007),
                    "Invalid verification code format.",
                ));
            };
            if record.used && !record.reusable {
                return Err(error(
                    400,
                    "OAuthException",
                    100,
                    Some(36_009),
                    "This authorization code has been used.",
                ));
            }
            if record.redirect_uri != redirect_uri {
                return Err(redirect_mismatch());
            }
            if let Some(stored) = state.codes.get_mut(code) {
                stored.used = true;
            }
            Ok(user_token(state, &record.user, SHORT_LIVED))
        }
        Some(other) => Err(invalid(format!("(#100) Unsupported grant_type: {other}"))),
        None => Err(invalid(
            "(#100) Give a code, grant_type=fb_exchange_token or grant_type=client_credentials",
        )),
    }
}

/// `GET /debug_token?input_token=…` with the app token: what the input token is, for whom,
/// until when, with which scopes and `metadata`
/// (<https://developers.facebook.com/docs/graph-api/reference/debug_token/>); an invalid one has `is_valid:false` and an `error` inside
/// `data`.
pub(super) fn debug_token(state: &mut GraphState, call: &Call) -> Answer {
    if call.caller != Caller::App {
        return Err(invalid(
            "(#100) You must provide an app access token, or a user access token that is an owner or developer of the app",
        ));
    }
    let Some(input) = call.text("input_token") else {
        return Err(invalid("(#100) The parameter input_token is required"));
    };
    Ok(ok(json!({ "data": inspect(state, input) })))
}

/// The `data` of `debug_token` for `input`.
fn inspect(state: &GraphState, input: &str) -> Value {
    if input == state.app_token() {
        return json!({
            "app_id": state.app_id,
            "type": "APP",
            "application": state.app_name,
            "is_valid": true,
        });
    }
    let Some(token) = state.tokens.get(input) else {
        return json!({
            "error": {
                "code": 190,
                "message": "Invalid OAuth access token - Cannot parse access token",
            },
            "is_valid": false,
            "scopes": [],
        });
    };
    let (kind, user, profile) = match &token.principal {
        Principal::User(user) => ("USER", user.clone(), None),
        Principal::Page { page, user } => ("PAGE", user.clone(), Some(page.clone())),
    };
    let granted: Vec<String> = state
        .users
        .get(&user)
        .map(|u| {
            u.permissions
                .iter()
                .filter(|(_, granted)| *granted)
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default();
    let pages: Vec<&str> = state
        .roles
        .iter()
        .filter(|role| role.user == user)
        .map(|role| role.page.as_str())
        .collect();
    let businesses: Vec<&str> = state
        .businesses
        .values()
        .filter(|b| b.members.contains(&user))
        .map(|b| b.id.as_str())
        .collect();
    let granular: Vec<Value> = granted
        .iter()
        .map(|scope| {
            if scope.starts_with("pages_") || scope == "read_insights" {
                json!({ "scope": scope, "target_ids": pages })
            } else if scope == "business_management" {
                json!({ "scope": scope, "target_ids": businesses })
            } else {
                json!({ "scope": scope })
            }
        })
        .collect();
    let mut data = json!({
        "app_id": state.app_id,
        "type": kind,
        "application": state.app_name,
        "data_access_expires_at": token.issued_at + DATA_ACCESS,
        "expires_at": token.expires_at.unwrap_or(0),
        "is_valid": true,
        "issued_at": token.issued_at,
        "scopes": granted,
        "granular_scopes": granular,
        "user_id": user,
        // The documented example carries `metadata` (`{"sso": "iphone-safari"}`); the fake's
        // tokens come from a web sign-in.
        "metadata": { "sso": "web" },
    });
    if let Some(page) = profile {
        data["profile_id"] = json!(page);
    }
    if let Some((subcode, message)) = token_problem(state, token) {
        data["is_valid"] = json!(false);
        data["error"] = json!({ "code": 190, "message": message, "subcode": subcode });
    }
    data
}
