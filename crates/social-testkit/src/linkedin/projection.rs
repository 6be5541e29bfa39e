//! Field projections: `fields=` on any read keeps only the named fields ("Field Projections",
//! <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/projections>), with
//! Rest.li 2.0's nested form `fields=id,distribution:(feedDistribution)`
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>).
//! On a collection (a finder, a `GET_ALL`) the projection applies to each of the `elements`,
//! on a batch get to each of the `results`, never to `paging`, as Rest.li applies it. A field
//! the object does not have is left out silently, as Rest.li does; a projection that does not
//! parse is LinkedIn's 400.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::wire::{Body, Reply, illegal_argument};

/// A parsed projection: each field kept, with the projection of its own fields (`None`: all
/// of it).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Mask(BTreeMap<String, Option<Mask>>);

/// Parses `a,b:(c,d),e`, and the protocol 1.0 forms LinkedIn still accepts in `fields`
/// (linkedin-developers/linkedin-api-python-client writes `elements*(id)` and
/// `organization~(id,localizedName)`): `b(c,d)` nests like `b:(c,d)`, a `*` (every item of a
/// list) and a `~` (decoration, which the fake does not perform: the URN is kept) after a name
/// are read as the name alone, and `$start:0`-style paging entries are accepted and ignored.
/// `None` for a malformed projection (an empty name, an unbalanced parenthesis, a stray
/// character).
pub(crate) fn parse(text: &str) -> Option<Mask> {
    let (mask, rest) = fields(text.as_bytes(), 0)?;
    (rest == text.len()).then_some(mask)
}

/// The fields from `at` up to an unmatched `)` or the end; the position reached.
fn fields(text: &[u8], mut at: usize) -> Option<(Mask, usize)> {
    let mut mask = Mask::default();
    loop {
        let start = at;
        while at < text.len() && !matches!(text[at], b',' | b':' | b'(' | b')') {
            at += 1;
        }
        let raw = std::str::from_utf8(&text[start..at]).ok()?.trim();
        let name = raw.trim_end_matches(['*', '~']);
        let valid = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.';
        if name.is_empty() || !name.chars().all(valid) {
            return None;
        }
        if name.starts_with('$') {
            // `$start:0`: a paging entry of protocol 1.0 projections, not a field.
            if text.get(at) == Some(&b':') {
                at += 1;
                let value = at;
                while at < text.len() && text[at].is_ascii_digit() {
                    at += 1;
                }
                if at == value {
                    return None;
                }
            }
        } else {
            let mut sub = None;
            let open = match (text.get(at), text.get(at + 1)) {
                (Some(b':'), Some(b'(')) => Some(at + 2),
                (Some(b'('), _) => Some(at + 1),
                (Some(b':'), _) => return None,
                _ => None,
            };
            if let Some(open) = open {
                let (inner, end) = fields(text, open)?;
                if text.get(end) != Some(&b')') {
                    return None;
                }
                sub = Some(inner);
                at = end + 1;
            }
            mask.0.insert(name.to_owned(), sub);
        }
        match text.get(at) {
            Some(b',') => at += 1,
            None | Some(b')') => return Some((mask, at)),
            Some(_) => return None,
        }
    }
}

/// `value` with only the fields of `mask` (applied to each item of a list).
fn apply(value: &Value, mask: &Mask) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter_map(|(name, member)| {
                    let sub = mask.0.get(name)?;
                    let member = match sub {
                        Some(sub) => apply(member, sub),
                        None => member.clone(),
                    };
                    Some((name.clone(), member))
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| apply(i, mask)).collect()),
        other => other.clone(),
    }
}

/// The read's answer projected by `fields`: each element of a collection, each result of a
/// batch get, else the entity. Errors and bodiless answers pass unchanged.
pub(crate) fn project(reply: Reply, fields: &str) -> Reply {
    let Some(mask) = parse(fields) else {
        return illegal_argument(&format!(
            "Invalid projection in parameter 'fields': {fields}"
        ));
    };
    let Reply {
        status,
        body,
        headers,
    } = reply;
    let body = match body {
        Body::Json(mut value) if (200..300).contains(&status) => {
            // A projection that names the envelope (`elements*(id)`) applies to it as written.
            let whole = ["elements", "results", "paging"]
                .iter()
                .any(|name| mask.0.contains_key(*name));
            if whole {
                value = apply(&value, &mask);
            } else if let Some(Value::Array(elements)) = value.get_mut("elements") {
                for element in elements.iter_mut() {
                    *element = apply(element, &mask);
                }
            } else if let Some(Value::Object(results)) = value.get_mut("results") {
                for result in results.values_mut() {
                    *result = apply(result, &mask);
                }
            } else {
                value = apply(&value, &mask);
            }
            Body::Json(value)
        }
        other => other,
    };
    Reply {
        status,
        body,
        headers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn projections_parse_nested_fields_and_refuse_malformed_ones() {
        let mask = parse("id,distribution:(feedDistribution),author").unwrap();
        let value = json!({
            "id": 1, "author": "a", "commentary": "c",
            "distribution": { "feedDistribution": "MAIN_FEED", "targetEntities": [] },
        });
        assert_eq!(
            apply(&value, &mask),
            json!({ "id": 1, "author": "a", "distribution": { "feedDistribution": "MAIN_FEED" } })
        );
        for bad in [
            "", "id,", ",id", "a:(b", "a:b", "a:(b))", "a:()", "a b", "a;b", "$start:x",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert!(parse("a:(b:(c),d),e").is_some());
        // The protocol 1.0 forms the official Python client writes.
        assert_eq!(parse("a(b)"), parse("a:(b)"));
        assert_eq!(
            parse("elements*(organization~(id,localizedName)),$start:0"),
            parse("elements:(organization:(id,localizedName))")
        );
    }
}
