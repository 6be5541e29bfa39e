//! Typed `*.fields` and `expansions` values, spelled as X's documentation and peers send them:
//! `tweet.fields` (<https://docs.x.com/x-api/fundamentals/fields>), not the `post.fields` of the
//! newest OpenAPI spec (xdevplatform/xdk `specs/openapi.json`).

use std::fmt;

macro_rules! field_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The value as sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

field_enum!(
    /// A `tweet.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::TweetField::CreatedAt.as_str(), "created_at");
    /// ```
    TweetField {
        /// `attachments`
        Attachments => "attachments",
        /// `author_id`
        AuthorId => "author_id",
        /// `conversation_id`
        ConversationId => "conversation_id",
        /// `created_at`
        CreatedAt => "created_at",
        /// `edit_history_tweet_ids`
        EditHistoryTweetIds => "edit_history_tweet_ids",
        /// `entities`
        Entities => "entities",
        /// `in_reply_to_user_id`
        InReplyToUserId => "in_reply_to_user_id",
        /// `lang`
        Lang => "lang",
        /// `public_metrics`
        PublicMetrics => "public_metrics",
        /// `referenced_tweets`
        ReferencedTweets => "referenced_tweets",
        /// `reply_settings`
        ReplySettings => "reply_settings",
    }
);

field_enum!(
    /// A `user.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::UserField::PublicMetrics.as_str(), "public_metrics");
    /// ```
    UserField {
        /// `created_at`
        CreatedAt => "created_at",
        /// `description`
        Description => "description",
        /// `location`
        Location => "location",
        /// `pinned_tweet_id`
        PinnedTweetId => "pinned_tweet_id",
        /// `profile_image_url`
        ProfileImageUrl => "profile_image_url",
        /// `protected`
        Protected => "protected",
        /// `public_metrics`
        PublicMetrics => "public_metrics",
        /// `url`
        Url => "url",
        /// `verified`
        Verified => "verified",
    }
);

field_enum!(
    /// A `media.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::MediaField::AltText.as_str(), "alt_text");
    /// ```
    MediaField {
        /// `alt_text`
        AltText => "alt_text",
        /// `height`
        Height => "height",
        /// `preview_image_url`
        PreviewImageUrl => "preview_image_url",
        /// `type`
        Type => "type",
        /// `url`
        Url => "url",
        /// `width`
        Width => "width",
    }
);

field_enum!(
    /// A `poll.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::PollField::VotingStatus.as_str(), "voting_status");
    /// ```
    PollField {
        /// `duration_minutes`
        DurationMinutes => "duration_minutes",
        /// `end_datetime`
        EndDatetime => "end_datetime",
        /// `options`
        Options => "options",
        /// `voting_status`
        VotingStatus => "voting_status",
    }
);

field_enum!(
    /// An `expansions` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::Expansion::AuthorId.as_str(), "author_id");
    /// ```
    Expansion {
        /// `author_id` → `includes.users`
        AuthorId => "author_id",
        /// `referenced_tweets.id` → `includes.tweets`
        ReferencedTweetsId => "referenced_tweets.id",
        /// `referenced_tweets.id.author_id` → `includes.users`
        ReferencedTweetsIdAuthorId => "referenced_tweets.id.author_id",
        /// `attachments.media_keys` → `includes.media`
        AttachmentsMediaKeys => "attachments.media_keys",
        /// `attachments.poll_ids` → `includes.polls`
        AttachmentsPollIds => "attachments.poll_ids",
        /// `in_reply_to_user_id` → `includes.users`
        InReplyToUserId => "in_reply_to_user_id",
        /// `entities.mentions.username` → `includes.users`
        EntitiesMentionsUsername => "entities.mentions.username",
        /// `pinned_tweet_id` (user lookups) → `includes.tweets`
        PinnedTweetId => "pinned_tweet_id",
    }
);
