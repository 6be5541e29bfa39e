//! Comments: their records, seed helpers and inspection helpers.

use super::{Actor, GraphState, missing};

#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub(crate) id: String,
    /// The post or photo commented on (for a reply, its parent's).
    pub(crate) object: String,
    /// The comment replied to.
    pub(crate) parent: Option<String>,
    pub(crate) from: Actor,
    pub(crate) message: String,
    /// The mentions in `message` (`message_tags`).
    pub(crate) tags: Vec<super::Tag>,
    pub(crate) attachment: Option<String>,
    pub(crate) created: i64,
    pub(crate) hidden: bool,
    pub(crate) serial: u64,
}

impl GraphState {
    /// A comment by `user` (a visitor, e.g. a client asking a question) on `object` (a post,
    /// a photo or a comment: then it is a reply), made now; returns its id
    /// (`{post-id-without-page}_{n}`).
    ///
    /// # Panics
    /// If the user or the object is unknown.
    #[track_caller]
    pub fn add_visitor_comment(&mut self, user: &str, object: &str, message: &str) -> String {
        if !self.users.contains_key(user) {
            missing("add_visitor_comment", "user", user);
        }
        match self.insert_comment(object, Actor::User(user.to_owned()), message, None) {
            Some(id) => id,
            None => missing("add_visitor_comment", "post, photo or comment", object),
        }
    }

    /// The direct comments on `object` (a post, a photo, or a comment: its replies), oldest
    /// first, hidden ones included.
    pub fn comments(&self, object: &str) -> Vec<String> {
        let mut comments: Vec<&Comment> = self
            .comments
            .values()
            .filter(|c| match &c.parent {
                Some(parent) => parent == object,
                None => c.object == object,
            })
            .collect();
        comments.sort_by_key(|c| (c.created, c.serial));
        comments.into_iter().map(|c| c.id.clone()).collect()
    }

    /// The message of comment `id`.
    pub fn comment_message(&self, id: &str) -> Option<&str> {
        Some(&self.comments.get(id)?.message)
    }

    /// The author of comment `id`: a user or a Page id.
    pub fn comment_author(&self, id: &str) -> Option<&str> {
        Some(self.comments.get(id)?.from.id())
    }

    /// Stores a comment by `from` on `object` (post, photo or comment); `None` if the object
    /// is unknown. A reply to a reply attaches to the top-level comment, as Facebook does.
    pub(crate) fn insert_comment(
        &mut self,
        object: &str,
        from: Actor,
        message: &str,
        attachment: Option<String>,
    ) -> Option<String> {
        let (root, parent) = if self.posts.contains_key(object) || self.photos.contains_key(object)
        {
            (object.to_owned(), None)
        } else {
            let comment = self.comments.get(object)?;
            let top = comment.parent.clone().unwrap_or_else(|| comment.id.clone());
            (comment.object.clone(), Some(top))
        };
        let suffix = root.rsplit('_').next().unwrap_or(&root).to_owned();
        let id = format!("{suffix}_{}", self.next_object());
        let created = self.now();
        let serial = self.next_serial();
        let (message, tags) = self.mentions(message);
        self.comments.insert(
            id.clone(),
            Comment {
                id: id.clone(),
                object: root,
                parent,
                from,
                message,
                tags,
                attachment,
                created,
                hidden: false,
                serial,
            },
        );
        Some(id)
    }

    /// Removes a comment with its replies and reactions.
    pub(crate) fn remove_comment(&mut self, id: &str) {
        let replies: Vec<String> = self
            .comments
            .values()
            .filter(|c| c.parent.as_deref() == Some(id))
            .map(|c| c.id.clone())
            .collect();
        for reply in replies {
            self.remove_comment(&reply);
        }
        self.comments.remove(id);
        self.reactions.retain(|r| r.object != id);
    }
}
