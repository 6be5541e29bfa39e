//! The core traits, implemented for [`TwitterClient`]: code written against
//! `social_core::{Publisher, ProfileReader, AudienceReader, Conversations, FollowGraph}` serves X.

use async_trait::async_trait;
use social_core::{
    Audience, AudienceReader, Capabilities, Comment, CommentId, Conversations, Cursor, Error,
    FollowGraph, LengthCounting, Network, Page, Post, PostId, Profile, ProfileReader, Published,
    Publisher, Result, UserId, Violation, ViolationKind,
};

use crate::client::TwitterClient;
use crate::models::{Tweet, TweetField, User, UserField, XResponse};
use crate::text::TextConfig;

/// The user fields the adapter asks for, to fill [`Profile`] and [`Audience`].
const PROFILE_FIELDS: [UserField; 5] = [
    UserField::Description,
    UserField::ProfileImageUrl,
    UserField::PublicMetrics,
    UserField::Url,
    UserField::Verified,
];

impl User {
    /// This user as a network-neutral [`Profile`].
    pub fn to_profile(&self) -> Profile {
        let mut p = Profile::new(Network::X, self.id.clone(), self.name.clone())
            .with_handle(self.username.clone())
            .with_url(format!("https://x.com/{}", self.username));
        if let Some(d) = &self.description {
            p = p.with_description(d.clone());
        }
        p.picture_url = self.profile_image_url.clone();
        p.verified = self.verified;
        p
    }
}

impl Tweet {
    /// This post as a network-neutral [`Comment`] on `post` (replies and mentions).
    pub fn to_comment(&self, post: &PostId, includes: &crate::models::Includes) -> Comment {
        let mut c = Comment::new(
            Network::X,
            CommentId::new(self.id.as_str()),
            post.clone(),
            self.text.clone(),
        );
        if let Some(author) = self.author_id.as_ref().and_then(|id| includes.user(id)) {
            c = c.with_author(author.to_profile());
        }
        if let Some(at) = self.created_at {
            c = c.with_created_at(at);
        }
        if let Some(parent) = self
            .referenced_tweets
            .iter()
            .find(|r| r.kind == "replied_to")
        {
            c = c.with_parent(CommentId::new(parent.id.as_str()));
        }
        c
    }
}

fn text_of(post: &Post) -> String {
    let text = post.text_for(Network::X);
    match post.link_for(Network::X) {
        Some(link) if !text.contains(link) => format!("{text} {link}"),
        _ => text.to_string(),
    }
}

/// The create request a draft becomes on X.
fn create_for(x: &TwitterClient, post: &Post) -> crate::tweets::CreateTweetBuilder {
    let mut create = x
        .tweets()
        .create(text_of(post))
        .media(post.media.iter().map(|m| m.id.clone()));
    if let Some(id) = &post.reply_to {
        create = create.in_reply_to(id);
    }
    create
}

fn users_page(resp: XResponse<Vec<User>>) -> Page<Profile> {
    let next = resp.next_token().map(Cursor::new);
    Page::new(
        resp.data
            .unwrap_or_default()
            .iter()
            .map(User::to_profile)
            .collect(),
        next,
    )
}

#[async_trait]
impl Publisher for TwitterClient {
    fn network(&self) -> Network {
        Network::X
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(
            Network::X,
            TextConfig::default().max_weighted_length(),
            LengthCounting::Weighted { url_length: 23 },
        )
        .with_max_media(4)
        .with_replies(true)
        .with_threads(true)
    }

    fn validate(&self, post: &Post) -> Result<()> {
        // The same rules as `tweets().create(…)` (weighted length, media count, media-only
        // posts), plus what only a draft can carry.
        let mut v = create_for(self, post).violations();
        for (i, m) in post.media.iter().enumerate() {
            let field = format!("media[{i}].alt_text");
            v.extend(
                m.alt_text
                    .as_deref()
                    .and_then(|a| crate::media::alt_text_violation(a, &field)),
            );
        }
        if post.scheduled_at.is_some() {
            v.push(Violation::new(
                "scheduled_at",
                ViolationKind::Unsupported,
                "X's API cannot schedule posts: publish at the time instead",
            ));
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidInput {
                network: Some(Network::X),
                violations: v,
            })
        }
    }

    async fn publish(&self, post: &Post) -> Result<Published> {
        Publisher::validate(self, post)?;
        let create = create_for(self, post);
        let alt: Vec<_> = post
            .media
            .iter()
            .filter_map(|m| m.alt_text.as_ref().map(|a| (m.id.clone(), a.clone())))
            .collect();
        for (id, text) in alt {
            self.media().set_alt_text(&id, &text).await?;
        }
        let created = create.send().await?;
        let url = format!("https://x.com/i/web/status/{}", created.id);
        Ok(Published::new(Network::X, created.id, Some(url)))
    }

    async fn delete(&self, id: &PostId) -> Result<()> {
        if self.tweets().delete(id).await? {
            Ok(())
        } else {
            Err(Error::Protocol {
                network: Network::X,
                message: format!("X answered that post {id} was not deleted"),
            })
        }
    }
}

#[async_trait]
impl ProfileReader for TwitterClient {
    async fn me(&self) -> Result<Profile> {
        let resp = self.users().me().user_fields(PROFILE_FIELDS).send().await?;
        one(resp).map(|u| u.to_profile())
    }

    async fn profile(&self, id: &UserId) -> Result<Profile> {
        let resp = self
            .users()
            .get(id)
            .user_fields(PROFILE_FIELDS)
            .send()
            .await?;
        one(resp).map(|u| u.to_profile())
    }
}

fn one(resp: XResponse<User>) -> Result<User> {
    resp.data.ok_or_else(|| Error::NotFound {
        network: Network::X,
        message: resp
            .errors
            .first()
            .and_then(|e| e.detail.clone())
            .unwrap_or_else(|| "no such user".into()),
        api: None,
    })
}

#[async_trait]
impl AudienceReader for TwitterClient {
    /// Followers, following and post counts from `public_metrics`.
    async fn audience(&self) -> Result<Audience> {
        let user = one(self
            .users()
            .me()
            .user_fields([UserField::PublicMetrics])
            .send()
            .await?)?;
        let mut a = Audience::new(Network::X, user.id);
        if let Some(m) = user.public_metrics {
            a = a
                .with_followers(m.followers_count)
                .with_following(m.following_count)
                .with_posts(m.tweet_count);
        }
        Ok(a)
    }
}

#[async_trait]
impl Conversations for TwitterClient {
    /// Replies in the post's conversation from the last 7 days (recent search on
    /// `conversation_id:`), newest first.
    async fn comments(&self, post: &PostId, cursor: Option<Cursor>) -> Result<Page<Comment>> {
        let mut search = self
            .tweets()
            .search_recent(format!("conversation_id:{post}"))
            .max_results(100)
            .tweet_fields([
                TweetField::AuthorId,
                TweetField::CreatedAt,
                TweetField::ReferencedTweets,
                TweetField::ConversationId,
            ])
            .expansions([crate::models::Expansion::AuthorId]);
        if let Some(c) = cursor {
            search = search.pagination_token(c.as_str());
        }
        let resp = search.send().await?;
        let next = resp.next_token().map(Cursor::new);
        let comments = resp
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            // The search also matches the post itself (its conversation id is its own id).
            .filter(|t| &t.id != post)
            .map(|t| t.to_comment(post, &resp.includes))
            .collect();
        Ok(Page::new(comments, next))
    }

    /// Replies to the post, or to one of its replies when `parent` is given.
    async fn reply(
        &self,
        post: &PostId,
        parent: Option<&CommentId>,
        text: &str,
    ) -> Result<Comment> {
        let target = parent
            .map(|c| PostId::new(c.as_str()))
            .unwrap_or_else(|| post.clone());
        let created = self
            .tweets()
            .create(text)
            .in_reply_to(&target)
            .send()
            .await?;
        let mut c = Comment::new(
            Network::X,
            CommentId::new(created.id.as_str()),
            post.clone(),
            created.text,
        );
        if let Some(p) = parent {
            c = c.with_parent(p.clone());
        }
        Ok(c)
    }
}

#[async_trait]
impl FollowGraph for TwitterClient {
    async fn following(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>> {
        let mut list = self
            .follows()
            .following(user)
            .max_results(1000)
            .user_fields(PROFILE_FIELDS);
        if let Some(c) = cursor {
            list = list.pagination_token(c.as_str());
        }
        Ok(users_page(list.send().await?))
    }

    async fn followers(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>> {
        let mut list = self
            .follows()
            .followers(user)
            .max_results(1000)
            .user_fields(PROFILE_FIELDS);
        if let Some(c) = cursor {
            list = list.pagination_token(c.as_str());
        }
        Ok(users_page(list.send().await?))
    }
}
