//! X's weighted text length, compatible with twitter-text's `parseTweet` (configuration v3).
//!
//! X does not count characters: it sums per-character *weights* and compares the sum with a
//! limit (280 by default). [`parse`] reproduces twitter-text 3.1.0's `parseTweet`:
//!
//! 1. The text is normalised to NFC first (`A` + U+0301 counts as one `Á`).
//! 2. Every URL found by twitter-text's extractor weighs [`TextConfig::transformed_url_length`]
//!    (23), whatever its real length, because X shortens it to a `t.co` link. URLs without a
//!    protocol count too (`example.com` weighs 23), provided their TLD is one of twitter-text's
//!    known TLDs and every label of the host is at most 63 characters long (after punycode).
//! 3. Each emoji *sequence* (a ZWJ family, a skin-tone modifier sequence, a flag, a keycap, a
//!    tag sequence) weighs the default weight, 2, however many code points it has.
//! 4. Any other character weighs 1 when its UTF-16 code unit falls in one of the light ranges
//!    (U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037), else 2. So Latin, Greek,
//!    Cyrillic, Hebrew, Arabic, Devanagari… count 1, CJK and astral characters count 2.
//!
//! The text is valid when its weighted length is between 1 and the maximum and it holds none
//! of twitter-text's invalid characters (U+FFFE, U+FEFF, U+FFFF). In addition to
//! twitter-text, a text made only of whitespace is invalid too. The bidirectional formatting
//! characters (U+202A–U+202E, U+2066–U+2069…) are *not* invalid: twitter-text 3 does not list
//! them and its conformance suite (`UnicodeDirectionalMarkerCounterTest`) expects a text
//! holding them to be valid.
//!
//! ```
//! use social_twitter::text::{TextConfig, parse};
//!
//! let config = TextConfig::default(); // twitter-text v3: 280, emoji sequences weigh 2
//! let parsed = parse("Hello, world! 👋 see example.com", &config);
//! assert_eq!(parsed.weighted_length, 16 + 1 + 4 + 23);
//! assert!(parsed.valid);
//!
//! // Accounts entitled to long posts may publish up to 25,000.
//! let long = TextConfig::v3().with_max_weighted_length(TextConfig::LONG_POST_MAX_WEIGHTED_LENGTH);
//! assert!(parse(&"x".repeat(1_000), &long).valid);
//! assert!(!parse(&"x".repeat(1_000), &config).valid);
//! ```
//!
//! # Conformance and data
//!
//! All 44 weighted-length cases and the 8 legacy validity cases of twitter-text's
//! `conformance/validate.yml` pass (tests/text_conformance.rs), and every TLD of
//! `conformance/tlds.yml` is recognised (tests/tld_conformance.rs). The TLD lists are
//! twitter-text's (Apache-2.0), compiled in. Emoji are recognised like twemoji-parser (which
//! twitter-text uses) does, from Unicode Emoji 15.0 data compiled in (properties and the RGI
//! ZWJ, flag and tag sequences); see [`EMOJI_DATA_VERSION`].
//!
//! # Where this differs from twitter-text 3.1.0 (JavaScript)
//!
//! - twitter-text 3.1.0 finds emoji with twemoji-parser 11, whose list stops at Emoji 11.0.
//!   This module follows the latest twemoji-parser (14.0) instead, with Emoji 15.0 data, so
//!   the sequences added in Emoji 12.0–15.0 (`🧑‍💻`, `❤️‍🔥`, `🫶🏽`…) weigh 2, where the
//!   3.1.0 package weighs each of their parts. Sequences newer than Emoji 15.0 are weighed
//!   part by part, which can only over-count.
//! - Whitespace-only text is invalid here (twitter-text only rejects the empty string).
//! - A `valid_range` end that twitter-text would report negative (possible when NFC makes the
//!   text longer, e.g. U+FB2C) is reported as 0.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

mod emoji;
mod emoji_table;
mod punycode;
mod tld_table;
mod url;

/// Version of the Unicode emoji data compiled into the emoji-sequence matcher.
///
/// ```
/// assert_eq!(social_twitter::text::EMOJI_DATA_VERSION, "15.0");
/// ```
pub const EMOJI_DATA_VERSION: &str = emoji_table::EMOJI_VERSION;

/// A range of UTF-16 code units that share a weight, as in twitter-text's configuration files.
///
/// ```
/// use social_twitter::text::{TextConfig, WeightRange};
///
/// let latin = TextConfig::v3().ranges()[0];
/// assert_eq!(latin, WeightRange { start: 0, end: 4351, weight: 100 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeightRange {
    /// First code unit of the range (inclusive).
    pub start: u32,
    /// Last code unit of the range (inclusive).
    pub end: u32,
    /// Weight of each code unit in the range, in `1 / scale` units.
    pub weight: u32,
}

const LIGHT_RANGES: &[WeightRange] = &[
    WeightRange {
        start: 0,
        end: 4351,
        weight: 100,
    },
    WeightRange {
        start: 8192,
        end: 8205,
        weight: 100,
    },
    WeightRange {
        start: 8208,
        end: 8223,
        weight: 100,
    },
    WeightRange {
        start: 8242,
        end: 8247,
        weight: 100,
    },
];

/// Weighted-length rules: one of twitter-text's configurations, optionally adjusted.
///
/// [`TextConfig::default()`] is twitter-text's default, configuration v3, which X uses:
/// maximum weighted length 280, scale 100, default weight 200, weight 100 for the ranges
/// U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037, URLs weigh 23 and emoji
/// parsing is on. The `with_*` methods change one setting and return the new configuration.
///
/// ```
/// use social_twitter::text::TextConfig;
///
/// let config = TextConfig::default();
/// assert_eq!(config, TextConfig::v3());
/// assert_eq!(config.max_weighted_length(), 280);
/// assert_eq!(config.transformed_url_length(), 23);
///
/// let long = config.with_max_weighted_length(25_000);
/// assert_eq!(long.max_weighted_length(), 25_000);
/// assert_eq!(long.scale(), 100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextConfig {
    max_weighted_length: u32,
    scale: u32,
    default_weight: u32,
    ranges: &'static [WeightRange],
    transformed_url_length: u32,
    emoji_parsing: bool,
}

impl TextConfig {
    /// The standard maximum weighted length of a post, 280.
    pub const MAX_WEIGHTED_LENGTH: u32 = 280;

    /// The maximum weighted length for accounts entitled to long posts, 25,000
    /// (X changelog, 2024-08-20). Use it with [`TextConfig::with_max_weighted_length`].
    pub const LONG_POST_MAX_WEIGHTED_LENGTH: u32 = 25_000;

    /// twitter-text configuration v3 (the default): v2 plus emoji sequences weighing 2.
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// assert_eq!(parse("👨‍👩‍👧‍👦", &TextConfig::v3()).weighted_length, 2);
    /// ```
    #[must_use]
    pub const fn v3() -> Self {
        Self {
            max_weighted_length: Self::MAX_WEIGHTED_LENGTH,
            scale: 100,
            default_weight: 200,
            ranges: LIGHT_RANGES,
            transformed_url_length: 23,
            emoji_parsing: true,
        }
    }

    /// twitter-text configuration v2: like v3, but every code point of an emoji sequence is
    /// weighed on its own.
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// // 4 astral code points (2 each) and 3 zero-width joiners (1 each).
    /// assert_eq!(parse("👨‍👩‍👧‍👦", &TextConfig::v2()).weighted_length, 11);
    /// ```
    #[must_use]
    pub const fn v2() -> Self {
        Self::v3().with_emoji_parsing(false)
    }

    /// twitter-text configuration v1, the legacy 140-character rules: every code point
    /// weighs 1, URLs still weigh 23.
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// let parsed = parse(&"の".repeat(140), &TextConfig::v1());
    /// assert_eq!(parsed.weighted_length, 140);
    /// assert!(parsed.valid);
    /// ```
    #[must_use]
    pub const fn v1() -> Self {
        Self {
            max_weighted_length: 140,
            scale: 1,
            default_weight: 1,
            ranges: &[],
            transformed_url_length: 23,
            emoji_parsing: false,
        }
    }

    /// Returns this configuration with another maximum weighted length, for example
    /// [`TextConfig::LONG_POST_MAX_WEIGHTED_LENGTH`]. A maximum of 0 makes every text invalid.
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// let config = TextConfig::v3().with_max_weighted_length(10);
    /// assert!(parse("0123456789", &config).valid);
    /// assert!(!parse("0123456789a", &config).valid);
    /// ```
    #[must_use]
    pub const fn with_max_weighted_length(mut self, max: u32) -> Self {
        self.max_weighted_length = max;
        self
    }

    /// Returns this configuration with another weight for each URL (X's `t.co` length).
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// let config = TextConfig::v3().with_transformed_url_length(24);
    /// assert_eq!(parse("https://example.com/a/long/path", &config).weighted_length, 24);
    /// ```
    #[must_use]
    pub const fn with_transformed_url_length(mut self, length: u32) -> Self {
        self.transformed_url_length = length;
        self
    }

    /// Returns this configuration with emoji-sequence parsing switched on or off.
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// let skin_tone = "👍🏽";
    /// assert_eq!(parse(skin_tone, &TextConfig::v3()).weighted_length, 2);
    /// assert_eq!(parse(skin_tone, &TextConfig::v3().with_emoji_parsing(false)).weighted_length, 4);
    /// ```
    #[must_use]
    pub const fn with_emoji_parsing(mut self, enabled: bool) -> Self {
        self.emoji_parsing = enabled;
        self
    }

    /// Maximum weighted length of a valid text (280 in v2 and v3, 140 in v1).
    ///
    /// ```
    /// assert_eq!(social_twitter::text::TextConfig::v1().max_weighted_length(), 140);
    /// ```
    #[must_use]
    pub const fn max_weighted_length(&self) -> u32 {
        self.max_weighted_length
    }

    /// Divisor turning summed weights into the weighted length (100 in v2 and v3).
    ///
    /// ```
    /// assert_eq!(social_twitter::text::TextConfig::v3().scale(), 100);
    /// ```
    #[must_use]
    pub const fn scale(&self) -> u32 {
        self.scale
    }

    /// Weight of a code unit outside every range, and of an emoji sequence (200 in v2 and v3).
    ///
    /// ```
    /// assert_eq!(social_twitter::text::TextConfig::v3().default_weight(), 200);
    /// ```
    #[must_use]
    pub const fn default_weight(&self) -> u32 {
        self.default_weight
    }

    /// The weighted ranges of UTF-16 code units, in the order they are looked up.
    ///
    /// ```
    /// assert_eq!(social_twitter::text::TextConfig::v3().ranges().len(), 4);
    /// ```
    #[must_use]
    pub const fn ranges(&self) -> &'static [WeightRange] {
        self.ranges
    }

    /// Weighted length of one URL (23).
    ///
    /// ```
    /// assert_eq!(social_twitter::text::TextConfig::v3().transformed_url_length(), 23);
    /// ```
    #[must_use]
    pub const fn transformed_url_length(&self) -> u32 {
        self.transformed_url_length
    }

    /// Whether emoji sequences weigh [`TextConfig::default_weight`] as a whole (v3).
    ///
    /// ```
    /// assert!(social_twitter::text::TextConfig::v3().emoji_parsing());
    /// assert!(!social_twitter::text::TextConfig::v2().emoji_parsing());
    /// ```
    #[must_use]
    pub const fn emoji_parsing(&self) -> bool {
        self.emoji_parsing
    }

    fn unit_weight(&self, unit: u32) -> u64 {
        for r in self.ranges {
            if unit <= r.end && unit >= r.start {
                return r.weight.into();
            }
        }
        self.default_weight.into()
    }
}

impl Default for TextConfig {
    /// twitter-text configuration v3.
    fn default() -> Self {
        Self::v3()
    }
}

/// An inclusive range of UTF-16 code-unit indices into the text given to [`parse`],
/// as twitter-text reports them (`displayRangeStart/End`, `validRangeStart/End`).
///
/// ```
/// use social_twitter::text::{TextConfig, TextRange, parse};
///
/// let parsed = parse("héllo 👋", &TextConfig::v3());
/// assert_eq!(parsed.display_range, TextRange { start: 0, end: 7 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextRange {
    /// Index of the first code unit.
    pub start: usize,
    /// Index of the last code unit (inclusive).
    pub end: usize,
}

impl TextRange {
    /// The byte range of `text` made of the characters whose UTF-16 code units all lie in
    /// this range; `text` must be the text that was parsed. Slicing with it gives, for
    /// [`ParsedText::valid_range`], the part of an over-long text that still fits.
    ///
    /// ```
    /// use social_twitter::text::{TextConfig, parse};
    ///
    /// let text = "🙂".repeat(150); // 300 weighted
    /// let parsed = parse(&text, &TextConfig::v3());
    /// assert!(!parsed.valid);
    /// let fits = &text[parsed.valid_range.to_byte_range(&text)];
    /// assert_eq!(fits, "🙂".repeat(140));
    /// assert!(parse(fits, &TextConfig::v3()).valid);
    /// ```
    #[must_use]
    pub fn to_byte_range(&self, text: &str) -> Range<usize> {
        let mut unit = 0;
        let mut start = None;
        let mut end = 0;
        for (byte, c) in text.char_indices() {
            let first = unit;
            unit += c.len_utf16();
            let last = unit - 1;
            if first > self.end {
                break;
            }
            if first >= self.start && last <= self.end {
                start.get_or_insert(byte);
                end = byte + c.len_utf8();
            }
        }
        match start {
            Some(start) => start..end,
            None => 0..0,
        }
    }
}

/// The result of [`parse`], twitter-text's `parseTweet` result.
///
/// ```
/// use social_twitter::text::{TextConfig, TextRange, parse};
///
/// let parsed = parse("Hi http://test.co", &TextConfig::v3());
/// assert_eq!(parsed.weighted_length, 26);
/// assert!(parsed.valid);
/// assert_eq!(parsed.permillage, 92);
/// assert_eq!(parsed.display_range, TextRange { start: 0, end: 16 });
/// assert_eq!(parsed.valid_range, TextRange { start: 0, end: 16 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ParsedText {
    /// The weighted length, to compare with [`TextConfig::max_weighted_length`].
    pub weighted_length: usize,
    /// Whether the text can be posted: `0 < weighted_length <= max`, no invalid character
    /// (U+FFFE, U+FEFF, U+FFFF) and not only whitespace.
    pub valid: bool,
    /// `weighted_length / max × 1000`, rounded down (1000 = exactly full; may exceed 1000).
    pub permillage: u32,
    /// The whole text: `0..=len-1` in UTF-16 code units (`0..=0` for an empty text).
    pub display_range: TextRange,
    /// The leading part of the text that fits (within the maximum and before any invalid
    /// character), in UTF-16 code units; twitter-text's `validRangeStart/End`.
    pub valid_range: TextRange,
}

/// Measures `text` with twitter-text's `parseTweet` rules under `config`.
///
/// ```
/// use social_twitter::text::{TextConfig, parse};
///
/// let config = TextConfig::default();
/// assert_eq!(parse("漢字", &config).weighted_length, 4);
/// assert_eq!(parse("see https://example.com/a/very/long/path", &config).weighted_length, 27);
/// assert_eq!(parse("family 👨‍👩‍👧‍👦", &config).weighted_length, 9);
///
/// let parsed = parse(&"a".repeat(281), &config);
/// assert!(!parsed.valid);
/// assert_eq!(parsed.permillage, 1003);
/// assert_eq!(parsed.valid_range.end, 279);
///
/// assert!(!parse("", &config).valid);
/// assert!(!parse("abc\u{FEFF}", &config).valid);
/// ```
#[must_use]
pub fn parse(text: &str, config: &TextConfig) -> ParsedText {
    let normalized: Cow<'_, str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => Cow::Borrowed(text),
            IsNormalized::No | IsNormalized::Maybe => Cow::Owned(text.nfc().collect()),
        }
    };
    let already_nfc = matches!(normalized, Cow::Borrowed(_));
    let normalized: &str = &normalized;
    let urls = url::extract(normalized);

    let scale = u64::from(config.scale);
    let limit = u64::from(config.max_weighted_length) * scale;
    let url_weight = u64::from(config.transformed_url_length) * scale;
    let emoji_weight = u64::from(config.default_weight);

    let mut state = Counter {
        sum: 0,
        limit,
        valid: true,
        valid_index: 0,
    };
    let mut next_url = 0;
    let mut rest = normalized;
    // UTF-16 index of the first code unit of `rest`.
    let mut index = 0;

    while let Some(c) = rest.chars().next() {
        while urls.get(next_url).is_some_and(|u| u.start < index) {
            next_url += 1;
        }
        if let Some(entity) = urls.get(next_url).filter(|u| u.start == index) {
            next_url += 1;
            state.sum += url_weight;
            let end = entity.start + entity.len;
            let mut consumed = 0;
            let mut last = c;
            for ch in rest.chars() {
                if index >= end {
                    break;
                }
                index += ch.len_utf16();
                consumed += ch.len_utf8();
                last = ch;
            }
            rest = &rest[consumed..];
            if index > end {
                // The entity ended on the high half of a surrogate pair. twitter-text then
                // weighs the low half as a code unit of its own.
                state.step(end - 1, false);
                state.sum += config.unit_weight(low_surrogate(last));
                state.step(end, false);
            } else {
                state.step(end - 1, is_invalid_char(last));
            }
            continue;
        }
        if config.emoji_parsing && emoji::may_start(c) {
            if let Some((bytes, units)) = emoji::match_at(rest) {
                state.sum += emoji_weight;
                let last = rest[..bytes].chars().next_back().unwrap_or(c);
                rest = &rest[bytes..];
                index += units;
                state.step(index - 1, is_invalid_char(last));
                continue;
            }
        }
        // A code point outside any entity; an astral one is weighed by its low surrogate,
        // like twitter-text does.
        let unit = if c.len_utf16() == 2 {
            low_surrogate(c)
        } else {
            u32::from(c)
        };
        state.sum += config.unit_weight(unit);
        rest = &rest[c.len_utf8()..];
        index += c.len_utf16();
        state.step(index - 1, is_invalid_char(c));
    }

    let normalized_len = index;
    let text_len = if already_nfc {
        normalized_len
    } else {
        text.encode_utf16().count()
    };
    let Counter {
        sum,
        valid,
        valid_index,
        ..
    } = state;
    let valid = valid && sum > 0 && sum <= limit && !is_blank(normalized);
    let weighted_length = usize::try_from(sum / scale.max(1)).unwrap_or(usize::MAX);
    let valid_end = (valid_index + text_len).saturating_sub(normalized_len);

    ParsedText {
        weighted_length,
        valid,
        permillage: permillage(sum, scale, config.max_weighted_length),
        display_range: TextRange {
            start: 0,
            end: text_len.saturating_sub(1),
        },
        valid_range: TextRange {
            start: 0,
            end: valid_end,
        },
    }
}

/// The running state of `parseTweet`'s loop.
struct Counter {
    sum: u64,
    limit: u64,
    valid: bool,
    valid_index: usize,
}

impl Counter {
    /// Records that the code unit at `index` ends the current step.
    fn step(&mut self, index: usize, invalid: bool) {
        if self.valid {
            self.valid = !invalid;
        }
        if self.valid && self.sum <= self.limit {
            self.valid_index = index;
        }
    }
}

/// twitter-text's permillage: `floor(weightedLength / max * 1000)` in double precision.
fn permillage(sum: u64, scale: u64, max: u32) -> u32 {
    if max == 0 {
        return if sum == 0 { 0 } else { u32::MAX };
    }
    // JavaScript number arithmetic, in the same order; the final cast saturates.
    ((sum as f64 / scale.max(1) as f64) / f64::from(max) * 1000.0).floor() as u32
}

fn low_surrogate(c: char) -> u32 {
    0xDC00 + ((u32::from(c) - 0x1_0000) & 0x3FF)
}

/// The URLs of `text` as twitter-text finds them (with or without a protocol), in order:
/// the links X wraps in `t.co`.
pub(crate) fn urls(text: &str) -> Vec<&str> {
    let entities = url::extract(text);
    let mut found = Vec::with_capacity(entities.len());
    let (mut unit, mut entity) = (0, entities.iter().peekable());
    let mut start = None;
    for (byte, c) in text.char_indices() {
        let Some(e) = entity.peek() else { break };
        if unit == e.start {
            start = Some(byte);
        }
        unit += c.len_utf16();
        if unit == e.start + e.len {
            if let Some(s) = start.take() {
                found.push(&text[s..byte + c.len_utf8()]);
            }
            entity.next();
        }
    }
    found
}

/// twitter-text's invalid characters (`invalidCharsGroup`).
fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// twitter-text's whitespace (`spacesGroup`).
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{D}'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{180E}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

fn is_blank(text: &str) -> bool {
    text.chars().all(is_space)
}

/// Every rule `text` breaks as a post under `config`, as `social_core` violations (empty when
/// the text can be posted): empty, over the weighted maximum, or containing characters X
/// refuses.
///
/// ```
/// use social_twitter::text::{TextConfig, violations};
///
/// assert!(violations("Bonjour !", &TextConfig::default()).is_empty());
/// let too_long = violations(&"a".repeat(281), &TextConfig::default());
/// assert_eq!(too_long[0].field, "text");
/// ```
pub fn violations(text: &str, config: &TextConfig) -> Vec<social_core::Violation> {
    use social_core::{Violation, ViolationKind};

    #[cfg(test)]
    CHECKS.with(|n| n.set(n.get() + 1));
    let parsed = parse(text, config);
    let mut v = Vec::new();
    if parsed.valid {
        return v;
    }
    let max = config.max_weighted_length() as u64;
    let length = parsed.weighted_length as u64;
    if text.trim().is_empty() {
        v.push(Violation::new(
            "text",
            ViolationKind::Empty,
            "the post has no text",
        ));
    }
    if length > max {
        v.push(Violation::new(
            "text",
            ViolationKind::TooLong { limit: max, actual: length },
            format!(
                "the post weighs {length} characters as X counts them (URLs 23, most CJK and emoji 2); the maximum is {max}"
            ),
        ));
    }
    if v.is_empty() {
        v.push(Violation::new(
            "text",
            ViolationKind::Malformed,
            "the post contains characters X refuses (U+FFFE, U+FEFF, U+FFFF or direction overrides)",
        ));
    }
    v
}

#[cfg(test)]
thread_local! {
    /// How many texts [`violations`] checked on this thread: the adapter's tests count how often
    /// a draft is validated.
    pub(crate) static CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v3(text: &str) -> ParsedText {
        parse(text, &TextConfig::v3())
    }

    #[test]
    fn urls_are_listed_as_written() {
        assert_eq!(
            super::urls("Café 🙂 https://example.com/a?b=1, and example.org."),
            ["https://example.com/a?b=1", "example.org"]
        );
        assert!(super::urls("no link here").is_empty());
    }

    #[test]
    fn empty_text_is_invalid() {
        let parsed = v3("");
        assert_eq!(parsed.weighted_length, 0);
        assert!(!parsed.valid);
        assert_eq!(parsed.permillage, 0);
        assert_eq!(parsed.display_range, TextRange { start: 0, end: 0 });
        assert_eq!(parsed.valid_range, TextRange { start: 0, end: 0 });
    }

    #[test]
    fn whitespace_only_text_is_invalid() {
        for text in [
            " ",
            "   ",
            "\n",
            "\t \r\n",
            "\u{3000}",
            "\u{A0}\u{2003}",
            "\u{2000}",
        ] {
            let parsed = v3(text);
            assert!(!parsed.valid, "{text:?}: {parsed:?}");
            assert!(parsed.weighted_length > 0, "{text:?}");
        }
        assert!(v3(" a ").valid);
        // U+200B is not whitespace for twitter-text.
        assert!(v3("\u{200B}").valid);
    }

    #[test]
    fn invalid_characters() {
        for c in ['\u{FFFE}', '\u{FEFF}', '\u{FFFF}'] {
            let text = format!("abc{c}def");
            let parsed = v3(&text);
            assert!(!parsed.valid, "{c:?}");
            assert_eq!(parsed.weighted_length, 8, "{c:?}");
            assert_eq!(parsed.valid_range.end, 2, "{c:?}");
        }
        let parsed = v3("abc\u{FEFF}");
        assert_eq!(parsed.weighted_length, 5);
        assert!(!parsed.valid);
    }

    #[test]
    fn directional_formatting_characters_are_valid() {
        for c in '\u{202A}'..='\u{202E}' {
            let parsed = v3(&format!("abc{c}"));
            assert!(parsed.valid, "{c:?}");
            assert_eq!(parsed.weighted_length, 5, "{c:?}");
        }
        // U+200E and U+200F are outside the light ranges.
        assert_eq!(v3("\u{200E}\u{200F}").weighted_length, 4);
    }

    #[test]
    fn the_280_boundary() {
        let parsed = v3(&"a".repeat(280));
        assert_eq!(parsed.weighted_length, 280);
        assert!(parsed.valid);
        assert_eq!(parsed.permillage, 1000);
        assert_eq!(parsed.valid_range.end, 279);

        let parsed = v3(&"a".repeat(281));
        assert_eq!(parsed.weighted_length, 281);
        assert!(!parsed.valid);
        assert_eq!(parsed.permillage, 1003);
        assert_eq!(parsed.valid_range.end, 279);
        assert_eq!(parsed.display_range.end, 280);

        assert!(v3(&"漢".repeat(140)).valid);
        let parsed = v3(&"漢".repeat(141));
        assert_eq!(parsed.weighted_length, 282);
        assert!(!parsed.valid);
        assert_eq!(parsed.valid_range.end, 139);

        // 278 + one double-weight character = 280: still valid.
        assert!(v3(&format!("{}漢", "a".repeat(278))).valid);
        assert!(!v3(&format!("{}漢", "a".repeat(279))).valid);
        // 257 + a URL (23) = 280.
        assert!(v3(&format!("{} https://example.com", "a".repeat(256))).valid);
        assert!(!v3(&format!("{} https://example.com", "a".repeat(257))).valid);
    }

    #[test]
    fn custom_maximum() {
        let long =
            TextConfig::v3().with_max_weighted_length(TextConfig::LONG_POST_MAX_WEIGHTED_LENGTH);
        let parsed = parse(&"a".repeat(25_000), &long);
        assert!(parsed.valid);
        assert_eq!(parsed.permillage, 1000);
        let parsed = parse(&"a".repeat(25_001), &long);
        assert!(!parsed.valid);
        assert_eq!(parsed.valid_range.end, 24_999);
        assert_eq!(parsed.permillage, 1000);
        assert_eq!(parse("abc", &long).permillage, 0);

        let tiny = TextConfig::v3().with_max_weighted_length(3);
        assert!(parse("abc", &tiny).valid);
        assert!(!parse("abcd", &tiny).valid);
        assert!(!parse("漢漢", &tiny).valid);

        let zero = TextConfig::v3().with_max_weighted_length(0);
        let parsed = parse("a", &zero);
        assert!(!parsed.valid);
        assert_eq!(parsed.permillage, u32::MAX);
        assert_eq!(parse("", &zero).permillage, 0);
    }

    #[test]
    fn weights_by_range() {
        assert_eq!(v3("abc").weighted_length, 3);
        assert_eq!(v3("Привет").weighted_length, 6);
        assert_eq!(v3("\u{10FF}\u{1100}").weighted_length, 3);
        assert_eq!(v3("\u{2000}\u{200D}\u{200E}").weighted_length, 4);
        assert_eq!(v3("\u{2010}\u{201F}\u{2020}").weighted_length, 4);
        assert_eq!(v3("\u{2032}\u{2037}\u{2038}").weighted_length, 4);
        assert_eq!(v3("한국어").weighted_length, 6);
        assert_eq!(v3("𝔸").weighted_length, 2);
        assert_eq!(parse("漢字𝔸", &TextConfig::v1()).weighted_length, 3);
    }

    #[test]
    fn normalization_and_ranges_use_the_original_text() {
        // A + combining acute, then B: NFC gives two characters, the range counts three units.
        let parsed = v3("A\u{301}B");
        assert_eq!(parsed.weighted_length, 2);
        assert_eq!(parsed.display_range.end, 2);
        assert_eq!(parsed.valid_range.end, 2);
        // U+FB2C expands to three code points under NFC.
        let parsed = v3("\u{FB2C}");
        assert_eq!(parsed.weighted_length, 3);
        assert_eq!(parsed.valid_range.end, 0);
        assert_eq!(v3("cafe\u{301}").weighted_length, 4);
    }

    #[test]
    fn emoji_sequences() {
        assert_eq!(v3("Hello, world! 👋").weighted_length, 16);
        assert_eq!(v3("👍🏽").weighted_length, 2);
        assert_eq!(v3("🇫🇷🇯🇵").weighted_length, 4);
        assert_eq!(v3("1️⃣#⃣").weighted_length, 4);
        assert_eq!(v3("🏴󠁧󠁢󠁳󠁣󠁴󠁿").weighted_length, 2);
        assert_eq!(v3("🧑‍💻❤️‍🔥🫶🏽").weighted_length, 6);
        // Not a recommended sequence: each part counts (2 + 1 + 2).
        assert_eq!(v3("😷\u{200D}🐱").weighted_length, 5);
        // Text presentation selector: not an emoji, each code point counts.
        assert_eq!(v3("❤\u{FE0E}").weighted_length, 4);
        // © and ® are emoji only with U+FE0F, as in twitter-text.
        assert_eq!(v3("©®").weighted_length, 2);
        assert_eq!(v3("©\u{FE0F}").weighted_length, 2);
        // A trailing joiner is not part of the sequence.
        assert_eq!(v3("😷\u{200D}").weighted_length, 3);
        assert_eq!(parse("🧑‍💻", &TextConfig::v2()).weighted_length, 5);
    }

    #[test]
    fn urls() {
        assert_eq!(v3("see example.com").weighted_length, 27);
        assert_eq!(v3("example.com").weighted_length, 23);
        assert_eq!(v3("go to twitter.com now").weighted_length, 33);
        assert_eq!(v3("https://example.com/very/long/path").weighted_length, 23);
        assert_eq!(v3("example.notatld").weighted_length, 15);
        assert_eq!(v3("a.b").weighted_length, 3);
        assert_eq!(v3("version 1.2.3").weighted_length, 13);
        // t.co links keep only their slug.
        assert_eq!(v3("http://t.co/abc/def").weighted_length, 27);
        // A URL containing an astral character in the middle of a host label.
        assert_eq!(v3("http://😷.com").weighted_length, 23);
    }

    /// Outputs of twitter-text 3.1.0 (JavaScript) for inputs that exercise its quirks.
    #[test]
    fn twitter_text_reference_points() {
        let cases: &[(&str, usize, usize)] = &[
            // The URL's skip ends inside a surrogate pair: the low half counts on its own.
            ("a.com.😷.香港/x", 32, 12),
            // The host starts at the low surrogate of the emoji before it.
            ("😷example.com", 25, 12),
            ("—@😷.co.jp x", 30, 11),
            ("😷.co.jp", 26, 7),
            ("x 😷.co.jp/a", 28, 11),
            // The name is placed at the first occurrence of its text in the host.
            (
                "字twitterx.y.z．t.cowww.あいうえお.한국bt.cox.y.z–t.co/abc123~ſ:8080.香港.jp",
                74,
                64,
            ),
            ("a.com☃.b.com/x", 49, 13),
            // A t.co slug over 40 characters drops the URL; 40 is fine.
            (
                concat!(
                    "http://t.co/",
                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x"
                ),
                55,
                54,
            ),
            (
                concat!("http://t.co/", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                23,
                51,
            ),
            // Without protocol, a port or a query without path is not part of the URL.
            ("see example.com:8080", 32, 19),
            ("see example.com?q=1", 31, 18),
            ("xn--p1ai.com", 23, 11),
            ("xn--☃.com", 10, 8),
            ("http://xn--☃.com", 17, 15),
        ];
        for &(text, weighted_length, valid_end) in cases {
            let parsed = v3(text);
            assert_eq!(
                (parsed.weighted_length, parsed.valid, parsed.valid_range.end),
                (weighted_length, true, valid_end),
                "{text}"
            );
        }
    }

    #[test]
    fn byte_ranges() {
        let text = "añ👋b";
        let parsed = v3(text);
        assert_eq!(parsed.display_range.to_byte_range(text), 0..text.len());
        assert_eq!(TextRange { start: 0, end: 2 }.to_byte_range(text), 0..3);
        assert_eq!(TextRange { start: 0, end: 3 }.to_byte_range(text), 0..7);
        assert_eq!(TextRange { start: 1, end: 1 }.to_byte_range(text), 1..3);
        assert_eq!(TextRange { start: 0, end: 0 }.to_byte_range(""), 0..0);
    }
}
