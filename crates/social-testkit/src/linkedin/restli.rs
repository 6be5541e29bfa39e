//! The fake's one reader of Rest.li 2.0 query values and keys (`List(…)`, `(k:v,…)`, leaves),
//! as LinkedIn's protocol page writes them
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>).
//! Projections (`fields=`) have their own grammar, read in `projection.rs`.

use serde_json::{Map, Value};

/// Reads a (percent-decoded) Rest.li 2.0 value: `List(a,b)`, `(k:v,…)`, or a leaf as a string.
/// `None` when the brackets do not match.
pub(crate) fn restli_value(text: &str) -> Option<Value> {
    let (value, rest) = parse(text)?;
    rest.is_empty().then_some(value)
}

fn parse(text: &str) -> Option<(Value, &str)> {
    if let Some(mut rest) = text.strip_prefix("List(") {
        let mut items = Vec::new();
        if let Some(after) = rest.strip_prefix(')') {
            return Some((Value::Array(items), after));
        }
        loop {
            let (item, after) = parse(rest)?;
            items.push(item);
            if let Some(after) = after.strip_prefix(',') {
                rest = after;
            } else {
                return Some((Value::Array(items), after.strip_prefix(')')?));
            }
        }
    }
    if let Some(mut rest) = text.strip_prefix('(') {
        let mut map = Map::new();
        if let Some(after) = rest.strip_prefix(')') {
            return Some((Value::Object(map), after));
        }
        loop {
            let colon = rest.find(':')?;
            let key = &rest[..colon];
            if key.is_empty() || key.contains([',', '(', ')']) {
                return None;
            }
            let (value, after) = parse(&rest[colon + 1..])?;
            map.insert(key.to_owned(), value);
            if let Some(after) = after.strip_prefix(',') {
                rest = after;
            } else {
                return Some((Value::Object(map), after.strip_prefix(')')?));
            }
        }
    }
    let end = text.find([',', ')', '(']).unwrap_or(text.len());
    if text[end..].starts_with('(') {
        return compound_urn(text, end);
    }
    Some((Value::String(text[..end].to_owned()), &text[end..]))
}

/// A compound URN leaf, `urn:li:comment:(urn:li:share:1,2)`, whose key's parentheses arrive
/// decoded: the leaf runs to the parenthesis that closes the one at `open`. `None` for any
/// other name followed by `(`, or an unclosed key.
fn compound_urn(text: &str, open: usize) -> Option<(Value, &str)> {
    if !(text.starts_with("urn:") && text[..open].ends_with(':')) {
        return None;
    }
    let mut depth = 0usize;
    for (i, ch) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((Value::String(text[..=i].to_owned()), &text[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn restli_values_are_read() {
        assert_eq!(
            restli_value("(timeRange:(start:1,end:2),timeGranularityType:DAY)"),
            Some(json!({"timeRange": {"start": "1", "end": "2"}, "timeGranularityType": "DAY"}))
        );
        assert_eq!(
            restli_value("List(urn:li:share:1,urn:li:share:2)"),
            Some(json!(["urn:li:share:1", "urn:li:share:2"]))
        );
        assert_eq!(restli_value("List()"), Some(json!([])));
        assert_eq!(restli_value("(a:1"), None);
        assert_eq!(restli_value("(a:1))"), None);
        assert_eq!(
            restli_value("List(urn:li:share:1,urn:li:comment:(urn:li:share:1,2))"),
            Some(json!([
                "urn:li:share:1",
                "urn:li:comment:(urn:li:share:1,2)"
            ]))
        );
        assert_eq!(restli_value("List(urn:li:comment:(urn:li:share:1,2)"), None);
        assert_eq!(restli_value("List(name(1))"), None);
    }
}
