//! Posts and photos: their records, seed helpers and inspection helpers.
//! Their shape: <https://developers.facebook.com/docs/graph-api/reference/pagepost/>.

use super::{Actor, GraphState, missing};

/// A post on a Page's timeline: the Page's own, or a visitor's.
#[derive(Debug, Clone)]
pub(crate) struct Post {
    pub(crate) id: String,
    pub(crate) page: String,
    pub(crate) from: Actor,
    pub(crate) message: Option<String>,
    pub(crate) link: Option<String>,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) published: bool,
    pub(crate) scheduled: Option<i64>,
    pub(crate) hidden: bool,
    pub(crate) photos: Vec<String>,
    /// The mentions in `message` (`message_tags`).
    pub(crate) tags: Vec<super::Tag>,
    /// Creation order, to break ties between equal timestamps.
    pub(crate) serial: u64,
}

impl Post {
    /// Published, or scheduled for a time the clock has reached.
    pub(crate) fn is_live(&self, now: i64) -> bool {
        self.published || self.scheduled.is_some_and(|at| at <= now)
    }

    /// `created_time`: the scheduled time once a scheduled post went live.
    pub(crate) fn created_time(&self, now: i64) -> i64 {
        match self.scheduled {
            Some(at) if !self.published && at <= now => at,
            _ => self.created,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Photo {
    pub(crate) id: String,
    pub(crate) page: String,
    pub(crate) url: Option<String>,
    pub(crate) caption: Option<String>,
    pub(crate) published: bool,
    pub(crate) temporary: bool,
    /// The post showing it, if any.
    pub(crate) post: Option<String>,
    pub(crate) created: i64,
    pub(crate) bytes: usize,
}

impl Photo {
    /// The image URL: the `url` it was uploaded from, else a CDN-like one.
    pub(crate) fn image(&self) -> String {
        self.url
            .clone()
            .unwrap_or_else(|| format!("https://scontent.xx.fbcdn.net/v/t39/{}_n.jpg", self.id))
    }
}

impl GraphState {
    /// Publishes a post by `page` now (no duplicate check) and returns its id
    /// (`{page-id}_{n}`).
    ///
    /// # Panics
    /// If the Page is unknown.
    #[track_caller]
    pub fn add_post(&mut self, page: &str, message: &str) -> String {
        let now = self.now();
        self.add_post_at(page, message, now)
    }

    /// Like [`add_post`](Self::add_post), created at `created_time` (Unix seconds).
    ///
    /// # Panics
    /// If the Page is unknown.
    #[track_caller]
    pub fn add_post_at(&mut self, page: &str, message: &str, created_time: i64) -> String {
        if !self.pages.contains_key(page) {
            missing("add_post", "Page", page);
        }
        let mut post = self.blank_post(page, Actor::Page(page.to_owned()));
        post.message = Some(message.to_owned());
        post.created = created_time;
        post.updated = created_time;
        self.insert_post(post)
    }

    /// A post by a visitor, `user`, on `page`'s timeline (`/visitor_posts` and `/feed`);
    /// returns its id.
    ///
    /// # Panics
    /// If the user or the Page is unknown.
    #[track_caller]
    pub fn add_visitor_post(&mut self, user: &str, page: &str, message: &str) -> String {
        if !self.users.contains_key(user) {
            missing("add_visitor_post", "user", user);
        }
        if !self.pages.contains_key(page) {
            missing("add_visitor_post", "Page", page);
        }
        let mut post = self.blank_post(page, Actor::User(user.to_owned()));
        post.message = Some(message.to_owned());
        self.insert_post(post)
    }

    /// Every post on `page`'s timeline (its own and visitors', published or not), newest
    /// first.
    pub fn posts(&self, page: &str) -> Vec<String> {
        let now = self.now();
        let mut posts: Vec<&Post> = self
            .page_posts
            .get(page)
            .into_iter()
            .flatten()
            .filter_map(|id| self.posts.get(id))
            .collect();
        posts.sort_by_key(|p| std::cmp::Reverse((p.created_time(now), p.serial)));
        posts.into_iter().map(|p| p.id.clone()).collect()
    }

    /// The message of post `id`.
    pub fn post_message(&self, id: &str) -> Option<&str> {
        self.posts.get(id)?.message.as_deref()
    }

    /// Whether post `id` is published (a scheduled post is, once the clock reaches its time).
    pub fn is_published(&self, id: &str) -> Option<bool> {
        Some(self.posts.get(id)?.is_live(self.now()))
    }

    /// When post `id` is scheduled to go live, if it is.
    pub fn scheduled_time(&self, id: &str) -> Option<i64> {
        self.posts.get(id)?.scheduled
    }

    /// The photos attached to post `id`.
    pub fn post_photos(&self, id: &str) -> Vec<String> {
        self.posts
            .get(id)
            .map(|p| p.photos.clone())
            .unwrap_or_default()
    }

    /// Whether post or comment `id` is hidden.
    pub fn is_hidden(&self, id: &str) -> Option<bool> {
        match self.posts.get(id) {
            Some(post) => Some(post.hidden),
            None => Some(self.comments.get(id)?.hidden),
        }
    }

    /// The photos uploaded to `page`, oldest first.
    pub fn photos(&self, page: &str) -> Vec<String> {
        self.photos
            .values()
            .filter(|p| p.page == page)
            .map(|p| p.id.clone())
            .collect()
    }

    /// The URL photo `id` was uploaded from (`None` for a multipart `source`).
    pub fn photo_url(&self, id: &str) -> Option<&str> {
        self.photos.get(id)?.url.as_deref()
    }

    /// The size of the multipart `source` photo `id` was uploaded with (0 for a `url`).
    pub fn photo_size(&self, id: &str) -> Option<usize> {
        Some(self.photos.get(id)?.bytes)
    }

    /// Whether photo `id` is published (alone, or in a published post).
    pub fn is_photo_published(&self, id: &str) -> Option<bool> {
        Some(self.photos.get(id)?.published)
    }

    /// A post with nothing in it, by `from` on `page`, stamped now.
    pub(crate) fn blank_post(&mut self, page: &str, from: Actor) -> Post {
        let now = self.now();
        Post {
            id: String::new(),
            page: page.to_owned(),
            from,
            message: None,
            link: None,
            created: now,
            updated: now,
            published: true,
            scheduled: None,
            hidden: false,
            photos: Vec::new(),
            tags: Vec::new(),
            serial: 0,
        }
    }

    /// Stores `post` under a new id `{page}_{n}`, its mentions resolved.
    pub(crate) fn insert_post(&mut self, mut post: Post) -> String {
        if let Some(message) = &post.message {
            let (text, tags) = self.mentions(message);
            post.message = Some(text);
            post.tags = tags;
        }
        post.id = format!("{}_{}", post.page, self.next_object());
        post.serial = self.next_serial();
        let id = post.id.clone();
        self.page_posts
            .entry(post.page.clone())
            .or_default()
            .push(id.clone());
        self.posts.insert(id.clone(), post);
        id
    }

    /// Removes a post with its comments and reactions; its photos stay, detached.
    pub(crate) fn remove_post(&mut self, id: &str) {
        for comment in self.comment_index.get(id).cloned().unwrap_or_default() {
            self.remove_comment(&comment);
        }
        self.comment_index.remove(id);
        self.stream_index.remove(id);
        self.reactions.remove(id);
        for photo in self.photos.values_mut() {
            if photo.post.as_deref() == Some(id) {
                photo.post = None;
            }
        }
        if let Some(post) = self.posts.remove(id) {
            if let Some(list) = self.page_posts.get_mut(&post.page) {
                list.retain(|p| p != id);
            }
        }
    }
}
