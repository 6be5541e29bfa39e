//! The fake's own reading of LinkedIn's "little text", the format of a post's `commentary`
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format>).
//!
//! Written apart from the client crate's `text` module on purpose, so a bug cannot hide in
//! both. Little text is plain text with elements — a mention `@[Name](urn:li:person:…)` or
//! `@[Name](urn:li:organization:…)`, a hashtag `#word`, the hashtag template
//! `{hashtag|#|word}` — and the page asks that every reserved character
//! (``\ | { } @ [ ] ( ) < > # * _ ~``) used literally be escaped with a backslash. LinkedIn
//! does not refuse a text that breaks the rule: it answers `201` and keeps the post cut at the
//! first unescaped reserved character (ComposioHQ/composio issue #2710 reports the silent
//! truncation). [`kept`] is that cut.

/// The reserved characters of little text.
pub(crate) const RESERVED: [char; 15] = [
    '\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~',
];

fn reserved(c: char) -> bool {
    RESERVED.contains(&c)
}

/// The part of `text` LinkedIn keeps: all of it when every reserved character is escaped or
/// belongs to a well-formed element, else everything before the first one that is neither.
/// The kept part is still little text (escapes and elements as sent).
pub(crate) fn kept(text: &str) -> &str {
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let step = match c {
            '\\' => escape(&text[at..]),
            '@' => mention(&text[at..]),
            '{' => template(&text[at..]),
            '#' => hashtag(&text[at..]),
            c if reserved(c) => None,
            c => Some(c.len_utf8()),
        };
        match step {
            Some(step) => at += step,
            None => return &text[..at],
        }
    }
    text
}

/// The length of an escape at the start of `text`: a backslash and the reserved character it
/// makes literal. A backslash before anything else (or at the end) is itself an unescaped
/// reserved character.
fn escape(text: &str) -> Option<usize> {
    text[1..]
        .chars()
        .next()
        .filter(|next| reserved(*next))
        .map(|next| 1 + next.len_utf8())
}

/// Little text up to an unescaped `end` (exclusive): its length, if non-empty and free of
/// other unescaped reserved characters and of line breaks.
fn escaped_until(text: &str, end: char) -> Option<usize> {
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        match c {
            c if c == end => return (at > 0).then_some(at),
            '\\' => at += escape(&text[at..])?,
            '\n' | '\r' => return None,
            c if reserved(c) => return None,
            c => at += c.len_utf8(),
        }
    }
    None
}

/// The length of a mention `@[Name](urn:li:person:…)` at the start of `text`.
fn mention(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("@[")?;
    let name = escaped_until(rest, ']')?;
    let rest = rest[name..].strip_prefix("](")?;
    let urn_len = rest.find(')')?;
    let urn = &rest[..urn_len];
    let id = urn
        .strip_prefix("urn:li:person:")
        .or_else(|| urn.strip_prefix("urn:li:organization:"))?;
    let valid_id = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid_id.then_some(2 + name + 2 + urn_len + 1)
}

/// The length of a hashtag template `{hashtag|#|word}` (the sign `#`, `\#` or `＃`) at the
/// start of `text`.
fn template(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("{hashtag|")?;
    let sign = ["#", "\\#", "\u{ff03}"]
        .into_iter()
        .find(|sign| rest.starts_with(&format!("{sign}|")))?;
    let rest = &rest[sign.len() + 1..];
    let tag = escaped_until(rest, '}')?;
    if rest[..tag].chars().any(char::is_whitespace) {
        return None;
    }
    Some("{hashtag|".len() + sign.len() + 1 + tag + 1)
}

/// The length of a plain hashtag `#word` at the start of `text` (a word: letters and digits).
fn hashtag(text: &str) -> Option<usize> {
    let word: usize = text[1..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .map(char::len_utf8)
        .sum();
    (word > 0).then_some(1 + word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_little_text_table() {
        let table = [
            // (sent, kept)
            (
                "Plain text, no reserved characters.",
                "Plain text, no reserved characters.",
            ),
            ("We're hiring (remote OK)", "We're hiring "),
            (
                "We're hiring \\(remote OK\\)",
                "We're hiring \\(remote OK\\)",
            ),
            ("snake_case", "snake"),
            ("snake\\_case", "snake\\_case"),
            ("a ~ b", "a "),
            ("a * b", "a "),
            ("a | b", "a "),
            ("a < b > c", "a "),
            ("a@b.c", "a"),
            ("C:\\\\temp", "C:\\\\temp"),
            ("trailing backslash \\", "trailing backslash "),
            ("C:\\Users", "C:"),
            ("\\\\ and \\\\", "\\\\ and \\\\"),
            (
                "Hello @[Acme Corp](urn:li:organization:1234)!",
                "Hello @[Acme Corp](urn:li:organization:1234)!",
            ),
            (
                "Hi @[Ada](urn:li:person:782bbtaQ) & co",
                "Hi @[Ada](urn:li:person:782bbtaQ) & co",
            ),
            (
                "Hi @[J\\_Doe](urn:li:person:abc)",
                "Hi @[J\\_Doe](urn:li:person:abc)",
            ),
            ("Hi @[J_Doe](urn:li:person:abc)", "Hi "),
            ("Hi @[Ada](urn:li:share:1)", "Hi "),
            ("Hi @[Ada](urn:li:person:)", "Hi "),
            ("Hi @[](urn:li:person:abc)", "Hi "),
            ("Hi @Ada", "Hi "),
            ("Go #rust now", "Go #rust now"),
            ("Go #rust_lang", "Go #rust"),
            ("Go # now", "Go "),
            ("Go #1", "Go #1"),
            (
                "{hashtag|#|Technology} rocks",
                "{hashtag|#|Technology} rocks",
            ),
            ("{hashtag|\\#|Technology}", "{hashtag|\\#|Technology}"),
            (
                "{hashtag|\u{ff03}|Technologie}",
                "{hashtag|\u{ff03}|Technologie}",
            ),
            (
                "{hashtag|#|machine\\_learning}",
                "{hashtag|#|machine\\_learning}",
            ),
            ("{hashtag|#|two words}", ""),
            ("{hashtag|#|}", ""),
            ("{hashtag|$|x}", ""),
            ("{curly}", ""),
            (
                "Full-width ＃sign is plain text",
                "Full-width ＃sign is plain text",
            ),
            ("Émoji ✅ → fine (not)", "Émoji ✅ → fine "),
            ("", ""),
        ];
        for (sent, expected) in table {
            assert_eq!(kept(sent), expected, "{sent:?}");
        }
    }

    #[test]
    fn every_reserved_character_alone_cuts_and_escaped_stays() {
        for c in RESERVED {
            let sent = format!("x{c}y");
            let cut = kept(&sent);
            if c == '#' {
                assert_eq!(cut, "x#y", "a #word is a hashtag");
            } else {
                assert_eq!(cut, "x", "{c:?}");
            }
            let escaped = format!("x\\{c}y");
            assert_eq!(kept(&escaped), escaped, "{c:?}");
        }
    }
}
