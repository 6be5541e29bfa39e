//! Pages: the ones a person manages (directly or through a business portfolio), a Page's profile
//! and audience, Page tokens, and the Page's webhook subscription (`subscribed_apps`).

use std::collections::BTreeSet;

use serde::Deserialize;
use social_core::auth::AccessToken;
use social_core::http::{Idempotency, RequestSpec};
use social_core::{Error, Listing, Network, PageLimits, Result};

use crate::client::FacebookClient;
use crate::list::ListBuilder;
use crate::models::{Business, Page, PageAccount, PageField, PageId, SubscribedApp, names};

/// The fields of `/me/accounts` read by default.
pub const ACCOUNT_FIELDS: &[&str] = &[
    "id",
    "name",
    "category",
    "category_list",
    "tasks",
    "access_token",
];

/// The fields of `GET /{page-id}` read by default.
pub const PAGE_FIELDS: &[&str] = &[
    "id",
    "name",
    "username",
    "link",
    "about",
    "category",
    "fan_count",
    "followers_count",
    "verification_status",
    "picture",
];

/// Pages. Get it with [`FacebookClient::pages`].
#[derive(Debug, Clone)]
pub struct Pages {
    client: FacebookClient,
}

impl FacebookClient {
    /// Pages, businesses, Page profiles and webhook subscriptions.
    pub fn pages(&self) -> Pages {
        Pages {
            client: self.clone(),
        }
    }
}

impl Pages {
    /// The Pages the user manages, with their tasks and Page tokens (`GET /me/accounts`; needs
    /// `pages_show_list`).
    ///
    /// ```no_run
    /// use social_facebook::Listing;
    /// use social_facebook::models::PageTask;
    ///
    /// # async fn run(fb: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// for account in fb.pages().accounts().collect(Default::default()).await? {
    ///     println!("{} {:?} may publish: {}", account.id, account.name, account.can(&PageTask::CreateContent));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn accounts(&self) -> ListBuilder<PageAccount> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("me/accounts").endpoint("GET /me/accounts"),
            ACCOUNT_FIELDS,
        )
    }

    /// The business portfolios of the user (`GET /me/businesses`; needs `business_management`).
    pub fn businesses(&self) -> ListBuilder<Business> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("me/businesses").endpoint("GET /me/businesses"),
            &["id", "name"],
        )
    }

    /// The Pages a business owns (`GET /{business-id}/owned_pages`).
    pub fn owned_pages(&self, business_id: &str) -> ListBuilder<PageAccount> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(business_id)
                .path("owned_pages")
                .endpoint("GET /:business/owned_pages"),
            ACCOUNT_FIELDS,
        )
    }

    /// The Pages a business manages for clients (`GET /{business-id}/client_pages`).
    pub fn client_pages(&self, business_id: &str) -> ListBuilder<PageAccount> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(business_id)
                .path("client_pages")
                .endpoint("GET /:business/client_pages"),
            ACCOUNT_FIELDS,
        )
    }

    /// Every Page the user can reach: `/me/accounts` plus the Pages of each business portfolio
    /// (which may not appear in `/me/accounts`), each Page once. Without `business_management`
    /// the portfolio part is skipped (the permission error is not fatal); other errors are.
    ///
    /// ```no_run
    /// # async fn run(fb: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let all = fb.pages().all_managed().await?;
    /// println!("{} Pages", all.len());
    /// # Ok(()) }
    /// ```
    pub async fn all_managed(&self) -> Result<Vec<PageAccount>> {
        let limits = PageLimits::default().max_pages(50);
        let mut out = self.accounts().collect(limits).await?;
        let businesses = match self.businesses().collect(limits).await {
            Ok(b) => b,
            Err(e) if is_missing_permission(&e) => Vec::new(),
            Err(e) => return Err(e),
        };
        for b in businesses {
            // A portfolio whose Pages this person may not list is skipped, not fatal.
            for list in [self.owned_pages(&b.id), self.client_pages(&b.id)] {
                match list.collect(limits).await {
                    Ok(pages) => out.extend(pages),
                    Err(e) if is_missing_permission(&e) => {
                        tracing::debug!(business = %b.id, "no permission on a business portfolio's Pages; skipped");
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let mut seen = BTreeSet::new();
        out.retain(|p| seen.insert(p.id.clone()));
        Ok(out)
    }

    /// A Page's profile and audience (`GET /{page-id}`).
    ///
    /// ```no_run
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(fb: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let page = fb.pages().get(&PageId::new("200000000000001")).send().await?;
    /// println!("{:?}: {:?} likes, {:?} followers", page.name, page.fan_count, page.followers_count);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, page: &PageId) -> GetPageBuilder {
        GetPageBuilder {
            client: self.client.clone(),
            page: page.clone(),
            fields: PAGE_FIELDS.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The Page token of one Page (`GET /{page-id}?fields=access_token` with a user token whose
    /// user holds a task on the Page).
    pub async fn page_token(&self, page: &PageId) -> Result<AccessToken> {
        #[derive(Deserialize)]
        struct T {
            access_token: Option<AccessToken>,
        }
        let t: T = self
            .client
            .send(
                RequestSpec::get("")
                    .segment(page.as_str())
                    .query("fields", "access_token")
                    .endpoint("GET /:page?fields=access_token")
                    .secret_response(),
            )
            .await?;
        t.access_token.ok_or_else(|| Error::Auth {
            network: Network::Facebook,
            kind: social_core::AuthErrorKind::MissingPermission { scope: None },
            message: format!(
                "Graph gave no Page token for {page}: the user holds no task on it (a Page admin can give one)"
            ),
            api: None,
        })
    }

    /// The apps subscribed to the Page's webhooks, with their fields (`GET /{page-id}/subscribed_apps`).
    pub async fn subscribed_apps(&self, page: &PageId) -> Result<Vec<SubscribedApp>> {
        #[derive(Deserialize)]
        struct D {
            #[serde(default)]
            data: Vec<SubscribedApp>,
        }
        let d: D = self
            .client
            .send(
                RequestSpec::get("")
                    .segment(page.as_str())
                    .path("subscribed_apps")
                    .endpoint("GET /:page/subscribed_apps"),
            )
            .await?;
        Ok(d.data)
    }

    /// Subscribes this app to the Page's webhook `fields` (`feed`, `mention`…; Page token,
    /// `pages_manage_metadata`). The fields must also be subscribed at the app level.
    ///
    /// ```no_run
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// page.pages().subscribe_app(&PageId::new("200000000000001"), ["feed", "mention"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn subscribe_app<S: AsRef<str>>(
        &self,
        page: &PageId,
        fields: impl IntoIterator<Item = S>,
    ) -> Result<()> {
        let fields: Vec<String> = fields.into_iter().map(|f| f.as_ref().to_string()).collect();
        if fields.is_empty() {
            return Err(Error::invalid(
                Network::Facebook,
                social_core::Violation::new(
                    "subscribed_fields",
                    social_core::ViolationKind::Empty,
                    "name at least one webhook field (feed, mention…)",
                ),
            ));
        }
        self.client
            .send_success(
                RequestSpec::post("")
                    .segment(page.as_str())
                    .path("subscribed_apps")
                    .form([("subscribed_fields", fields.join(","))])
                    .with_idempotency(Idempotency::Idempotent)
                    .endpoint("POST /:page/subscribed_apps"),
            )
            .await
    }

    /// Removes this app's webhook subscription on the Page (`DELETE /{page-id}/subscribed_apps`).
    pub async fn unsubscribe_app(&self, page: &PageId) -> Result<()> {
        self.client
            .send_success(
                RequestSpec::delete("")
                    .segment(page.as_str())
                    .path("subscribed_apps")
                    .endpoint("DELETE /:page/subscribed_apps"),
            )
            .await
    }
}

fn is_missing_permission(e: &Error) -> bool {
    matches!(
        e,
        Error::Auth {
            kind: social_core::AuthErrorKind::MissingPermission { .. },
            ..
        }
    )
}

/// `GET /{page-id}` being built. See [`Pages::get`].
///
/// ```no_run
/// use social_facebook::models::PageId;
/// use social_facebook::models::PageField;
///
/// # async fn run(fb: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let page = fb
///     .pages()
///     .get(&PageId::new("200000000000001"))
///     .fields([PageField::Name, PageField::FanCount, PageField::Raw("rating_count".into())])
///     .send()
///     .await?;
/// println!("{:?} ratings", page.extra.get("rating_count"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct GetPageBuilder {
    client: FacebookClient,
    page: PageId,
    fields: Vec<String>,
}

impl GetPageBuilder {
    /// The fields to read (replaces the default set; `id` is always read).
    pub fn fields(mut self, fields: impl IntoIterator<Item = PageField>) -> Self {
        self.fields = names(fields, |f| f.as_str());
        if !self.fields.iter().any(|f| f == "id") {
            self.fields.insert(0, "id".into());
        }
        self
    }

    /// Adds any field name or expansion; `access_token` reads the Page's token (with a user
    /// token whose user holds a task on the Page), kept secret as [`Page::access_token`].
    pub fn field_raw(mut self, field: impl Into<String>) -> Self {
        self.fields.push(field.into());
        self
    }

    /// Reads the Page. When the fields ask for a credential (`access_token`), the answer is
    /// treated as secret: the token lands in [`Page::access_token`], any other credential kept
    /// in [`Page::extra`] is redacted when printed, and errors never quote the body.
    pub async fn send(self) -> Result<Page> {
        let mut spec = RequestSpec::get("")
            .segment(self.page.as_str())
            .query("fields", self.fields.join(","))
            .endpoint("GET /:page");
        if crate::models::asks_for_credentials(&self.fields) {
            spec = spec.secret_response();
        }
        self.client.send(spec).await
    }
}
