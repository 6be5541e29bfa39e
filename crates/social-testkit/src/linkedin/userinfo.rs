//! The member's identity: OpenID Connect userinfo, `GET /v2/userinfo`
//! ("Sign In with LinkedIn using OpenID Connect",
//! <https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2>),
//! and the legacy `GET /v2/me`, closed to new apps.

use serde_json::{Value, json};

use super::Ctx;
use super::state::{FakeMember, LinkedInState};
use super::wire::{Answer, Reply, access_denied, invalid_token};

/// The claims of `member` that `scopes` grant: `sub` always, `name`, `given_name`,
/// `family_name`, `picture` and `locale` with `profile`, `email` and `email_verified` with
/// `email` (the page's "Response Body Schema"). `locale` is the documented string (`en-US`),
/// or the object `{"country","language"}` integrators report when `locale_object` is set.
pub(crate) fn claims(member: &FakeMember, scopes: &[String], locale_object: bool) -> Value {
    let has = |scope: &str| scopes.iter().any(|s| s == scope);
    let mut claims = json!({ "sub": member.sub });
    if has("profile") {
        claims["name"] = json!(format!("{} {}", member.given_name, member.family_name));
        claims["given_name"] = json!(member.given_name);
        claims["family_name"] = json!(member.family_name);
        if let Some(picture) = &member.picture {
            claims["picture"] = json!(picture);
        }
        claims["locale"] = if locale_object {
            json!({ "country": member.country, "language": member.language })
        } else {
            json!(format!("{}-{}", member.language, member.country))
        };
    }
    if has("email") {
        claims["email"] = json!(member.email);
        claims["email_verified"] = json!(member.email_verified);
    }
    claims
}

/// `GET /v2/userinfo`: the claims of the token's member; a token without `openid` (or a
/// client-credentials token, which has no member) gets 403 `userinfo.GET.NO_VERSION`.
pub(super) fn userinfo(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let Some(sub) = ctx.member.as_deref().filter(|_| ctx.has("openid")) else {
        return Err(access_denied("userinfo.GET.NO_VERSION"));
    };
    let Some(member) = state.members.get(sub) else {
        return Err(invalid_token());
    };
    Ok(Reply::json(
        200,
        claims(member, &ctx.scopes, state.locale_object),
    ))
}

/// `GET /v2/me`: the lite profile needs `r_liteprofile`, which new apps no longer get; LinkedIn
/// answers 403 `me.GET.NO_VERSION` (linkedin-developers/linkedin-api-js-client issue #35).
pub(super) fn me(_: &mut LinkedInState, _: &Ctx<'_>) -> Answer {
    Err(access_denied("me.GET.NO_VERSION"))
}
