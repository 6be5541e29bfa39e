//! LinkedIn's OAuth 2.0 endpoints under `/oauth/v2`: the authorization page
//! ("Authorization Code Flow",
//! <https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>),
//! the token endpoint (authorization code, refresh token for approved partners only
//! — "Programmatic Refresh Tokens",
//! <https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens>
//! — and client credentials, "Client Credential Flow",
//! <https://learn.microsoft.com/en-us/linkedin/shared/authentication/client-credentials-flow>),
//! and token introspection
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection>).
//!
//! The token endpoint answers form posts only (GET stopped working in March 2023) and its
//! errors are OAuth's `{"error","error_description"}`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::state::{ACCESS_TOKEN_TTL, APP_TOKEN_TTL, LinkedInState, REFRESH_TOKEN_TTL, Refresh};
use super::userinfo::claims;
use super::wire::{Body, Call, Reply, field, invalid_client, missing_parameter, oauth_error};

/// The error page the authorization endpoint shows instead of redirecting (an unknown app, a
/// redirect URL that is not registered): LinkedIn renders HTML for the member, not JSON.
fn error_page(message: &str) -> Reply {
    Reply {
        status: 400,
        body: Body::Text(
            "text/html; charset=utf-8",
            format!(
                "<!DOCTYPE html><html><head><title>LinkedIn</title></head><body><h1>Bummer, something went wrong.</h1><p>{message}</p></body></html>"
            ),
        ),
        headers: Vec::new(),
    }
}

/// A `302` back to `redirect_uri` with `params` added to its query.
fn redirect(redirect_uri: &url::Url, params: &[(&str, &str)]) -> Reply {
    let mut location = redirect_uri.clone();
    {
        let mut query = location.query_pairs_mut();
        for (name, value) in params {
            query.append_pair(name, value);
        }
    }
    Reply::empty(302).with_header("location", location.as_str())
}

/// `GET /oauth/v2/authorization?response_type=code&client_id=…&redirect_uri=…&scope=…&state=…`:
/// the consent screen, accepted at once by the state's consenting member. Scopes are
/// space-separated (`%20` in the URL; a comma-joined list reads as one unknown scope); one the
/// app's products do not grant is refused with `unauthorized_scope_error`, and the member must
/// accept every scope (no partial consent).
pub(super) fn authorize(state: &mut LinkedInState, call: &Call) -> Reply {
    if call.method != "GET" {
        return error_page("This page only answers GET.");
    }
    if call.param("client_id") != Some(state.client_id.as_str()) {
        return error_page("The passed in client_id is invalid.");
    }
    let registered = call
        .param("redirect_uri")
        .filter(|uri| state.redirect_uris.iter().any(|r| r == uri));
    let Some(target) = registered.and_then(|uri| url::Url::parse(uri).ok()) else {
        return error_page("The redirect_uri does not match the registered value.");
    };
    let client_state = call.param("state").unwrap_or_default();
    let with_state = |mut params: Vec<(&'static str, String)>| {
        if !client_state.is_empty() {
            params.push(("state", client_state.to_owned()));
        }
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        redirect(&target, &params)
    };
    if call.param("response_type") != Some("code") {
        return with_state(vec![
            ("error", "unsupported_response_type".into()),
            ("error_description", "The response_type must be code".into()),
        ]);
    }
    let scopes: Vec<String> = call
        .param("scope")
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(scope) = scopes.iter().find(|s| !state.app_scopes.contains(*s)) {
        return with_state(vec![
            ("error", "unauthorized_scope_error".into()),
            (
                "error_description",
                format!("Scope \"{scope}\" is not authorized for your application"),
            ),
        ]);
    }
    let Some(member) = state.consenting_member.clone() else {
        return with_state(vec![
            ("error", "user_cancelled_login".into()),
            (
                "error_description",
                "The user cancelled LinkedIn login".into(),
            ),
        ]);
    };
    let code = state.mint("AQT-code-");
    let redirect_uri = call.param("redirect_uri").unwrap_or_default().to_owned();
    state.insert_code(&code, &member, &redirect_uri, scopes, false);
    with_state(vec![("code", code)])
}

/// `client_id` and `client_secret` of the form: 400 when missing, 401 `invalid_client` when
/// wrong.
fn check_client(state: &LinkedInState, form: &[(String, String)]) -> Result<(), Reply> {
    let id = field(form, "client_id").ok_or_else(|| missing_parameter("client_id"))?;
    let secret = field(form, "client_secret").ok_or_else(|| missing_parameter("client_secret"))?;
    if id == state.client_id && secret == state.client_secret {
        Ok(())
    } else {
        Err(invalid_client())
    }
}

/// An ID token for `member`: a JWT with LinkedIn's claims (`iss`, `aud`, `iat`, `exp`, and the
/// userinfo claims the scopes grant). Its signature is a digest, not an RS256 signature: the
/// fake has no key, so a client that verifies ID tokens must be told to skip it.
fn id_token(state: &LinkedInState, member: &str, scopes: &[String]) -> Option<String> {
    let member = state.members.get(member)?;
    let now = state.now();
    let header = json!({ "typ": "JWT", "alg": "RS256", "kid": "social-testkit" });
    let mut payload = claims(member, scopes, false);
    payload["iss"] = json!("https://www.linkedin.com/oauth");
    payload["aud"] = json!(state.client_id);
    payload["iat"] = json!(now);
    payload["exp"] = json!(now + 3_600);
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = URL_SAFE_NO_PAD.encode(Sha256::digest(signed.as_bytes()));
    Some(format!("{signed}.{signature}"))
}

/// The answer of a 3-legged grant: the token, `expires_in`, `scope` (comma-separated), the
/// `id_token` when `openid` was granted, and the refresh token for partners.
fn member_grant(
    state: &mut LinkedInState,
    member: &str,
    mut scopes: Vec<String>,
    ttl: i64,
    refresh: Option<(String, i64)>,
) -> Reply {
    scopes.sort();
    scopes.dedup();
    let token = state.mint("AQV-member-");
    state.grant(&token, Some(member.to_owned()), scopes.clone(), ttl);
    let mut body = json!({
        "access_token": token,
        "expires_in": ttl,
        "scope": scopes.join(","),
        "token_type": "Bearer",
    });
    if scopes.iter().any(|s| s == "openid") {
        if let Some(id_token) = id_token(state, member, &scopes) {
            body["id_token"] = json!(id_token);
        }
    }
    if let Some((refresh_token, remaining)) = refresh {
        body["refresh_token"] = json!(refresh_token);
        body["refresh_token_expires_in"] = json!(remaining);
    }
    Reply::json(200, body)
}

/// The error of a code that is unknown, used, expired or bound to another redirect URL, in
/// LinkedIn's words.
fn bad_code() -> Reply {
    oauth_error(
        400,
        "invalid_request",
        "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists",
    )
}

/// The error of an unknown, expired or revoked refresh token (`invalid_grant`,
/// <https://www.rfc-editor.org/rfc/rfc6749#section-5.2>).
fn bad_refresh_token() -> Reply {
    oauth_error(
        400,
        "invalid_grant",
        "The provided authorization grant or refresh token is invalid, expired or revoked",
    )
}

/// `POST /oauth/v2/accessToken` (form): `authorization_code` (a 60-day token, plus a refresh
/// token valid 365 days from this consent for partner apps), `refresh_token` (partners only: a
/// new 60-day token capped by the refresh token's remaining life, the same refresh token), and
/// `client_credentials` (a 30-minute 2-legged token, for apps whose products allow it).
pub(super) fn access_token(state: &mut LinkedInState, call: &Call) -> Reply {
    if call.method != "POST" {
        return oauth_error(
            400,
            "invalid_request",
            "The token endpoint only accepts POST with a form body",
        );
    }
    let form = call.form();
    let Some(grant_type) = field(&form, "grant_type") else {
        return missing_parameter("grant_type");
    };
    if let Err(reply) = check_client(state, &form) {
        return reply;
    }
    let now = state.now();
    match grant_type {
        "authorization_code" => {
            let Some(code) = field(&form, "code") else {
                return missing_parameter("code");
            };
            let Some(redirect_uri) = field(&form, "redirect_uri") else {
                return missing_parameter("redirect_uri");
            };
            let usable = state.codes.get(code).filter(|c| {
                (!c.used || c.reusable) && c.expires > now && c.redirect_uri == redirect_uri
            });
            let Some(record) = usable.cloned() else {
                return bad_code();
            };
            if let Some(stored) = state.codes.get_mut(code) {
                stored.used = true;
            }
            let refresh = if state.partner {
                let token = state.mint("AQX-refresh-");
                let expires = now.saturating_add(REFRESH_TOKEN_TTL);
                state.refresh_tokens.insert(
                    token.clone(),
                    Refresh {
                        member: record.member.clone(),
                        scopes: record.scopes.clone(),
                        expires,
                    },
                );
                Some((token, REFRESH_TOKEN_TTL))
            } else {
                None
            };
            member_grant(
                state,
                &record.member,
                record.scopes,
                ACCESS_TOKEN_TTL,
                refresh,
            )
        }
        "refresh_token" => {
            if !state.partner {
                return oauth_error(
                    400,
                    "unauthorized_client",
                    "The client is not authorized to request an access token using this method.",
                );
            }
            let Some(token) = field(&form, "refresh_token") else {
                return missing_parameter("refresh_token");
            };
            let Some(record) = state
                .refresh_tokens
                .get(token)
                .filter(|r| r.expires > now)
                .cloned()
            else {
                return bad_refresh_token();
            };
            let remaining = record.expires - now;
            member_grant(
                state,
                &record.member,
                record.scopes,
                ACCESS_TOKEN_TTL.min(remaining),
                Some((token.to_owned(), remaining)),
            )
        }
        "client_credentials" => {
            if !state.client_credentials {
                return oauth_error(
                    400,
                    "access_denied",
                    "This application is not allowed to create application tokens",
                );
            }
            let token = state.mint("AQW-app-");
            state.grant(&token, None, Vec::new(), APP_TOKEN_TTL);
            Reply::json(
                200,
                json!({ "access_token": token, "expires_in": APP_TOKEN_TTL }),
            )
        }
        other => oauth_error(
            400,
            "unsupported_grant_type",
            &format!("The grant type {other} is not supported"),
        ),
    }
}

/// `POST /oauth/v2/introspectToken` (form `client_id`, `client_secret`, `token`): `active`,
/// `status` (`active`, `expired`, `revoked`), `client_id`, `created_at`, `expires_at`,
/// `auth_type` (`3L` or `2L`), and for 3-legged tokens `authorized_at` and `scope`
/// (comma-separated). 400 for an unknown client or token, 401 for a wrong secret, as the page
/// lists.
pub(super) fn introspect(state: &mut LinkedInState, call: &Call) -> Reply {
    if call.method != "POST" {
        return oauth_error(
            400,
            "invalid_request",
            "The introspection endpoint only accepts POST with a form body",
        );
    }
    let form = call.form();
    match field(&form, "client_id") {
        Some(id) if id == state.client_id => {}
        Some(_) => return oauth_error(400, "invalid_request", "Invalid client id"),
        None => return missing_parameter("client_id"),
    }
    match field(&form, "client_secret") {
        Some(secret) if secret == state.client_secret => {}
        Some(_) => return invalid_client(),
        None => return missing_parameter("client_secret"),
    }
    let Some(token) = field(&form, "token") else {
        return missing_parameter("token");
    };
    let Some(record) = state.tokens.get(token) else {
        return oauth_error(400, "invalid_request", "Invalid token");
    };
    let now = state.now();
    let status = if record.revoked {
        "revoked"
    } else if record.expires <= now {
        "expired"
    } else {
        "active"
    };
    let mut body = json!({
        "active": status == "active",
        "status": status,
        "client_id": state.client_id,
        "created_at": record.created,
        "expires_at": record.expires,
        "auth_type": if record.member.is_some() { "3L" } else { "2L" },
    });
    if record.member.is_some() {
        body["authorized_at"] = json!(record.created);
        body["scope"] = Value::String(record.scopes.join(","));
    }
    Reply::json(200, body)
}
