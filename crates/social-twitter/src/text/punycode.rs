//! The length checks of twitter-text's `idna.toAscii` (punycode.js `toASCII` per label).

/// Longest DNS label twitter-text accepts, in punycode characters.
const MAX_LABEL_LENGTH: usize = 63;

/// Whether `label` (one dot-separated part of a host) has a punycode form of 1 to 63
/// characters, as twitter-text requires of every label.
///
/// punycode.js `toASCII` also splits at the ideographic full stops U+3002, U+FF0E and
/// U+FF61 and joins the encoded parts with `.`, which counts here too. `first`, if given,
/// replaces the code point of the label's first character (a lone surrogate, which a `char`
/// cannot hold).
pub(super) fn label_ok(label: &[char], first: Option<u32>) -> bool {
    let mut total = 0;
    for (i, part) in label
        .split(|c| matches!(*c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}'))
        .enumerate()
    {
        total += usize::from(i > 0);
        let first = first.filter(|_| i == 0);
        match encoded_len(part, first) {
            Some(len) => total += len,
            None => return false,
        }
        if total > MAX_LABEL_LENGTH {
            return false;
        }
    }
    total >= 1
}

/// Length of punycode.js `toASCII` of one part (its first code point replaced by `first`
/// if given); `None` when it is surely over the limit.
fn encoded_len(part: &[char], first: Option<u32>) -> Option<usize> {
    // Every code point yields at least one output character.
    if part.len() > MAX_LABEL_LENGTH {
        return None;
    }
    let mut code_points: Vec<u64> = part.iter().map(|&c| u64::from(u32::from(c))).collect();
    if let (Some(slot), Some(first)) = (code_points.first_mut(), first) {
        *slot = u64::from(first);
    }
    // punycode.js only encodes parts with a character outside U+0000–U+007E.
    if code_points.iter().all(|&c| c <= 0x7E) {
        return Some(code_points.len());
    }
    Some("xn--".len() + encode_len(&code_points))
}

/// Length of the RFC 3492 encoding of `code_points` (without the `xn--` prefix).
fn encode_len(code_points: &[u64]) -> usize {
    const BASE: u64 = 36;
    const T_MIN: u64 = 1;
    const T_MAX: u64 = 26;

    let basic = code_points.iter().filter(|&&c| c < 0x80).count();
    let mut out = basic + usize::from(basic > 0);
    let mut handled = basic;
    let mut n: u64 = 0x80;
    let mut delta: u64 = 0;
    let mut bias: u64 = 72;
    while handled < code_points.len() {
        let m = code_points
            .iter()
            .copied()
            .filter(|&c| c >= n)
            .min()
            .unwrap_or(n);
        delta += (m - n) * (handled as u64 + 1);
        n = m;
        for &c in code_points {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, handled as u64 + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    out
}

fn adapt(delta: u64, points: u64, first: bool) -> u64 {
    const BASE: u64 = 36;
    const T_MIN: u64 = 1;
    const T_MAX: u64 = 26;
    const SKEW: u64 = 38;
    const DAMP: u64 = 700;
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> Option<usize> {
        encoded_len(&s.chars().collect::<Vec<_>>(), None)
    }

    #[test]
    fn known_encodings() {
        // RFC 3492 and IDNA examples.
        assert_eq!(len("bücher"), Some("xn--bcher-kva".len()));
        assert_eq!(len("münchen"), Some("xn--mnchen-3ya".len()));
        assert_eq!(len("☃"), Some("xn--n3h".len()));
        assert_eq!(len("日本語"), Some("xn--wgv71a119e".len()));
        assert_eq!(
            len("ليهمابتكلموشعربي؟"),
            Some("xn--egbpdaj6bu4bxfgehfvwxn".len())
        );
        assert_eq!(
            len("他们为什么不说中文"),
            Some("xn--ihqwcrb4cv8a8dqg056pqjye".len())
        );
        assert_eq!(len("example"), Some(7));
    }

    #[test]
    fn label_limits() {
        let l = |s: &str| label_ok(&s.chars().collect::<Vec<_>>(), None);
        assert!(l(&"a".repeat(63)));
        assert!(!l(&"a".repeat(64)));
        assert!(!l(""));
        // punycode.js: 50 of these kana encode to 61 characters, 53 to 64.
        let kana: Vec<char> = "あいうえおかきくけこ".repeat(6).chars().collect();
        assert!(label_ok(&kana[..50], None));
        assert_eq!(encoded_len(&kana[..50], None), Some(61));
        assert!(label_ok(&kana[..52], None));
        assert!(!label_ok(&kana[..53], None));
        assert!(l("a\u{3002}b"));
    }
}
