//! LinkedIn's "little text": the format of a post's `commentary` (and of comment text).
//!
//! Little text is plain text with three kinds of element
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format>):
//! a mention `@[Name](urn:li:person:…)` or `@[Name](urn:li:organization:…)`, a hashtag `#word`,
//! and the hashtag template `{hashtag|#|word}`. The characters of that syntax are **reserved**:
//!
//! ```text
//! \ | { } @ [ ] ( ) < > # * _ ~
//! ```
//!
//! and the page says that "all reserved characters need to be escaped with a backslash, even if
//! those characters are not used in one of the supported elements or templates". LinkedIn does
//! not refuse a text that breaks the rule: it answers `201` and publishes the post cut short at
//! the first unescaped reserved character (a stray `(` or `_`), which integrators keep finding out
//! after the fact. Hence this module:
//!
//! - [`escape`] makes any text literal;
//! - [`mention`] and [`hashtag`] build the two elements, escaping the name and the tag;
//! - [`Commentary`] builds a whole commentary from those pieces, so its text is escaped by
//!   construction; already-formatted little text goes in only through [`Commentary::raw`], and
//!   is then checked for unescaped reserved characters;
//! - [`Commentary::check`] returns every problem at once, the length included
//!   ([`MAX_COMMENTARY_LENGTH`], counted as described at [`length`]).
//!
//! **Hashtag policy:** [`hashtag`] always writes the template `{hashtag|#|tag}`, the form of the
//! page's own example (`{hashtag|#|Technology}`), with the tag escaped as text. The template
//! says where the tag ends, which a bare `#tag` leaves to LinkedIn's idea of a word.
//!
//! ```
//! use social_linkedin::text::Commentary;
//! use social_linkedin::urn::OrganizationUrn;
//!
//! let acme = OrganizationUrn::new("1234")?;
//! let commentary = Commentary::builder()
//!     .text("Our Q3 results (audited) are out, thanks to ")
//!     .mention("Acme Corp", &acme)
//!     .text("! ")
//!     .hashtag("finance")
//!     .build();
//! assert_eq!(
//!     commentary.as_str(),
//!     "Our Q3 results \\(audited\\) are out, thanks to @[Acme Corp](urn:li:organization:1234)! {hashtag|#|finance}",
//! );
//! assert!(commentary.check().is_empty());
//! # Ok::<(), social_linkedin::urn::UrnError>(())
//! ```

use std::fmt;

use serde::{Serialize, Serializer};
use social_core::{Error, Network, Violation, ViolationKind};

use crate::urn::{OrganizationUrn, PersonUrn, Urn};

/// The characters little text reserves, each escaped by [`escape`] with a backslash.
///
/// ```
/// assert_eq!(social_linkedin::text::RESERVED.len(), 15);
/// ```
pub const RESERVED: [char; 15] = [
    '\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~',
];

/// The longest commentary LinkedIn publishes, counted as [`length`] counts.
///
/// The Posts API reference states no limit for `commentary` that we could find; 3,000 is the
/// limit the publishing services built on it document for LinkedIn posts, and the one our
/// notes record.
pub const MAX_COMMENTARY_LENGTH: u64 = 3_000;

/// The field named in the [`Violation`]s of a commentary.
const FIELD: &str = "commentary";

/// Whether `c` is one of the [`RESERVED`] characters.
///
/// ```
/// use social_linkedin::text::is_reserved;
///
/// assert!(is_reserved('_'));
/// assert!(!is_reserved('%'));
/// ```
pub fn is_reserved(c: char) -> bool {
    RESERVED.contains(&c)
}

/// Makes `text` literal little text: a backslash before every [`RESERVED`] character (the
/// backslash itself included), nothing else changed.
///
/// ```
/// use social_linkedin::text::escape;
///
/// assert_eq!(escape("C:\\temp (old) #1 *now*"), "C:\\\\temp \\(old\\) \\#1 \\*now\\*");
/// assert_eq!(escape("snake_case ~ a@b.c"), "snake\\_case \\~ a\\@b.c");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if is_reserved(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Who can be mentioned: a member or an organization (the page's `MentionElement` takes
/// "a Person or Organization URN"). Sealed.
pub trait Mentionable: Urn + sealed::Sealed {}

impl Mentionable for PersonUrn {}
impl Mentionable for OrganizationUrn {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::urn::PersonUrn {}
    impl Sealed for crate::urn::OrganizationUrn {}
}

/// A mention, `@[name](urn)`, with the display name escaped.
///
/// The name is what readers see until LinkedIn resolves the URN; integrators report that the
/// mention only links when it matches the member's or page's real name, so pass that name. An
/// empty (or blank) name is refused.
///
/// ```
/// use social_linkedin::text::mention;
/// use social_linkedin::urn::{OrganizationUrn, PersonUrn};
///
/// // The example of the little-text page.
/// let acme = OrganizationUrn::new("1234")?;
/// assert_eq!(mention("Acme Corp", &acme).unwrap(), "@[Acme Corp](urn:li:organization:1234)");
/// let eddy = PersonUrn::new("1234")?;
/// assert_eq!(mention("Eddy [CFO]", &eddy).unwrap(), "@[Eddy \\[CFO\\]](urn:li:person:1234)");
/// assert!(mention(" ", &eddy).is_err());
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
pub fn mention(name: &str, urn: &impl Mentionable) -> Result<String, Violation> {
    if name.trim().is_empty() {
        return Err(Violation::new(
            FIELD,
            ViolationKind::Empty,
            format!("the mention of {urn} has no name; pass the name LinkedIn shows for it"),
        ));
    }
    Ok(format!("@[{}]({urn})", escape(name)))
}

/// A hashtag, always as the template `{hashtag|#|tag}` (see the module's hashtag policy), the
/// tag escaped. One leading `#` (or the full-width `＃`) is dropped, so `"#rust"` and `"rust"`
/// give the same hashtag. An empty tag, or one holding whitespace (a hashtag is one word), is
/// refused.
///
/// ```
/// use social_linkedin::text::hashtag;
///
/// assert_eq!(hashtag("Technology").unwrap(), "{hashtag|#|Technology}");
/// assert_eq!(hashtag("#machine_learning").unwrap(), "{hashtag|#|machine\\_learning}");
/// assert!(hashtag("#").is_err());
/// assert!(hashtag("two words").is_err());
/// ```
pub fn hashtag(tag: &str) -> Result<String, Violation> {
    let tag = tag
        .strip_prefix('#')
        .or_else(|| tag.strip_prefix('＃'))
        .unwrap_or(tag);
    if tag.is_empty() {
        return Err(Violation::new(
            FIELD,
            ViolationKind::Empty,
            "a hashtag needs a word after the `#`",
        ));
    }
    if tag.chars().any(char::is_whitespace) {
        return Err(Violation::new(
            FIELD,
            ViolationKind::Malformed,
            format!("the hashtag {tag:?} holds whitespace; a hashtag is one word"),
        ));
    }
    Ok(format!("{{hashtag|#|{}}}", escape(tag)))
}

/// The length LinkedIn's 3,000-character limit is checked against: the little text as sent
/// (escapes included) in UTF-16 code units.
///
/// LinkedIn does not document how it counts. This is the strictest plausible count: a
/// backslash of an escape counts, and a character outside the Basic Multilingual Plane (most
/// emoji) counts 2, as in a Java `String`. Every other plausible count (Unicode characters,
/// the text as displayed) is smaller, so a commentary within this length is within the limit
/// however LinkedIn counts; the price is refusing a text a few escapes or emoji short of it.
///
/// ```
/// use social_linkedin::text::length;
///
/// assert_eq!(length("abc"), 3);
/// assert_eq!(length("\\(a\\)"), 5);
/// assert_eq!(length("é👋"), 3);
/// ```
pub fn length(little: &str) -> usize {
    little.encode_utf16().count()
}

/// Little text as a reader sees it: escapes removed, a mention `@[Name](urn)` shown as its
/// name, the hashtag template `{hashtag|#|tag}` as `#tag`. For showing a post or a comment read
/// from LinkedIn (an inbox, a report); never for sending, since the result is no longer little
/// text. Malformed elements are kept as written, without their escapes: no input is refused.
///
/// ```
/// use social_linkedin::text::to_plain;
///
/// assert_eq!(
///     to_plain("Results \\(Q3\\) with @[Acme Corp](urn:li:organization:1234)! {hashtag|#|finance}"),
///     "Results (Q3) with Acme Corp! #finance"
/// );
/// assert_eq!(to_plain("@[unclosed"), "@[unclosed");
/// ```
pub fn to_plain(little: &str) -> String {
    let chars: Vec<char> = little.chars().collect();
    let mut out = String::with_capacity(little.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '@' if chars.get(i + 1) == Some(&'[') => match mention_at(&chars, i) {
                Some((name, next)) => {
                    out.push_str(&name);
                    i = next;
                }
                None => {
                    out.push('@');
                    i += 1;
                }
            },
            '{' => match hashtag_at(&chars, i) {
                Some((tag, next)) => {
                    out.push('#');
                    out.push_str(&tag);
                    i = next;
                }
                None => {
                    out.push('{');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Reads up to the first unescaped `end` from `from`: the text without its escapes and the
/// index after `end`.
fn read_until(chars: &[char], from: usize, end: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                text.push(chars[i + 1]);
                i += 2;
            }
            c if c == end => return Some((text, i + 1)),
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    None
}

/// A mention `@[name](urn)` starting at `at` (the `@`): its name and the index after it.
fn mention_at(chars: &[char], at: usize) -> Option<(String, usize)> {
    let (name, next) = read_until(chars, at + 2, ']')?;
    if chars.get(next) != Some(&'(') {
        return None;
    }
    let (urn, next) = read_until(chars, next + 1, ')')?;
    urn.starts_with("urn:li:").then_some((name, next))
}

/// A hashtag template `{hashtag|#|tag}` starting at `at` (the `{`): its tag and the index
/// after it.
fn hashtag_at(chars: &[char], at: usize) -> Option<(String, usize)> {
    let head: String = chars.get(at + 1..at + 9)?.iter().collect();
    if head != "hashtag|" {
        return None;
    }
    let sigil = *chars.get(at + 9)?;
    if !matches!(sigil, '#' | '＃') || chars.get(at + 10) != Some(&'|') {
        return None;
    }
    read_until(chars, at + 11, '}')
}

/// A post's commentary in little text, built so that what you write is what LinkedIn shows.
///
/// Build it from pieces with [`Commentary::builder`] (text escaped, mentions and hashtags
/// built by [`mention`] and [`hashtag`]), from one plain text with [`Commentary::plain`], or
/// take text that is already little text with [`Commentary::raw`]. Nothing is refused while
/// building: [`Commentary::check`] reports every problem at once (a bad mention or hashtag, an
/// unescaped reserved character in raw text, the length) as `social_core` [`Violation`]s, and
/// [`Commentary::validate`] turns them into one [`Error::InvalidInput`].
///
/// It serializes as its text, ready for a request body.
///
/// ```
/// use social_linkedin::text::Commentary;
///
/// assert_eq!(Commentary::plain("50% off (today)").as_str(), "50% off \\(today\\)");
///
/// // Raw little text is taken as written, and checked.
/// let raw = Commentary::raw("Welcome {hashtag|#|team}!");
/// assert!(raw.check().is_empty());
/// let broken = Commentary::raw("Results (Q3) are out");
/// assert_eq!(broken.check().len(), 1); // LinkedIn would publish "Results "
///
/// let long = Commentary::plain(&"a".repeat(3_001));
/// assert!(long.validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Commentary {
    little: String,
    raw: bool,
    /// Problems found while building (a mention without a name, a bad hashtag).
    problems: Vec<Violation>,
}

impl Commentary {
    /// An empty builder.
    ///
    /// ```
    /// use social_linkedin::text::Commentary;
    ///
    /// let c = Commentary::builder().text("a_b").text(" ").hashtag("c").build();
    /// assert_eq!(c.as_str(), "a\\_b {hashtag|#|c}");
    /// ```
    pub fn builder() -> CommentaryBuilder {
        CommentaryBuilder::default()
    }

    /// A commentary of one plain text, escaped.
    ///
    /// ```
    /// use social_linkedin::text::Commentary;
    ///
    /// assert_eq!(Commentary::plain("<3 ~ :)").as_str(), "\\<3 \\~ :\\)");
    /// ```
    pub fn plain(text: &str) -> Self {
        Commentary::builder().text(text).build()
    }

    /// Text that is already little text (mentions, hashtags and escapes written by the
    /// caller), taken as written. [`check`](Commentary::check) then reports every reserved
    /// character that is neither escaped nor part of a mention, a hashtag or a hashtag
    /// template, since LinkedIn would cut the post there.
    ///
    /// ```
    /// use social_linkedin::text::Commentary;
    ///
    /// let c = Commentary::raw("Hello @[Acme Corp](urn:li:organization:1234) #news");
    /// assert!(c.is_raw());
    /// assert!(c.check().is_empty());
    /// ```
    pub fn raw(little: impl Into<String>) -> Self {
        Commentary {
            little: little.into(),
            raw: true,
            problems: Vec::new(),
        }
    }

    /// The little text, as it goes into the request.
    pub fn as_str(&self) -> &str {
        &self.little
    }

    /// Whether the text came from [`Commentary::raw`].
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// The length checked against [`MAX_COMMENTARY_LENGTH`] (see [`length`]).
    ///
    /// ```
    /// use social_linkedin::text::Commentary;
    ///
    /// assert_eq!(Commentary::plain("(a)").length(), 5);
    /// ```
    pub fn length(&self) -> usize {
        length(&self.little)
    }

    /// Every problem, at once: the bad pieces met while building, the reserved characters a
    /// raw text leaves unescaped (in one violation that lists where), and a length over
    /// [`MAX_COMMENTARY_LENGTH`]. Empty when the commentary can be sent.
    ///
    /// ```
    /// use social_core::ViolationKind;
    /// use social_linkedin::text::Commentary;
    ///
    /// let c = Commentary::builder().hashtag("").text(&"x".repeat(3_000)).build();
    /// let kinds: Vec<_> = c.check().into_iter().map(|v| v.kind).collect();
    /// assert_eq!(kinds, [ViolationKind::Empty]); // 3,000 is allowed
    /// let c = Commentary::builder().hashtag("").text(&"x".repeat(3_001)).build();
    /// assert_eq!(c.check().len(), 2);
    /// ```
    pub fn check(&self) -> Vec<Violation> {
        let mut violations = self.problems.clone();
        let unescaped = unescaped_reserved(&self.little);
        if !unescaped.is_empty() {
            violations.push(unescaped_violation(&unescaped));
        }
        let actual = self.length() as u64;
        if actual > MAX_COMMENTARY_LENGTH {
            violations.push(Violation::new(
                FIELD,
                ViolationKind::TooLong {
                    limit: MAX_COMMENTARY_LENGTH,
                    actual,
                },
                format!(
                    "the commentary is {actual} characters long (UTF-16 units, escapes included), \
                     {} over LinkedIn's {MAX_COMMENTARY_LENGTH}; shorten it",
                    actual - MAX_COMMENTARY_LENGTH
                ),
            ));
        }
        violations
    }

    /// [`check`](Commentary::check) as a result: `Ok` when there is nothing to fix, else one
    /// [`Error::InvalidInput`] for LinkedIn carrying every violation.
    ///
    /// ```
    /// use social_linkedin::text::Commentary;
    ///
    /// assert!(Commentary::plain("fine").validate().is_ok());
    /// let err = Commentary::raw("oops_").validate().unwrap_err();
    /// assert!(matches!(err, social_core::Error::InvalidInput { .. }));
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        Error::check_violations(Network::LinkedIn, self.check())
    }
}

impl fmt::Display for Commentary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.little)
    }
}

impl Serialize for Commentary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.little)
    }
}

/// Builds a [`Commentary`] piece by piece; every piece is escaped or built as an element.
///
/// ```
/// use social_linkedin::text::Commentary;
/// use social_linkedin::urn::PersonUrn;
///
/// let jane = PersonUrn::new("782bbtaQ")?;
/// let c = Commentary::builder()
///     .text("Great talk by ")
///     .mention("Jane Doe", &jane)
///     .text(" at #RustConf")
///     .build();
/// assert_eq!(c.as_str(), "Great talk by @[Jane Doe](urn:li:person:782bbtaQ) at \\#RustConf");
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CommentaryBuilder {
    little: String,
    problems: Vec<Violation>,
}

impl CommentaryBuilder {
    /// Appends plain text, escaped (a `#` in it stays literal: use
    /// [`hashtag`](CommentaryBuilder::hashtag) for a hashtag).
    pub fn text(mut self, text: &str) -> Self {
        self.little.push_str(&escape(text));
        self
    }

    /// Appends a mention built by [`mention`]; a blank name is reported by
    /// [`Commentary::check`] and the mention left out.
    pub fn mention(mut self, name: &str, urn: &impl Mentionable) -> Self {
        match mention(name, urn) {
            Ok(element) => self.little.push_str(&element),
            Err(violation) => self.problems.push(violation),
        }
        self
    }

    /// Appends a hashtag built by [`hashtag`]; a bad tag is reported by [`Commentary::check`]
    /// and left out.
    pub fn hashtag(mut self, tag: &str) -> Self {
        match hashtag(tag) {
            Ok(element) => self.little.push_str(&element),
            Err(violation) => self.problems.push(violation),
        }
        self
    }

    /// The commentary.
    pub fn build(self) -> Commentary {
        Commentary {
            little: self.little,
            raw: false,
            problems: self.problems,
        }
    }
}

/// The character positions (0-based, in characters) and values of the reserved characters of
/// `little` that LinkedIn would not read as escaped or as part of an element.
///
/// The elements recognised, after the grammar of the little-text page: `\` + a reserved
/// character; a mention `@[name](urn:li:person:…)` or `@[name](urn:li:organization:…)` (the
/// `[name]` part optional, the name itself escaped little text); a template
/// `{hashtag|#|tag}` (or with `＃`, the tag escaped little text); a hashtag `#` followed by
/// letters or digits.
fn unescaped_reserved(little: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = little.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let element_end = match c {
            '\\' => chars.get(i + 1).filter(|n| is_reserved(**n)).map(|_| i + 2),
            '@' => mention_end(&chars, i),
            '{' => template_end(&chars, i),
            '#' => {
                let word = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric())
                    .count();
                (word > 0).then_some(i + 1 + word)
            }
            _ if is_reserved(c) => None,
            _ => Some(i + 1),
        };
        match element_end {
            Some(end) => i = end,
            None => {
                found.push((i, c));
                i += 1;
            }
        }
    }
    found
}

/// Escaped text from `start` up to (not including) the first unescaped `stop`: the index of
/// `stop`, or `None` if an unescaped reserved character or the end comes first.
fn escaped_text_until(chars: &[char], start: usize, stop: char) -> Option<usize> {
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            c if c == stop => return Some(i),
            '\\' if chars.get(i + 1).is_some_and(|n| is_reserved(*n)) => i += 2,
            c if is_reserved(c) => return None,
            _ => i += 1,
        }
    }
    None
}

/// A mention starting at `at` (an `@`): `@` `[name]`? `(urn:li:person|organization:id)`.
fn mention_end(chars: &[char], at: usize) -> Option<usize> {
    let mut i = at + 1;
    if chars.get(i) == Some(&'[') {
        i = escaped_text_until(chars, i + 1, ']')? + 1;
    }
    if chars.get(i) != Some(&'(') {
        return None;
    }
    let close = i + 1 + chars[i + 1..].iter().position(|c| *c == ')')?;
    let urn: String = chars[i + 1..close].iter().collect();
    let valid = urn.parse::<PersonUrn>().is_ok() || urn.parse::<OrganizationUrn>().is_ok();
    valid.then_some(close + 1)
}

/// A template starting at `at` (a `{`): `{hashtag|#|tag}` or `{hashtag|＃|tag}`.
fn template_end(chars: &[char], at: usize) -> Option<usize> {
    let head: String = chars[at..].iter().take(11).collect();
    if head != "{hashtag|#|" && head != "{hashtag|＃|" {
        return None;
    }
    let close = escaped_text_until(chars, at + 11, '}')?;
    (close > at + 11).then_some(close + 1)
}

fn unescaped_violation(found: &[(usize, char)]) -> Violation {
    const SHOWN: usize = 10;
    let mut listed: Vec<String> = found
        .iter()
        .take(SHOWN)
        .map(|(at, c)| format!("`{c}` at character {at}"))
        .collect();
    if found.len() > SHOWN {
        listed.push(format!("{} more", found.len() - SHOWN));
    }
    Violation::new(
        FIELD,
        ViolationKind::Malformed,
        format!(
            "the raw little text leaves reserved characters unescaped ({}); LinkedIn would \
             publish the post cut short at the first one. Escape them with a backslash \
             (text::escape), or build the commentary with Commentary::builder",
            listed.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    proptest! {
        #[test]
        fn to_plain_undoes_escape(text in ".{0,64}") {
            prop_assert_eq!(to_plain(&escape(&text)), text);
        }
    }

    #[test]
    fn to_plain_reads_what_the_builders_write_and_never_panics() {
        let acme = crate::urn::OrganizationUrn::new("1234").unwrap();
        let little = Commentary::builder()
            .text("50% off (today) for [members] ")
            .mention("Eddy [CFO]", &acme)
            .text(" ")
            .hashtag("machine_learning")
            .build();
        assert_eq!(
            to_plain(little.as_str()),
            "50% off (today) for [members] Eddy [CFO] #machine_learning"
        );
        for odd in [
            "\\",
            "@[",
            "@[a](",
            "@[a](b)",
            "{hashtag|#|",
            "{hashtag|x|y}",
            "{",
            "é\\👋",
        ] {
            let _ = to_plain(odd);
        }
        assert_eq!(to_plain("@[a](b)"), "@[a](b)");
        assert_eq!(to_plain("{hashtag|x|y}"), "{hashtag|x|y}");
        assert_eq!(to_plain("a #b"), "a #b");
    }

    use super::*;
    use proptest::prelude::*;

    /// Every reserved character of the little-text page, alone and inside a word, is escaped
    /// with one backslash, and nothing else is touched.
    #[test]
    fn case4_every_reserved_character_is_escaped() {
        let table = [
            ('\\', "\\\\"),
            ('|', "\\|"),
            ('{', "\\{"),
            ('}', "\\}"),
            ('@', "\\@"),
            ('[', "\\["),
            (']', "\\]"),
            ('(', "\\("),
            (')', "\\)"),
            ('<', "\\<"),
            ('>', "\\>"),
            ('#', "\\#"),
            ('*', "\\*"),
            ('_', "\\_"),
            ('~', "\\~"),
        ];
        assert_eq!(table.len(), RESERVED.len());
        for (c, escaped) in table {
            assert!(RESERVED.contains(&c), "{c}");
            assert_eq!(escape(&c.to_string()), escaped, "{c}");
            assert_eq!(escape(&format!("a{c}b")), format!("a{escaped}b"), "{c}");
            assert_eq!(
                escape(&format!("{c}{c}")),
                format!("{escaped}{escaped}"),
                "{c}"
            );
            // Escaped, it is plain text again; alone, it would cut the post.
            assert!(unescaped_reserved(escaped).is_empty(), "{c}");
            if c != '#' {
                // (`a#b` is the hashtag element `#b`.)
                assert_eq!(unescaped_reserved(&format!("a{c}b")), [(1, c)], "{c}");
            }
        }
        for plain in [
            "",
            "abc",
            "50% off",
            "a-b.c,d;e:f!g?h'i\"j",
            "é 株式会社 👋",
            "$ & = / + ^ `",
        ] {
            assert_eq!(escape(plain), plain);
            assert!(unescaped_reserved(plain).is_empty(), "{plain}");
        }
        assert_eq!(
            Commentary::plain(
                "Cost: $5 (approx.) -> see *notes* ~ #1 @home [draft] {x|y} <ok> \\o/ snake_case"
            )
            .as_str(),
            "Cost: $5 \\(approx.\\) -\\> see \\*notes\\* \\~ \\#1 \\@home \\[draft\\] \\{x\\|y\\} \\<ok\\> \\\\o/ snake\\_case"
        );
    }

    #[test]
    fn case4_mentions_and_hashtags() {
        let org = OrganizationUrn::new("2414183").unwrap();
        assert_eq!(
            mention("Devtestco", &org).unwrap(),
            "@[Devtestco](urn:li:organization:2414183)"
        );
        let person = PersonUrn::new("-f_Ut43FoQ").unwrap();
        assert_eq!(
            mention("Ann (she/her) @work", &person).unwrap(),
            "@[Ann \\(she/her\\) \\@work](urn:li:person:-f_Ut43FoQ)"
        );
        assert_eq!(mention("", &person).unwrap_err().kind, ViolationKind::Empty);

        assert_eq!(hashtag("rust").unwrap(), "{hashtag|#|rust}");
        assert_eq!(hashtag("#rust").unwrap(), "{hashtag|#|rust}");
        assert_eq!(hashtag("＃rust").unwrap(), "{hashtag|#|rust}");
        assert_eq!(hashtag("C#").unwrap(), "{hashtag|#|C\\#}");
        assert_eq!(hashtag("##x").unwrap(), "{hashtag|#|\\#x}");
        assert_eq!(hashtag("").unwrap_err().kind, ViolationKind::Empty);
        assert_eq!(hashtag("a\tb").unwrap_err().kind, ViolationKind::Malformed);
    }

    /// The commentary examples of the little-text page are valid raw little text.
    #[test]
    fn case4_the_pages_examples_are_valid_raw_text() {
        for raw in [
            "Hello @[Acme Corp](urn:li:organization:1234)",
            "Excited to share my thoughts on the future of {hashtag|#|Technology} and how it's shaping the world we live in.",
            "@[Eddy](urn:li:person:1234)",
            "#hashtag",
            "{hashtag|＃|mytag}",
            "@(urn:li:person:1234) thanks",
            "escaped \\(brackets\\) and \\_underscores\\_",
        ] {
            assert_eq!(Commentary::raw(raw).check(), Vec::new(), "{raw}");
        }
    }

    #[test]
    fn case4_raw_text_reports_where_linkedin_would_cut() {
        let cases: [(&str, &[(usize, char)]); 11] = [
            ("Results (Q3)", &[(8, '('), (11, ')')]),
            ("a_b_c", &[(1, '_'), (3, '_')]),
            ("mail me@home", &[(7, '@')]),
            (
                "@[Acme](urn:li:share:1)",
                &[(0, '@'), (1, '['), (6, ']'), (7, '('), (22, ')')],
            ),
            (
                "@[Acme (Corp)](urn:li:organization:1)",
                &[
                    (0, '@'),
                    (1, '['),
                    (7, '('),
                    (12, ')'),
                    (13, ']'),
                    (14, '('),
                    (36, ')'),
                ],
            ),
            ("# alone", &[(0, '#')]),
            (
                "{hashtag|#|}",
                &[(0, '{'), (8, '|'), (9, '#'), (10, '|'), (11, '}')],
            ),
            (
                "{hashtag|#|a_b}",
                &[
                    (0, '{'),
                    (8, '|'),
                    (9, '#'),
                    (10, '|'),
                    (12, '_'),
                    (14, '}'),
                ],
            ),
            ("{tag}", &[(0, '{'), (4, '}')]),
            ("trailing \\", &[(9, '\\')]),
            ("\\a", &[(0, '\\')]),
        ];
        for (raw, expected) in cases {
            assert_eq!(unescaped_reserved(raw), expected, "{raw}");
            let violations = Commentary::raw(raw).check();
            assert_eq!(violations.len(), 1, "{raw}");
            assert_eq!(violations[0].kind, ViolationKind::Malformed);
            assert!(violations[0].message.contains("at character"), "{raw}");
        }
        let many = Commentary::raw("_".repeat(25)).check();
        assert!(many[0].message.contains("15 more"), "{}", many[0].message);
    }

    #[test]
    fn case4_length_is_checked_the_strict_way() {
        assert!(Commentary::plain(&"a".repeat(3_000)).check().is_empty());
        let over = Commentary::plain(&"a".repeat(3_001)).check();
        assert_eq!(
            over[0].kind,
            ViolationKind::TooLong {
                limit: 3_000,
                actual: 3_001
            }
        );
        // Escapes count: 1,500 underscores display as 1,500 characters but send 3,000 units.
        assert!(Commentary::plain(&"_".repeat(1_500)).check().is_empty());
        assert_eq!(Commentary::plain(&"_".repeat(1_501)).check().len(), 1);
        // An emoji outside the BMP counts 2.
        assert!(Commentary::plain(&"👋".repeat(1_500)).check().is_empty());
        assert_eq!(Commentary::plain(&"👋".repeat(1_501)).length(), 3_002);
    }

    #[test]
    fn case4_every_problem_is_reported_at_once() {
        let person = PersonUrn::new("1").unwrap();
        let c = Commentary::builder()
            .mention("", &person)
            .hashtag("two words")
            .hashtag("#")
            .text(&"x".repeat(3_001))
            .build();
        let kinds: Vec<ViolationKind> = c.check().into_iter().map(|v| v.kind).collect();
        assert_eq!(
            kinds,
            [
                ViolationKind::Empty,
                ViolationKind::Malformed,
                ViolationKind::Empty,
                ViolationKind::TooLong {
                    limit: 3_000,
                    actual: 3_001
                },
            ]
        );
        match c.validate().unwrap_err() {
            Error::InvalidInput {
                network,
                violations,
            } => {
                assert_eq!(network, Some(Network::LinkedIn));
                assert_eq!(violations.len(), 4);
                assert!(violations.iter().all(|v| v.field == "commentary"));
            }
            other => panic!("{other:?}"),
        }
        let raw = Commentary::raw(format!("(x){}", "y".repeat(3_000)));
        assert_eq!(raw.check().len(), 2);
    }

    #[test]
    fn case4_serializes_as_its_text() {
        let c = Commentary::plain("a_b");
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""a\\_b""#);
        assert_eq!(c.to_string(), "a\\_b");
    }

    #[derive(Debug, Clone)]
    enum Piece {
        Text(String),
        Mention(String, String),
        Hashtag(String),
    }

    fn piece() -> impl Strategy<Value = Piece> {
        let text = prop_oneof![any::<String>(), "[\\\\|{}@\\[\\]()<>#*_~a-z ＃]{0,12}",];
        prop_oneof![
            text.clone().prop_map(Piece::Text),
            (text.clone(), "[A-Za-z0-9_-]{1,12}").prop_map(|(n, id)| Piece::Mention(n, id)),
            text.prop_map(Piece::Hashtag),
        ]
    }

    proptest! {
        /// Whatever the pieces, a built commentary has no unescaped reserved character: the
        /// post cannot be cut short.
        #[test]
        fn case4_built_commentary_is_never_cut(pieces in prop::collection::vec(piece(), 0..8)) {
            let mut builder = Commentary::builder();
            for p in &pieces {
                builder = match p {
                    Piece::Text(t) => builder.text(t),
                    Piece::Mention(name, id) => builder.mention(name, &PersonUrn::new(id.clone()).unwrap()),
                    Piece::Hashtag(tag) => builder.hashtag(tag),
                };
            }
            let c = builder.build();
            prop_assert!(unescaped_reserved(c.as_str()).is_empty(), "{}", c.as_str());
        }

        /// Escaping is reversible: dropping the backslash of each escape gives the text back.
        #[test]
        fn case4_escape_is_reversible(s in any::<String>()) {
            let escaped = escape(&s);
            let mut back = String::new();
            let mut chars = escaped.chars();
            while let Some(c) = chars.next() {
                back.push(if c == '\\' { chars.next().unwrap() } else { c });
            }
            prop_assert_eq!(back, s);
        }

        #[test]
        fn case4_checking_never_panics(s in any::<String>(), t in "[\\\\|{}@\\[\\]()<>#*_~a-z:＃]{0,30}") {
            let _ = Commentary::raw(s).check();
            let _ = Commentary::raw(t).check();
        }
    }
}
