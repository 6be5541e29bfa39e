//! Pages, the people and businesses who manage them, and Page profiles
//! (<https://developers.facebook.com/docs/graph-api/reference/page/>,
//! <https://developers.facebook.com/docs/graph-api/reference/user/accounts/>).

use std::fmt;

use serde::Deserialize;
use social_core::auth::AccessToken;
use social_core::types::ids;

use super::{Extra, PageId, lenient_u64, null_as_empty};

social_core::wire_enum! {
    /// What a person may do on a Page (`tasks` of `/me/accounts`).
    ///
    /// Open-ended: a value this SDK does not know is kept in `Other`, never an error.
    pub enum PageTask {
        /// Read insights.
        Analyze = "ANALYZE",
        /// Run ads.
        Advertise = "ADVERTISE",
        /// Answer, hide and delete comments.
        Moderate = "MODERATE",
        /// Publish as the Page.
        CreateContent = "CREATE_CONTENT",
        /// Everything, including roles.
        Manage = "MANAGE",
        /// Messaging.
        Messaging = "MESSAGING",
        _ => Other,
    }
}

/// The person behind a user token (`GET /me`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The app-scoped user id.
    #[serde(deserialize_with = "ids::string_or_integer")]
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A category of a Page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Category {
    /// The category id.
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub id: Option<String>,
    /// The category name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A Page a person manages, with their Page token (`/me/accounts`, a business's pages).
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct PageAccount {
    /// The Page id.
    pub id: PageId,
    /// The Page name.
    #[serde(default)]
    pub name: Option<String>,
    /// The main category.
    #[serde(default)]
    pub category: Option<String>,
    /// All categories.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub category_list: Vec<Category>,
    /// What the person may do on the Page.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub tasks: Vec<PageTask>,
    /// The Page token (present when the person holds a task on the Page).
    #[serde(default)]
    pub access_token: Option<AccessToken>,
}

impl fmt::Debug for PageAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageAccount")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("category", &self.category)
            .field("tasks", &self.tasks)
            .field("access_token", &self.access_token)
            .finish_non_exhaustive()
    }
}

impl PageAccount {
    /// Whether the person may do `task` on the Page.
    pub fn can(&self, task: &PageTask) -> bool {
        self.tasks.contains(task)
    }
}

/// A business portfolio (`/me/businesses`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Business {
    /// The business id.
    #[serde(deserialize_with = "ids::string_or_integer")]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A Page's public profile and audience (`GET /{page-id}`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Page {
    /// The Page id.
    pub id: PageId,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// The `@username`.
    #[serde(default)]
    pub username: Option<String>,
    /// The Page's URL.
    #[serde(default)]
    pub link: Option<String>,
    /// The short description.
    #[serde(default)]
    pub about: Option<String>,
    /// The main category.
    #[serde(default)]
    pub category: Option<String>,
    /// People who like the Page ("J'aime").
    #[serde(default, deserialize_with = "lenient_u64")]
    pub fan_count: Option<u64>,
    /// People who follow the Page.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub followers_count: Option<u64>,
    /// `blue_verified`, `not_verified`… (open-ended).
    #[serde(default)]
    pub verification_status: Option<String>,
    /// The profile picture.
    #[serde(default)]
    pub picture: Option<Picture>,
    /// The Page's token, when asked for (`field_raw("access_token")` with a user token whose
    /// user holds a task on the Page); its `Debug` is redacted.
    #[serde(default)]
    pub access_token: Option<AccessToken>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A picture field (`picture{url}` comes wrapped in `data`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Picture {
    /// The picture.
    #[serde(default)]
    pub data: Option<PictureData>,
}

/// The content of [`Picture`].
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct PictureData {
    /// The image URL.
    #[serde(default)]
    pub url: Option<String>,
}

/// One app subscribed to a Page's webhooks.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct SubscribedApp {
    /// The app id.
    #[serde(deserialize_with = "ids::string_or_integer")]
    pub id: String,
    /// The app name.
    #[serde(default)]
    pub name: Option<String>,
    /// The fields it receives.
    #[serde(default)]
    pub subscribed_fields: Vec<String>,
}
