//! Comments: their records, seed helpers and inspection helpers.
//! Their shape: <https://developers.facebook.com/docs/graph-api/reference/comment/>.

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
        self.comment_index.get(object).cloned().unwrap_or_default()
    }

    /// The comments `filter` selects on `object`, oldest first: its direct comments
    /// (`toplevel`, or a comment's replies), or every comment under a post or photo
    /// (`stream`).
    pub(crate) fn comment_list(&self, object: &str, stream: bool) -> &[String] {
        let index = if stream && !self.comments.contains_key(object) {
            &self.stream_index
        } else {
            &self.comment_index
        };
        index.get(object).map_or(&[], Vec::as_slice)
    }

    /// Inserts comment `id` into the list `key` of `index`, keeping it ordered by
    /// `(created, serial)`.
    fn index_comment(&mut self, stream: bool, key: &str, id: &str) {
        let index = if stream {
            &mut self.stream_index
        } else {
            &mut self.comment_index
        };
        let mut list = index.remove(key).unwrap_or_default();
        let order = |id: &String| self.comments.get(id).map(|c| (c.created, c.serial));
        let new = order(&id.to_owned());
        let at = list.partition_point(|other| order(other) <= new);
        list.insert(at, id.to_owned());
        let index = if stream {
            &mut self.stream_index
        } else {
            &mut self.comment_index
        };
        index.insert(key.to_owned(), list);
    }

    /// Moves comment `id` to `created` (seeding), keeping the indexes ordered.
    pub(crate) fn backdate_comment(&mut self, id: &str, created: i64) {
        let Some(comment) = self.comments.get_mut(id) else {
            return;
        };
        comment.created = created;
        let key = comment
            .parent
            .clone()
            .unwrap_or_else(|| comment.object.clone());
        let root = comment.object.clone();
        self.unindex_comment(id, &key, &root);
        self.index_comment(false, &key, id);
        self.index_comment(true, &root, id);
    }

    fn unindex_comment(&mut self, id: &str, key: &str, root: &str) {
        if let Some(list) = self.comment_index.get_mut(key) {
            list.retain(|c| c != id);
        }
        if let Some(list) = self.stream_index.get_mut(root) {
            list.retain(|c| c != id);
        }
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
        let key = parent.clone().unwrap_or_else(|| root.clone());
        let stream_key = root.clone();
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
        self.index_comment(false, &key, &id);
        self.index_comment(true, &stream_key, &id);
        Some(id)
    }

    /// Removes a comment with its replies and reactions.
    pub(crate) fn remove_comment(&mut self, id: &str) {
        for reply in self.comment_index.remove(id).unwrap_or_default() {
            self.remove_comment(&reply);
        }
        if let Some(comment) = self.comments.remove(id) {
            let key = comment.parent.unwrap_or_else(|| comment.object.clone());
            self.unindex_comment(id, &key, &comment.object);
        }
        self.reactions.remove(id);
    }
}
