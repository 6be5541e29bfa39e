#!/usr/bin/env python3
"""Carries the facts the X client needs from X's official OpenAPI spec into the project.

Reads the spec (the file named on the command line: xdevplatform/xdk keeps the pinned production
spec, MIT-licensed, in specs/openapi.json; X serves the live one at
https://api.x.com/2/openapi.json) and writes
crates/social-twitter/tests/fixtures/openapi_operations.json: for every operation, its method,
path template, the names of its query parameters (and which of them are required), and the
security schemes that may call it (`BearerToken` is app-only; `OAuth2UserToken` and `UserToken`
are user context). The contract test (tests/openapi_contract.rs) checks every request the client
sends against that file, so the test needs no copy of the spec.

The spec names the post fields parameter `post.fields`; the documentation and the client use
`tweet.fields` (https://docs.x.com/x-api/fundamentals/fields). Both names are recorded so either
is accepted.

Usage: python3 crates/social-twitter/scripts/extract_openapi.py path/to/openapi.json
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[3]
if len(sys.argv) != 2:
    sys.exit(__doc__)
spec_path = pathlib.Path(sys.argv[1])
spec = json.loads(spec_path.read_text())
params = spec.get("components", {}).get("parameters", {})

ops = []
for path, item in sorted(spec["paths"].items()):
    shared = item.get("parameters", [])
    for method, op in sorted(item.items()):
        if method not in ("get", "post", "put", "delete", "patch"):
            continue
        query = set()
        required = set()
        for p in shared + op.get("parameters", []):
            if "$ref" in p:
                p = params[p["$ref"].split("/")[-1]]
            if p.get("in") == "query":
                query.add(p["name"])
                if p.get("required"):
                    required.add(p["name"])
                if p["name"] == "post.fields":
                    query.add("tweet.fields")
        # An operation without `security` inherits the spec's (none in v2.167, but be exact).
        security = op.get("security", spec.get("security", []))
        schemes = sorted({name for requirement in security for name in requirement})
        ops.append({
            "method": method.upper(),
            "path": path,
            "query": sorted(query),
            "required_query": sorted(required),
            "security": schemes,
        })

out = root / "crates" / "social-twitter" / "tests" / "fixtures" / "openapi_operations.json"
out.parent.mkdir(parents=True, exist_ok=True)
doc = {
    "source": f"X API v2 OpenAPI spec {spec['info']['version']} (xdevplatform, MIT), reduced by scripts/extract_openapi.py",
    "operations": ops,
}
out.write_text(json.dumps(doc, indent=1) + "\n")
print(f"wrote {len(ops)} operations to {out.relative_to(root)}")
