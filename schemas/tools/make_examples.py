#!/usr/bin/env python3
"""Writes example payloads for every catalog operation into
schemas/examples/catalog/<operation id>/:

  request.valid.json              a request body that must pass (if the operation has one)
  response.<status>.valid.json    a response body that must pass, per declared status
  <kind>.invalid.<CODE>.<what>.json  a body that breaks exactly one rule; CODE is
                                  the finding code tokenguard must report
  <kind>.strict.<CODE>.<what>.json   a body that draws CODE as a warning, and as an
                                  error under the strict option
  <kind>.valid.<what>.json           a further body that must pass

Valid bodies are built from the schemas' own upstream examples; the invalid
ones are the valid ones with one mutation (MUTATIONS below). A developer's
tool: its output is committed, and tests/catalog_test.cc (Examples), the
gateway's fake upstream and the README's demo command read it.

    python3 schemas/tools/make_examples.py schemas
"""
import copy
import json
import os
import shutil
import sys

FORMAT_SAMPLES = {
    "date-time": "2014-01-01T05:20:00.12345Z",
    "date": "2014-01-01",
    "uuid": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
    "cloudflare-identifier": "023e105f4ecef8ad9ca31a8372d0c353",
    "cidr": "199.27.128.0/21",
    "go-duration-or-forever": "60m",
    "go-duration": "60m",
    "email": "user@example.com",
}


def pattern_sample(pattern):
    """A string for the simple id patterns upstream uses (^ACC-\\d\\d\\d\\d-...$)."""
    return pattern.strip("^$").replace("\\d", "1")


class Sampler:
    def __init__(self, doc, direction):
        self.doc, self.direction = doc, direction

    def resolve(self, s):
        seen = 0
        while isinstance(s, dict) and "$ref" in s and seen < 50:
            node = self.doc
            for part in s["$ref"][2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            s, seen = node, seen + 1
        return s

    def sample(self, s, depth=0):
        s = self.resolve(s)
        if not isinstance(s, dict):
            return None
        if "allOf" in s:
            out = {}
            for b in s["allOf"]:
                v = self.sample(b, depth)
                if isinstance(v, dict):
                    out.update(v)
                elif v is not None:
                    return v  # a scalar or array shape: the first that says so
            own = {k: v for k, v in s.items() if k != "allOf"}
            if "properties" in own or own.get("type") == "object":
                v = self.sample(own, depth)
                if isinstance(v, dict):
                    out.update(v)
            return out
        ex = s.get("example")
        if isinstance(ex, dict) and ex and all(isinstance(v, dict) and "value" in v for v in ex.values()):
            # an OpenAPI examples map written where one example belongs
            # (Cloudflare's policy resources): its first value
            return copy.deepcopy(next(iter(ex.values()))["value"])
        for key in ("anyOf", "oneOf"):
            if key in s:
                return self.sample(s[key][0], depth)
        if "enum" in s:
            return s["enum"][0]
        t = s.get("type")
        ex = s.get("example")
        if isinstance(ex, dict) and ex and set(ex) <= set(s.get("properties", {})):
            return copy.deepcopy(ex)  # an object's own upstream example
        if t == "object" or "properties" in s:
            out = {}
            required = set(s.get("required", []))
            for name, ps in s.get("properties", {}).items():
                r = self.resolve(ps)
                if self.direction == "request" and isinstance(r, dict) and r.get("readOnly"):
                    continue
                if self.direction == "response" and isinstance(r, dict) and r.get("writeOnly"):
                    continue
                if depth >= 3 and name not in required:
                    continue
                v = self.sample(ps, depth + 1)
                if v is not None:
                    out[name] = v
            return out
        if t == "array":
            item = self.sample(s.get("items", {}), depth + 1)
            return [] if item is None else [item]
        if "example" in s and t in ("string", "number", "integer", "boolean"):
            ex = s["example"]
            fmt = s.get("format")
            if fmt in FORMAT_SAMPLES and fmt not in ("date-time",):
                return FORMAT_SAMPLES[fmt]
            return ex
        if t == "string":
            if "pattern" in s:
                return pattern_sample(s["pattern"])
            if s.get("format") in FORMAT_SAMPLES:
                return FORMAT_SAMPLES[s["format"]]
            n = max(s.get("minLength", 0), min(4, s.get("maxLength", 4)))
            return "abcd"[:n] if n <= 4 else "a" * n
        if t == "integer":
            return max(1, int(s.get("minimum", 1)))
        if t == "number":
            return 1
        if t == "boolean":
            return True
        if "pattern" in s:
            return pattern_sample(s["pattern"])
        return None


def set_at(doc, path, value):
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def delete_at(doc, path):
    node = doc
    for p in path[:-1]:
        node = node[p]
    del node[path[-1]]


DELETE = object()

# (operation, kind, code, what, path, new value or DELETE[, verdict]); the
# verdict is "invalid" unless given: "strict" or "valid".
MUTATIONS = [
    ("cloudflare.access.service_tokens.create", "request", "TG_FORMAT", "duration-1d", ["duration"], "1d"),
    ("cloudflare.access.service_tokens.create", "request", "TG_TYPE", "name-number", ["name"], 42),
    ("cloudflare.access.service_tokens.create", "request", "TG_REQUIRED", "missing-name", ["name"], DELETE),
    ("cloudflare.access.service_tokens.update", "request", "TG_FORMAT", "duration-1d", ["duration"], "1d"),
    ("cloudflare.access.service_tokens.update", "request", "TG_FORMAT", "expiry-not-date-time",
     ["previous_client_secret_expires_at"], "yesterday"),
    ("cloudflare.access.service_tokens.update", "response.200", "TG_FORMAT", "created-at-not-date-time",
     ["result", "created_at"], "2014-13-01T05:20:00Z"),
    ("cloudflare.access.service_tokens.update", "response.200", "TG_FORMAT", "id-not-uuid", ["result", "id"], "not-a-uuid"),
    ("cloudflare.access.service_tokens.get", "response.200", "TG_ENUM", "success-false", ["success"], False),
    ("cloudflare.access.service_tokens.get", "response.200", "TG_REQUIRED", "missing-errors", ["errors"], DELETE),
    ("cloudflare.access.service_tokens.get", "response.200", "TG_REQUIRED", "missing-result", ["result"], DELETE),
    ("cloudflare.user.tokens.roll", "response.200", "TG_REQUIRED", "missing-result", ["result"], DELETE),
    ("cloudflare.access.service_tokens.list", "response.200", "TG_TYPE", "result-not-array", ["result"], {}),
    ("cloudflare.access.service_tokens.rotate", "response.200", "TG_TYPE", "secret-number", ["result", "client_secret"], 7),
    ("cloudflare.access.service_tokens.zone.update", "request", "TG_FORMAT", "duration-days", ["duration"], "30d"),
    ("cloudflare.access.service_tokens.delete", "response.4XX", "TG_MINIMUM", "error-code-below-1000",
     ["errors", 0, "code"], 999),
    ("cloudflare.user.tokens.create", "request", "TG_MAX_LENGTH", "name-121", ["name"], "n" * 121),
    ("cloudflare.user.tokens.create", "request", "TG_FORMAT", "cidr-slash-33",
     ["condition", "request_ip", "in", 0], "10.0.0.1/33"),
    ("cloudflare.user.tokens.create", "request", "TG_REQUIRED", "missing-policies", ["policies"], DELETE),
    ("cloudflare.user.tokens.create", "request", "TG_ENUM", "effect-maybe", ["policies", 0, "effect"], "maybe"),
    ("cloudflare.user.tokens.create", "request", "TG_NOT_BEFORE_AFTER_EXPIRY", "window-inverted",
     ["not_before"], "2030-01-01T00:00:00Z"),
    ("cloudflare.user.tokens.update", "request", "TG_ENUM", "status-paused", ["status"], "paused"),
    ("cloudflare.user.tokens.update", "request", "TG_FORMAT", "old-spelling-cidr",
     ["condition", "request.ip"], {"in": ["300.0.0.0/8"]}),
    ("cloudflare.user.tokens.update", "response.200", "TG_FORMAT", "expires-on-not-date-time",
     ["result", "expires_on"], "tomorrow"),
    ("cloudflare.user.tokens.get", "response.200", "TG_FORMAT", "id-not-hex", ["result", "id"], "zz17574386854bf78a67040be0a770b0"),
    ("cloudflare.user.tokens.verify", "response.200", "TG_ENUM", "status-unknown", ["result", "status"], "unknown"),
    ("cloudflare.user.tokens.roll", "response.200", "TG_TYPE", "result-number", ["result"], 5),
    ("cloudflare.user.tokens.permission_groups.list", "response.200", "TG_TYPE", "result-object", ["result"], {}),
    ("softwareone.accounts.api_tokens.create", "request", "TG_ADDITIONAL_PROPERTY", "unknown-field", ["colour"], "red",
     "strict"),
    ("softwareone.accounts.api_tokens.update", "request", "TG_ADDITIONAL_PROPERTY", "account", ["account"],
     {"id": "ACC-1234-5678"}, "strict"),
    ("softwareone.accounts.api_tokens.update", "request", "TG_PATTERN", "module-id", ["modules", 0, "id"], "text"),
    ("softwareone.accounts.api_tokens.update", "request", "TG_TYPE", "description-number", ["description"], 5),
    ("softwareone.accounts.api_tokens.get", "response.200", "TG_FORMAT", "last-access-not-date-time",
     ["lastAccessAt"], "last tuesday"),
    ("softwareone.accounts.api_tokens.get", "response.200", "TG_ENUM", "account-type", ["account", "type"], "Partner"),
    ("softwareone.accounts.api_tokens.enable", "response.200", "TG_ADDITIONAL_PROPERTY", "unknown-field", ["colour"], "red"),
    # the account-owned tokens and the fields the live APIs have today
    ("cloudflare.account.tokens.create", "request", "TG_FORMAT", "cidr-slash-33",
     ["condition", "request_ip", "in", 0], "10.0.0.1/33"),
    ("cloudflare.account.tokens.create", "request", "TG_REQUIRED", "missing-policies", ["policies"], DELETE),
    ("cloudflare.account.tokens.update", "request", "TG_ENUM", "status-revoked", ["status"], "revoked (exposed)"),
    ("cloudflare.account.tokens.get", "response.200", "TG_ONE_OF", "resources-empty",
     ["result", "policies", 0, "resources"], {}),
    ("cloudflare.account.tokens.get", "response.200", "", "revoked-exposed", ["result", "status"], "revoked (exposed)",
     "valid"),
    ("cloudflare.account.tokens.roll", "response.200", "TG_TYPE", "result-number", ["result"], 5),
    ("cloudflare.account.tokens.permission_groups.list", "response.200", "TG_ENUM", "category-unknown",
     ["result", 0, "category"], "games"),
    ("cloudflare.user.tokens.update", "request", "TG_ENUM", "status-revoked", ["status"], "revoked (exposed)"),
    ("cloudflare.user.tokens.get", "response.200", "", "revoked-exposed", ["result", "status"], "revoked (exposed)",
     "valid"),
    ("cloudflare.access.service_tokens.get", "response.200", "TG_FORMAT", "expires-at-next-year",
     ["result", "expires_at"], "next year"),
    ("cloudflare.access.service_tokens.rotate", "response.200", "TG_MINIMUM", "secret-version-0",
     ["result", "client_secret_version"], 0),
    ("cloudflare.access.service_tokens.create", "request", "TG_TYPE", "enabled-string", ["enabled"], "yes"),
]


def softwareone_ids(token):
    if not isinstance(token, dict):
        return
    if "id" in token:
        token["id"] = "TKN-1234-5678"
    if isinstance(token.get("account"), dict) and "id" in token["account"]:
        token["account"]["id"] = "ACC-1234-5678"
    for module in token.get("modules", []) if isinstance(token.get("modules"), list) else []:
        if isinstance(module, dict) and "id" in module:
            module["id"] = "MOD-1234"


def main():
    out_dir = os.path.join(sys.argv[1], "examples", "catalog")
    shutil.rmtree(out_dir, ignore_errors=True)
    bodies = {}
    for f in sorted(os.listdir(sys.argv[1])):
        if not f.endswith(".openapi.json"):
            continue
        doc = json.load(open(os.path.join(sys.argv[1], f)))
        for path, item in doc["paths"].items():
            for method, op in item.items():
                oid = op["x-tokenguard-id"]
                d = os.path.join(out_dir, oid)
                os.makedirs(d, exist_ok=True)
                rb = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
                if rb is not None:
                    bodies[(oid, "request")] = Sampler(doc, "request").sample(rb)
                for status, resp in op["responses"].items():
                    s = resp.get("content", {}).get("application/json", {}).get("schema")
                    if s is None:
                        continue
                    body = Sampler(doc, "response").sample(s)
                    if status.endswith("XX") and isinstance(body, dict):
                        body.update({"success": False, "result": None,
                                     "errors": [{"code": 7003, "message": "No route for that URI"}]})
                    bodies[(oid, "response." + status)] = body
    # Upstream-quirk fixes to the generated valid bodies: a user token's
    # not_before and expires_on examples are fine; the window mutation moves
    # not_before past expires_on. SoftwareOne's response schemas leave ids
    # free strings; real ones have the shapes the requests use.
    for (oid, kind), body in bodies.items():
        if oid.startswith("softwareone.") and kind.startswith("response.") and isinstance(body, dict):
            for token in body.get("data", [body]) if isinstance(body.get("data"), list) else [body]:
                softwareone_ids(token)
    for (oid, kind), body in sorted(bodies.items()):
        path = os.path.join(out_dir, oid, f"{kind}.valid.json")
        with open(path, "w") as fh:
            json.dump(body, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    for oid, kind, code, what, path, value, *rest in MUTATIONS:
        verdict = rest[0] if rest else "invalid"
        body = copy.deepcopy(bodies[(oid, kind)])
        if value is DELETE:
            delete_at(body, path)
        else:
            set_at(body, path, value)
        name = f"{kind}.valid.{what}.json" if verdict == "valid" else f"{kind}.{verdict}.{code}.{what}.json"
        with open(os.path.join(out_dir, oid, name), "w") as fh:
            json.dump(body, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    print(f"{len(bodies)} valid and {len(MUTATIONS)} mutated examples in {out_dir}")


if __name__ == "__main__":
    main()
