#!/usr/bin/env python3
"""Assembles tokenguard's three OpenAPI 3.0 catalog documents from the
upstream per-operation descriptions in ../shared/upstream/ (see SOURCES.md
there), then applies tokenguard's own checks (formats the upstream text
implies but does not declare), each with an x-tokenguard-reason.

A developer's tool: its output, schemas/*.openapi.json, is committed and is
what the build embeds. schemas/tools/regenerate.py runs it (and the example
maker) after the upstream files change:

    python3 schemas/tools/assemble_catalog.py UPSTREAM_DIR OUT_DIR
"""
import copy
import json
import os
import re
import sys

FAMILIES = {
    "cloudflare-access-service-tokens": ("cloudflare.access.service_tokens.", "Cloudflare Access service tokens"),
    "cloudflare-user-tokens": ("cloudflare.user.tokens.", "Cloudflare user API tokens"),
    "cloudflare-account-tokens": ("cloudflare.account.tokens.", "Cloudflare account-owned API tokens"),
    "softwareone-api-tokens": ("softwareone.accounts.api_tokens.", "SoftwareOne Platform API tokens"),
}

REASON = "x-tokenguard-reason"


def canon(node):
    return json.dumps(node, sort_keys=True, separators=(",", ":"))


def is_schema_like(node):
    return isinstance(node, dict) and "$ref" not in node and any(
        k in node for k in ("type", "properties", "allOf", "oneOf", "anyOf", "items"))


def walk(node, fn, path=()):
    """Calls fn(node, path) for every dict, depth first, children first."""
    if isinstance(node, dict):
        for k, v in list(node.items()):
            walk(v, fn, path + (k,))
        fn(node, path)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, fn, path + (i,))


def schema_roots(op):
    """(container, key) pairs holding each schema of an operation."""
    out = []
    for p in op.get("parameters", []):
        out.append((p, "schema"))
    for section in ("requestBody",):
        if section in op:
            for media in op[section].get("content", {}).values():
                out.append((media, "schema"))
    for resp in op.get("responses", {}).values():
        for media in resp.get("content", {}).values():
            out.append((media, "schema"))
    return out


def name_for(path, node, taken):
    base = node.get("title") if isinstance(node.get("title"), str) else None
    if not base:
        keys = [k for k in path if isinstance(k, str) and k not in (
            "schema", "properties", "items", "allOf", "oneOf", "anyOf", "content", "application/json",
            "responses", "requestBody", "additionalProperties")]
        base = keys[-1] if keys else "schema"
    base = re.sub(r"[^A-Za-z0-9]+", "_", base).strip("_") or "schema"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def hoist_repeats(doc, min_size=300):
    """Moves every schema subtree that appears more than once into
    components/schemas and refers to it with $ref, largest first."""
    comps = doc["components"]["schemas"]
    while True:
        counts, first_path, sample = {}, {}, {}

        def visit(node, path):
            if not is_schema_like(node):
                return
            c = canon(node)
            if len(c) < min_size:
                return
            counts[c] = counts.get(c, 0) + 1
            first_path.setdefault(c, path)
            sample[c] = node

        walk(doc["paths"], visit)
        walk(comps, visit)
        repeated = [c for c, n in counts.items() if n > 1]
        if not repeated:
            return
        best = max(repeated, key=len)
        name = name_for(first_path[best], sample[best], comps)
        comps[name] = copy.deepcopy(sample[best])
        ref = {"$ref": f"#/components/schemas/{name}"}

        def replace(node):
            if isinstance(node, dict):
                for k, v in list(node.items()):
                    if isinstance(v, (dict, list)) and canon(v) == best:
                        node[k] = dict(ref)
                    else:
                        replace(v)
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    if isinstance(v, (dict, list)) and canon(v) == best:
                        node[i] = dict(ref)
                    else:
                        replace(v)

        replace(doc["paths"])
        for k in list(comps):
            if k != name:
                replace(comps[k])


def operation_from(upstream, tg_id):
    op = {
        "operationId": upstream.get("operationId") or tg_id.replace(".", "-"),
        "x-tokenguard-id": tg_id,
        "summary": upstream.get("summary") or tg_id,
    }
    params = []
    for p in upstream.get("pathParams", []) + upstream.get("queryParams", []):
        params.append(copy.deepcopy(p))
    if params:
        op["parameters"] = params
    if upstream.get("requestBody"):
        op["requestBody"] = copy.deepcopy(upstream["requestBody"])
    op["responses"] = copy.deepcopy(upstream["responses"])
    if upstream.get("security") is not None:
        op["security"] = copy.deepcopy(upstream["security"])
    return op


def rewrite_refs(node, old, new):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(old):
                node[k] = new + v[len(old):]
            else:
                rewrite_refs(v, old, new)
    elif isinstance(node, list):
        for v in node:
            rewrite_refs(v, old, new)


def assemble(upstream_dir, prefix, title):
    doc = {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "tokenguard-1",
                 "description": "Assembled by schemas/tools/assemble_catalog.py from the upstream "
                                "descriptions listed in x-tokenguard-sources; tokenguard's own checks "
                                "carry an x-tokenguard-reason."},
        "x-tokenguard-sources": [],
        "paths": {},
        "components": {"schemas": {}, "securitySchemes": {}},
    }
    for f in sorted(os.listdir(upstream_dir)):
        if not (f.startswith(prefix) and f.endswith(".json")):
            continue
        tg_id = f[:-len(".json")]
        up = json.load(open(os.path.join(upstream_dir, f)))
        src = up.get("x-source", {})
        doc["x-tokenguard-sources"].append({"operation": tg_id, "spec": src.get("spec"), "commit": src.get("commit")})
        op = operation_from(up, tg_id)
        if "$defs" in up:
            for name, schema in up["$defs"].items():
                doc["components"]["schemas"].setdefault(name, copy.deepcopy(schema))
            rewrite_refs(op, "#/$defs/", "#/components/schemas/")
        doc["paths"].setdefault(up["path"], {})[up["method"].lower()] = op
    rewrite_refs(doc["components"]["schemas"], "#/$defs/", "#/components/schemas/")
    return doc


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: assemble_catalog.py UPSTREAM_DIR OUT_DIR (or run schemas/tools/regenerate.py)")
    upstream_dir, out_dir = sys.argv[1], sys.argv[2]
    if not os.path.isdir(upstream_dir):
        raise SystemExit(f"assemble_catalog: no upstream folder at {upstream_dir}")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tokenguard_checks  # noqa: E402  (the catalog's own checks)
    for name, (prefix, title) in FAMILIES.items():
        doc = assemble(upstream_dir, prefix, title)
        if name.startswith("cloudflare"):
            hoist_repeats(doc)
        tokenguard_checks.apply(name, doc, upstream_dir)
        path = os.path.join(out_dir, name + ".openapi.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{path}: {len(doc['paths'])} paths, {len(doc['components']['schemas'])} component schemas")


if __name__ == "__main__":
    main()
