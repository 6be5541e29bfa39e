//! OAuth 2.0 token endpoints: `POST /2/oauth2/token` (authorization code with PKCE, refresh
//! with rotation), `POST /2/oauth2/revoke`, and the app-only `POST /oauth2/token`, as
//! <https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token> and
//! <https://docs.x.com/fundamentals/authentication/oauth-2-0/bearer-tokens> describe them.
//!
//! Client credentials are required (a `client_id` in the body or HTTP Basic) but not checked
//! against a registry: any client is accepted.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::state::{Id, Principal, Refresh, XState};
use super::wire::{Answer, Call, Reply, ok};

/// Lifetime of an OAuth 2.0 access token (`expires_in`), as X documents it.
const ACCESS_TOKEN_LIFETIME: i64 = 7200;

/// An OAuth-style error body (`{"error", "error_description"}`), not a problem.
fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    ok(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

fn invalid_code() -> Reply {
    oauth_error(
        400,
        "invalid_request",
        "Value passed for the authorization code was invalid.",
    )
}

fn invalid_token() -> Reply {
    oauth_error(
        400,
        "invalid_request",
        "Value passed for the token was invalid.",
    )
}

/// The client id of `Authorization: Basic base64(id:secret)`, if well formed.
fn basic_client(call: &Call<'_>) -> Option<String> {
    let encoded = call.header("authorization")?.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, _secret) = decoded.split_once(':')?;
    (!id.is_empty()).then(|| id.to_owned())
}

/// The form field `name`, empty if absent.
fn field<'f>(form: &'f [(String, String)], name: &str) -> &'f str {
    form.iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value)
}

/// `base64url(SHA-256(verifier))`, the S256 code challenge (RFC 7636).
fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A client is identified by `client_id` (public clients) or Basic (confidential clients).
fn require_client(call: &Call<'_>, form: &[(String, String)]) -> Result<(), Reply> {
    if field(form, "client_id").is_empty() && basic_client(call).is_none() {
        return Err(oauth_error(
            401,
            "unauthorized_client",
            "Missing valid authorization header",
        ));
    }
    Ok(())
}

/// `POST /2/oauth2/token`.
pub(super) fn token(state: &mut XState, call: &Call<'_>) -> Answer {
    state.token_requests += 1;
    let form = call.form();
    require_client(call, &form)?;
    match field(&form, "grant_type") {
        "authorization_code" => {
            let code = state
                .codes
                .remove(field(&form, "code"))
                .ok_or_else(invalid_code)?;
            if code.expires_at < state.now()
                || s256(field(&form, "code_verifier")) != code.challenge
            {
                return Err(invalid_code());
            }
            let family = state.next_id();
            Ok(issue(state, code.user, &code.scope, family))
        }
        "refresh_token" => {
            let presented = field(&form, "refresh_token");
            let refresh = state
                .refresh_tokens
                .get_mut(presented)
                .ok_or_else(invalid_token)?;
            if !refresh.current {
                // A rotated token came back: someone holds a stale copy. Kill the chain.
                let family = refresh.family;
                state.revoke_family(family);
                return Err(invalid_token());
            }
            refresh.current = false;
            let (user, scope, family) = (refresh.user, refresh.scope.clone(), refresh.family);
            Ok(issue(state, user, &scope, family))
        }
        _ => Err(oauth_error(
            400,
            "unsupported_grant_type",
            "Value passed for the grant type was invalid.",
        )),
    }
}

/// A new access token (and, with `offline.access`, a new refresh token) in `family`.
fn issue(state: &mut XState, user: Id, scope: &str, family: u64) -> Reply {
    let access = state.mint("access-token-");
    let expires_at = state.now() + ACCESS_TOKEN_LIFETIME;
    state.grant(
        &access,
        Principal::User(user),
        Some(family),
        Some(expires_at),
    );
    let mut body = json!({
        "token_type": "bearer",
        "expires_in": ACCESS_TOKEN_LIFETIME,
        "access_token": access,
        "scope": scope,
    });
    if scope.split(' ').any(|s| s == "offline.access") {
        let refresh = state.mint("refresh-token-");
        let record = Refresh {
            user,
            scope: scope.to_owned(),
            family,
            current: true,
        };
        state.refresh_tokens.insert(refresh.clone(), record);
        body["refresh_token"] = Value::String(refresh);
    }
    ok(200, body)
}

/// `POST /2/oauth2/revoke`: an access token is revoked alone, a refresh token with its whole
/// family. Unknown tokens are "revoked" too, as OAuth (RFC 7009) wants.
pub(super) fn revoke(state: &mut XState, call: &Call<'_>) -> Answer {
    let form = call.form();
    require_client(call, &form)?;
    let token = field(&form, "token");
    if let Some(refresh) = state.refresh_tokens.get(token) {
        let family = refresh.family;
        state.revoke_family(family);
    }
    state.tokens.remove(token);
    Ok(ok(200, json!({ "revoked": true })))
}

/// `POST /oauth2/token` with `grant_type=client_credentials` and Basic credentials: the app's
/// bearer token ([`XState::app_token`]), the same until it is invalidated.
pub(super) fn app_token(state: &mut XState, call: &Call<'_>) -> Answer {
    state.token_requests += 1;
    let v1_error = |code: u16, message: &str, label: &str| {
        ok(
            403,
            json!({ "errors": [{ "code": code, "message": message, "label": label }] }),
        )
    };
    if basic_client(call).is_none() {
        return Err(v1_error(
            99,
            "Unable to verify your credentials",
            "authenticity_token_error",
        ));
    }
    if field(&call.form(), "grant_type") != "client_credentials" {
        return Err(v1_error(
            170,
            "Missing required parameter: grant_type",
            "forbidden_missing_parameter",
        ));
    }
    let token = state.app_token();
    Ok(ok(
        200,
        json!({ "token_type": "bearer", "access_token": token }),
    ))
}

#[cfg(test)]
mod tests {
    use super::s256;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
