#!/usr/bin/env python3
"""schemas/tools/drift.py on Cloudflare's 2024 openapi.json (the newest whole
document in ../shared/openapi-corpus/): every Cloudflare catalog operation
is reported, the account-owned tokens (newer than the document) as missing
from it, and the differences tokenguard's own rules make are found and
marked. Skipped (exit 77) without the corpus.

    python3 drift_test.py SOURCE_DIR [CORPUS_DIR]
"""
import json
import os
import subprocess
import sys

src = sys.argv[1]
corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(src, "..", "shared", "openapi-corpus")
doc = os.path.join(corpus, "cloudflare-api-schemas-cca3064", "openapi.json")
if not os.path.isfile(doc):
    print(f"SKIPPED: no {doc}")
    sys.exit(77)
run = subprocess.run([sys.executable, os.path.join(src, "schemas", "tools", "drift.py"), doc, "--catalog",
                      os.path.join(src, "schemas"), "--json"], capture_output=True, text=True)
assert run.returncode == 0, run.stderr
report = {e["operation"]: e for e in json.loads(run.stdout)}
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)


ids = set(report)
expect(len([i for i in ids if i.startswith("cloudflare.")]) == 28, f"28 Cloudflare operations, got {len(ids)}")
expect(not any(i.startswith("softwareone.") for i in ids), "SoftwareOne is not in Cloudflare's document")
for op in ("list", "create", "get", "update", "delete", "verify", "roll", "permission_groups.list"):
    diffs = report[f"cloudflare.account.tokens.{op}"]["differences"]
    expect(any(d["where"] == "path" and "not in the newer document" in d["what"] for d in diffs),
           f"account tokens {op} reported as missing from the 2024 document")


def has(op, verdict, where, text):
    return any(d["verdict"] == verdict and d["where"] == where and text in d["what"]
               for d in report[op]["differences"])


expect(has("cloudflare.access.service_tokens.update", "reject", "request body.duration", "go-duration-or-forever"),
       "the duration format is tokenguard's own and stricter")
expect(has("cloudflare.user.tokens.verify", "accept", "response 200.result.status", "revoked (exposed)"),
       "revoked (exposed) is allowed here and not in 2024's enum")
expect(has("cloudflare.user.tokens.update", "reject", "request body.status", "expired"),
       "requests may not set expired here")
expect(has("cloudflare.access.service_tokens.create", "note", "security", "api_token"),
       "the Bearer alternative on service tokens is noted")
for e in report.values():
    for d in e["differences"]:
        expect(d["verdict"] in ("reject", "accept", "note"), f"bad verdict {d}")
if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"drift report on the 2024 Cloudflare document: {len(report)} operations, "
      f"{sum(len(e['differences']) for e in report.values())} differences, all expected ones found")
