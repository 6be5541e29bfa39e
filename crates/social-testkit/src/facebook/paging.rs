//! Cursor-based paging: `limit`, `after`, `before`, and `paging:{cursors:{before,after},
//! previous?, next?}` with full links that carry the query and the access token.
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/results>.

use std::ops::Range;

use serde_json::{Value, json};

use super::state::GraphState;
use super::wire::{Call, Reply, cursor, decode_cursor, invalid};

/// The part of a list one answer serves, and its `paging` object (`None`: no `paging`).
#[derive(Debug)]
pub(crate) struct Slice {
    pub(crate) range: Range<usize>,
    pub(crate) paging: Option<Value>,
}

/// Selects the items of a `total`-item list that `limit`, `after` and `before` ask for.
///
/// The state's switches apply to top-level lists (not to field expansions): an empty page
/// that still links to the same position ([`GraphState::serve_empty_pages`]), and a
/// repeated `after` cursor ([`GraphState::set_repeat_cursor`]).
pub(crate) fn slice(state: &mut GraphState, call: &Call, total: usize) -> Result<Slice, Reply> {
    let limit = call.limit()?;
    let position = |name: &str| -> Result<Option<usize>, Reply> {
        call.text(name)
            .map(|raw| {
                decode_cursor(raw.trim())
                    .ok_or_else(|| invalid(format!("(#100) The {name} cursor is not valid")))
            })
            .transpose()
    };
    let after = position("after")?;
    let before = position("before")?;
    let (start, end) = match (after, before) {
        (Some(after), _) => (after.min(total), after.saturating_add(limit).min(total)),
        (None, Some(before)) => {
            let before = before.min(total);
            (before.saturating_sub(limit), before)
        }
        (None, None) => (0, limit.min(total)),
    };
    let serial = state.next_serial();
    let next = |after: String| call.link(&[("after", Some(after)), ("before", None)]);
    if !call.nested && state.repeat_cursor && after.is_some() {
        let same = call.text("after").unwrap_or_default().trim().to_owned();
        let paging = json!({
            "cursors": { "before": cursor(start, serial), "after": same },
            "next": next(same.clone()),
        });
        return Ok(Slice {
            range: start..end,
            paging: Some(paging),
        });
    }
    if !call.nested && state.empty_pages > 0 && start < end {
        state.empty_pages -= 1;
        let here = cursor(start, serial);
        let paging = json!({
            "cursors": { "before": here, "after": here },
            "next": next(here.clone()),
        });
        return Ok(Slice {
            range: start..start,
            paging: Some(paging),
        });
    }
    if start >= end {
        return Ok(Slice {
            range: start..end,
            paging: None,
        });
    }
    let mut paging = json!({
        "cursors": { "before": cursor(start, serial), "after": cursor(end, serial) },
    });
    if end < total {
        paging["next"] = json!(next(cursor(end, serial)));
    }
    if start > 0 {
        paging["previous"] =
            json!(call.link(&[("before", Some(cursor(start, serial))), ("after", None)]));
    }
    Ok(Slice {
        range: start..end,
        paging: Some(paging),
    })
}

/// `{"data":[…],"paging":{…}}` (no `paging` when `None`).
pub(crate) fn list(data: Vec<Value>, paging: Option<Value>) -> Value {
    let mut body = json!({ "data": data });
    if let Some(paging) = paging {
        body["paging"] = paging;
    }
    body
}
