#!/usr/bin/env python3
"""Drift between tokenguard's catalog and a newer upstream OpenAPI document.

    python3 schemas/tools/drift.py UPSTREAM.json [--catalog schemas] [--json]

UPSTREAM.json is a provider's whole published description (Cloudflare's
openapi.json, SoftwareOne's OpenAPI file). For every catalog operation whose
family the document covers (by its paths), the operation is found by method
and path template, and every difference in path, parameters, request and
response body schemas (per status), required fields, enums, formats,
patterns, bounds and security is listed, each marked with what it means at
the gate:

  reject   tokenguard would reject what upstream accepts (tokenguard is stricter)
  accept   tokenguard would accept what upstream rejects (tokenguard is looser)
  note     neither (a difference in wording, or one whose effect is unknown)

Schemas are compared as flat facts per location (".name", ".policies[]",
...): each location's type, format, enum, pattern, bounds, whether it is
required, and whether its object admits undeclared members. $refs are
followed (within each document) to a bounded depth; allOf branches are
merged, and the members of oneOf and anyOf branches are taken as members
of their location. tokenguard's own additions carry an x-tokenguard-reason in the
catalog: those differences are expected, and the report says so.

Exit status: 0 after a report (drift is information, not failure), 2 when
a file cannot be read.
"""
import argparse
import json
import os
import sys

METHODS = ("get", "put", "post", "delete", "patch")
MAX_DEPTH = 8
REASON = "x-tokenguard-reason"


def resolve(doc, node, seen=()):
    """Follows same-document $refs; returns (schema, reasons seen on the way)."""
    reasons = []
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            return {}, reasons
        seen = seen + (ref,)
        if REASON in node:
            reasons.append(node[REASON])
        target = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return {}, reasons
            target = target[part]
        node = target
    if isinstance(node, dict) and REASON in node:
        reasons.append(node[REASON])
    return node if isinstance(node, dict) else {}, reasons


def flatten(doc, schema, where="", out=None, depth=0, required=False, seen=()):
    """{location: facts} for a schema and every schema under it."""
    out = {} if out is None else out
    s, reasons = resolve(doc, schema, seen)
    if depth > MAX_DEPTH:
        return out
    facts = out.setdefault(where, {"required": False, "reasons": []})
    facts["required"] = facts["required"] or required
    facts["reasons"] += reasons
    for branch in s.get("allOf", []):
        flatten(doc, branch, where, out, depth + 1, False, seen)
    for key in ("type", "format", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems",
                "maxItems", "nullable"):
        if key in s:
            facts[key] = s[key]
    if "enum" in s:
        facts["enum"] = sorted(json.dumps(v) for v in s["enum"])
    for key in ("oneOf", "anyOf"):
        if key in s:
            facts["combinator"] = key
            # the branches' members, as members of this location
            for branch in s[key]:
                b, _ = resolve(doc, branch, seen)
                for name, sub in (b.get("properties") or {}).items():
                    flatten(doc, sub, f"{where}.{name}", out, depth + 1, False, seen)
                if isinstance(b.get("items"), dict):
                    flatten(doc, b["items"], f"{where}[]", out, depth + 1, False, seen)
    if s.get("additionalProperties") is False:
        facts["closed"] = True
    needed = set(s.get("required", [])) if isinstance(s.get("required"), list) else set()
    for name, sub in (s.get("properties") or {}).items():
        flatten(doc, sub, f"{where}.{name}", out, depth + 1, name in needed, seen)
    if isinstance(s.get("items"), dict):
        flatten(doc, s["items"], f"{where}[]", out, depth + 1, False, seen)
    return out


def operation_index(doc):
    ops = {}
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for m in METHODS:
            if isinstance(item.get(m), dict):
                ops[(m.upper(), path)] = (item, item[m])
    return ops


def body_schema(content):
    return ((content or {}).get("application/json") or {}).get("schema")


def compare_facts(kind, where, mine, theirs, out):
    """Appends (verdict, what) for each difference at one location."""
    expected = bool(mine.get("reasons"))
    tag = " (tokenguard's own, x-tokenguard-reason)" if expected else ""
    def add(verdict, text):
        out.append({"verdict": verdict, "where": f"{kind}{where or ' (root)'}", "what": text + tag})
    if mine.get("required") and not theirs.get("required"):
        add("reject", "required here, optional upstream")
    if theirs.get("required") and not mine.get("required"):
        add("accept", "required upstream, optional here")
    for key in ("type", "format", "pattern", "combinator"):
        a, b = mine.get(key), theirs.get(key)
        if a == b:
            continue
        if a is not None and b is None:
            add("reject", f"{key} {json.dumps(a)} here, none upstream")
        elif a is None and b is not None:
            add("accept", f"{key} {json.dumps(b)} upstream, none here")
        else:
            add("note", f"{key} {json.dumps(a)} here, {json.dumps(b)} upstream")
    a, b = set(mine.get("enum", [])), set(theirs.get("enum", []))
    if a != b:
        if a and b:
            if b - a:
                add("reject", f"enum lacks {', '.join(sorted(b - a))} that upstream allows")
            if a - b:
                add("accept", f"enum allows {', '.join(sorted(a - b))} that upstream does not")
        elif a:
            add("reject", "enum here, none upstream")
        else:
            add("accept", "enum upstream, none here")
    for low, high in (("minimum", "maximum"), ("minLength", "maxLength"), ("minItems", "maxItems")):
        for key, stricter_if_mine_greater in ((low, True), (high, False)):
            a, b = mine.get(key), theirs.get(key)
            if a == b:
                continue
            if a is None:
                add("accept", f"{key} {b} upstream, none here")
            elif b is None:
                add("reject", f"{key} {a} here, none upstream")
            else:
                add("reject" if (a > b) == stricter_if_mine_greater else "accept", f"{key} {a} here, {b} upstream")
    if mine.get("closed") != theirs.get("closed"):
        add("reject" if mine.get("closed") else "accept",
            "closed here, open upstream" if mine.get("closed") else "closed upstream, open here")


def compare_schema(kind, my_doc, mine, their_doc, theirs, out):
    a = flatten(my_doc, mine) if mine is not None else {}
    b = flatten(their_doc, theirs) if theirs is not None else {}
    for where in sorted(set(a) | set(b)):
        if where in a and where in b:
            compare_facts(kind, where, a[where], b[where], out)
        elif where in a:
            facts = a[where]
            constrained = any(k in facts for k in ("type", "format", "enum", "pattern")) or facts.get("required")
            out.append({"verdict": "reject" if constrained else "note", "where": f"{kind}{where or ' (root)'}",
                        "what": "declared here, not upstream" + (" (tokenguard's own, x-tokenguard-reason)"
                                                                  if facts.get("reasons") else "")})
        else:
            facts = b[where]
            constrained = any(k in facts for k in ("type", "format", "enum", "pattern")) or facts.get("required")
            out.append({"verdict": "accept" if constrained else "note", "where": f"{kind}{where or ' (root)'}",
                        "what": "declared upstream, not here"})


def security_names(doc, op):
    sec = op.get("security", doc.get("security"))
    if not isinstance(sec, list):
        return set()
    return {frozenset(alt) for alt in sec if isinstance(alt, dict)}


def compare_operation(my_doc, my_item, my_op, their_doc, their_item, their_op):
    out = []
    params = {}
    for level, item in (("path item", my_item), ("operation", my_op)):
        for p in item.get("parameters", []):
            p, _ = resolve(my_doc, p)
            params[(p.get("in"), p.get("name"))] = [p, None]
    for item in (their_item, their_op):
        for p in item.get("parameters", []):
            p, _ = resolve(their_doc, p)
            params.setdefault((p.get("in"), p.get("name")), [None, None])[1] = p
    for (where, name), (a, b) in sorted(params.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        kind = f"{where} parameter {name}"
        if a is None:
            out.append({"verdict": "accept" if b.get("required") else "note", "where": kind,
                        "what": "declared upstream, not here"})
            continue
        if b is None:
            out.append({"verdict": "reject" if a.get("required") else "note", "where": kind,
                        "what": "declared here, not upstream"})
            continue
        compare_schema(kind, my_doc, a.get("schema"), their_doc, b.get("schema"), out)
        if bool(a.get("required")) != bool(b.get("required")):
            out.append({"verdict": "reject" if a.get("required") else "accept", "where": kind,
                        "what": "required here, optional upstream" if a.get("required")
                        else "required upstream, optional here"})
    rb_a, rb_b = my_op.get("requestBody") or {}, their_op.get("requestBody") or {}
    rb_a, _ = resolve(my_doc, rb_a)
    rb_b, _ = resolve(their_doc, rb_b)
    if bool(rb_a.get("required")) != bool(rb_b.get("required")):
        out.append({"verdict": "reject" if rb_a.get("required") else "accept", "where": "request body",
                    "what": "required here, optional upstream" if rb_a.get("required")
                    else "required upstream, optional here"})
    compare_schema("request body", my_doc, body_schema(rb_a.get("content")), their_doc, body_schema(rb_b.get("content")),
                   out)
    statuses = set(my_op.get("responses", {})) | set(their_op.get("responses", {}))
    for status in sorted(statuses, key=str):
        a = resolve(my_doc, my_op.get("responses", {}).get(status, {}))[0] if status in my_op.get("responses", {}) else None
        b = (resolve(their_doc, their_op.get("responses", {}).get(status, {}))[0]
             if status in their_op.get("responses", {}) else None)
        kind = f"response {status}"
        if a is None:
            out.append({"verdict": "reject" if str(status).startswith("2") else "note", "where": kind,
                        "what": "declared upstream, not here"})
            continue
        if b is None:
            out.append({"verdict": "accept" if str(status).startswith("2") else "note", "where": kind,
                        "what": "declared here, not upstream"})
            continue
        compare_schema(kind, my_doc, body_schema(a.get("content")), their_doc, body_schema(b.get("content")), out)
    sa, sb = security_names(my_doc, my_op), security_names(their_doc, their_op)
    if sa != sb:
        fmt = lambda s: " | ".join(sorted("+".join(sorted(alt)) for alt in s)) or "none"
        out.append({"verdict": "note", "where": "security",
                    "what": f"{fmt(sa)} here, {fmt(sb)} upstream" +
                            (" (tokenguard's own, x-tokenguard-reason)" if REASON in my_op else "")})
    return out


def drift(catalog_dir, upstream):
    their_ops = operation_index(upstream)
    report = []
    docs = {f: json.load(open(os.path.join(catalog_dir, f), encoding="utf-8"))
            for f in sorted(os.listdir(catalog_dir)) if f.endswith(".openapi.json")}
    # A provider (the file name's first word) is covered when the newer
    # document has any path of any of its families: then every operation of
    # the provider is reported, those the document lacks included.
    covered = {f.split("-")[0] for f, d in docs.items()
               if any(path in upstream.get("paths", {}) for (_, path) in operation_index(d))}
    for f, my_doc in docs.items():
        my_ops = operation_index(my_doc)
        if f.split("-")[0] not in covered:
            continue
        for (method, path), (item, op) in sorted(my_ops.items(), key=lambda kv: kv[1][1]["x-tokenguard-id"]):
            entry = {"operation": op["x-tokenguard-id"], "method": method, "path": path, "differences": []}
            if (method, path) not in their_ops:
                entry["differences"].append({"verdict": "note", "where": "path",
                                             "what": "not in the newer document (a newer operation, or one it dropped)"})
            else:
                their_item, their_op = their_ops[(method, path)]
                entry["differences"] = compare_operation(my_doc, item, op, upstream, their_item, their_op)
            report.append(entry)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream")
    parser.add_argument("--catalog", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:
        with open(args.upstream, encoding="utf-8") as fh:
            upstream = json.load(fh)
    except (OSError, ValueError) as e:
        print(f"drift: cannot read {args.upstream}: {e}", file=sys.stderr)
        return 2
    report = drift(args.catalog, upstream)
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return 0
    totals = {"reject": 0, "accept": 0, "note": 0}
    for entry in report:
        counts = {v: sum(d["verdict"] == v for d in entry["differences"]) for v in totals}
        for v in totals:
            totals[v] += counts[v]
        print(f"{entry['operation']} ({entry['method']} {entry['path']}): {counts['reject']} reject, "
              f"{counts['accept']} accept, {counts['note']} note")
        for d in entry["differences"]:
            print(f"  {d['verdict']:<7} {d['where']}: {d['what']}")
    print(f"{len(report)} operations: {totals['reject']} differences where tokenguard would reject what upstream "
          f"accepts, {totals['accept']} where it would accept what upstream rejects, {totals['note']} notes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
