#!/usr/bin/python3
"""tokenguard against an independent validator on real OpenAPI documents.

    openapi_differential.py --tool build/dev/tokenguard --known known_differences.json DOC [DOC...]

For every operation with a JSON request body or a JSON 2xx response, builds
a body from the schema's own examples (falling back to values of the right
type and format), and one single-rule mutation of it (a required member
removed, a wrong type, a value outside an enum or a bound, a malformed
format, an undeclared member where the schema closes the object). Each body
is checked by tokenguard (one `tokenguard check-lines --openapi DOC` run
per document, records naming their operation) and by Python's jsonschema
from Debian, with OpenAPI's rules translated: for 3.0, draft 4 plus
`nullable` (null passes every keyword) and readOnly/writeOnly by direction
(`required` on a readOnly property binds responses only); for 3.1, draft
2020-12; formats asserted in both, with the reference's missing format
checks written here from their RFCs. Every verdict that differs is put in a
category; a category not listed, with its reason, in the known-differences
file fails the run. Prints the counts per document.

Exit status: 0 agreement up to the listed policy differences, 1 otherwise,
77 when none of the documents, or Debian's python3-jsonschema, is here
(a missing document is skipped, saying so).
"""
import argparse
import base64
import contextlib
import copy
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
sys.path.insert(0, "/usr/lib/python3/dist-packages")
try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e} (Debian's python3-jsonschema and python3-yaml)")
    sys.exit(77)

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


# ---------------------------------------------------------------- documents

def load_text(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    if text.lstrip()[:1] in ("{", "["):
        return json.loads(text)
    return yaml.safe_load(text)


def file_handler(uri):
    return load_text(urllib.parse.unquote(urllib.parse.urlparse(uri).path))


def is_json_media(media):
    m = media.split(";")[0].strip().lower()
    sub = m.split("/", 1)[1] if "/" in m else ""
    return sub == "json" or sub.endswith("+json")


# ------------------------------------------------------ the reference's formats
# Written here from the RFCs, for the formats Debian's jsonschema leaves
# unchecked (its optional dependencies are not packaged).

RFC3339_DATE = r"(\d{4})-(\d{2})-(\d{2})"
RFC3339_TIME = r"(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid_date(y, m, d):
    if not 1 <= m <= 12 or d < 1:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return d <= (29 if m == 2 and leap else 28 if m == 2 else DAYS[m - 1])


def valid_time(h, mi, s, offset):
    if h > 23 or mi > 59 or s > 60:
        return False
    if offset not in ("Z", "z") and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        return False
    return True  # a leap second's exact UTC minute is not checked here either way


def check_date_time(v):
    m = re.fullmatch(RFC3339_DATE + r"[Tt]" + RFC3339_TIME, v, re.ASCII)
    return bool(m) and valid_date(int(m[1]), int(m[2]), int(m[3])) and valid_time(int(m[4]), int(m[5]), int(m[6]), m[8])


def check_date(v):
    m = re.fullmatch(RFC3339_DATE, v, re.ASCII)
    return bool(m) and valid_date(int(m[1]), int(m[2]), int(m[3]))


def check_time(v):
    m = re.fullmatch(RFC3339_TIME, v, re.ASCII)
    return bool(m) and valid_time(int(m[1]), int(m[2]), int(m[3]), m[5])


def check_uuid(v):
    return re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", v) is not None


def check_hostname(v):
    if not v or len(v) > 253 or v.endswith("."):
        return False
    label = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    return all(re.fullmatch(label, part, re.ASCII) for part in v.split("."))


def check_byte(v):
    return re.fullmatch(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?", v) is not None


def check_duration(v):
    """RFC 3339 appendix A: P, then Y M D or H M S runs without gaps, or weeks alone."""
    date = r"(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)"
    time_ = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"
    return re.fullmatch(rf"P(?:{date}(?:{time_})?|{time_}|\d+W)", v, re.ASCII) is not None


def integral(v):
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


def format_checker():
    fc = jsonschema.FormatChecker()
    fc.checks("date-time")(lambda v: not isinstance(v, str) or check_date_time(v))
    fc.checks("date")(lambda v: not isinstance(v, str) or check_date(v))
    fc.checks("time")(lambda v: not isinstance(v, str) or check_time(v))
    fc.checks("uuid")(lambda v: not isinstance(v, str) or check_uuid(v))
    fc.checks("hostname")(lambda v: not isinstance(v, str) or check_hostname(v))
    fc.checks("byte")(lambda v: not isinstance(v, str) or check_byte(v))
    fc.checks("duration")(lambda v: not isinstance(v, str) or check_duration(v))
    num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    fc.checks("int32")(lambda v: not num(v) or (integral(v) and -2**31 <= v <= 2**31 - 1))
    fc.checks("int64")(lambda v: not num(v) or (integral(v) and -2**63 <= v <= 2**63 - 1))
    fc.checks("float")(lambda v: not num(v) or abs(v) <= 3.4028234663852886e38)
    return fc


# ------------------------------------------------ OpenAPI's rules, translated

def ecma_to_python(pattern):
    return re.sub(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", r"(?P<\1>", pattern)


def reference_validator(version, direction):
    """A jsonschema validator class reading schemas as tokenguard reads this
    OpenAPI version's, for one direction."""
    base = jsonschema.Draft4Validator if version == "3.0" else jsonschema.Draft202012Validator
    hidden = "readOnly" if direction == "request" else "writeOnly"

    def required(validator, names, instance, schema):
        if not validator.is_type(instance, "object"):
            return
        props = schema.get("properties", {})
        for name in names:
            if name in instance:
                continue
            sub = props.get(name, {})
            if isinstance(sub, dict) and "$ref" in sub:
                _, sub = validator.resolver.resolve(sub["$ref"])
            if isinstance(sub, dict) and sub.get(hidden) is True:
                continue  # required binds only the other direction
            yield jsonschema.ValidationError(f"{name!r} is a required property")

    def pattern(validator, patrn, instance, schema):
        if validator.is_type(instance, "string") and not re.search(ecma_to_python(patrn), instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")

    def nullable_aware(fn):
        @functools.wraps(fn)
        def wrapped(validator, value, instance, schema):
            if instance is None and schema.get("nullable") is True:
                return
            yield from fn(validator, value, instance, schema)
        return wrapped

    keywords = dict(base.VALIDATORS, required=required, pattern=pattern)
    if version == "3.0":
        keywords = {k: nullable_aware(v) for k, v in keywords.items()}
    return jsonschema.validators.extend(base, keywords)


# --------------------------------------------------------------- the bodies

class Builder:
    """Bodies from a schema's own examples, and their mutations."""

    def __init__(self, resolver):
        self.resolver = resolver

    @contextlib.contextmanager
    def scoped(self, schema):
        """The schema a $ref chain ends at, with the resolver's base URI
        moved to its document while the caller walks it."""
        pushed = 0
        while isinstance(schema, dict) and "$ref" in schema and pushed < 32:
            url, schema = self.resolver.resolve(schema["$ref"])
            self.resolver.push_scope(url)
            pushed += 1
        try:
            yield schema if isinstance(schema, dict) else {}
        finally:
            for _ in range(pushed):
                self.resolver.pop_scope()

    def resolve(self, schema):
        with self.scoped(schema) as s:
            return s

    def build(self, schema, depth=0):
        with self.scoped(schema) as s:
            return self.build_here(s, depth)

    def build_here(self, s, depth):
        if depth > 12:
            return None
        if "example" in s:
            return copy.deepcopy(s["example"])
        if isinstance(s.get("examples"), list) and s["examples"]:
            return copy.deepcopy(s["examples"][0])
        if "const" in s:
            return s["const"]
        if isinstance(s.get("enum"), list) and s["enum"]:
            return s["enum"][0]
        if isinstance(s.get("allOf"), list):
            out = {}
            for branch in s["allOf"]:
                part = self.build(branch, depth + 1)
                if isinstance(part, dict):
                    out.update(part)
            if "properties" in s or "required" in s:
                out.update(self.build_object(s, depth))
            return out
        for key in ("oneOf", "anyOf"):
            if isinstance(s.get(key), list) and s[key]:
                return self.build(s[key][0], depth + 1)
        t = s.get("type")
        if isinstance(t, list):
            t = next((x for x in t if x != "null"), "null")
        if t == "object" or "properties" in s:
            return self.build_object(s, depth)
        if t == "array":
            item = self.build(s.get("items", {}), depth + 1)
            return [item] * max(1, int(s.get("minItems", 1)))
        if t == "integer":
            return int(s.get("minimum", 1)) + (1 if s.get("exclusiveMinimum") is True else 0)
        if t == "number":
            return float(s.get("minimum", 1.5))
        if t == "boolean":
            return True
        if t == "null":
            return None
        if t == "string":
            return self.string(s)
        return "value"

    def build_object(self, s, depth):
        out = {}
        props = s.get("properties", {})
        for name in s.get("required", []):
            out[name] = self.build(props.get(name, {}), depth + 1)
        for name, sub in props.items():
            if name not in out and isinstance(sub, dict) and ("example" in sub or "examples" in sub):
                out[name] = self.build(sub, depth + 1)
        return out

    FORMAT_VALUES = {
        "date-time": "2014-01-01T05:20:00Z", "date": "2014-01-01", "time": "05:20:00Z",
        "uuid": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "email": "user@example.com", "hostname": "example.com",
        "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "uri": "https://example.com/a", "uri-reference": "/a",
        "byte": "aGk=", "cidr": "192.0.2.0/24", "duration": "P1D",
    }

    def string(self, s):
        v = self.FORMAT_VALUES.get(s.get("format"), "abcdef")
        lo, hi = int(s.get("minLength", 0)), s.get("maxLength")
        if len(v) < lo:
            v = v + "a" * (lo - len(v))
        if hi is not None and len(v) > int(hi):
            v = v[: int(hi)]
        return v

    FORMAT_BREAKS = {"date-time": "yesterday", "date": "2014-13-01", "time": "25:00:00Z", "uuid": "not-a-uuid",
                     "email": "no-at-sign", "hostname": "-bad-", "ipv4": "999.1.1.1", "ipv6": "2001:db8:::1",
                     "uri": "not a uri", "byte": "a=b", "duration": "1d"}

    def mutations(self, schema, value, path=(), depth=0):
        """(kind, path, new value or DELETE) for one rule each, in this body."""
        with self.scoped(schema) as s:
            return self.mutations_here(s, value, path, depth)

    def mutations_here(self, s, value, path, depth):
        out = []
        if depth > 4:
            return out
        for branch in s.get("allOf", []) if isinstance(s.get("allOf"), list) else []:
            out += self.mutations(branch, value, path, depth + 1)  # breaking a branch breaks the whole
        if isinstance(value, dict):
            for name in s.get("required", []):
                if name in value:
                    out.append(("missing-required", path + (name,), DELETE))
            if s.get("additionalProperties") is False and not s.get("allOf"):
                out.append(("undeclared-member", path + ("x_tokenguard_extra",), 1))
            for name, sub in s.get("properties", {}).items():
                if name in value:
                    out += self.mutations(sub, value[name], path + (name,), depth + 1)
        elif isinstance(value, list) and value:
            out += self.mutations(s.get("items", {}), value[0], path + (0,), depth + 1)
            if "maxItems" in s:
                out.append(("above-maxItems", path, value * (int(s["maxItems"]) + 1)))
        elif isinstance(value, str):
            out.append(("wrong-type", path, 12345))
            if s.get("enum"):
                out.append(("outside-enum", path, "not-" + str(s["enum"][0])))
            if s.get("format") in self.FORMAT_BREAKS:
                out.append(("bad-format-" + s["format"], path, self.FORMAT_BREAKS[s["format"]]))
            if "maxLength" in s:
                out.append(("above-maxLength", path, "a" * (int(s["maxLength"]) + 1)))
        elif isinstance(value, bool):
            out.append(("wrong-type", path, "true"))
        elif isinstance(value, (int, float)):
            out.append(("wrong-type", path, str(value)))
            if "maximum" in s:
                out.append(("above-maximum", path, s["maximum"] + 1))
            if s.get("format") == "int32":
                out.append(("bad-format-int32", path, 99999999999))
        return out


DELETE = object()


def apply(value, path, new):
    value = copy.deepcopy(value)
    if not path:
        return new
    target = value
    for step in path[:-1]:
        target = target[step]
    if new is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return value


# --------------------------------------------------------------- one document

def operations(doc, resolver):
    """(id, method, path, operation) as tokenguard names them; the first of a
    duplicated id only (tokenguard finds that one by id)."""
    seen = set()
    for path, item in (doc.get("paths") or {}).items():
        if path.startswith("x-") or not isinstance(item, dict):
            continue
        base_scope = resolver.resolution_scope
        if "$ref" in item:
            url, item = resolver.resolve(item["$ref"])
            resolver.push_scope(url)
        try:
            for m in METHODS:
                op = item.get(m)
                if not isinstance(op, dict):
                    continue
                op_id = op.get("x-tokenguard-id") or op.get("operationId") or f"{m.upper()} {path}"
                if op_id in seen:
                    continue
                seen.add(op_id)
                yield op_id, op, resolver.resolution_scope
        finally:
            if resolver.resolution_scope != base_scope:
                resolver.pop_scope()


def json_schema_of(content):
    best = None
    for media, obj in (content or {}).items():
        if is_json_media(media) and isinstance(obj, dict) and "schema" in obj:
            if media.split(";")[0].strip().lower() == "application/json":
                return obj["schema"]
            best = best or obj["schema"]
    return best


def cases_for(op_id, direction, status, schema, builder, validators, resolver, checker):
    """The example body and one mutation: (check-lines record, reference verdict, kind, direction)."""
    body = builder.build(schema)
    bodies = [("example", body)]
    muts = builder.mutations(schema, body)
    if muts:
        h = int(hashlib.sha256(f"{op_id} {direction}".encode()).hexdigest(), 16)
        kind, where, new = muts[h % len(muts)]
        bodies.append((kind, apply(body, where, new)))
    out = []
    for kind, instance in bodies:
        validator = validators[direction](schema, resolver=resolver, format_checker=checker)
        why = ""
        try:
            error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
            ok = error is None
            if error is not None:
                why = ("allOf/" if "allOf" in error.absolute_schema_path else "") + str(error.validator)
        except (jsonschema.exceptions.RefResolutionError, re.error, RecursionError):
            ok = None  # the reference cannot decide
        # Bodies as raw text: check-lines reads a JSON string as the body's text.
        record = {"operation": op_id}
        if direction == "request":
            record["request"] = json.dumps(instance)
        else:
            record["status"] = status
            record["response"] = json.dumps(instance)
        out.append((record, ok, kind, direction, why))
    return out


def run_document(path, tool, args):
    doc = load_text(path)
    version = "3.1" if str(doc.get("openapi", "")).startswith("3.1") else "3.0"
    base_uri = "file://" + urllib.parse.quote(os.path.abspath(path))
    resolver = jsonschema.RefResolver(base_uri, doc, handlers={"file": file_handler})
    builder = Builder(resolver)
    checker = format_checker()
    validators = {d: reference_validator(version, d) for d in ("request", "response")}
    cases = []  # (record, reference verdict, kind, where)
    for op_id, op, scope in operations(doc, resolver):
        resolver.push_scope(scope)
        try:
            targets = []  # (direction, status, schema, the base URI its $refs resolve against)
            rb = op.get("requestBody")
            if isinstance(rb, dict):
                url = resolver.resolution_scope
                if "$ref" in rb:
                    url, rb = resolver.resolve(rb["$ref"])
                schema = json_schema_of(rb.get("content"))
                if schema is not None:
                    targets.append(("request", None, schema, url))
            for status, resp in (op.get("responses") or {}).items():
                code = str(status)
                if not (len(code) == 3 and code[0] == "2"):
                    continue
                url = resolver.resolution_scope
                if isinstance(resp, dict) and "$ref" in resp:
                    url, resp = resolver.resolve(resp["$ref"])
                schema = json_schema_of((resp or {}).get("content"))
                if schema is not None:
                    targets.append(("response", 200 if code.upper() == "2XX" else int(code), schema, url))
            for direction, status, schema, url in targets:
                resolver.push_scope(url)
                try:
                    cases += cases_for(op_id, direction, status, schema, builder, validators, resolver, checker)
                finally:
                    resolver.pop_scope()
        finally:
            resolver.pop_scope()
    lines = "".join(json.dumps(c[0]) + "\n" for c in cases)
    started = time.time()
    proc = subprocess.run([tool, "check-lines", "--json", "--openapi", path, "-"], input=lines.encode(),
                          capture_output=True)
    elapsed = time.time() - started
    out = [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]
    results = [o for o in out if "index" in o]
    if len(results) != len(cases):
        print(f"{path}: tokenguard answered {len(results)} of {len(cases)} records\n{proc.stderr.decode()[-2000:]}")
        return None
    rows = []
    for (record, ref, kind, direction, why), res in zip(cases, results):
        side = res.get(direction) or {}
        tg = side.get("valid")
        codes = sorted({f["code"] for f in side.get("findings", []) if f["severity"] == "error"})
        rows.append({"operation": record["operation"], "direction": direction, "kind": kind, "tokenguard": tg,
                     "reference": ref, "why": why, "codes": codes, "body": record.get(direction)})
    return {"document": path, "version": version, "operations": len({r["operation"] for r in rows}),
            "bodies": len(rows), "seconds_tokenguard": round(elapsed, 2), "rows": rows}


def category(row):
    """Why tokenguard and the reference differ, as a key of the known list."""
    if row["reference"] is None:
        return "reference-cannot-decide"
    if row["reference"]:
        return "tokenguard-rejects:" + "+".join(row["codes"])
    return "tokenguard-accepts:" + row["why"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tool", required=True)
    p.add_argument("--known", required=True)
    p.add_argument("--report")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("documents", nargs="+")
    args = p.parse_args()
    missing = [d for d in args.documents if not os.path.exists(d)]
    for d in missing:
        print(f"skipped (not here): {d}")
    args.documents = [d for d in args.documents if d not in missing]
    if not args.documents:
        print("SKIP: none of the documents is here")
        return 77
    with open(args.known) as f:
        known = json.load(f)
    allowed = {k: v for k, v in known["differences"].items()}
    failed = False
    report = []
    for path in args.documents:
        result = run_document(path, args.tool, args)
        if result is None:
            failed = True
            continue
        agree = sum(1 for r in result["rows"] if r["tokenguard"] == r["reference"])
        both_valid = sum(1 for r in result["rows"] if r["tokenguard"] and r["reference"])
        diffs = {}
        for r in result["rows"]:
            if r["tokenguard"] != r["reference"]:
                diffs.setdefault(category(r), []).append(r)
        print(f"{os.path.relpath(path)} (OpenAPI {result['version']}): {result['operations']} operations, "
              f"{result['bodies']} bodies, {agree} same verdict ({both_valid} valid), {result['bodies'] - agree} different "
              f"(tokenguard: {result['seconds_tokenguard']} s)")
        examples = [r for r in result["rows"] if r["kind"] == "example"]
        mutated = [r for r in result["rows"] if r["kind"] != "example"]
        print(f"  examples: {len(examples)}, {sum(1 for r in examples if r['reference'])} valid by the reference; "
              f"mutations: {len(mutated)}, {sum(1 for r in mutated if r['reference'] is False)} invalid by the reference")
        for cat, rows in sorted(diffs.items()):
            reason = allowed.get(cat)
            mark = "listed" if reason else "NOT LISTED"
            print(f"  {len(rows):5d}  {cat}  [{mark}]  e.g. {rows[0]['operation']} {rows[0]['direction']}")
            if args.verbose:
                for r in rows[:3]:
                    print(f"         {r['operation']} {r['direction']}: {r['body'][:300]}")
            if not reason:
                failed = True
        report.append({k: v for k, v in result.items() if k != "rows"} |
                      {"same": agree, "different": {c: len(r) for c, r in diffs.items()}})
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
