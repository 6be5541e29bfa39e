//! Typed field names for `fields=`, each with an escape for any name Graph accepts
//! (<https://developers.facebook.com/docs/graph-api/guides/field-expansion>).

social_core::wire_enum! {
    /// A field of a Page node.
    ///
    /// `Raw` sends any name or expansion as is.
    pub enum PageField {
        /// `id`.
        Id = "id",
        /// `name`.
        Name = "name",
        /// `username`.
        Username = "username",
        /// `link`.
        Link = "link",
        /// `about`.
        About = "about",
        /// `category`.
        Category = "category",
        /// `fan_count`: people who like the Page.
        FanCount = "fan_count",
        /// `followers_count`: people who follow the Page.
        FollowersCount = "followers_count",
        /// `verification_status`.
        VerificationStatus = "verification_status",
        /// `picture`.
        Picture = "picture",
        /// `website`.
        Website = "website",
        /// `emails`.
        Emails = "emails",
        /// `phone`.
        Phone = "phone",
        _ => Raw,
    }
}

social_core::wire_enum! {
    /// A field of a post.
    ///
    /// `Raw` sends any name or expansion as is.
    pub enum PostField {
        /// `id`.
        Id = "id",
        /// `message`.
        Message = "message",
        /// `created_time`.
        CreatedTime = "created_time",
        /// `updated_time`.
        UpdatedTime = "updated_time",
        /// `permalink_url`.
        PermalinkUrl = "permalink_url",
        /// `full_picture`.
        FullPicture = "full_picture",
        /// `status_type`.
        StatusType = "status_type",
        /// `is_published`.
        IsPublished = "is_published",
        /// `is_hidden`.
        IsHidden = "is_hidden",
        /// `scheduled_publish_time`.
        ScheduledPublishTime = "scheduled_publish_time",
        /// `from`.
        From = "from",
        /// `shares`.
        Shares = "shares",
        /// The comment count: `comments.summary(true).limit(0)`.
        CommentCount = "comments.summary(true).limit(0)",
        /// The reaction count: `reactions.summary(total_count).limit(0)`.
        ReactionCount = "reactions.summary(total_count).limit(0)",
        _ => Raw,
    }
}

social_core::wire_enum! {
    /// A field of a comment.
    ///
    /// `Raw` sends any name or expansion as is.
    pub enum CommentField {
        /// `id`.
        Id = "id",
        /// `message`.
        Message = "message",
        /// `from`.
        From = "from",
        /// `created_time`.
        CreatedTime = "created_time",
        /// `like_count`.
        LikeCount = "like_count",
        /// `comment_count`.
        CommentCount = "comment_count",
        /// `is_hidden`.
        IsHidden = "is_hidden",
        /// `can_hide`.
        CanHide = "can_hide",
        /// `can_remove`.
        CanRemove = "can_remove",
        /// `parent`.
        Parent = "parent",
        /// `permalink_url`.
        PermalinkUrl = "permalink_url",
        /// `attachment`.
        Attachment = "attachment",
        _ => Raw,
    }
}

/// The names of typed fields, for a builder's `fields=`.
pub(crate) fn names<F>(
    fields: impl IntoIterator<Item = F>,
    as_str: impl Fn(&F) -> &str,
) -> Vec<String> {
    fields.into_iter().map(|f| as_str(&f).to_string()).collect()
}

/// Whether a `fields=` selection asks for a credential: a field (or a field of an expansion,
/// such as `connected_app{id,access_token}`) whose name holds `token`, `secret` or `proof`. The
/// answer then carries it, so the request is marked
/// [`secret_response`](social_core::http::RequestSpec::secret_response): errors never quote
/// the body.
pub(crate) fn asks_for_credentials<S: AsRef<str>>(fields: &[S]) -> bool {
    fields.iter().any(|f| {
        f.as_ref()
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(social_core::http::mask::is_sensitive_key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_fields_are_found_at_any_depth() {
        assert!(asks_for_credentials(&["id", "access_token"]));
        assert!(asks_for_credentials(&["id,name,access_token"]));
        assert!(asks_for_credentials(&["connected_app{id,access_token}"]));
        assert!(!asks_for_credentials(&[
            "id",
            "reactions.type(LOVE).limit(0).summary(total_count).as(love)"
        ]));
        assert!(!asks_for_credentials::<&str>(&[]));
    }
}
