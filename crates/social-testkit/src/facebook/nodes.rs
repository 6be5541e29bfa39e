//! The node types of the Graph fake, in one place: for each, the fields it serves, the
//! documented fields it does not model, its edges, and the reference page they follow.
//!
//! Graph refuses a field or an edge a node type does not have with a 400
//! `{"error":{"message":"(#100) Tried accessing nonexisting field (NAME) on node type (TYPE)",
//! "type":"OAuthException","code":100,"fbtrace_id":…}}` (no subcode), for a selected field as
//! for an edge path (`GET /{page-id}/accounts`), and the fake does the same. A documented field
//! the fake does not model is answered as Graph answers a field without a value: left out of the
//! object. A documented edge the fake does not model is refused with a 400 that says so (a test
//! must not believe it works). The post fields removed in v3.3 (`link`, `type`, `name`,
//! `caption`, `description`, `object_id`, `source`) get Graph's code 12
//! (<https://developers.facebook.com/docs/graph-api/changelog/version3.3>).

use super::Kind;
use super::wire::{Reply, error, invalid};

/// What the fake does with a field name on a node type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The fake serves it (a field or an edge).
    Served,
    /// Documented but not modelled: left out, as a field without a value.
    Unset,
}

/// One node type: its name in errors, its reference page, the fields the fake serves, the
/// documented fields it leaves unset, and the documented edges it does not model (the edges
/// it serves are [`Kind::edges`]).
pub(crate) struct NodeType {
    pub(crate) name: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) served: &'static [&'static str],
    pub(crate) unset: &'static [&'static str],
    pub(crate) unmodelled_edges: &'static [&'static str],
}

/// <https://developers.facebook.com/docs/graph-api/reference/user/>
const USER: NodeType = NodeType {
    name: "User",
    reference: "https://developers.facebook.com/docs/graph-api/reference/user/",
    served: &["id", "name", "picture"],
    unset: &[
        "about",
        "age_range",
        "birthday",
        "email",
        "favorite_athletes",
        "favorite_teams",
        "first_name",
        "gender",
        "hometown",
        "id_for_avatars",
        "inspirational_people",
        "install_type",
        "installed",
        "is_guest_user",
        "languages",
        "last_name",
        "link",
        "location",
        "meeting_for",
        "middle_name",
        "name_format",
        "payment_pricepoints",
        "quotes",
        "shared_login_upgrade_required_by",
        "short_name",
        "significant_other",
        "sports",
        "supports_donate_button_in_live_video",
        "token_for_business",
        "video_upload_limits",
    ],
    unmodelled_edges: &[
        "albums",
        "apprequests",
        "assigned_pages",
        "feed",
        "friends",
        "groups",
        "ids_for_business",
        "likes",
        "live_videos",
        "photos",
        "posts",
        "videos",
    ],
};

/// <https://developers.facebook.com/docs/graph-api/reference/page/>
const PAGE: NodeType = NodeType {
    name: "Page",
    reference: "https://developers.facebook.com/docs/graph-api/reference/page/",
    served: &[
        "id",
        "name",
        "category",
        "category_list",
        "username",
        "link",
        "about",
        "verification_status",
        "picture",
        "fan_count",
        "followers_count",
        "is_published",
        "access_token",
        "tasks",
    ],
    unset: &[
        "affiliation",
        "app_id",
        "artists_we_like",
        "attire",
        "awards",
        "band_interests",
        "band_members",
        "best_page",
        "bio",
        "birthday",
        "booking_agent",
        "built",
        "business",
        "can_checkin",
        "can_post",
        "checkins",
        "company_overview",
        "connected_instagram_account",
        "contact_address",
        "cover",
        "culinary_team",
        "current_location",
        "description",
        "directed_by",
        "display_subtext",
        "emails",
        "engagement",
        "featured_video",
        "features",
        "food_styles",
        "founded",
        "general_info",
        "general_manager",
        "genre",
        "global_brand_page_name",
        "has_added_app",
        "has_whatsapp_number",
        "hometown",
        "hours",
        "impressum",
        "influences",
        "instagram_business_account",
        "is_always_open",
        "is_community_page",
        "is_owned",
        "is_permanently_closed",
        "is_unclaimed",
        "is_verified",
        "is_webhooks_subscribed",
        "location",
        "members",
        "mission",
        "name_with_location_descriptor",
        "network",
        "new_like_count",
        "overall_star_rating",
        "parking",
        "payment_options",
        "personal_info",
        "personal_interests",
        "phone",
        "price_range",
        "produced_by",
        "products",
        "public_transit",
        "rating_count",
        "record_label",
        "release_date",
        "restaurant_services",
        "restaurant_specialties",
        "single_line_address",
        "store_number",
        "studio",
        "talking_about_count",
        "website",
        "were_here_count",
        "whatsapp_number",
        "written_by",
    ],
    unmodelled_edges: &[
        "albums",
        "assigned_users",
        "blocked",
        "call_to_actions",
        "conversations",
        "events",
        "indexed_videos",
        "live_videos",
        "locations",
        "ratings",
        "roles",
        "tagged",
        "video_reels",
        "videos",
    ],
};

/// <https://developers.facebook.com/docs/marketing-api/reference/business/>
const BUSINESS: NodeType = NodeType {
    name: "Business",
    reference: "https://developers.facebook.com/docs/marketing-api/reference/business/",
    served: &["id", "name"],
    unset: &[
        "block_offline_analytics",
        "created_by",
        "created_time",
        "extended_updated_time",
        "is_hidden",
        "link",
        "payment_account_id",
        "primary_page",
        "profile_picture_uri",
        "timezone_id",
        "two_factor_type",
        "updated_by",
        "updated_time",
        "verification_status",
        "vertical",
        "vertical_id",
    ],
    unmodelled_edges: &[
        "adspixels",
        "business_users",
        "client_ad_accounts",
        "instagram_accounts",
        "owned_ad_accounts",
        "owned_apps",
        "owned_instagram_accounts",
        "pending_client_pages",
        "pending_owned_pages",
        "system_users",
    ],
};

/// <https://developers.facebook.com/docs/graph-api/reference/pagepost/> (a Page's post;
/// Graph names it `PagePost` in errors).
const POST: NodeType = NodeType {
    name: "PagePost",
    reference: "https://developers.facebook.com/docs/graph-api/reference/pagepost/",
    served: &[
        "id",
        "message",
        "message_tags",
        "created_time",
        "updated_time",
        "permalink_url",
        "full_picture",
        "picture",
        "status_type",
        "is_published",
        "is_hidden",
        "scheduled_publish_time",
        "from",
        "attachments",
    ],
    unset: &[
        "actions",
        "admin_creator",
        "allowed_advertising_objectives",
        "application",
        "backdated_time",
        "call_to_action",
        "can_reply_privately",
        "child_attachments",
        "coordinates",
        "event",
        "expanded_height",
        "expanded_width",
        "feed_targeting",
        "height",
        "icon",
        "is_eligible_for_promotion",
        "is_expired",
        "is_inline_created",
        "is_instagram_eligible",
        "is_popular",
        "is_spherical",
        "multi_share_end_card",
        "multi_share_optimized",
        "parent_id",
        "place",
        "privacy",
        "promotable_id",
        "properties",
        "shares",
        "story",
        "story_tags",
        "subscribed",
        "target",
        "targeting",
        "timeline_visibility",
        "via",
        "width",
    ],
    unmodelled_edges: &["dynamic_posts", "sharedposts", "sponsor_tags", "to"],
};

/// The post fields v3.3 removed (code 12).
const REMOVED_POST_FIELDS: &[&str] = &[
    "caption",
    "description",
    "link",
    "name",
    "object_id",
    "source",
    "type",
];

/// <https://developers.facebook.com/docs/graph-api/reference/photo/>
const PHOTO: NodeType = NodeType {
    name: "Photo",
    reference: "https://developers.facebook.com/docs/graph-api/reference/photo/",
    served: &[
        "id",
        "name",
        "created_time",
        "link",
        "picture",
        "images",
        "from",
        "page_story_id",
    ],
    unset: &[
        "album",
        "alt_text",
        "alt_text_custom",
        "backdated_time",
        "backdated_time_granularity",
        "can_backdate",
        "can_delete",
        "can_tag",
        "event",
        "height",
        "icon",
        "name_tags",
        "place",
        "updated_time",
        "webp_images",
        "width",
    ],
    unmodelled_edges: &["insights", "sharedposts", "sponsor_tags", "tags"],
};

/// <https://developers.facebook.com/docs/graph-api/reference/comment/>
const COMMENT: NodeType = NodeType {
    name: "Comment",
    reference: "https://developers.facebook.com/docs/graph-api/reference/comment/",
    served: &[
        "id",
        "message",
        "message_tags",
        "created_time",
        "from",
        "like_count",
        "comment_count",
        "is_hidden",
        "can_hide",
        "can_remove",
        "can_comment",
        "can_like",
        "user_likes",
        "parent",
        "object",
        "permalink_url",
        "attachment",
    ],
    unset: &[
        "admin_creator",
        "application",
        "can_reply_privately",
        "is_private",
        "live_broadcast_timestamp",
        "private_reply_conversation",
    ],
    unmodelled_edges: &[],
};

/// <https://developers.facebook.com/docs/graph-api/reference/application/>
const APP: NodeType = NodeType {
    name: "Application",
    reference: "https://developers.facebook.com/docs/graph-api/reference/application/",
    served: &["id", "name", "link"],
    unset: &[
        "app_type",
        "category",
        "company",
        "daily_active_users",
        "description",
        "icon_url",
        "logo_url",
        "monthly_active_users",
        "namespace",
        "photo_url",
        "privacy_policy_url",
        "subcategory",
        "supported_platforms",
        "terms_of_service_url",
        "weekly_active_users",
    ],
    unmodelled_edges: &["roles", "subscriptions"],
};

/// The fields of a `from` (a profile: a User or a Page), for `from{…}`: the union of the
/// User's and the Page's fields, each served where the author has it.
pub(crate) const PROFILE_FIELDS: &[&str] = &["id", "name", "category", "link", "picture"];

impl Kind {
    /// The node type's catalogue.
    pub(crate) fn node_type(self) -> &'static NodeType {
        match self {
            Kind::User => &USER,
            Kind::Page => &PAGE,
            Kind::Business => &BUSINESS,
            Kind::Post => &POST,
            Kind::Photo => &PHOTO,
            Kind::Comment => &COMMENT,
            Kind::App => &APP,
        }
    }

    /// The node type Graph names in errors (`Page`, `PagePost`, `Comment`…).
    pub(crate) fn type_name(self) -> &'static str {
        self.node_type().name
    }

    /// Whether field `name` is served, left unset, or refused (with Graph's error).
    pub(crate) fn lookup(self, name: &str) -> Result<Lookup, Reply> {
        let node = self.node_type();
        if node.served.contains(&name) || self.edges().contains(&name) {
            return Ok(Lookup::Served);
        }
        if node.unset.contains(&name) {
            return Ok(Lookup::Unset);
        }
        if node.unmodelled_edges.contains(&name) {
            return Err(unmodelled_edge(name, node));
        }
        if self == Kind::Post && REMOVED_POST_FIELDS.contains(&name) {
            return Err(removed_post_field());
        }
        Err(nonexisting_field(name, node.name))
    }

    /// Checks every field of `fields` (names only; modifiers and braces are the served
    /// field's business).
    pub(crate) fn check<'f>(self, fields: impl IntoIterator<Item = &'f str>) -> Result<(), Reply> {
        for name in fields {
            self.lookup(name)?;
        }
        Ok(())
    }
}

/// 400 code 100: a field or an edge the node type does not have.
pub(crate) fn nonexisting_field(field: &str, node_type: &str) -> Reply {
    invalid(format!(
        "(#100) Tried accessing nonexisting field ({field}) on node type ({node_type})"
    ))
}

/// 400 code 12: a post field removed in v3.3.
fn removed_post_field() -> Reply {
    error(
        400,
        "OAuthException",
        12,
        None,
        "(#12) deprecate_post_aggregated_fields_for_attachement is deprecated for versions v3.3 and higher",
    )
}

/// 400: a documented edge the fake does not model (not a Graph answer: the fake says so
/// rather than pretend).
fn unmodelled_edge(edge: &str, node: &NodeType) -> Reply {
    invalid(format!(
        "(#100) The Graph fake (social-testkit) does not model the edge ({edge}) of node type ({}), documented at {}",
        node.name, node.reference
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [Kind; 7] = [
        Kind::User,
        Kind::Page,
        Kind::Business,
        Kind::Post,
        Kind::Photo,
        Kind::Comment,
        Kind::App,
    ];

    #[test]
    fn every_name_has_one_place_per_node_type() {
        for kind in KINDS {
            let node = kind.node_type();
            assert!(
                node.reference
                    .starts_with("https://developers.facebook.com/docs/")
            );
            let mut all: Vec<&str> = node
                .served
                .iter()
                .chain(node.unset)
                .chain(node.unmodelled_edges)
                .chain(kind.edges())
                .copied()
                .collect();
            let count = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), count, "a name twice on {}", node.name);
        }
    }

    #[test]
    fn lookups_follow_the_catalogue() {
        assert_eq!(Kind::Page.lookup("fan_count").ok(), Some(Lookup::Served));
        assert_eq!(Kind::Page.lookup("feed").ok(), Some(Lookup::Served));
        assert_eq!(Kind::Page.lookup("website").ok(), Some(Lookup::Unset));
        let reply = Kind::Page.lookup("from").unwrap_err();
        assert_eq!(
            reply.body["error"]["message"],
            "(#100) Tried accessing nonexisting field (from) on node type (Page)"
        );
        assert_eq!(
            Kind::Post.lookup("link").unwrap_err().body["error"]["code"],
            12
        );
        assert_eq!(Kind::Page.lookup("link").ok(), Some(Lookup::Served));
    }
}
