//! OAuth 1.0a signing: published vectors (X's documentation, RFC 5849) and the authenticator on the
//! wire (query and form parameters signed, JSON bodies not, a fresh nonce per attempt).

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use social_core::Network;
use social_core::auth::oauth1::{
    authorization_header, hmac_sha1_signature, percent_encode, sign, signature_base_string,
};
use social_core::auth::{ClientSecret, OAuth1Auth, OAuth1Credentials, TokenSecret};
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RequestSpec, RetryPolicy, Transport};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn x_docs_credentials() -> OAuth1Credentials {
    OAuth1Credentials::new(
        "xvz1evFS4wEEPTGEFPHBog",
        ClientSecret::new("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
    )
    .with_token(
        "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        TokenSecret::new("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
    )
}

const V1_NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
const V1_TIMESTAMP: u64 = 1318622958;
const V1_STATUS: &str = "Hello Ladies + Gentlemen, a signed OAuth request!";

// X's worked example, current host and historical host
// (<https://docs.x.com/fundamentals/authentication/oauth-1-0a/creating-a-signature>).
#[test]
fn x_docs_example_signs_for_both_hosts() {
    let creds = x_docs_credentials();
    let body = pairs(&[("status", V1_STATUS)]);
    let url =
        Url::parse("https://api.x.com/1.1/statuses/update.json?include_entities=true").unwrap();

    let mut all = body.clone();
    all.extend(pairs(&[
        ("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
        ("oauth_nonce", V1_NONCE),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "1318622958"),
        (
            "oauth_token",
            "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        ),
        ("oauth_version", "1.0"),
    ]));
    assert_eq!(
        signature_base_string("post", &url, &all),
        "POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
    );
    assert_eq!(
        sign(&creds, "POST", &url, &body, V1_NONCE, V1_TIMESTAMP),
        "Ls93hJiZbQ3akF3HF3x1Bz8/zU4="
    );

    let legacy =
        Url::parse("https://api.twitter.com/1.1/statuses/update.json?include_entities=true")
            .unwrap();
    assert_eq!(
        sign(&creds, "POST", &legacy, &body, V1_NONCE, V1_TIMESTAMP),
        "hCtSmYh+iHYCEqBWrE7C7hYmtUk="
    );
    let header = authorization_header(&creds, "POST", &legacy, &body, V1_NONCE, V1_TIMESTAMP);
    assert_eq!(
        header,
        "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", \
         oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", \
         oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", \
         oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", \
         oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", \
         oauth_version=\"1.0\""
    );
    // The header-encoding illustration of authorizing-a-request.mdx.
    assert_eq!(
        percent_encode("tnnArxj06cWHq44gCs1OSKk/jLY="),
        "tnnArxj06cWHq44gCs1OSKk%2FjLY%3D"
    );
}

// <https://docs.x.com/fundamentals/authentication/oauth-1-0a/percent-encoding-parameters>.
#[test]
fn percent_encoding_table() {
    for (raw, encoded) in [
        ("Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen"),
        ("An encoded string!", "An%20encoded%20string%21"),
        ("Dogs, Cats & Mice", "Dogs%2C%20Cats%20%26%20Mice"),
        ("☃", "%E2%98%83"),
        ("AZaz09-._~", "AZaz09-._~"),
    ] {
        assert_eq!(percent_encode(raw), encoded, "{raw}");
    }
}

// RFC 5849 section 1.2, the three requests (realm excluded, no oauth_version):
// <https://www.rfc-editor.org/rfc/rfc5849#section-1.2>.
#[test]
fn rfc5849_section_1_2_signatures() {
    let consumer = ClientSecret::new("kd94hf93k423kf44");
    let cases = [
        (
            "POST",
            "https://photos.example.net/initiate",
            vec![
                ("oauth_timestamp", "137131200"),
                ("oauth_nonce", "wIjqoS"),
                ("oauth_callback", "http://printer.example.com/ready"),
            ],
            None,
            "74KNZJeDHnMBp0EMJ9ZHt/XKycU=",
        ),
        (
            "POST",
            "https://photos.example.net/token",
            vec![
                ("oauth_token", "hh5s93j4hdidpola"),
                ("oauth_timestamp", "137131201"),
                ("oauth_nonce", "walatlh"),
                ("oauth_verifier", "hfdp7dh39dks9884"),
            ],
            Some("hdhd0244k9j7ao03"),
            "gKgrFCywp7rO0OXSjdot/IHF7IU=",
        ),
        (
            "GET",
            "http://photos.example.net/photos?file=vacation.jpg&size=original",
            vec![
                ("oauth_token", "nnch734d00sl2jdk"),
                ("oauth_timestamp", "137131202"),
                ("oauth_nonce", "chapoH"),
            ],
            Some("pfkkdhi9sl3r4s00"),
            "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
        ),
    ];
    for (method, url, extra, token_secret, expected) in cases {
        let mut params = pairs(&[
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            ("oauth_signature_method", "HMAC-SHA1"),
        ]);
        params.extend(pairs(&extra));
        let base = signature_base_string(method, &Url::parse(url).unwrap(), &params);
        let token_secret = token_secret.map(TokenSecret::new);
        assert_eq!(
            hmac_sha1_signature(&base, &consumer, token_secret.as_ref()),
            expected,
            "{url}"
        );
    }
}

// RFC 5849 section 3.4.1 normalisation, with erratum 2550's signature
// (<https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1>,
// <https://www.rfc-editor.org/errata/eid2550>).
#[test]
fn rfc5849_section_3_4_1_normalisation() {
    let url = Url::parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").unwrap();
    let mut params: Vec<(String, String)> = url::form_urlencoded::parse(b"c2&a3=2+q")
        .into_owned()
        .collect();
    params.extend(pairs(&[
        ("oauth_consumer_key", "9djdj82h48djs9d2"),
        ("oauth_token", "kkk9d7dh3k39sjv7"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "137131201"),
        ("oauth_nonce", "7d8f3e4a"),
    ]));
    let base = signature_base_string("POST", &url, &params);
    assert_eq!(
        base,
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
    );
    let normalised = percent_encoding::percent_decode_str(base.split('&').nth(2).unwrap())
        .decode_utf8()
        .unwrap();
    assert_eq!(
        normalised,
        "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7"
    );
    assert_eq!(
        hmac_sha1_signature(
            &base,
            &ClientSecret::new("j49sk3j29djd"),
            Some(&TokenSecret::new("dh893hdasih9"))
        ),
        "r6/TJjbCOr97/+UU0NsvSne7s5g="
    );
}

#[test]
fn default_port_is_dropped_and_others_kept() {
    let with = |u: &str| signature_base_string("GET", &Url::parse(u).unwrap(), &[]);
    assert_eq!(with("https://api.x.com:443/a"), with("https://api.x.com/a"));
    assert!(with("https://api.x.com:8443/a").contains("api.x.com%3A8443%2Fa"));
}

#[test]
fn debug_output_has_no_secret() {
    let creds = OAuth1Credentials::new("key", ClientSecret::new("SEKRIT-123-consumer"))
        .with_token("SEKRIT-123-token", TokenSecret::new("SEKRIT-123-secret"));
    for text in [
        format!("{creds:?}"),
        format!("{:?}", OAuth1Auth::new(creds.clone())),
    ] {
        assert!(!text.contains("SEKRIT-123"), "{text}");
    }
}

/// Parses `OAuth k="v", …` into decoded pairs.
fn header_params(req: &Request) -> Vec<(String, String)> {
    let header = req.headers["authorization"].to_str().unwrap();
    let fields = header.strip_prefix("OAuth ").expect("an OAuth header");
    fields
        .split(", ")
        .map(|f| {
            let (k, v) = f.split_once('=').unwrap();
            let v = v.trim_matches('"');
            let v = percent_encoding::percent_decode_str(v)
                .decode_utf8()
                .unwrap();
            (k.to_string(), v.into_owned())
        })
        .collect()
}

/// The URL the client signed (wiremock reports the host as `localhost`, without the port).
fn signed_url(req: &Request, server: &MockServer) -> Url {
    let mut url = req.url.clone();
    url.set_ip_host(server.address().ip()).unwrap();
    url.set_port(Some(server.address().port())).unwrap();
    url
}

/// Recomputes the signature the server way: the query, the form body (only for a form), and the
/// header's protocol parameters.
fn signature_is_valid(req: &Request, server: &MockServer, creds: &OAuth1Credentials) -> bool {
    let oauth = header_params(req);
    let get = |k: &str| oauth.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let is_form = req
        .headers
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap() == "application/x-www-form-urlencoded");
    let mut params: Vec<(String, String)> = if is_form {
        url::form_urlencoded::parse(&req.body)
            .into_owned()
            .collect()
    } else {
        Vec::new()
    };
    params.extend(
        oauth
            .iter()
            .filter(|(k, _)| k != "oauth_signature")
            .cloned(),
    );
    let base = signature_base_string(req.method.as_str(), &signed_url(req, server), &params);
    let expected = hmac_sha1_signature(&base, &creds.consumer_secret, creds.token_secret.as_ref());
    get("oauth_signature") == Some(expected)
}

async fn signed_transport(server: &MockServer, clock: &ManualClock) -> Transport {
    Transport::builder(Network::X, server.uri())
        .authenticator(Arc::new(OAuth1Auth::new(x_docs_credentials())))
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn signs_query_and_form_but_not_json_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(V1_TIMESTAMP));
    let t = signed_transport(&server, &clock).await;
    t.execute(
        RequestSpec::post("1.1/statuses/update.json")
            .query("include_entities", true)
            .form([("status", V1_STATUS)]),
    )
    .await
    .unwrap();
    t.execute(
        RequestSpec::post("2/tweets")
            .query("a", "b c")
            .json(&serde_json::json!({"text": "not signed"})),
    )
    .await
    .unwrap();

    let creds = x_docs_credentials();
    let received = server.received_requests().await.unwrap();
    for req in &received {
        assert!(
            signature_is_valid(req, &server, &creds),
            "bad signature on {}",
            req.url
        );
        let oauth = header_params(req);
        assert!(oauth.contains(&("oauth_timestamp".into(), V1_TIMESTAMP.to_string())));
        assert!(oauth.contains(&("oauth_version".into(), "1.0".into())));
    }
    // The JSON body is not signed: signing it as if it were a form would not verify.
    let json_req = &received[1];
    let mut with_body = header_params(json_req);
    with_body.retain(|(k, _)| k != "oauth_signature");
    with_body.push(("text".into(), "not signed".into()));
    let base = signature_base_string("POST", &signed_url(json_req, &server), &with_body);
    let sig = hmac_sha1_signature(&base, &creds.consumer_secret, creds.token_secret.as_ref());
    assert!(!header_params(json_req).contains(&("oauth_signature".into(), sig)));
}

#[tokio::test]
async fn every_attempt_gets_a_fresh_nonce() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(V1_TIMESTAMP));
    let t = signed_transport(&server, &clock).await;
    t.execute(RequestSpec::get("2/users/me")).await.unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let nonce = |r: &Request| {
        header_params(r)
            .into_iter()
            .find(|(k, _)| k == "oauth_nonce")
            .unwrap()
            .1
    };
    assert_ne!(nonce(&received[0]), nonce(&received[1]));
    assert!(nonce(&received[0]).len() >= 32);
    assert!(
        received
            .iter()
            .all(|r| signature_is_valid(r, &server, &x_docs_credentials()))
    );
}
