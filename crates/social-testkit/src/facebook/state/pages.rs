//! Users, Pages, roles and business portfolios: their records, seed helpers and the webhook
//! subscriptions of a Page.
//! Their shape: <https://developers.facebook.com/docs/graph-api/reference/page/>.

use super::{GraphState, missing};
use super::{Principal, Token, TokenStatus};
use crate::facebook::{DEFAULT_PERMISSIONS, PAGE_TASKS};

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) name: String,
    /// `(permission, granted)`, in grant order.
    pub(crate) permissions: Vec<(String, bool)>,
}

/// A Facebook Page of the fake. Change its profile with [`GraphState::page_mut`]; `GET
/// /{page-id}?fields=…` serves these values.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GraphPage {
    pub(crate) id: String,
    /// `name`.
    pub name: String,
    /// `category`, e.g. "Lawyer & Law Firm".
    pub category: String,
    /// `category_list` as `(id, name)` pairs; by default one entry for `category`.
    pub category_list: Vec<(String, String)>,
    /// `username` (the vanity name), if any.
    pub username: Option<String>,
    /// `link`; by default `https://www.facebook.com/{id}`.
    pub link: String,
    /// `about`; empty by default.
    pub about: String,
    /// `verification_status`, e.g. `not_verified` (the default) or `blue_verified`.
    pub verification_status: String,
    /// The URL `picture.data.url` gives.
    pub picture: String,
    /// `fan_count`: people who like the Page.
    pub fan_count: u64,
    /// `followers_count`.
    pub followers_count: u64,
}

impl GraphPage {
    /// The Page's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A user's tasks on a Page, and the Page token it yields.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub(crate) user: String,
    pub(crate) page: String,
    pub(crate) tasks: Vec<String>,
    pub(crate) token: String,
    /// Listed by `/me/accounts` (false for a Page reached through a business only).
    pub(crate) listed: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Business {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) members: Vec<String>,
    pub(crate) owned: Vec<String>,
    pub(crate) client: Vec<String>,
}

impl GraphState {
    /// Adds a user and returns its id (`100000000000001`, then `…002`, …). The user is granted
    /// [`DEFAULT_PERMISSIONS`](crate::facebook::DEFAULT_PERMISSIONS); change them with
    /// [`set_permission`](Self::set_permission). It has no token until
    /// [`user_token`](Self::user_token) or a code exchange gives it one.
    pub fn add_user(&mut self, name: &str) -> String {
        let id = self.next_user.to_string();
        self.next_user += 1;
        let permissions = DEFAULT_PERMISSIONS
            .iter()
            .map(|p| ((*p).to_owned(), true))
            .collect();
        self.users.insert(
            id.clone(),
            User {
                name: name.to_owned(),
                permissions,
            },
        );
        id
    }

    /// Grants (`true`) or declines (`false`) `permission` to `user`; `GET /me/permissions`
    /// lists it as `granted` or `declined`, `debug_token` lists granted ones as scopes, and
    /// writes check the ones they need (`pages_manage_posts`, `pages_read_engagement`,
    /// `pages_manage_engagement`, `read_insights`, `pages_manage_metadata`).
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn set_permission(&mut self, user: &str, permission: &str, granted: bool) {
        let Some(record) = self.users.get_mut(user) else {
            missing("set_permission", "user", user)
        };
        match record.permissions.iter_mut().find(|(p, _)| p == permission) {
            Some(entry) => entry.1 = granted,
            None => record.permissions.push((permission.to_owned(), granted)),
        }
    }

    /// Adds a Page and returns its id (`200000000000001`, then `…002`, …), with `category` as
    /// its only `category_list` entry and no fans yet. Arrange the rest with
    /// [`page_mut`](Self::page_mut).
    pub fn add_page(&mut self, name: &str, category: &str) -> String {
        let id = self.next_page.to_string();
        self.next_page += 1;
        let category_id = (2_250 + self.pages.len()).to_string();
        self.pages.insert(
            id.clone(),
            GraphPage {
                id: id.clone(),
                name: name.to_owned(),
                category: category.to_owned(),
                category_list: vec![(category_id, category.to_owned())],
                username: None,
                link: format!("https://www.facebook.com/{id}"),
                about: String::new(),
                verification_status: "not_verified".to_owned(),
                picture: format!("https://scontent.xx.fbcdn.net/v/t39/{id}_picture.jpg"),
                fan_count: 0,
                followers_count: 0,
            },
        );
        id
    }

    /// Page `id`, to change its profile (`fan_count`, `about`, `username`, …).
    pub fn page_mut(&mut self, id: &str) -> Option<&mut GraphPage> {
        self.pages.get_mut(id)
    }

    /// Gives `user` these tasks on `page` (replacing earlier ones; see
    /// [`PAGE_TASKS`](crate::facebook::PAGE_TASKS)) and returns the user's Page token for it: the Page
    /// appears in the user's `/me/accounts` with that token.
    ///
    /// # Panics
    /// If the user or the Page is unknown.
    #[track_caller]
    pub fn grant_tasks(&mut self, user: &str, page: &str, tasks: &[&str]) -> String {
        self.grant_role(user, page, tasks, true, None, "grant_tasks")
    }

    /// Like [`grant_tasks`](Self::grant_tasks) with a fixed Page token.
    ///
    /// # Panics
    /// If the user or the Page is unknown.
    #[track_caller]
    pub fn grant_tasks_with_token(&mut self, user: &str, page: &str, tasks: &[&str], token: &str) {
        self.grant_role(
            user,
            page,
            tasks,
            true,
            Some(token),
            "grant_tasks_with_token",
        );
    }

    /// The Page token `user` holds on `page`, if it has a role there.
    pub fn page_token(&self, user: &str, page: &str) -> Option<String> {
        self.role(user, page).map(|role| role.token.clone())
    }

    /// Takes `user`'s role on `page` away: the Page leaves `/me/accounts` and its Page tokens
    /// answer 190/492.
    pub fn remove_role(&mut self, user: &str, page: &str) {
        self.roles.retain(|r| !(r.user == user && r.page == page));
    }

    /// Adds a business portfolio with `member` in it (`GET /me/businesses`) and returns its
    /// id (`300000000000001`, …).
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn add_business(&mut self, name: &str, member: &str) -> String {
        if !self.users.contains_key(member) {
            missing("add_business", "user", member);
        }
        let id = self.next_business.to_string();
        self.next_business += 1;
        self.businesses.insert(
            id.clone(),
            Business {
                id: id.clone(),
                name: name.to_owned(),
                members: vec![member.to_owned()],
                owned: Vec::new(),
                client: Vec::new(),
            },
        );
        id
    }

    /// Adds `page` to the business's `owned_pages`. Members without a role on it get every
    /// task through the business: `owned_pages?fields=access_token` gives them a Page token,
    /// but the Page stays out of their `/me/accounts`.
    ///
    /// # Panics
    /// If the business or the Page is unknown.
    #[track_caller]
    pub fn add_owned_page(&mut self, business: &str, page: &str) {
        self.add_business_page(business, page, true);
    }

    /// Adds `page` to the business's `client_pages`, like
    /// [`add_owned_page`](Self::add_owned_page).
    ///
    /// # Panics
    /// If the business or the Page is unknown.
    #[track_caller]
    pub fn add_client_page(&mut self, business: &str, page: &str) {
        self.add_business_page(business, page, false);
    }

    /// The webhook fields the app is subscribed to on `page` (`None`: not subscribed).
    pub fn subscribed_fields(&self, page: &str) -> Option<Vec<String>> {
        self.subscriptions.get(page).cloned()
    }

    #[track_caller]
    pub(crate) fn grant_role(
        &mut self,
        user: &str,
        page: &str,
        tasks: &[&str],
        listed: bool,
        token: Option<&str>,
        what: &str,
    ) -> String {
        if !self.users.contains_key(user) {
            missing(what, "user", user);
        }
        if !self.pages.contains_key(page) {
            missing(what, "Page", page);
        }
        let tasks: Vec<String> = tasks.iter().map(|t| t.to_ascii_uppercase()).collect();
        let token = match (token, self.role(user, page)) {
            (Some(token), _) => token.to_owned(),
            (None, Some(role)) => role.token.clone(),
            (None, None) => self.mint("page-token-"),
        };
        self.roles.retain(|r| !(r.user == user && r.page == page));
        self.roles.push(Role {
            user: user.to_owned(),
            page: page.to_owned(),
            tasks,
            token: token.clone(),
            listed,
        });
        let now = self.now();
        self.tokens.insert(
            token.clone(),
            Token {
                principal: Principal::Page {
                    page: page.to_owned(),
                    user: user.to_owned(),
                },
                status: TokenStatus::Valid,
                issued_at: now,
                expires_at: None,
            },
        );
        token
    }

    #[track_caller]
    fn add_business_page(&mut self, business: &str, page: &str, owned: bool) {
        if !self.pages.contains_key(page) {
            missing("add_owned_page", "Page", page);
        }
        let Some(record) = self.businesses.get_mut(business) else {
            missing("add_owned_page", "business", business)
        };
        let list = if owned {
            &mut record.owned
        } else {
            &mut record.client
        };
        if !list.iter().any(|p| p == page) {
            list.push(page.to_owned());
        }
        let members = record.members.clone();
        for member in members {
            if self.role(&member, page).is_none() {
                self.grant_role(&member, page, PAGE_TASKS, false, None, "add_owned_page");
            }
        }
    }

    pub(crate) fn role(&self, user: &str, page: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.user == user && r.page == page)
    }
}
