//! Unknown query parameters and unknown `*.fields` / `expansions` values are refused as X
//! refuses them: a 400 `invalid-request` with one error per bad parameter, naming it and the
//! accepted ones, in X's words ("The query parameter [dummy] is not one of
//! [id,expansions,tweet.fields,...]", "The `user.fields` query parameter value [wrong_field] is
//! not one of [affiliation,...]"), per <https://docs.x.com/x-api/fundamentals/response-codes-and-errors>.
//! The accepted names and values come from X's OpenAPI file through the generated
//! [`allowlists`](super::allowlists).

use serde_json::{Value, json};

use super::allowlists::{ALLOWED, BODIES, Param};
use super::wire::{Call, Reply, invalid_body, invalid_errors};

/// The parameters of `route` (`"GET /2/tweets/:id"`) with their synonym and values.
fn allowed(route: &str) -> &'static [Param] {
    ALLOWED
        .iter()
        .find(|(key, _)| *key == route)
        .map_or(&[], |(_, params)| params)
}

/// Checks every query parameter of the call against the route's allow-list.
pub(super) fn check_query(route: &str, call: &Call<'_>) -> Result<(), Reply> {
    let params = allowed(route);
    let names: Vec<&str> = params.iter().map(|(name, ..)| *name).collect();
    let mut errors: Vec<Value> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in call.request.url.query_pairs() {
        if seen.contains(&name.to_string()) {
            continue;
        }
        seen.push(name.to_string());
        let Some((spec_name, _, values)) = params
            .iter()
            .find(|(spec, synonym, _)| *spec == name || (!synonym.is_empty() && *synonym == name))
        else {
            errors.push(json!({
                "parameters": { name.as_ref(): [value] },
                "message": format!("The query parameter [{name}] is not one of [{}]", names.join(",")),
            }));
            continue;
        };
        if values.is_empty() {
            continue;
        }
        let shown = if name == *spec_name {
            *spec_name
        } else {
            name.as_ref()
        };
        let bad = value
            .split(',')
            .map(str::trim)
            .find(|v| !values.contains(v));
        if let Some(bad) = bad {
            errors.push(json!({
                "parameters": { shown: [value] },
                "message": format!(
                    "The `{shown}` query parameter value [{bad}] is not one of [{}]",
                    values.join(",")
                ),
            }));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(invalid_errors(errors))
    }
}

/// Checks the properties of a JSON body whose schema forbids others (`additionalProperties:
/// false`), with the message X gives for the post body: "$.foo: is not defined in the schema
/// and the schema does not allow additional properties". A body that is not a JSON object is
/// left to the handler.
pub(super) fn check_body(route: &str, call: &Call<'_>) -> Result<(), Reply> {
    let Some((_, properties)) = BODIES.iter().find(|(key, _)| *key == route) else {
        return Ok(());
    };
    let json = call
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json"));
    if !json {
        return Ok(());
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&call.request.body) else {
        return Ok(());
    };
    match body.keys().find(|key| !properties.contains(&key.as_str())) {
        Some(key) => Err(invalid_body(format!(
            "$.{key}: is not defined in the schema and the schema does not allow additional properties"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_an_allow_list() {
        for route in super::super::routes() {
            let oauth = route.contains("oauth2");
            assert!(
                oauth || ALLOWED.iter().any(|(key, _)| *key == route),
                "no allow-list for {route}"
            );
        }
    }
}
