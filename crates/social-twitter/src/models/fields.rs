//! Typed `*.fields` and `expansions` values, spelled as X's documentation and peers send them:
//! `tweet.fields` (<https://docs.x.com/x-api/fundamentals/fields>), not the `post.fields` of the
//! newest OpenAPI spec (xdevplatform/xdk `specs/openapi.json`). Closed enums of core's
//! [`wire_enum!`](social_core::wire_enum): a field this crate does not list yet is sent with the
//! builders' `param`.

social_core::wire_enum! {
    /// A `tweet.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::TweetField::CreatedAt.as_str(), "created_at");
    /// ```
    pub enum TweetField {
        /// `attachments`
        Attachments = "attachments",
        /// `author_id`
        AuthorId = "author_id",
        /// `conversation_id`
        ConversationId = "conversation_id",
        /// `created_at`
        CreatedAt = "created_at",
        /// `edit_history_tweet_ids`
        EditHistoryTweetIds = "edit_history_tweet_ids",
        /// `entities`
        Entities = "entities",
        /// `in_reply_to_user_id`
        InReplyToUserId = "in_reply_to_user_id",
        /// `lang`
        Lang = "lang",
        /// `note_tweet`: the whole text and entities of a post longer than 280 characters.
        NoteTweet = "note_tweet",
        /// `public_metrics`
        PublicMetrics = "public_metrics",
        /// `referenced_tweets`
        ReferencedTweets = "referenced_tweets",
        /// `reply_settings`
        ReplySettings = "reply_settings",
        /// `text` (served by default; name it to keep it when listing other fields).
        Text = "text",
    }
}

social_core::wire_enum! {
    /// A `user.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::UserField::PublicMetrics.as_str(), "public_metrics");
    /// ```
    pub enum UserField {
        /// `created_at`
        CreatedAt = "created_at",
        /// `description`
        Description = "description",
        /// `location`
        Location = "location",
        /// `pinned_tweet_id`
        PinnedTweetId = "pinned_tweet_id",
        /// `profile_image_url`
        ProfileImageUrl = "profile_image_url",
        /// `protected`
        Protected = "protected",
        /// `public_metrics`
        PublicMetrics = "public_metrics",
        /// `url`
        Url = "url",
        /// `verified`
        Verified = "verified",
    }
}

social_core::wire_enum! {
    /// A `media.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::MediaField::AltText.as_str(), "alt_text");
    /// ```
    pub enum MediaField {
        /// `alt_text`
        AltText = "alt_text",
        /// `height`
        Height = "height",
        /// `preview_image_url`
        PreviewImageUrl = "preview_image_url",
        /// `type`
        Type = "type",
        /// `url`
        Url = "url",
        /// `width`
        Width = "width",
    }
}

social_core::wire_enum! {
    /// A `poll.fields` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::PollField::VotingStatus.as_str(), "voting_status");
    /// ```
    pub enum PollField {
        /// `duration_minutes`
        DurationMinutes = "duration_minutes",
        /// `end_datetime`
        EndDatetime = "end_datetime",
        /// `options`
        Options = "options",
        /// `voting_status`
        VotingStatus = "voting_status",
    }
}

social_core::wire_enum! {
    /// An `expansions` value.
    ///
    /// ```
    /// assert_eq!(social_twitter::models::Expansion::AuthorId.as_str(), "author_id");
    /// ```
    pub enum Expansion {
        /// `author_id` → `includes.users`
        AuthorId = "author_id",
        /// `referenced_tweets.id` → `includes.tweets`
        ReferencedTweetsId = "referenced_tweets.id",
        /// `referenced_tweets.id.author_id` → `includes.users`
        ReferencedTweetsIdAuthorId = "referenced_tweets.id.author_id",
        /// `attachments.media_keys` → `includes.media`
        AttachmentsMediaKeys = "attachments.media_keys",
        /// `attachments.poll_ids` → `includes.polls`
        AttachmentsPollIds = "attachments.poll_ids",
        /// `in_reply_to_user_id` → `includes.users`
        InReplyToUserId = "in_reply_to_user_id",
        /// `entities.mentions.username` → `includes.users`
        EntitiesMentionsUsername = "entities.mentions.username",
        /// `pinned_tweet_id` (user lookups) → `includes.tweets`
        PinnedTweetId = "pinned_tweet_id",
    }
}

social_core::wire_enum! {
    /// How a post refers to another one (`referenced_tweets[].type`); a type X adds later is
    /// kept in `Other`.
    pub enum ReferenceType {
        /// A reply to the referenced post.
        RepliedTo = "replied_to",
        /// A quote of the referenced post.
        Quoted = "quoted",
        /// A repost of the referenced post.
        Retweeted = "retweeted",
        _ => Other,
    }
}

social_core::wire_enum! {
    /// The kind of a media object (`includes.media[].type`).
    pub enum MediaType {
        /// A photo.
        Photo = "photo",
        /// A video.
        Video = "video",
        /// An animated GIF.
        AnimatedGif = "animated_gif",
        _ => Other,
    }
}

social_core::wire_enum! {
    /// Where X's processing of an upload is (`processing_info.state`).
    pub enum ProcessingState {
        /// Not started.
        Pending = "pending",
        /// Under way.
        InProgress = "in_progress",
        /// Done: the media can be attached.
        Succeeded = "succeeded",
        /// X could not process the file.
        Failed = "failed",
        _ => Other,
    }
}

social_core::wire_enum! {
    /// Whether a poll takes votes (`voting_status`).
    pub enum VotingStatus {
        /// Votes are open.
        Open = "open",
        /// The poll has ended.
        Closed = "closed",
        _ => Other,
    }
}
