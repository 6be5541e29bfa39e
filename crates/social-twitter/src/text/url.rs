//! URL extraction as twitter-text 3.1.0 `extractUrlsWithIndices` does it, with URLs
//! without a protocol, as `parseTweet` calls it.
//!
//! twitter-text scans with one backtracking regular expression (`extractUrl`):
//!
//! ```text
//! (validUrlPrecedingChars)            one allowed character before the URL, or ^
//! (https?://)?                        protocol
//! (validSubdomain* validDomainName    host labels ending in '.'
//!   (gTLD | ccTLD | xn--punycode))    a known TLD, not followed by [0-9a-zA-Z@+-]
//! (:[0-9]+)?                          port
//! (/validUrlPath*)?                   path, balanced parentheses allowed, ends well
//! (\?validUrlQueryChars*validUrlQueryEndingChars)?
//! ```
//!
//! and then filters each match (label lengths, total length, `t.co` slugs, hosts without
//! protocol reduced to their ASCII part). This module reproduces the result of the
//! expression — the first match in backtracking order at the leftmost position — with
//! hand-written matchers, memoised so that a text is scanned in linear time. Everything
//! after the host is optional, so the first host that matches decides the match, and each
//! optional part takes its own first (greedy) match.

use std::sync::OnceLock;

use super::{is_space, punycode, tld_table};

/// A URL entity: `start` and `len` in UTF-16 code units of the normalised text, as
/// twitter-text's `indices[0]` and `url.length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct UrlEntity {
    pub(super) start: usize,
    pub(super) len: usize,
}

const MAX_URL_LENGTH: usize = 4096;
const MAX_TCO_SLUG_LENGTH: usize = 40;
/// `https://`, which twitter-text assumes for a URL without protocol.
const DEFAULT_PROTOCOL_LENGTH: usize = 8;

const UNKNOWN: u32 = u32::MAX;
const NO_MATCH: u32 = u32::MAX - 1;

/// The URL entities of `text`, in order.
pub(super) fn extract(text: &str) -> Vec<UrlEntity> {
    if !text.contains('.') || text.len() >= NO_MATCH as usize {
        return Vec::new();
    }
    Extractor::new(text).run()
}

/// One match of `extractUrl`.
struct Candidate {
    /// The character matched by `validUrlPrecedingChars` (`None` for `^`).
    before: Option<char>,
    start: usize,
    end: usize,
    protocol_len: usize,
    host_start: usize,
    host_end: usize,
    has_path: bool,
    /// The URL starts with the low half of the astral character at `start`.
    starts_at_low_surrogate: bool,
}

struct Extractor {
    chars: Vec<char>,
    /// UTF-16 offset of each character, plus the total length; empty when every character
    /// is in the BMP (offsets are then character indices).
    utf16: Vec<usize>,
    /// End of the run of host characters, `-` and `_` starting at each index.
    subdomain_run_end: Vec<u32>,
    /// End of the run of host characters and `-` starting at each index; empty when the
    /// text has no `_` (it is then `subdomain_run_end`).
    name_run_end: Vec<u32>,
    /// Memo of `host_end` per index.
    host_memo: Vec<u32>,
    /// Memo of `ascii_host_at` per index, reset for each host.
    ascii_memo: Vec<u32>,
    /// Scratch stack of the memoised chains.
    pending: Vec<usize>,
}

impl Extractor {
    fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut astral = false;
        for c in text.chars() {
            astral |= c.len_utf16() == 2;
            chars.push(c);
        }
        let n = chars.len();
        let mut utf16 = Vec::new();
        if astral {
            utf16.reserve(n + 1);
            let mut offset = 0;
            for &c in &chars {
                utf16.push(offset);
                offset += c.len_utf16();
            }
            utf16.push(offset);
        }
        // Without `_` both runs are the same, and only the first is kept.
        let (subdomain_run_end, name_run_end) = run_ends(&chars, text.contains('_'));
        Self {
            chars,
            utf16,
            subdomain_run_end,
            name_run_end,
            host_memo: vec![UNKNOWN; n],
            ascii_memo: Vec::new(),
            pending: Vec::new(),
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// UTF-16 offset of the character at `i` (`i` may be the length).
    fn utf16(&self, i: usize) -> usize {
        if self.utf16.is_empty() {
            i
        } else {
            self.utf16[i]
        }
    }

    fn run(&mut self) -> Vec<UrlEntity> {
        let mut urls = Vec::new();
        let mut position = 0;
        while position < self.chars.len() {
            match self.match_at(position) {
                Some(candidate) => {
                    position = candidate.end;
                    self.accept(&candidate, &mut urls);
                }
                None => position += 1,
            }
        }
        urls
    }

    /// `extractUrl` tried at `p`: a preceding character then the URL, or the URL at `^`.
    fn match_at(&mut self, p: usize) -> Option<Candidate> {
        let c = self.chars[p];
        if c.len_utf16() == 2 {
            // twitter-text's expression runs over UTF-16 code units: at the high surrogate
            // (an allowed preceding character) it first tries a URL that starts with the
            // low surrogate, which is a host character. Such a URL has no protocol, and its
            // host is the one starting at `c` in code points.
            if let Some(host_end) = self.host_end(p) {
                let mut candidate = self.url_after_host(p, 0, host_end);
                candidate.starts_at_low_surrogate = true;
                candidate.before = Some(c);
                return Some(candidate);
            }
        }
        if is_preceding_char(c) {
            if let Some(mut candidate) = self.url_at(p + 1) {
                candidate.before = Some(c);
                return Some(candidate);
            }
        }
        if p == 0 {
            return self.url_at(0);
        }
        None
    }

    fn url_at(&mut self, start: usize) -> Option<Candidate> {
        let protocol_len = if self.starts_with_ignore_case(start, "https://") {
            8
        } else if self.starts_with_ignore_case(start, "http://") {
            7
        } else {
            0
        };
        let host_start = start + protocol_len;
        // Cheap rejection: a host's first label ends with a dot.
        let first_label_end = *self.subdomain_run_end.get(host_start)? as usize;
        if self.at(first_label_end) != Some('.') {
            return None;
        }
        let host_end = self.host_end(host_start)?;
        Some(self.url_after_host(start, protocol_len, host_end))
    }

    /// Port, path and query after a host that ends at `host_end`.
    fn url_after_host(&self, start: usize, protocol_len: usize, host_end: usize) -> Candidate {
        let mut end = host_end;
        if self.at(end) == Some(':') && self.at(end + 1).is_some_and(|c| c.is_ascii_digit()) {
            end = self.run_end(end + 1, self.chars.len(), |c| c.is_ascii_digit());
        }
        let has_path = self.at(end) == Some('/');
        if has_path {
            end = self.path_end(end + 1);
        }
        if self.at(end) == Some('?') {
            if let Some(query_end) = self.query_end(end + 1, self.chars.len()) {
                end = query_end;
            }
        }
        Candidate {
            before: None,
            start,
            end,
            protocol_len,
            host_start: start + protocol_len,
            host_end,
            has_path,
            starts_at_low_surrogate: false,
        }
    }

    /// The post-processing of one match in `extractUrlsWithIndices`.
    fn accept(&mut self, m: &Candidate, urls: &mut Vec<UrlEntity>) {
        let url_len =
            self.utf16(m.end) - self.utf16(m.start) - usize::from(m.starts_at_low_surrogate);
        if !self.is_valid_url(m, url_len) {
            return;
        }
        if m.protocol_len == 0 {
            if matches!(m.before, Some('-' | '_' | '.' | '/')) {
                return;
            }
            // Keep only the ASCII (and Latin) host names inside the host.
            let first = urls.len();
            self.reset_ascii_memo(m.host_start, m.host_end);
            let mut p = m.host_start;
            // twitter-text places each name with `domain.indexOf(name, previousEnd)`: the
            // first occurrence of the same text, which may precede the match itself.
            let mut previous_end = m.host_start;
            while p < m.host_end {
                if let Some(end) = self.ascii_host_at(p, m.host_start, m.host_end) {
                    let start = self.first_occurrence(p, end, previous_end);
                    previous_end = start + (end - p);
                    urls.push(UrlEntity {
                        start: self.utf16(start),
                        len: self.utf16(end) - self.utf16(p),
                    });
                    p = end;
                } else if is_ascii_label_char(self.chars[p]) {
                    // Every start inside the same label fails the same way.
                    p = self.run_end(p, m.host_end, is_ascii_label_char);
                } else {
                    p += 1;
                }
            }
            if m.has_path && urls.len() > first {
                // `url.replace(domain, asciiDomain)`: the path and query follow the name.
                let host_len = self.utf16(m.host_end)
                    - self.utf16(m.host_start)
                    - usize::from(m.starts_at_low_surrogate);
                if let Some(last) = urls.last_mut() {
                    last.len += url_len - host_len;
                }
            }
        } else {
            let mut end = m.end;
            if let Some(tco) = self.tco_end(m) {
                match tco {
                    Some(tco_end) => end = tco_end,
                    None => return,
                }
            }
            urls.push(UrlEntity {
                start: self.utf16(m.start),
                len: self.utf16(end) - self.utf16(m.start),
            });
        }
    }

    /// Index of the first occurrence, at or after `from`, of the characters `[start, end)`
    /// (which occur at `start` at the latest).
    fn first_occurrence(&self, start: usize, end: usize, from: usize) -> usize {
        let needle = &self.chars[start..end];
        (from.min(start)..start)
            .find(|&i| self.chars[i..].starts_with(needle))
            .unwrap_or(start)
    }

    /// `isValidUrl`: `idna.toAscii(domain)` succeeds and the URL is at most 4096 long.
    fn is_valid_url(&mut self, m: &Candidate, url_len: usize) -> bool {
        let host = &self.chars[m.host_start..m.host_end];
        if host.starts_with(&['x', 'n', '-', '-']) {
            // A punycode host must contain an ASCII host name.
            self.reset_ascii_memo(m.host_start, m.host_end);
            let found = (m.host_start..m.host_end)
                .any(|p| self.ascii_host_at(p, m.host_start, m.host_end).is_some());
            if !found {
                return false;
            }
        }
        let host = &self.chars[m.host_start..m.host_end];
        for (i, label) in host.split(|&c| c == '.').enumerate() {
            // punycode.js decodes a lone low surrogate as that code unit.
            let first = match label.first() {
                Some(&c) if i == 0 && m.starts_at_low_surrogate => Some(low_surrogate(c)),
                _ => None,
            };
            if !punycode::label_ok(label, first) {
                return false;
            }
        }
        let protocol_len = if m.protocol_len == 0 {
            DEFAULT_PROTOCOL_LENGTH
        } else {
            m.protocol_len
        };
        protocol_len + url_len <= MAX_URL_LENGTH
    }

    /// `validTcoUrl` on a URL with protocol: `None` if it is no `t.co` link, `Some(None)`
    /// if its slug is too long (the URL is dropped), else `Some(Some(end))`.
    fn tco_end(&self, m: &Candidate) -> Option<Option<usize>> {
        let host = m.start + m.protocol_len;
        if !self.starts_with_ignore_case(host, "t.co/") || host + 5 > m.end {
            return None;
        }
        let slug_start = host + 5;
        let slug_end = self.run_end(slug_start, m.end, |c| c.is_ascii_alphanumeric());
        if slug_end == slug_start {
            return None;
        }
        if slug_end - slug_start > MAX_TCO_SLUG_LENGTH {
            return Some(None);
        }
        let mut end = slug_end;
        if end < m.end && self.chars[end] == '?' {
            if let Some(query_end) = self.query_end(end + 1, m.end) {
                end = query_end;
            }
        }
        Some(Some(end))
    }

    // ---------------------------------------------------------------- host

    /// End of `validDomain` at `start`: subdomains, then a domain name, then a TLD. The
    /// greedy `validSubdomain*` backtracks, so the deepest label that works wins.
    fn host_end(&mut self, start: usize) -> Option<usize> {
        let mut pending = std::mem::take(&mut self.pending);
        let mut q = start;
        let mut result = loop {
            match self.host_memo.get(q) {
                None => break None,
                Some(&UNKNOWN) => {}
                Some(&NO_MATCH) => break None,
                Some(&end) => break Some(end as usize),
            }
            pending.push(q);
            match self.subdomain_end(q) {
                Some(next) => q = next,
                None => break None,
            }
        };
        while let Some(q) = pending.pop() {
            if result.is_none() {
                result = self.name_and_tld_end(q);
            }
            self.host_memo[q] = result.map_or(NO_MATCH, |end| end as u32);
        }
        self.pending = pending;
        result
    }

    /// `validSubdomain` at `q`: host characters, `-` and `_`, starting and ending with a
    /// host character, then a dot. Returns the index after the dot.
    fn subdomain_end(&self, q: usize) -> Option<usize> {
        self.label_end(q, self.subdomain_run_end.get(q).copied()?)
    }

    fn label_end(&self, q: usize, run_end: u32) -> Option<usize> {
        let end = run_end as usize;
        let ok = is_host_char(self.chars[q])
            && end > q
            && self.at(end) == Some('.')
            && is_host_char(self.chars[end - 1]);
        ok.then_some(end + 1)
    }

    /// `validDomainName` then a TLD at `q`.
    fn name_and_tld_end(&self, q: usize) -> Option<usize> {
        let runs = if self.name_run_end.is_empty() {
            &self.subdomain_run_end
        } else {
            &self.name_run_end
        };
        let tld = self.label_end(q, runs.get(q).copied()?)?;
        self.tld_end(tld, self.chars.len())
    }

    /// `validGTLD | validCCTLD | validPunycode` at `t`, with `$` at `bound`.
    fn tld_end(&self, t: usize, bound: usize) -> Option<usize> {
        let window = &self.chars[t.min(bound)..bound];
        if let Some(len) = tld_index().match_len(window) {
            return Some(t + len);
        }
        let prefix = window.get(..4)?;
        let is_punycode = prefix[..2]
            .iter()
            .map(char::to_ascii_lowercase)
            .eq(['x', 'n'])
            && prefix[2..] == ['-', '-'];
        let end = self.run_end(t + 4, bound, |c| c.is_ascii_alphanumeric() || c == '-');
        (is_punycode && end > t + 4).then_some(end)
    }

    /// `validAsciiDomain` tried at `p` inside the host `[host_start, bound)`: one or more
    /// ASCII/Latin labels ending in `.`, then a TLD, the deepest that works.
    fn ascii_host_at(&mut self, p: usize, host_start: usize, bound: usize) -> Option<usize> {
        let first = self.ascii_label_end(p, bound)?;
        let mut pending = std::mem::take(&mut self.pending);
        let mut q = first;
        let mut result = loop {
            match self.ascii_memo[q - host_start] {
                UNKNOWN => {}
                NO_MATCH => break None,
                end => break Some(end as usize),
            }
            pending.push(q);
            match self.ascii_label_end(q, bound) {
                Some(next) => q = next,
                None => break None,
            }
        };
        while let Some(q) = pending.pop() {
            if result.is_none() {
                result = self.tld_end(q, bound);
            }
            self.ascii_memo[q - host_start] = result.map_or(NO_MATCH, |end| end as u32);
        }
        self.pending = pending;
        result
    }

    fn ascii_label_end(&self, q: usize, bound: usize) -> Option<usize> {
        let end = self.run_end(q, bound, is_ascii_label_char);
        (end > q && end < bound && self.chars[end] == '.').then_some(end + 1)
    }

    fn reset_ascii_memo(&mut self, host_start: usize, host_end: usize) {
        self.ascii_memo.clear();
        self.ascii_memo.resize(host_end - host_start + 1, UNKNOWN);
    }

    // ---------------------------------------------------------------- path and query

    /// End of `validUrlPath*` after the `/` of a path.
    fn path_end(&self, mut s: usize) -> usize {
        while let Some(end) = self.path_segment_end(s) {
            s = end;
        }
        s
    }

    /// First match of one `validUrlPath` at `s`:
    /// `G* (B G*)* E` where G is a path character, B balanced parentheses and E a path
    /// ending character or B. (Its other alternative, `@ G+ /`, can only match where this
    /// one already does.)
    fn path_segment_end(&self, s: usize) -> Option<usize> {
        let n = self.chars.len();
        let run_end = self.run_end(s, n, is_path_char);
        // The longest `G*` first: it can only be followed by parentheses.
        let mut p = run_end;
        let mut last_group = None;
        while let Some(group_end) = self.balanced_parens_end(p) {
            let after = self.run_end(group_end, n, is_path_char);
            last_group = Some((group_end, after));
            p = after;
        }
        if let Some((group_end, after)) = last_group {
            return Some(self.last_ending_char(group_end, after).unwrap_or(group_end));
        }
        // Otherwise a shorter `G*` whose next character ends the path.
        self.last_ending_char(s, run_end)
    }

    /// Index after the last path ending character in `[from, to)`.
    fn last_ending_char(&self, from: usize, to: usize) -> Option<usize> {
        (from..to)
            .rev()
            .find(|&i| is_path_ending_char(self.chars[i]))
            .map(|i| i + 1)
    }

    /// `validUrlBalancedParens` at `p`: `( G+ )` or `( G* ( G+ ) G* )`.
    fn balanced_parens_end(&self, p: usize) -> Option<usize> {
        if self.at(p) != Some('(') {
            return None;
        }
        let n = self.chars.len();
        let inner = self.run_end(p + 1, n, is_path_char);
        if inner > p + 1 && self.at(inner) == Some(')') {
            return Some(inner + 1);
        }
        if self.at(inner) != Some('(') {
            return None;
        }
        let nested = self.run_end(inner + 1, n, is_path_char);
        if nested == inner + 1 || self.at(nested) != Some(')') {
            return None;
        }
        let tail = self.run_end(nested + 1, n, is_path_char);
        (self.at(tail) == Some(')')).then_some(tail + 1)
    }

    /// End of `validUrlQueryChars* validUrlQueryEndingChars` at `s` (after a `?`).
    fn query_end(&self, s: usize, bound: usize) -> Option<usize> {
        let run_end = self.run_end(s, bound, is_query_char);
        (s..run_end)
            .rev()
            .find(|&i| is_query_ending_char(self.chars[i]))
            .map(|i| i + 1)
    }

    // ---------------------------------------------------------------- helpers

    fn run_end(&self, from: usize, bound: usize, pred: impl Fn(char) -> bool) -> usize {
        let bound = bound.min(self.chars.len());
        let mut i = from.min(bound);
        while i < bound && pred(self.chars[i]) {
            i += 1;
        }
        i
    }

    fn starts_with_ignore_case(&self, at: usize, prefix: &str) -> bool {
        let mut i = at;
        for expected in prefix.chars() {
            match self.at(i) {
                Some(c) if c.to_ascii_lowercase() == expected => i += 1,
                _ => return false,
            }
        }
        true
    }
}

fn low_surrogate(c: char) -> u32 {
    0xDC00 + ((u32::from(c) - 0x1_0000) & 0x3FF)
}

/// For each index, the end of the run of host characters, `-` and `_` that starts there,
/// and (if `underscores`) the end of the run of host characters and `-`.
fn run_ends(chars: &[char], underscores: bool) -> (Vec<u32>, Vec<u32>) {
    let mut subdomain = vec![0; chars.len()];
    let mut name = if underscores {
        vec![0; chars.len()]
    } else {
        Vec::new()
    };
    // `extract` caps the length well below u32::MAX.
    let mut subdomain_end = chars.len() as u32;
    let mut name_end = subdomain_end;
    for (i, &c) in chars.iter().enumerate().rev() {
        let host = c == '-' || is_host_char(c);
        if !host && c != '_' {
            subdomain_end = i as u32;
        }
        subdomain[i] = subdomain_end;
        if underscores {
            if !host {
                name_end = i as u32;
            }
            name[i] = name_end;
        }
    }
    (subdomain, name)
}

// -------------------------------------------------------------------- TLDs

/// The TLD lists, looked up by their case-folded form.
struct TldIndex {
    /// Folded TLD and its position in the alternation (generic TLDs first), sorted by TLD.
    sorted: Vec<(Box<[char]>, u32)>,
}

/// Longest TLD, in characters.
const MAX_TLD_CHARS: usize = 32;

fn tld_index() -> &'static TldIndex {
    static INDEX: OnceLock<TldIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut sorted: Vec<(Box<[char]>, u32)> = tld_table::GENERIC
            .iter()
            .chain(tld_table::COUNTRY)
            .enumerate()
            .map(|(rank, tld)| {
                let folded: Box<[char]> = tld.chars().map(fold_case).collect();
                assert!(folded.len() <= MAX_TLD_CHARS, "TLD too long: {tld}");
                (folded, u32::try_from(rank).unwrap_or(u32::MAX))
            })
            .collect();
        // The first (lowest) rank of a duplicate wins, as in the alternation.
        sorted.sort();
        sorted.dedup_by(|later, earlier| later.0 == earlier.0);
        TldIndex { sorted }
    })
}

impl TldIndex {
    /// Length of the TLD that the alternation `(?:tld1|tld2|…)(?=[^0-9a-zA-Z@+-]|$)`
    /// (generic TLDs, then country codes) matches at the start of `s`, if any: the first
    /// TLD in list order that `s` starts with and that is followed by an allowed character.
    fn match_len(&self, s: &[char]) -> Option<usize> {
        let followed_ok = |len: usize| {
            !s.get(len)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-'))
        };
        let mut best: Option<(u32, usize)> = None;
        // `sorted[range]` holds the TLDs that start with the characters seen so far; after
        // a prefix of length `depth`, a TLD equal to the prefix sorts first.
        let (mut lo, mut hi) = (0, self.sorted.len());
        for (depth, &c) in s.iter().take(MAX_TLD_CHARS).enumerate() {
            let c = fold_case(c);
            let range = &self.sorted[lo..hi];
            let below = |t: &[char]| t.get(depth).is_none_or(|&x| x < c);
            let start = range.partition_point(|(t, _)| below(t));
            let end = range.partition_point(|(t, _)| below(t) || t[depth] == c);
            (lo, hi) = (lo + start, lo + end);
            if lo == hi {
                break;
            }
            let (tld, rank) = &self.sorted[lo];
            if tld.len() == depth + 1
                && followed_ok(depth + 1)
                && best.is_none_or(|(best_rank, _)| *rank < best_rank)
            {
                best = Some((*rank, depth + 1));
            }
        }
        best.map(|(_, len)| len)
    }
}

/// JavaScript's case-insensitive `Canonicalize` (non-Unicode mode): the upper case of a
/// BMP character when it is a single BMP character, never mapping non-ASCII to ASCII.
fn fold_case(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    if c.len_utf16() != 1 {
        return c;
    }
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) if u.len_utf16() == 1 && !u.is_ascii() => u,
        _ => c,
    }
}

// -------------------------------------------------------------------- character classes

/// `validUrlPrecedingChars`: anything but `A-Za-z0-9@＠$#＃` and the invalid characters.
fn is_preceding_char(c: char) -> bool {
    !(c.is_ascii_alphanumeric()
        || matches!(
            c,
            '@' | '\u{FF20}' | '$' | '#' | '\u{FF03}' | '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}'
        ))
}

/// `validDomainChars`: anything but punctuation, spaces, invalid and directional characters.
fn is_host_char(c: char) -> bool {
    if c.is_ascii() {
        // Punctuation except `"` and `` ` ``, and the ASCII spaces.
        return c.is_ascii_alphanumeric()
            || matches!(c, '"' | '`' | '\0'..='\u{8}' | '\u{E}'..='\u{1F}' | '\u{7F}');
    }
    !(matches!(
        c,
        '!' | '\''
            | '#'
            | '%'
            | '&'
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | '\\'
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '<'
            | '='
            | '>'
            | '?'
            | '@'
            | '['
            | ']'
            | '^'
            | '_'
            | '{'
            | '|'
            | '}'
            | '~'
            | '$'
            | '\u{FFFE}'
            | '\u{FEFF}'
            | '\u{FFFF}'
            | '\u{202A}'..='\u{202E}'
            | '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2066}'..='\u{2069}'
    ) || is_space(c))
}

/// twitter-text's `latinAccentChars`.
fn is_latin_accent(c: char) -> bool {
    matches!(
        u32::from(c),
        0xC0..=0xD6
            | 0xD8..=0xF6
            | 0xF8..=0xFF
            | 0x100..=0x24F
            | 0x253
            | 0x254
            | 0x256
            | 0x257
            | 0x259
            | 0x25B
            | 0x263
            | 0x268
            | 0x26F
            | 0x272
            | 0x289
            | 0x28B
            | 0x2BB
            | 0x300..=0x36F
            | 0x1E00..=0x1EFF
    )
}

/// Latin accents, case-insensitively as a JavaScript `/i` character class matches them.
fn is_latin_accent_ignore_case(c: char) -> bool {
    is_latin_accent(c) || (!c.is_ascii() && is_latin_accent(fold_case(c)))
}

/// Latin accents and Cyrillic (U+0400–U+04FF), case-insensitively.
fn is_latin_or_cyrillic_ignore_case(c: char) -> bool {
    let f = |c: char| is_latin_accent(c) || matches!(c, '\u{400}'..='\u{4FF}');
    f(c) || (!c.is_ascii() && f(fold_case(c)))
}

/// `validGeneralUrlPathChars`.
fn is_path_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '!' | '*'
                    | '\''
                    | ';'
                    | ':'
                    | '='
                    | '+'
                    | ','
                    | '.'
                    | '$'
                    | '/'
                    | '%'
                    | '#'
                    | '['
                    | ']'
                    | '-'
                    | '_'
                    | '~'
                    | '@'
                    | '|'
                    | '&'
            )
    } else {
        c == '\u{2013}' || is_latin_or_cyrillic_ignore_case(c)
    }
}

/// The character part of `validUrlPathEndingChars`.
fn is_path_ending_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '=' | '_' | '#' | '/')
    } else {
        is_latin_or_cyrillic_ignore_case(c)
    }
}

/// `validUrlQueryChars`.
fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '?'
                | '*'
                | '\''
                | '@'
                | '('
                | ')'
                | ';'
                | ':'
                | '&'
                | '='
                | '+'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '_'
                | '.'
                | ','
                | '~'
                | '|'
        )
}

/// `validUrlQueryEndingChars`.
fn is_query_ending_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

/// A label character of `validAsciiDomain`.
fn is_ascii_label_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '-'
    } else {
        is_latin_accent_ignore_case(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The URLs of `text` as (start, text) in code points, like twitter-text's indices
    /// for BMP-only text.
    fn urls(text: &str) -> Vec<(usize, String)> {
        let utf16: Vec<u16> = text.encode_utf16().collect();
        extract(text)
            .into_iter()
            .map(|u| {
                (
                    u.start,
                    String::from_utf16_lossy(&utf16[u.start..u.start + u.len]),
                )
            })
            .collect()
    }

    fn one(text: &str) -> String {
        let found = urls(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found[0].1.clone()
    }

    #[test]
    fn with_protocol() {
        assert_eq!(one("http://example.com"), "http://example.com");
        assert_eq!(
            one("HTTPS://www.ExaMPLE.COM/index.html"),
            "HTTPS://www.ExaMPLE.COM/index.html"
        );
        assert_eq!(
            one("see https://example.com/path/to/resource?search=foo&lang=en."),
            "https://example.com/path/to/resource?search=foo&lang=en"
        );
        assert_eq!(
            one("http://example.com:8080/login.php"),
            "http://example.com:8080/login.php"
        );
        assert_eq!(
            one("http://twitter.com/#!/twitter"),
            "http://twitter.com/#!/twitter"
        );
        assert_eq!(
            one("http://test_underscore.twitter.com"),
            "http://test_underscore.twitter.com"
        );
        assert_eq!(one("http://☃.net/"), "http://☃.net/");
        assert_eq!(
            one("http://example.com/Русские_слова"),
            "http://example.com/Русские_слова"
        );
        assert_eq!(
            one("(http://en.wikipedia.org/wiki/Primer_(film))"),
            "http://en.wikipedia.org/wiki/Primer_(film)"
        );
        assert_eq!(
            one("http://example.com/a_(b_(c)_d)_e."),
            "http://example.com/a_(b_(c)_d)_e"
        );
        assert_eq!(one("http://example.com/foo."), "http://example.com/foo");
        assert_eq!(one("http://example.com/foo/!"), "http://example.com/foo/");
        assert_eq!(
            one("http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories+"),
            "http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories"
        );
        assert_eq!(one("http://t.co/abc/def"), "http://t.co/abc");
        assert_eq!(one("http://t.co/abc?x=1/y"), "http://t.co/abc?x=1/y");
        assert_eq!(one("http://t.co/abc/def?x=1"), "http://t.co/abc");
        assert!(urls(&format!("http://t.co/{}", "a".repeat(41))).is_empty());
        assert!(
            urls("ftp://www.example.com/")
                .iter()
                .all(|(_, u)| !u.starts_with("ftp"))
        );
    }

    #[test]
    fn without_protocol() {
        assert_eq!(one("example.com"), "example.com");
        assert_eq!(one("see www.example.com!"), "www.example.com");
        assert_eq!(one("t.co"), "t.co");
        assert_eq!(one("foo.co.jp"), "foo.co.jp");
        assert_eq!(
            one("example.com/path/to/resource?search=foo&lang=en"),
            "example.com/path/to/resource?search=foo&lang=en"
        );
        assert_eq!(one("test_underscore.twitter.com"), "underscore.twitter.com");
        assert_eq!(
            urls("a.com☃.b.com/x"),
            vec![(0, "a.com".to_owned()), (7, "b.com/x".to_owned())]
        );
        assert!(urls("-example.com").is_empty());
        assert!(urls("/example.com").is_empty());
        assert!(urls("foo@example.com").is_empty() || one("foo@example.com") == "example.com");
        assert!(urls("example.notatld").is_empty());
        assert!(urls("1.2.3").is_empty());
        assert!(urls(&format!("{}.com", "a".repeat(64))).is_empty());
        assert_eq!(one(&format!("{}.com", "a".repeat(63))).len(), 67);
    }

    #[test]
    fn tld_order_and_lookahead() {
        assert_eq!(
            one("https://twitter.嘉里大酒店"),
            "https://twitter.嘉里大酒店"
        );
        assert_eq!(one("https://twitter.भारतम्"), "https://twitter.भारतम्");
        assert_eq!(one("example.co"), "example.co");
        assert!(urls("example.comx").is_empty());
        assert_eq!(one("example.com_x"), "example.com");
        assert_eq!(one("example.xn--p1ai"), "example.xn--p1ai");
    }

    #[test]
    fn host_chars() {
        for c in (0..=0x7F_u8).map(char::from) {
            let slow = !("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$".contains(c) || is_space(c));
            assert_eq!(is_host_char(c), slow, "{c:?}");
        }
        assert!(is_host_char('é') && is_host_char('☃') && is_host_char('\u{200B}'));
        assert!(
            !is_host_char('\u{3000}') && !is_host_char('\u{202E}') && !is_host_char('\u{FEFF}')
        );
    }

    #[test]
    fn case_folding() {
        assert_eq!(fold_case('a'), 'A');
        assert_eq!(fold_case('ж'), 'Ж');
        assert_eq!(fold_case('ß'), 'ß');
        assert_eq!(fold_case('ſ'), 'ſ');
        assert_eq!(fold_case('😷'), '😷');
        assert!(is_latin_accent_ignore_case('\u{260}'));
        assert!(!is_latin_accent('\u{260}'));
    }
}
