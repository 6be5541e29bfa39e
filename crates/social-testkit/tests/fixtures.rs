//! Fixtures: reading JSON and bytes, and naming a missing file.

use social_testkit::Fixtures;

#[test]
fn reads_json_and_bytes() {
    let fixtures = Fixtures::new(env!("CARGO_MANIFEST_DIR"));
    let hello = fixtures.json("sample/hello.json");
    assert_eq!(hello["data"]["text"], "hello");
    let bytes = fixtures.bytes("sample/hello.json");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
        hello
    );
}

#[test]
#[should_panic(expected = "sample/missing.json")]
fn a_missing_fixture_panics_naming_the_file() {
    Fixtures::new(env!("CARGO_MANIFEST_DIR")).json("sample/missing.json");
}
