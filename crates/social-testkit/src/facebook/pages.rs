//! Users, Pages and businesses: `/me`, `/me/accounts`, `/me/businesses`, `/me/permissions`,
//! `/{business-id}/owned_pages` and `/client_pages`, `/{page-id}`, the app node, and
//! `/{page-id}/subscribed_apps`.
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/reference/user/accounts/>,
//! <https://developers.facebook.com/docs/graph-api/reference/user/businesses/>,
//! <https://developers.facebook.com/docs/graph-api/reference/page/> and
//! <https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/>; the fields
//! of each node type are listed in `nodes.rs`.

use serde_json::{Map, Value, json};

use super::auth::page_actor;
use super::fields::Field;
use super::paging::{list, slice};
use super::state::{GraphState, Principal, Token, TokenStatus};
use super::wire::{
    Answer, Call, Caller, Reply, invalid, node, ok, page_token_required, permissions, success,
    unsupported,
};
use super::{Kind, expand};

/// The fields `/me/accounts` and the business Page lists give by default.
const ACCOUNT_FIELDS: &[&str] = &[
    "id",
    "name",
    "category",
    "category_list",
    "tasks",
    "access_token",
];

/// `GET /{user-id}` (and `/me` with a user token): `id`, `name`, and the user's edges as
/// expansions.
pub(super) fn user(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let Some(name) = state.users.get(id).map(|u| u.name.clone()) else {
        return Err(unsupported("GET", id));
    };
    let mut object = Map::new();
    for field in call.fields_of(Kind::User, &["id", "name"])? {
        let value = match field.name.as_str() {
            "id" => json!(id),
            "name" => json!(name),
            // The fake's users have no photo: Graph's silhouette.
            "picture" => json!({
                "data": {
                    "height": 50,
                    "is_silhouette": true,
                    "url": format!("https://scontent.xx.fbcdn.net/v/t1.30497-1/{id}_silhouette.jpg"),
                    "width": 50,
                }
            }),
            edge if Kind::User.edges().contains(&edge) => {
                expand(state, call, id, Kind::User, &field)?
            }
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(ok(node(object, id)))
}

/// `GET /{page-id}` (and `/me` with a Page token): the fields asked for, `id,name` by default.
pub(super) fn page(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let fields = call.fields_of(Kind::Page, &["id", "name"])?;
    render_page(state, call, id, &fields).map(ok)
}

/// The Page token the caller may obtain for `page`: its own for a Page token of that Page;
/// for a user token with a role on it, the role's token, or one minted to expire with a
/// short-lived user token.
fn page_token_for(state: &mut GraphState, call: &Call, page: &str) -> Option<String> {
    let token = call.token()?;
    let user = match &call.caller {
        Caller::Page { page: own, .. } if own == page => return Some(token),
        Caller::User(user) => user.clone(),
        _ => return None,
    };
    let role_token = state.role(&user, page)?.token.clone();
    let record = state.tokens.get(&token)?;
    let short = record
        .expires_at
        .is_some_and(|at| at - record.issued_at < 86_400);
    if !short {
        return Some(role_token);
    }
    let expires_at = record.expires_at;
    let key = (token, page.to_owned());
    if let Some(derived) = state.derived.get(&key) {
        return Some(derived.clone());
    }
    let derived = state.mint("page-token-");
    let issued_at = state.now();
    state.tokens.insert(
        derived.clone(),
        Token {
            principal: Principal::Page {
                page: page.to_owned(),
                user,
            },
            status: TokenStatus::Valid,
            issued_at,
            expires_at,
        },
    );
    state.derived.insert(key, derived.clone());
    Some(derived)
}

/// The caller's tasks on `page` (as the user of a user or Page token).
fn tasks_on(state: &GraphState, call: &Call, page: &str) -> Option<Vec<String>> {
    let user = match &call.caller {
        Caller::User(user) | Caller::Page { user, .. } => user,
        _ => return None,
    };
    Some(state.role(user, page)?.tasks.clone())
}

/// A Page object with `fields`: profile fields, `access_token` and `tasks` when the caller
/// has a role, and the Page's edges as expansions. Unknown fields are left out.
pub(super) fn render_page(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    fields: &[Field],
) -> Result<Value, Reply> {
    let Some(page) = state.pages.get(id).cloned() else {
        return Err(unsupported("GET", id));
    };
    let mut object = Map::new();
    for field in fields {
        let value = match field.name.as_str() {
            "id" => json!(page.id),
            "name" => json!(page.name),
            "category" => json!(page.category),
            "category_list" => page
                .category_list
                .iter()
                .map(|(id, name)| json!({ "id": id, "name": name }))
                .collect(),
            "username" => match &page.username {
                Some(username) => json!(username),
                None => continue,
            },
            "link" => json!(page.link),
            "about" if !page.about.is_empty() => json!(page.about),
            "verification_status" => json!(page.verification_status),
            "picture" => json!({
                "data": { "height": 50, "is_silhouette": false, "url": page.picture, "width": 50 }
            }),
            "fan_count" => json!(page.fan_count),
            "followers_count" => json!(page.followers_count),
            "is_published" => json!(true),
            "access_token" => match page_token_for(state, call, id) {
                Some(token) => json!(token),
                None => continue,
            },
            "tasks" => match tasks_on(state, call, id) {
                Some(tasks) => json!(tasks),
                None => continue,
            },
            edge if Kind::Page.edges().contains(&edge) => {
                expand(state, call, id, Kind::Page, field)?
            }
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(node(object, id))
}

/// One page of `pages` rendered with the call's fields (default [`ACCOUNT_FIELDS`]).
fn page_list(state: &mut GraphState, call: &Call, pages: &[String]) -> Answer {
    let fields = call.fields_of(Kind::Page, ACCOUNT_FIELDS)?;
    let window = slice(state, call, pages.len())?;
    let mut data = Vec::new();
    for id in &pages[window.range] {
        data.push(render_page(state, call, id, &fields)?);
    }
    Ok(ok(list(data, window.paging)))
}

/// The user a user-token call acts as, if it is `user`; else the object is not the caller's.
fn acting_user(call: &Call, user: &str) -> Result<(), Reply> {
    match &call.caller {
        Caller::User(me) if me == user => Ok(()),
        _ => Err(unsupported(&call.method, user)),
    }
}

/// `GET /me/accounts`: the Pages the user holds a role on directly, with their Page tokens.
pub(super) fn accounts(state: &mut GraphState, call: &Call, user: &str) -> Answer {
    acting_user(call, user)?;
    let mut pages: Vec<String> = state
        .roles
        .iter()
        .filter(|role| role.user == user && role.listed)
        .map(|role| role.page.clone())
        .collect();
    pages.sort();
    page_list(state, call, &pages)
}

/// `GET /me/businesses`: the business portfolios the user belongs to, with
/// `summary:{total_count}` as Graph gives it
/// (<https://developers.facebook.com/docs/graph-api/reference/user/businesses/>).
pub(super) fn businesses(state: &mut GraphState, call: &Call, user: &str) -> Answer {
    acting_user(call, user)?;
    let ids: Vec<String> = state
        .businesses
        .values()
        .filter(|b| b.members.iter().any(|m| m == user))
        .map(|b| b.id.clone())
        .collect();
    let fields = call.fields_of(Kind::Business, &["id", "name"])?;
    let window = slice(state, call, ids.len())?;
    let mut data = Vec::new();
    for id in &ids[window.range] {
        data.push(render_business(state, call, id, &fields)?);
    }
    let mut body = list(data, window.paging);
    body["summary"] = json!({ "total_count": ids.len() });
    Ok(ok(body))
}

/// `GET /{business-id}`.
pub(super) fn business(state: &mut GraphState, call: &Call, id: &str) -> Answer {
    let fields = call.fields_of(Kind::Business, &["id", "name"])?;
    render_business(state, call, id, &fields).map(ok)
}

fn render_business(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    fields: &[Field],
) -> Result<Value, Reply> {
    let Some(name) = state.businesses.get(id).map(|b| b.name.clone()) else {
        return Err(unsupported("GET", id));
    };
    let mut object = Map::new();
    for field in fields {
        let value = match field.name.as_str() {
            "id" => json!(id),
            "name" => json!(name),
            edge if Kind::Business.edges().contains(&edge) => {
                expand(state, call, id, Kind::Business, field)?
            }
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(node(object, id))
}

/// `GET /{business-id}/owned_pages` and `/client_pages`: for a member holding
/// `business_management`; `access_token` and `tasks` appear where the user has a role.
pub(super) fn business_pages(state: &mut GraphState, call: &Call, id: &str, owned: bool) -> Answer {
    let member = match &call.caller {
        Caller::User(user) => {
            state
                .businesses
                .get(id)
                .is_some_and(|b| b.members.iter().any(|m| m == user))
                && state.users.get(user).is_some_and(|u| {
                    u.permissions
                        .iter()
                        .any(|(name, granted)| name == "business_management" && *granted)
                })
        }
        _ => false,
    };
    if !member {
        return Err(permissions(
            "(#200) Requires business_management permission to manage the object",
        ));
    }
    let pages = state
        .businesses
        .get(id)
        .map(|b| {
            if owned {
                b.owned.clone()
            } else {
                b.client.clone()
            }
        })
        .unwrap_or_default();
    page_list(state, call, &pages)
}

/// `GET /me/permissions`: `{data:[{permission,status}]}`.
pub(super) fn permissions_of(state: &GraphState, user: &str) -> Vec<Value> {
    state
        .users
        .get(user)
        .map(|record| {
            record
                .permissions
                .iter()
                .map(|(permission, granted)| {
                    let status = if *granted { "granted" } else { "declined" };
                    json!({ "permission": permission, "status": status })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /me/permissions`.
pub(super) fn me_permissions(state: &mut GraphState, call: &Call, user: &str) -> Answer {
    acting_user(call, user)?;
    Ok(ok(json!({ "data": permissions_of(state, user) })))
}

/// `GET /{app-id}`: `id`, `name`, `link`.
pub(super) fn app(state: &mut GraphState, call: &Call) -> Answer {
    let mut object = Map::new();
    for field in call.fields_of(Kind::App, &["id", "name"])? {
        let value = match field.name.as_str() {
            "id" => json!(state.app_id),
            "name" => json!(state.app_name),
            "link" => json!(format!(
                "https://www.facebook.com/games/?app_id={}",
                state.app_id
            )),
            _ => continue,
        };
        object.insert(field.key().to_owned(), value);
    }
    Ok(ok(node(object, &state.app_id)))
}

/// `GET`/`POST`/`DELETE /{page-id}/subscribed_apps` (Page token, `pages_manage_metadata`):
/// the app's webhook fields on the Page.
pub(super) fn subscribed_apps(state: &mut GraphState, call: &Call, page: &str) -> Answer {
    if !matches!(&call.caller, Caller::Page { page: own, .. } if own == page) {
        return Err(page_token_required());
    }
    page_actor(
        state,
        call,
        page,
        &["MANAGE", "CREATE_CONTENT", "MODERATE"],
        &["pages_manage_metadata"],
        || permissions("(#200) Requires pages_manage_metadata permission to manage the object"),
    )?;
    match call.method.as_str() {
        "GET" => {
            let data: Vec<Value> = state
                .subscriptions
                .get(page)
                .map(|fields| {
                    vec![json!({
                        "id": state.app_id,
                        "name": state.app_name,
                        "subscribed_fields": fields,
                    })]
                })
                .unwrap_or_default();
            Ok(ok(json!({ "data": data })))
        }
        "POST" => {
            let fields: Vec<String> = call
                .param("subscribed_fields")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            if fields.is_empty() {
                return Err(invalid(
                    "(#100) The parameter subscribed_fields is required",
                ));
            }
            state.subscriptions.insert(page.to_owned(), fields);
            success()
        }
        _ => {
            state.subscriptions.remove(page);
            success()
        }
    }
}
