//! Request-body validation the way Rest.li's server validates it: every unknown field, missing
//! required field, wrong type and misplaced read-only or create-only field becomes one
//! `ERROR :: /path :: problem` line of a 422 answer. LinkedIn's versioned APIs are Rest.li 2.0
//! resources ("Protocol Versions",
//! <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>),
//! and their 422 bodies carry these lines (the n8n community thread on post creation quotes
//! `ERROR :: /author :: field is required but not found and has no default value`).
//!
//! The messages are Rest.li's own where its sources state them (linkedin/rest.li,
//! `restli-server/src/main/java/com/linkedin/restli/internal/server/methods/arguments/`,
//! the data validator: "unrecognized field found but not allowed", "field is required but not
//! found and has no default value", "ReadOnly field present in a create request",
//! "CreateOnly field present in a partial_update request", "is not an enum symbol", "DataMap
//! should have exactly one entry for a union type"); the URN and URL checks are LinkedIn's
//! typerefs, whose wording we did not find published.

use serde_json::{Map, Value};

/// A field's type.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// A string.
    Text,
    /// `true` or `false`.
    Boolean,
    /// An integer.
    Long,
    /// An `http(s)://` URL.
    Url,
    /// A URN whose namespace is one of these (`person`, `organization`, …).
    Urn(&'static [&'static str]),
    /// One of these symbols.
    Symbol(&'static [&'static str]),
    /// A record with these fields.
    Record(&'static [Field]),
    /// A union: exactly one of these members.
    Union(&'static [Field]),
    /// A list of this type.
    Array(&'static Ty),
    /// Anything (a part of the schema the fake does not model).
    Open,
}

/// Who may set a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Create and partial update.
    Normal,
    /// Neither: the server sets it.
    ReadOnly,
    /// Create only.
    CreateOnly,
}

/// A field of a record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    pub(crate) access: Access,
}

/// An optional field anyone may set.
pub(crate) const fn field(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
        access: Access::Normal,
    }
}

impl Field {
    /// Required on create.
    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Set by the server only.
    pub(crate) const fn read_only(mut self) -> Self {
        self.access = Access::ReadOnly;
        self
    }

    /// Settable on create only.
    pub(crate) const fn create_only(mut self) -> Self {
        self.access = Access::CreateOnly;
        self
    }
}

/// Which request is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A create: required fields must be there, read-only ones must not.
    Create,
    /// The `$set` of a partial update: read-only and create-only fields must not be there.
    PartialUpdate,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Create => "create",
            Mode::PartialUpdate => "partial_update",
        }
    }
}

/// One error line.
fn line(path: &str, problem: &str) -> String {
    format!("ERROR :: {path} :: {problem}")
}

/// Validates the top-level record `value` against `fields` for `mode`, appending one line per
/// problem to `errors`. Access rules apply at every depth (`/reshareContext/root` is read-only
/// like `/id`); required fields are checked in every record but the top one of a partial
/// update.
pub(crate) fn validate(
    fields: &[Field],
    value: &Map<String, Value>,
    mode: Mode,
    errors: &mut Vec<String>,
) {
    record(fields, value, "", mode, true, errors);
}

/// A record at `path` (`top`: the request's own record, whose required fields a partial
/// update need not repeat).
fn record(
    fields: &[Field],
    value: &Map<String, Value>,
    path: &str,
    mode: Mode,
    top: bool,
    errors: &mut Vec<String>,
) {
    for (name, member) in value {
        let here = format!("{path}/{name}");
        let Some(field) = fields.iter().find(|f| f.name == name) else {
            errors.push(line(&here, "unrecognized field found but not allowed"));
            continue;
        };
        match (mode, field.access) {
            (mode, Access::ReadOnly) => {
                errors.push(line(
                    &here,
                    &format!("ReadOnly field present in a {} request", mode.name()),
                ));
                continue;
            }
            (Mode::PartialUpdate, Access::CreateOnly) => {
                errors.push(line(
                    &here,
                    "CreateOnly field present in a partial_update request",
                ));
                continue;
            }
            _ => {}
        }
        check(&field.ty, member, &here, mode, errors);
    }
    if !(top && mode == Mode::PartialUpdate) {
        for field in fields.iter().filter(|f| f.required) {
            if !value.contains_key(field.name) {
                errors.push(line(
                    &format!("{path}/{}", field.name),
                    "field is required but not found and has no default value",
                ));
            }
        }
    }
}

/// `value` as Rest.li prints it in a message.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn not_backed(path: &str, value: &Value, by: &str, errors: &mut Vec<String>) {
    errors.push(line(
        path,
        &format!("{} is not backed by a {by}", shown(value)),
    ));
}

/// Checks `value` against `ty` at `path`.
fn check(ty: &Ty, value: &Value, path: &str, mode: Mode, errors: &mut Vec<String>) {
    match ty {
        Ty::Open => {}
        Ty::Text => {
            if !value.is_string() {
                not_backed(path, value, "String", errors);
            }
        }
        Ty::Boolean => {
            if !value.is_boolean() {
                not_backed(path, value, "Boolean", errors);
            }
        }
        Ty::Long => {
            if !value.is_i64() {
                not_backed(path, value, "Long", errors);
            }
        }
        Ty::Url => match value.as_str() {
            None => not_backed(path, value, "String", errors),
            Some(url) => {
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                if rest.is_none_or(|rest| rest.is_empty() || rest.contains(char::is_whitespace)) {
                    errors.push(line(path, &format!("\"{url}\" is not a valid Url")));
                }
            }
        },
        Ty::Urn(namespaces) => match value.as_str() {
            None => not_backed(path, value, "String", errors),
            Some(urn) => {
                if !urn_of(urn, namespaces) {
                    errors.push(line(
                        path,
                        &format!(
                            "\"{urn}\" is not a valid URN of type {}",
                            namespaces.join(" or ")
                        ),
                    ));
                }
            }
        },
        Ty::Symbol(symbols) => match value.as_str() {
            None => not_backed(path, value, "String", errors),
            Some(symbol) => {
                if !symbols.contains(&symbol) {
                    errors.push(line(path, &format!("\"{symbol}\" is not an enum symbol")));
                }
            }
        },
        Ty::Record(fields) => match value.as_object() {
            None => not_backed(path, value, "DataMap", errors),
            Some(map) => record(fields, map, path, mode, false, errors),
        },
        Ty::Union(members) => match value.as_object() {
            None => not_backed(path, value, "DataMap", errors),
            Some(map) if map.len() != 1 => errors.push(line(
                path,
                "DataMap should have exactly one entry for a union type",
            )),
            Some(map) => {
                for (name, member) in map {
                    let here = format!("{path}/{name}");
                    match members.iter().find(|m| m.name == name) {
                        Some(field) => check(&field.ty, member, &here, mode, errors),
                        None => errors.push(line(
                            path,
                            &format!("\"{name}\" is not a member type of union"),
                        )),
                    }
                }
            }
        },
        Ty::Array(item) => match value.as_array() {
            None => not_backed(path, value, "DataList", errors),
            Some(items) => {
                for (i, member) in items.iter().enumerate() {
                    check(item, member, &format!("{path}/{i}"), mode, errors);
                }
            }
        },
    }
}

/// Whether `urn` is `urn:li:{namespace}:{id}` for one of `namespaces`, with a non-empty id free
/// of whitespace.
pub(crate) fn urn_of(urn: &str, namespaces: &[&str]) -> bool {
    namespaces.iter().any(|namespace| {
        urn.strip_prefix("urn:li:")
            .and_then(|rest| rest.strip_prefix(namespace))
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|id| !id.is_empty() && !id.contains(char::is_whitespace))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const INNER: &[Field] = &[
        field("kind", Ty::Symbol(&["A", "B"])).required(),
        field("stamp", Ty::Long).read_only(),
    ];
    const TOP: &[Field] = &[
        field("id", Ty::Text).read_only(),
        field("owner", Ty::Urn(&["person"]))
            .required()
            .create_only(),
        field("text", Ty::Text).required(),
        field("inner", Ty::Record(INNER)),
        field("tags", Ty::Array(&Ty::Long)),
        field(
            "either",
            Ty::Union(&[field("a", Ty::Text), field("b", Ty::Boolean)]),
        ),
    ];

    fn errors(value: Value, mode: Mode) -> Vec<String> {
        let mut errors = Vec::new();
        validate(TOP, value.as_object().unwrap(), mode, &mut errors);
        errors
    }

    #[test]
    fn a_create_reports_every_problem_at_once() {
        let mut found = errors(
            json!({
                "id": "x",
                "text": 1,
                "extra": true,
                "inner": { "kind": "C", "more": 1, "stamp": 2 },
                "tags": [1, "two"],
                "either": { "a": "x", "b": true },
            }),
            Mode::Create,
        );
        found.sort();
        assert_eq!(
            found,
            [
                "ERROR :: /either :: DataMap should have exactly one entry for a union type",
                "ERROR :: /extra :: unrecognized field found but not allowed",
                "ERROR :: /id :: ReadOnly field present in a create request",
                "ERROR :: /inner/kind :: \"C\" is not an enum symbol",
                "ERROR :: /inner/more :: unrecognized field found but not allowed",
                "ERROR :: /inner/stamp :: ReadOnly field present in a create request",
                "ERROR :: /owner :: field is required but not found and has no default value",
                "ERROR :: /tags/1 :: \"two\" is not backed by a Long",
                "ERROR :: /text :: 1 is not backed by a String",
            ]
        );
    }

    #[test]
    fn a_partial_update_refuses_create_only_fields_and_needs_no_required_ones() {
        assert_eq!(
            errors(json!({ "owner": "urn:li:person:1" }), Mode::PartialUpdate),
            ["ERROR :: /owner :: CreateOnly field present in a partial_update request"]
        );
        assert!(errors(json!({ "text": "new" }), Mode::PartialUpdate).is_empty());
        assert!(
            errors(
                json!({ "owner": "urn:li:person:1", "text": "t" }),
                Mode::Create
            )
            .is_empty()
        );
    }

    #[test]
    fn urns_name_their_namespace() {
        assert!(urn_of(
            "urn:li:person:782bbtaQ",
            &["person", "organization"]
        ));
        assert!(urn_of("urn:li:organization:1", &["person", "organization"]));
        assert!(!urn_of("urn:li:share:1", &["person", "organization"]));
        assert!(!urn_of("urn:li:person:", &["person"]));
        assert!(!urn_of("urn:li:personx:1", &["person"]));
        assert!(!urn_of("person:1", &["person"]));
    }
}
