//! Tokens and login codes: their records, `appsecret_proof`, and the helpers that issue,
//! expire and invalidate them.
//! Their shape: <https://developers.facebook.com/docs/facebook-login/guides/access-tokens>.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{GraphState, LONG_LIVED, missing};

/// `lowercase_hex(HMAC-SHA256(key = app_secret, message = access_token))`, the
/// `appsecret_proof` Graph expects when "Require App Secret" is on.
///
/// ```
/// use social_testkit::facebook::appsecret_proof;
///
/// assert_eq!(
///     appsecret_proof("xyz789", "abc123"),
///     "4dad02ff1693df832f9c183fe400fc4f601360be06514acb4a73edb783eec345"
/// );
/// ```
pub fn appsecret_proof(app_secret: &str, access_token: &str) -> String {
    match Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(access_token.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; this arm is never taken.
        Err(_) => String::new(),
    }
}

/// What a stored token stands for (the app token `{id}|{secret}` is not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    User(String),
    Page { page: String, user: String },
}

/// A token marked dead by a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenStatus {
    Valid,
    /// 190/463.
    Expired,
    /// 190/460 (password changed).
    Invalidated,
    /// 190/467 (the user logged out).
    LoggedOut,
    /// 190/492 (the user lost their role on the Page).
    RoleLost,
}

/// An access token the fake accepts.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) principal: Principal,
    pub(crate) status: TokenStatus,
    pub(crate) issued_at: i64,
    /// `None`: never expires (`expires_at: 0` in `debug_token`).
    pub(crate) expires_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub(crate) user: String,
    pub(crate) redirect_uri: String,
    pub(crate) used: bool,
    /// The demo's code can be exchanged again and again.
    pub(crate) reusable: bool,
}

impl GraphState {
    /// The app token, `{app_id}|{app_secret}`, also what `grant_type=client_credentials`
    /// returns.
    pub fn app_token(&self) -> String {
        format!("{}|{}", self.app_id, self.app_secret)
    }

    /// A new long-lived user token for `user` (expires in 5183944 s, about 60 days, by the
    /// fake's clock). Page tokens obtained through it never expire.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn user_token(&mut self, user: &str) -> String {
        if !self.users.contains_key(user) {
            missing("user_token", "user", user);
        }
        let token = self.mint("user-token-");
        self.grant_user_token(&token, user, Some(LONG_LIVED));
        token
    }

    /// Accepts the fixed token `token` for `user`, expiring after `lifetime` seconds (`None`:
    /// never), e.g. to reproduce a token captured from a real app.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn add_user_token(&mut self, user: &str, token: &str, lifetime: Option<i64>) {
        if !self.users.contains_key(user) {
            missing("add_user_token", "user", user);
        }
        self.grant_user_token(token, user, lifetime);
    }

    /// The code Facebook's OAuth dialog would redirect `user` back with: single use, valid
    /// only with this exact `redirect_uri`, exchanged for a short-lived user token (`expires_in`
    /// 5400) by `GET /oauth/access_token`.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn issue_code(&mut self, user: &str, redirect_uri: &str) -> String {
        let code = self.mint("code-");
        self.add_code(&code, user, redirect_uri);
        code
    }

    /// Like [`issue_code`](Self::issue_code) with a fixed code.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn add_code(&mut self, code: &str, user: &str, redirect_uri: &str) {
        if !self.users.contains_key(user) {
            missing("issue_code", "user", user);
        }
        self.codes.insert(
            code.to_owned(),
            Code {
                user: user.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                used: false,
                reusable: false,
            },
        );
    }

    /// Marks `token` expired: calls get 190/463 "Error validating access token: Session has
    /// expired …".
    pub fn expire_token(&mut self, token: &str) {
        self.mark(token, TokenStatus::Expired);
    }

    /// Marks `token` invalidated, as a password change does: calls get 190/460.
    pub fn invalidate_token(&mut self, token: &str) {
        self.mark(token, TokenStatus::Invalidated);
    }

    /// Marks `token` as ended by a log-out: calls get 190/467 "Error validating access token:
    /// The session is invalid because the user logged out." (subcode 467, "Invalid access
    /// token", <https://developers.facebook.com/docs/graph-api/guides/error-handling>).
    pub fn log_out_token(&mut self, token: &str) {
        self.mark(token, TokenStatus::LoggedOut);
    }

    /// Marks `token` as belonging to a user who lost their role on the Page: 190/492 (see
    /// also [`remove_role`](Self::remove_role)).
    pub fn mark_role_lost(&mut self, token: &str) {
        self.mark(token, TokenStatus::RoleLost);
    }

    pub(crate) fn grant_user_token(&mut self, token: &str, user: &str, lifetime: Option<i64>) {
        let now = self.now();
        self.tokens.insert(
            token.to_owned(),
            Token {
                principal: Principal::User(user.to_owned()),
                status: TokenStatus::Valid,
                issued_at: now,
                expires_at: lifetime.map(|seconds| now.saturating_add(seconds)),
            },
        );
    }

    fn mark(&mut self, token: &str, status: TokenStatus) {
        if let Some(record) = self.tokens.get_mut(token) {
            record.status = status;
        }
    }
}
