//! Batch requests: `POST /` with `batch=[{method,relative_url,body?,name?},…]` (at most 50),
//! each item served by the same routes, answered in order as
//! `{"code","headers":[{name,value}],"body":"<JSON text>"}` (or `null` for an item that did
//! not complete).
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/batch-requests>.

use serde_json::{Value, json};

use super::state::GraphState;
use super::wire::{Answer, Call, Reply, error, invalid, ok};
use super::{serve, stamp};

/// The most items a batch may hold.
const MAX_ITEMS: usize = 50;

/// `POST /{version}/` with `batch` and `include_headers` (default true). Items without their
/// own `access_token` use the batch's (its `appsecret_proof` already checked); items with
/// their own need their own proof when proofs are required.
pub(super) fn run(state: &mut GraphState, call: &Call) -> Answer {
    if call.in_batch {
        return Err(invalid("(#100) Batch requests cannot be nested"));
    }
    let Some(raw) = call.text("batch") else {
        return Err(invalid("(#100) The parameter batch is required"));
    };
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(raw) else {
        return Err(invalid(
            "(#100) The parameter batch must be a JSON array of request objects",
        ));
    };
    if items.is_empty() {
        return Err(invalid("(#100) The batch must hold at least one request"));
    }
    if items.len() > MAX_ITEMS {
        return Err(error(
            400,
            "GraphBatchException",
            100,
            None,
            "Too many requests in batch message. Maximum batch size is 50",
        ));
    }
    let include_headers = call.flag("include_headers")?.unwrap_or(true);
    let nulls = std::mem::take(&mut state.batch_nulls);
    let token = call.token();
    let answers = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            if nulls.contains(&index) {
                return Value::Null;
            }
            let reply = match item_call(call, item) {
                Ok(mut sub) => {
                    if sub.token().is_none() {
                        sub.header_token = token.clone();
                        sub.proven = true;
                    }
                    serve(state, &mut sub)
                }
                Err(reply) => reply,
            };
            element(state, reply, include_headers)
        })
        .collect();
    Ok(ok(Value::Array(answers)))
}

/// The call an item describes, or the error it gets for being malformed.
fn item_call(call: &Call, item: &Value) -> Result<Call, Reply> {
    let Some(relative_url) = item.get("relative_url").and_then(Value::as_str) else {
        return Err(invalid("(#100) Each batch request needs a relative_url"));
    };
    let method = item
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or("GET")
        .to_ascii_uppercase();
    if !matches!(method.as_str(), "GET" | "POST" | "DELETE") {
        return Err(invalid(format!(
            "(#100) Unsupported method {method} in a batch request"
        )));
    }
    let body = match item.get("body") {
        Some(Value::String(body)) => body.clone(),
        Some(Value::Object(fields)) => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (key, value) in fields {
                match value {
                    Value::String(text) => form.append_pair(key, text),
                    other => form.append_pair(key, &other.to_string()),
                };
            }
            form.finish()
        }
        _ => String::new(),
    };
    Ok(call.batch_item(&method, relative_url, &body))
}

/// One answer of the batch: `code`, `headers` (unless left out) and the body as JSON text.
fn element(state: &mut GraphState, reply: Reply, include_headers: bool) -> Value {
    let trace = state.trace_id();
    let Reply {
        status,
        mut body,
        headers,
    } = reply;
    stamp(&mut body, &trace);
    let mut element = json!({ "code": status, "body": body.to_string() });
    if include_headers {
        let mut list = vec![json!({ "name": "Content-Type", "value": "application/json" })];
        list.extend(
            headers
                .into_iter()
                .map(|(name, value)| json!({ "name": name, "value": value })),
        );
        element["headers"] = Value::Array(list);
    }
    element
}
