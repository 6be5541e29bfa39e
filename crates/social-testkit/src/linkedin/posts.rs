//! The Posts API, `/rest/posts`
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>):
//! create (a member's or an organization's post, a reshare), get by URN, partial update,
//! delete, and the `author` finder.
//!
//! Reads are restricted as LinkedIn restricts them: a member's posts need `r_member_social`
//! (granted to approved apps only), an organization's need `r_organization_social` and a page
//! role; a self-serve token (`w_member_social`) can write but gets 403
//! `partnerApiPostsExternal.GET` on a read, as integrators find.

use serde_json::{Map, Value, json};

use super::Ctx;
use super::schema::{self, Field, Mode, Ty, field};
use super::state::{FinderTotal, LinkedInState, POSTING_ROLES, Post};
use super::text;
use super::wire::{
    Answer, Reply, access_denied, duplicate_post, illegal_argument, not_a_data_map, not_found,
    percent_decode, percent_encode, validation,
};

const VISIBILITIES: &[&str] = &["PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"];
const LIFECYCLES: &[&str] = &["PUBLISHED", "DRAFT"];
const CALLS_TO_ACTION: &[&str] = &[
    "APPLY",
    "DOWNLOAD",
    "VIEW_QUOTE",
    "LEARN_MORE",
    "SIGN_UP",
    "SUBSCRIBE",
    "REGISTER",
    "JOIN",
    "ATTEND",
    "REQUEST_DEMO",
    "SEE_MORE",
    "BUY_NOW",
    "SHOP_NOW",
];
const POLL_DURATIONS: &[&str] = &["ONE_DAY", "THREE_DAYS", "SEVEN_DAYS", "FOURTEEN_DAYS"];
const POST_URNS: &[&str] = &["share", "ugcPost"];

const DISTRIBUTION: &[Field] = &[
    field("feedDistribution", Ty::Symbol(&["MAIN_FEED", "NONE"])).required(),
    field("targetEntities", Ty::Array(&Ty::Open)),
    field("thirdPartyDistributionChannels", Ty::Array(&Ty::Open)),
];
const MEDIA: &[Field] = &[
    field("id", Ty::Urn(&["image", "video", "document"])).required(),
    field("title", Ty::Text),
    field("altText", Ty::Text),
    field("taggedEntities", Ty::Array(&Ty::Open)),
];
const ARTICLE: &[Field] = &[
    field("source", Ty::Url).required(),
    field("title", Ty::Text),
    field("description", Ty::Text),
    field("thumbnail", Ty::Urn(&["image"])),
    field("thumbnailAltText", Ty::Text),
];
const IMAGE: &[Field] = &[
    field("id", Ty::Urn(&["image"])).required(),
    field("altText", Ty::Text),
];
const MULTI_IMAGE: &[Field] = &[field("images", Ty::Array(&Ty::Record(IMAGE))).required()];
const POLL_OPTION: &[Field] = &[field("text", Ty::Text).required()];
const POLL_SETTINGS: &[Field] = &[
    field("duration", Ty::Symbol(POLL_DURATIONS)),
    field(
        "voteSelectionType",
        Ty::Symbol(&["SINGLE_VOTE", "MULTIPLE_VOTES"]),
    ),
    field("isVoterVisibleToAuthor", Ty::Boolean),
];
const POLL: &[Field] = &[
    field("question", Ty::Text).required(),
    field("options", Ty::Array(&Ty::Record(POLL_OPTION))).required(),
    field("settings", Ty::Record(POLL_SETTINGS)),
];
const CONTENT: &[Field] = &[
    field("media", Ty::Record(MEDIA)),
    field("article", Ty::Record(ARTICLE)),
    field("multiImage", Ty::Record(MULTI_IMAGE)),
    field("poll", Ty::Record(POLL)),
    field("celebration", Ty::Open),
];
const RESHARE: &[Field] = &[
    field("parent", Ty::Urn(POST_URNS)).required(),
    field("root", Ty::Urn(POST_URNS)).read_only(),
];

/// The post schema of the Posts API page: what a create may send, what a partial update may
/// change (`commentary`, `contentLandingPage`, `contentCallToActionLabel`, `lifecycleState`,
/// `adContext`), and what only LinkedIn sets.
const POST: &[Field] = &[
    field("id", Ty::Urn(POST_URNS)).read_only(),
    field("author", Ty::Urn(&["person", "organization"]))
        .required()
        .create_only(),
    field("commentary", Ty::Text).required(),
    field("visibility", Ty::Symbol(VISIBILITIES))
        .required()
        .create_only(),
    field("distribution", Ty::Record(DISTRIBUTION))
        .required()
        .create_only(),
    field("lifecycleState", Ty::Symbol(LIFECYCLES)).required(),
    field("isReshareDisabledByAuthor", Ty::Boolean).create_only(),
    field("content", Ty::Union(CONTENT)).create_only(),
    field("contentLandingPage", Ty::Url),
    field("contentCallToActionLabel", Ty::Symbol(CALLS_TO_ACTION)),
    field("reshareContext", Ty::Record(RESHARE)).create_only(),
    field("container", Ty::Urn(&["group"])).create_only(),
    field("adContext", Ty::Open),
    field("createdAt", Ty::Long).read_only(),
    field("lastModifiedAt", Ty::Long).read_only(),
    field("publishedAt", Ty::Long).read_only(),
    field("lifecycleStateInfo", Ty::Open).read_only(),
];

/// The body as a JSON object, else LinkedIn's 400.
fn object(body: &[u8]) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(not_a_data_map()),
    }
}

/// The resource and method LinkedIn names in its 403s (`partnerApiPostsExternal.GET.20260401`).
fn denied(ctx: &Ctx<'_>, method: &str) -> Reply {
    access_denied(&format!("partnerApiPostsExternal.{method}.{}", ctx.version))
}

/// Whether the caller may write (`w_*_social`) or read (`r_*_social`) as `author`: a member as
/// themselves, an organization through a posting role.
pub(super) fn may_act_as(state: &LinkedInState, ctx: &Ctx<'_>, author: &str, write: bool) -> bool {
    let Some(member) = ctx.member.as_deref() else {
        return false;
    };
    if let Some(person) = author.strip_prefix("urn:li:person:") {
        let scope = if write {
            "w_member_social"
        } else {
            "r_member_social"
        };
        person == member && ctx.has(scope)
    } else if let Some(organization) = author.strip_prefix("urn:li:organization:") {
        let scope = if write {
            "w_organization_social"
        } else {
            "r_organization_social"
        };
        ctx.has(scope)
            && state
                .role(member, organization)
                .is_some_and(|role| POSTING_ROLES.contains(&role))
    } else {
        false
    }
}

/// Whether the token holds any scope that could allow this kind of access.
fn may_try(ctx: &Ctx<'_>, write: bool) -> bool {
    if write {
        ctx.has("w_member_social") || ctx.has("w_organization_social")
    } else {
        ctx.has("r_member_social") || ctx.has("r_organization_social")
    }
}

/// The post URN of the path key (`/rest/posts/{key}`), which must be percent-encoded: a raw
/// `urn:li:share:1` is refused as LinkedIn refuses it.
fn key(ctx: &Ctx<'_>) -> Result<String, Reply> {
    let raw = ctx
        .call
        .segments
        .get(2)
        .map(String::as_str)
        .unwrap_or_default();
    let invalid = || illegal_argument(&format!("Invalid key in the path: {raw}"));
    if raw.contains([':', '(', ')', ',']) {
        return Err(invalid());
    }
    let urn = percent_decode(raw).ok_or_else(invalid)?;
    let numeric = |id: &str| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    let valid = urn
        .strip_prefix("urn:li:share:")
        .or_else(|| urn.strip_prefix("urn:li:ugcPost:"))
        .is_some_and(numeric);
    if valid { Ok(urn) } else { Err(invalid()) }
}

/// The assets a post's content carries, with their JSON path: `media.id`, each
/// `multiImage.images[].id`, `article.thumbnail`.
fn assets(body: &Map<String, Value>) -> Vec<(String, String)> {
    let Some(content) = body.get("content") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |path: String, v: Option<&Value>| {
        if let Some(urn) = v.and_then(Value::as_str) {
            out.push((path, urn.to_owned()));
        }
    };
    push("/content/media/id".into(), content.pointer("/media/id"));
    push(
        "/content/article/thumbnail".into(),
        content.pointer("/article/thumbnail"),
    );
    let images = content
        .pointer("/multiImage/images")
        .and_then(Value::as_array);
    for (i, image) in images.into_iter().flatten().enumerate() {
        push(
            format!("/content/multiImage/images/{i}/id"),
            image.get("id"),
        );
    }
    out
}

/// The checks the schema cannot express: a poll has 2 to 4 options (the Posts API page); a
/// multi-image post 2 to 20 images (the MultiImage API page,
/// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api>).
fn semantic_errors(body: &Map<String, Value>, errors: &mut Vec<String>) {
    let images = body
        .get("content")
        .and_then(|c| c.pointer("/multiImage/images"))
        .and_then(Value::as_array);
    if let Some(images) = images.filter(|i| !(2..=20).contains(&i.len())) {
        errors.push(format!(
            "ERROR :: /content/multiImage/images :: size of array is {}, out of range 2...20",
            images.len()
        ));
    }
    let options = body
        .get("content")
        .and_then(|c| c.get("poll"))
        .and_then(|p| p.get("options"))
        .and_then(Value::as_array);
    if let Some(options) = options.filter(|o| !(2..=4).contains(&o.len())) {
        errors.push(format!(
            "ERROR :: /content/poll/options :: size of array is {}, out of range 2...4",
            options.len()
        ));
    }
}

/// `POST /rest/posts`: validates the body, checks who may post as the author, cuts the
/// commentary as LinkedIn does (see [`text`]), refuses a duplicate, stores the post and
/// answers `201` with an empty body and the URN in `x-restli-id`.
pub(super) fn create(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let body = object(&ctx.call.body)?;
    let mut errors = Vec::new();
    schema::validate(POST, &body, Mode::Create, &mut errors);
    semantic_errors(&body, &mut errors);
    if !errors.is_empty() {
        return Err(validation(&errors));
    }
    let text = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_owned);
    let author = text("author").unwrap_or_default();
    if !may_act_as(state, ctx, &author, true) {
        return Err(denied(ctx, "CREATE"));
    }
    // A post may carry only assets uploaded and AVAILABLE: several integrations poll for it
    // because a post with a still-processing video fails. LinkedIn publishes no body for this
    // refusal; the fake answers its 422 validation envelope naming the field and the asset.
    let unusable: Vec<String> = assets(&body)
        .into_iter()
        .filter_map(|(path, urn)| {
            state
                .media_unusable(&urn)
                .map(|why| format!("ERROR :: {path} :: {why}"))
        })
        .collect();
    if !unusable.is_empty() {
        return Err(validation(&unusable));
    }
    let reshare = match body.get("reshareContext").and_then(|r| r.get("parent")) {
        Some(parent) => {
            let parent = parent.as_str().unwrap_or_default();
            let live = state
                .posts
                .get(parent)
                .filter(|p| !p.deleted && p.lifecycle == "PUBLISHED");
            let Some(parent_post) = live else {
                return Err(validation(&[format!(
                    "ERROR :: /reshareContext/parent :: {parent} does not exist"
                )]));
            };
            if parent_post.reshare_disabled {
                return Err(validation(&[format!(
                    "ERROR :: /reshareContext/parent :: the author of {parent} disabled resharing"
                )]));
            }
            let root = parent_post
                .reshare
                .as_ref()
                .map_or_else(|| parent.to_owned(), |(_, root)| root.clone());
            Some((parent.to_owned(), root))
        }
        None => None,
    };
    let commentary = text::kept(&text("commentary").unwrap_or_default()).to_owned();
    let now = state.now_ms();
    if !commentary.is_empty() {
        let since = now.saturating_sub(state.duplicate_window.saturating_mul(1_000));
        let parent = reshare.as_ref().map(|(parent, _)| parent);
        // The author's own posts, newest first (never the other authors').
        let mine = state.post_urns_of(&author);
        state.scan(mine.len());
        let earlier = mine
            .iter()
            .rev()
            .filter_map(|urn| state.posts.get(urn))
            .find(|p| {
                p.created >= since
                    && p.commentary == commentary
                    && p.reshare.as_ref().map(|(parent, _)| parent) == parent
            })
            .map(|p| p.urn.clone());
        if let Some(existing) = earlier {
            return Err(duplicate_post(&existing));
        }
    }
    let content = body.get("content").cloned();
    let video = content
        .as_ref()
        .and_then(|c| c.get("media"))
        .and_then(|m| m.get("id"))
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("urn:li:video:"));
    let poll = content.as_ref().is_some_and(|c| c.get("poll").is_some());
    // Posts carrying a video or a poll come back as UGC posts, the others as shares
    // ("x-restli-id holds urn:li:share:… or urn:li:ugcPost:…", Posts API page).
    let urn = state.next_post_urn(if video || poll { "ugcPost" } else { "share" });
    let mut distribution = body
        .get("distribution")
        .cloned()
        .unwrap_or_else(|| json!({}));
    for list in ["targetEntities", "thirdPartyDistributionChannels"] {
        if distribution.get(list).is_none() {
            distribution[list] = json!([]);
        }
    }
    let lifecycle = text("lifecycleState").unwrap_or_default();
    state.insert_post(Post {
        urn: urn.clone(),
        author,
        commentary,
        visibility: text("visibility").unwrap_or_default(),
        distribution,
        published: (lifecycle == "PUBLISHED").then_some(now),
        lifecycle,
        reshare_disabled: body
            .get("isReshareDisabledByAuthor")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        content,
        landing_page: text("contentLandingPage"),
        call_to_action: text("contentCallToActionLabel"),
        ad_context: body.get("adContext").cloned(),
        container: text("container"),
        reshare,
        created: now,
        modified: now,
        edited: false,
        deleted: false,
        counts: Default::default(),
    });
    Ok(Reply::empty(201).with_header("x-restli-id", urn))
}

/// `GET /rest/posts/{encoded URN}`: the post, if the caller may read it; a draft only with
/// `viewContext=AUTHOR`.
pub(super) fn get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let urn = key(ctx)?;
    let view = ctx.call.param("viewContext");
    if view.is_some_and(|v| v != "AUTHOR" && v != "READER") {
        return Err(illegal_argument(
            "Invalid value for parameter 'viewContext'",
        ));
    }
    if !may_try(ctx, false) {
        return Err(denied(ctx, "GET"));
    }
    let Some(post) = state.posts.get(&urn).filter(|p| !p.deleted) else {
        return Err(not_found());
    };
    if !may_act_as(state, ctx, &post.author, false) {
        return Err(denied(ctx, "GET"));
    }
    if post.lifecycle == "DRAFT" && view != Some("AUTHOR") {
        return Err(not_found());
    }
    Ok(Reply::json(200, post.wire()))
}

/// A numeric query parameter, `default` when absent; 400 when not an integer in `range`.
fn number(
    ctx: &Ctx<'_>,
    name: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, Reply> {
    match ctx.call.param(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| illegal_argument(&format!("Invalid value for parameter '{name}'"))),
    }
}

/// `GET /rest/posts?q=author&author={URN}&start=&count=&sortBy=`: the author's published
/// posts, newest first, one index page with `paging` (`start`, `count`, `links`, `total`).
pub(super) fn find_by_author(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let Some(author) = ctx.call.param("author") else {
        return Err(illegal_argument("Parameter 'author' is required"));
    };
    if !schema::urn_of(author, &["person", "organization"]) {
        return Err(illegal_argument("Invalid value for parameter 'author'"));
    }
    let start = number(ctx, "start", 0, 0..=usize::MAX)?;
    let count = number(ctx, "count", 10, 0..=100)?;
    let sort = ctx.call.param("sortBy").unwrap_or("LAST_MODIFIED");
    if sort != "LAST_MODIFIED" && sort != "CREATED" {
        return Err(illegal_argument("Invalid value for parameter 'sortBy'"));
    }
    if !may_act_as(state, ctx, author, false) {
        return Err(denied(ctx, "FINDER-author"));
    }
    let own = state.post_urns_of(author);
    state.scan(own.len());
    let mut posts: Vec<&Post> = own
        .iter()
        .filter_map(|urn| state.posts.get(urn))
        .filter(|p| !p.deleted && p.lifecycle == "PUBLISHED")
        .collect();
    // Newest first; for equal times the later one created first.
    posts.reverse();
    if sort == "CREATED" {
        posts.sort_by_key(|p| std::cmp::Reverse(p.created));
    } else {
        posts.sort_by_key(|p| std::cmp::Reverse(p.modified));
    }
    let total = posts.len();
    let elements: Vec<Value> = posts
        .iter()
        .skip(start)
        .take(count)
        .map(|p| p.wire())
        .collect();
    let link = |rel: &str, at: usize| {
        json!({
            "type": "application/json",
            "rel": rel,
            "href": format!(
                "{}/rest/posts?author={}&count={count}&q=author&sortBy={sort}&start={at}",
                ctx.call.prefix,
                percent_encode(author)
            ),
        })
    };
    let mut paging = json!({ "start": start, "count": count, "links": [] });
    match state.finder_total {
        FinderTotal::Exact => {
            paging["total"] = json!(total);
            let mut links = Vec::new();
            if start > 0 {
                links.push(link("prev", start.saturating_sub(count)));
            }
            if count > 0 && start.saturating_add(count) < total {
                links.push(link("next", start + count));
            }
            paging["links"] = json!(links);
        }
        FinderTotal::Zero => paging["total"] = json!(0),
        FinderTotal::Absent => {}
    }
    Ok(Reply::json(
        200,
        json!({ "elements": elements, "paging": paging }),
    ))
}

/// `POST /rest/posts/{encoded URN}` with `X-RestLi-Method: PARTIAL_UPDATE` and
/// `{"patch":{"$set":{…}}}`: changes the commentary (cut as on create), the landing page, the
/// call to action, or publishes a draft; answers `204`.
pub(super) fn partial_update(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let urn = key(ctx)?;
    let body = object(&ctx.call.body)?;
    let mut errors = Vec::new();
    let mut set = Map::new();
    let mut delete = Vec::new();
    for (name, value) in &body {
        if name != "patch" {
            errors.push(format!(
                "ERROR :: /{name} :: unrecognized field found but not allowed"
            ));
            continue;
        }
        let Some(patch) = value.as_object() else {
            errors.push(format!(
                "ERROR :: /patch :: {value} is not backed by a DataMap"
            ));
            continue;
        };
        for (op, value) in patch {
            match (op.as_str(), value) {
                ("$set", Value::Object(fields)) => set = fields.clone(),
                ("$delete", Value::Array(names)) => {
                    delete = names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                }
                _ => errors.push(format!(
                    "ERROR :: /patch/{op} :: unrecognized field found but not allowed"
                )),
            }
        }
    }
    schema::validate(POST, &set, Mode::PartialUpdate, &mut errors);
    for name in &delete {
        match POST.iter().find(|f| f.name == name) {
            None => errors.push(format!(
                "ERROR :: /{name} :: unrecognized field found but not allowed"
            )),
            Some(f) if f.required => errors.push(format!(
                "ERROR :: /{name} :: field is required but not found and has no default value"
            )),
            Some(f) if f.access != schema::Access::Normal => errors.push(format!(
                "ERROR :: /{name} :: CreateOnly field present in a partial_update request"
            )),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(validation(&errors));
    }
    if !may_try(ctx, true) {
        return Err(denied(ctx, "PARTIAL_UPDATE"));
    }
    let Some(author) = state
        .posts
        .get(&urn)
        .filter(|p| !p.deleted)
        .map(|p| p.author.clone())
    else {
        return Err(not_found());
    };
    if !may_act_as(state, ctx, &author, true) {
        return Err(denied(ctx, "PARTIAL_UPDATE"));
    }
    let now = state.now_ms();
    let Some(post) = state.posts.get_mut(&urn) else {
        return Err(not_found());
    };
    let lifecycle = set.get("lifecycleState").and_then(Value::as_str);
    if post.lifecycle == "PUBLISHED" && lifecycle == Some("DRAFT") {
        return Err(validation(&[
            "ERROR :: /lifecycleState :: a published post cannot become a DRAFT again".into(),
        ]));
    }
    if let Some(commentary) = set.get("commentary").and_then(Value::as_str) {
        post.commentary = text::kept(commentary).to_owned();
        post.edited = post.lifecycle == "PUBLISHED";
    }
    if let Some(page) = set.get("contentLandingPage").and_then(Value::as_str) {
        post.landing_page = Some(page.to_owned());
    }
    if let Some(label) = set.get("contentCallToActionLabel").and_then(Value::as_str) {
        post.call_to_action = Some(label.to_owned());
    }
    if let Some(ad) = set.get("adContext") {
        post.ad_context = Some(ad.clone());
    }
    if let Some(lifecycle) = lifecycle.filter(|l| *l != post.lifecycle) {
        post.lifecycle = lifecycle.to_owned();
        post.published = Some(now);
    }
    for name in &delete {
        match name.as_str() {
            "contentLandingPage" => post.landing_page = None,
            "contentCallToActionLabel" => post.call_to_action = None,
            "adContext" => post.ad_context = None,
            _ => {}
        }
    }
    post.modified = now;
    Ok(Reply::empty(204))
}

/// `DELETE /rest/posts/{encoded URN}`: `204`, again `204` for a post already deleted (deletion
/// is idempotent), 404 for one that never existed.
pub(super) fn delete(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let urn = key(ctx)?;
    if !may_try(ctx, true) {
        return Err(denied(ctx, "DELETE"));
    }
    let Some(author) = state.posts.get(&urn).map(|p| p.author.clone()) else {
        return Err(not_found());
    };
    if !may_act_as(state, ctx, &author, true) {
        return Err(denied(ctx, "DELETE"));
    }
    let now = state.now_ms();
    if let Some(post) = state.posts.get_mut(&urn).filter(|p| !p.deleted) {
        post.deleted = true;
        post.modified = now;
    }
    Ok(Reply::empty(204))
}
