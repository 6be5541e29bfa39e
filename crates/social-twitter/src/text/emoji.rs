//! Emoji-sequence matching for configuration v3 (`emojiParsingEnabled`).
//!
//! twitter-text weighs every emoji found by twemoji-parser's regular expression as one
//! default-weight unit. That expression is generated from the Emoji 11.0 lists; this matcher
//! recognises the same shapes from the Unicode Emoji data compiled into `emoji_table`:
//!
//! - keycap: `[#*0-9] U+FE0F? U+20E3`;
//! - flag: an RGI pair of regional indicators (a lone indicator is an emoji by itself);
//! - tag sequence: an RGI subdivision flag such as England's;
//! - element: an `Extended_Pictographic` character, then U+FE0F if it is a presentation
//!   base (see below), then a skin-tone modifier if it is an `Emoji_Modifier_Base`;
//! - ZWJ sequence: elements joined by U+200D that form a fully-qualified RGI ZWJ sequence;
//!   the longest one wins, otherwise the first element stands alone.
//!
//! As in twemoji-parser (11.0 to 14.0 behave alike here), a presentation base followed by
//! U+FE0E (text presentation) is no emoji, U+FE0F after any other emoji is not part of it,
//! and ©, ®, ™ and ♟ are emoji only when followed by U+FE0F.

use std::cmp::Ordering;

use super::emoji_table::{
    EMOJI_MODIFIER_BASE, EXTENDED_PICTOGRAPHIC, EXTENDED_PICTOGRAPHIC_ASTRAL_MIN,
    EXTENDED_PICTOGRAPHIC_BMP_MAX, MAX_ZWJ_ELEMENTS, PRESENTATION_BASE, RGI_FLAGS,
    RGI_TAG_SEQUENCES, RGI_ZWJ_SEQUENCES,
};

const ZWJ: char = '\u{200D}';
const VS15: char = '\u{FE0E}';
const VS16: char = '\u{FE0F}';
const KEYCAP: char = '\u{20E3}';

/// Whether an emoji sequence may start with `c` (a cheap pre-check of [`match_at`]): a
/// keycap base, or a character in the ranges that hold pictographs and regional indicators.
#[inline]
pub(super) fn may_start(c: char) -> bool {
    let cp = u32::from(c);
    matches!(c, '#' | '*' | '0'..='9' | '\u{A9}' | '\u{AE}')
        || (0x203C..=EXTENDED_PICTOGRAPHIC_BMP_MAX).contains(&cp)
        || cp >= EXTENDED_PICTOGRAPHIC_ASTRAL_MIN.min(0x1F1E6)
}

/// Length in bytes and in UTF-16 code units of the emoji sequence at the start of `s`.
pub(super) fn match_at(s: &str) -> Option<(usize, usize)> {
    let mut chars = s.chars();
    let first = chars.next()?;
    if u32::from(first) < 0xA9 {
        if !matches!(first, '#' | '*' | '0'..='9') {
            return None;
        }
        let (mut bytes, mut units) = (1, 1);
        let mut next = chars.next();
        if next == Some(VS16) {
            bytes += VS16.len_utf8();
            units += 1;
            next = chars.next();
        }
        return (next == Some(KEYCAP)).then_some((bytes + KEYCAP.len_utf8(), units + 1));
    }
    if !is_extended_pictographic(first) && regional_indicator(first).is_none() {
        return None;
    }
    if let Some(letter) = regional_indicator(first) {
        let flag = chars
            .next()
            .and_then(regional_indicator)
            .is_some_and(|second| RGI_FLAGS.binary_search(&[letter, second]).is_ok());
        return Some(if flag { (8, 4) } else { (4, 2) });
    }
    if let Some(len) = tag_sequence(s) {
        return Some(len);
    }
    let first = element(s)?;
    if !s[first.bytes..].starts_with(ZWJ) {
        return Some((first.bytes, first.units));
    }

    // Collect the joined elements, then keep the longest prefix that is an RGI sequence,
    // with or without the last element's U+FE0F.
    // Each element adds at most three code points (base, U+FE0F, modifier) and a joiner.
    let mut key = [0_u32; 4 * MAX_ZWJ_ELEMENTS];
    let mut key_len = first.push_key(&mut key, 0);
    let mut ends = [(0, 0, 0, false); MAX_ZWJ_ELEMENTS];
    ends[0] = (first.bytes, first.units, key_len, false);
    let mut count = 1;
    let (mut bytes, mut units) = (first.bytes, first.units);
    while count < MAX_ZWJ_ELEMENTS {
        let Some(rest) = s[bytes..].strip_prefix(ZWJ) else {
            break;
        };
        let Some(next) = element(rest) else {
            break;
        };
        key[key_len] = u32::from(ZWJ);
        key_len = next.push_key(&mut key, key_len + 1);
        bytes += ZWJ.len_utf8() + next.bytes;
        units += 1 + next.units;
        let trailing_vs16 = next.presentation && next.modifier.is_none();
        ends[count] = (bytes, units, key_len, trailing_vs16);
        count += 1;
    }
    for &(bytes, units, len, trailing_vs16) in ends[1..count].iter().rev() {
        if is_rgi_zwj_sequence(&key[..len]) {
            return Some((bytes, units));
        }
        if trailing_vs16 && is_rgi_zwj_sequence(&key[..len - 1]) {
            return Some((bytes - VS16.len_utf8(), units - 1));
        }
    }
    Some((first.bytes, first.units))
}

/// One emoji element at the start of a string.
struct Element {
    bytes: usize,
    units: usize,
    base: char,
    presentation: bool,
    modifier: Option<char>,
}

impl Element {
    /// Writes the element's code points at `key[at..]`; returns the new end.
    fn push_key(&self, key: &mut [u32], mut at: usize) -> usize {
        let parts = [
            Some(self.base),
            self.presentation.then_some(VS16),
            self.modifier,
        ];
        for c in parts.into_iter().flatten() {
            key[at] = u32::from(c);
            at += 1;
        }
        at
    }
}

/// A pictograph with its presentation selector or skin-tone modifier.
fn element(s: &str) -> Option<Element> {
    let mut chars = s.chars();
    let base = chars.next()?;
    if !is_extended_pictographic(base) {
        return None;
    }
    let (mut bytes, mut units) = (base.len_utf8(), base.len_utf16());
    let mut next = chars.next();
    let mut presentation = false;
    if in_ranges(base, PRESENTATION_BASE) {
        match next {
            Some(VS15) => return None,
            Some(VS16) => {
                bytes += VS16.len_utf8();
                units += 1;
                presentation = true;
                next = chars.next();
            }
            _ if matches!(base, '\u{A9}' | '\u{AE}' | '\u{2122}' | '\u{265F}') => return None,
            _ => {}
        }
    }
    let modifier = next.filter(|&c| is_modifier(c) && in_ranges(base, EMOJI_MODIFIER_BASE));
    if let Some(modifier) = modifier {
        bytes += modifier.len_utf8();
        units += modifier.len_utf16();
    }
    Some(Element {
        bytes,
        units,
        base,
        presentation,
        modifier,
    })
}

/// An RGI tag sequence (subdivision flag) at the start of `s`.
fn tag_sequence(s: &str) -> Option<(usize, usize)> {
    let first = u32::from(s.chars().next()?);
    RGI_TAG_SEQUENCES.iter().find_map(|sequence| {
        if sequence.first() != Some(&first) {
            return None;
        }
        let mut chars = s.chars();
        let matches = sequence
            .iter()
            .all(|&cp| chars.next().is_some_and(|c| u32::from(c) == cp));
        // Every code point of a tag sequence is astral: 4 bytes, 2 code units.
        matches.then_some((4 * sequence.len(), 2 * sequence.len()))
    })
}

fn is_rgi_zwj_sequence(key: &[u32]) -> bool {
    RGI_ZWJ_SEQUENCES
        .binary_search_by(|sequence| (*sequence).cmp(key))
        .is_ok()
}

/// The letter (`b'A'`..=`b'Z'`) of a regional indicator symbol.
fn regional_indicator(c: char) -> Option<u8> {
    let offset = u32::from(c).checked_sub(0x1F1E6)?;
    (offset < 26).then(|| b'A' + offset as u8)
}

fn is_modifier(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_extended_pictographic(c: char) -> bool {
    let cp = u32::from(c);
    // Below U+203C only © and ® are pictographic (checked by `tables_are_sorted`).
    if cp < 0x203C {
        return cp == 0xA9 || cp == 0xAE;
    }
    if cp > EXTENDED_PICTOGRAPHIC_BMP_MAX && cp < EXTENDED_PICTOGRAPHIC_ASTRAL_MIN {
        return false;
    }
    in_ranges(c, EXTENDED_PICTOGRAPHIC)
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let cp = u32::from(c);
    ranges
        .binary_search_by(|&(start, end)| {
            if end < cp {
                Ordering::Less
            } else if start > cp {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code points of the emoji at the start of `s`.
    fn m(s: &str) -> Option<usize> {
        match_at(s).map(|(bytes, units)| {
            assert_eq!(units, s[..bytes].encode_utf16().count(), "{s:?}");
            s[..bytes].chars().count()
        })
    }

    #[test]
    fn tables_are_sorted() {
        // The fast path of `is_extended_pictographic`.
        assert_eq!(
            &EXTENDED_PICTOGRAPHIC[..3],
            &[(0xA9, 0xA9), (0xAE, 0xAE), (0x203C, 0x203C)]
        );
        assert!(RGI_ZWJ_SEQUENCES.windows(2).all(|w| w[0] < w[1]));
        assert!(RGI_FLAGS.windows(2).all(|w| w[0] < w[1]));
        for table in [
            EXTENDED_PICTOGRAPHIC,
            EMOJI_MODIFIER_BASE,
            PRESENTATION_BASE,
        ] {
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
        }
        assert!(
            RGI_ZWJ_SEQUENCES
                .iter()
                .all(|s| s.len() < 4 * MAX_ZWJ_ELEMENTS)
        );
    }

    #[test]
    fn may_start_is_a_superset() {
        for cp in (0..0x11_0000).step_by(7).chain(0x1F000..0x1FB00) {
            if let Some(c) = char::from_u32(cp) {
                let s = format!("{c}\u{FE0F}\u{20E3}");
                if match_at(&s).is_some() {
                    assert!(may_start(c), "{cp:X}");
                }
            }
        }
    }

    #[test]
    fn keycaps() {
        assert_eq!(m("a"), None);
        assert_eq!(m("1"), None);
        assert_eq!(m("1\u{FE0F}"), None);
        assert_eq!(m("1\u{20E3}x"), Some(2));
        assert_eq!(m("#\u{FE0F}\u{20E3}"), Some(3));
        assert_eq!(m("*\u{20E3}"), Some(2));
    }

    #[test]
    fn elements() {
        assert_eq!(m("😷😷"), Some(1));
        assert_eq!(m("😷\u{FE0F}"), Some(1));
        assert_eq!(m("👍\u{FE0F}"), Some(1));
        assert_eq!(m("⭐\u{FE0F}"), Some(2));
        assert_eq!(m("⭐\u{FE0E}"), None);
        assert_eq!(m("♾\u{FE0F}"), Some(1));
        assert_eq!(m("☺\u{FE0F}"), Some(2));
        assert_eq!(m("☺\u{FE0E}"), None);
        assert_eq!(m("☺"), Some(1));
        assert_eq!(m("©"), None);
        assert_eq!(m("©\u{FE0F}"), Some(2));
        assert_eq!(m("👍🏽x"), Some(2));
        assert_eq!(m("😷🏽"), Some(1));
        assert_eq!(m("☝\u{FE0F}🏽"), Some(3));
        assert_eq!(m("\u{FE0F}"), None);
        assert_eq!(m("🏽"), None);
    }

    #[test]
    fn flags_and_tags() {
        assert_eq!(m("🇫🇷🇯🇵"), Some(2));
        assert_eq!(m("🇫x"), Some(1));
        // Not a country: two separate indicators.
        assert_eq!(m("🇦🇦"), Some(1));
        assert_eq!(
            m("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
            Some(7)
        );
        assert_eq!(
            m("🏴\u{E0067}\u{E0062}\u{E0078}\u{E0078}\u{E007F}"),
            Some(1)
        );
    }

    #[test]
    fn zwj_sequences() {
        assert_eq!(m("👨‍👩‍👧‍👦"), Some(7));
        assert_eq!(m("🏳️‍🌈"), Some(4));
        // Only the fully-qualified form is one emoji, as in twemoji-parser.
        assert_eq!(m("🏳‍🌈"), Some(1));
        assert_eq!(m("🏃‍♂️"), Some(4));
        assert_eq!(m("🏃‍♂"), Some(1));
        assert_eq!(m("👩🏽‍🚀"), Some(4));
        assert_eq!(m("🧑‍💻"), Some(3));
        assert_eq!(m("❤️‍🔥"), Some(4));
        assert_eq!(m("👨‍❤️‍💋‍👨"), Some(8));
        // twemoji-parser knows the eye in speech bubble without U+FE0F only.
        assert_eq!(m("👁\u{200D}🗨"), Some(3));
        assert_eq!(m("👁\u{200D}🗨\u{FE0F}"), Some(3));
        assert_eq!(m("👁\u{FE0F}\u{200D}🗨\u{FE0F}"), Some(2));
        // The longest RGI prefix: the family, then a joiner that starts nothing.
        assert_eq!(m("👨‍👩‍👧‍👦‍😷"), Some(7));
        assert_eq!(m("👨‍👩‍👧"), Some(5));
        // Not RGI: the first element alone.
        assert_eq!(m("😷\u{200D}🐱"), Some(1));
        assert_eq!(m("😷\u{200D}x"), Some(1));
        assert_eq!(m("😷\u{200D}"), Some(1));
        // A long chain is cut at the longest RGI length.
        assert_eq!(m(&"😷\u{200D}".repeat(50)), Some(1));
    }
}
