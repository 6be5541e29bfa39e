//! Whatever a server or a webhook sender puts in front of the parsers, they answer with a value
//! or a typed error, never a panic: bad input from the server gets a clear typed error and
//! loses nothing.

use proptest::prelude::*;
use serde_json::{Value, json};
use social_core::auth::AppSecret;
use social_facebook::error::{GraphError, parse_business_use_case_usage, parse_usage};
use social_facebook::models::{Comment, PageAccount, Post, parse_graph_time};
use social_facebook::webhooks::{
    parse_notification, parse_signed_request, verify_and_parse, verify_subscription_query,
};

/// Arbitrary JSON, a few levels deep, with the keys the parsers look for.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("error".to_string()),
        Just("code".to_string()),
        Just("error_subcode".to_string()),
        Just("message".to_string()),
        Just("entry".to_string()),
        Just("changes".to_string()),
        Just("field".to_string()),
        Just("value".to_string()),
        Just("item".to_string()),
        Just("verb".to_string()),
        Just("created_time".to_string()),
        Just("from".to_string()),
        Just("id".to_string()),
        Just("time".to_string()),
        Just("summary".to_string()),
        Just("total_count".to_string()),
        Just("call_count".to_string()),
        Just("type".to_string()),
        "[a-z_]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn graph_errors_and_usage_headers_never_panic(v in json_value(), raw in ".{0,64}") {
        let text = v.to_string();
        let _ = GraphError::from_body(text.as_bytes());
        let _ = GraphError::from_body(raw.as_bytes());
        let _ = parse_usage(&text);
        let _ = parse_usage(&raw);
        let _ = parse_business_use_case_usage(&text);
        let _ = parse_business_use_case_usage(&raw);
        let _ = parse_graph_time(&raw);
    }

    #[test]
    fn models_decode_or_fail_cleanly(v in json_value()) {
        let _ = serde_json::from_value::<Post>(v.clone());
        let _ = serde_json::from_value::<Comment>(v.clone());
        let _ = serde_json::from_value::<PageAccount>(v);
    }

    #[test]
    fn webhook_parsers_never_panic(v in json_value(), raw in prop::collection::vec(any::<u8>(), 0..128), s in ".{0,96}") {
        let secret = AppSecret::new("secret");
        let body = v.to_string();
        let _ = parse_notification(body.as_bytes());
        let _ = parse_notification(&raw);
        let _ = verify_and_parse(&secret, &raw, Some(&s));
        let _ = parse_signed_request(&s, &secret);
        let _ = verify_subscription_query(&s, "token");
    }

    #[test]
    fn page_notifications_keep_every_change(changes in prop::collection::vec(json_value(), 0..5)) {
        // Whatever the values, every change of a page notification is kept (typed or raw).
        let entry: Vec<Value> = changes
            .iter()
            .map(|value| json!({"field": "feed", "value": value}))
            .collect();
        let body = json!({"object": "page", "entry": [{"id": "1", "time": 1, "changes": entry}]});
        let n = parse_notification(body.to_string().as_bytes()).unwrap();
        prop_assert_eq!(n.changes().count(), changes.len());
    }
}
