"""The Python package gives the C++ library's verdicts and codes: on every
bundled example (against the tokenguard tool's --json output), and on
bodies hypothesis generates."""
import glob
import json
import os
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tokenguard
from conftest import REPO, TOOL

CATALOG = tokenguard.Catalog.embedded()


def tool(*args, stdin=b""):
    out = subprocess.run([TOOL, *args], input=stdin, capture_output=True, check=False).stdout
    return json.loads(out)


def examples():
    for path in sorted(glob.glob(REPO + "/schemas/examples/catalog/*/*.json")):
        op, name = path.split("/")[-2:]
        parts = name.split(".")
        if parts[0] == "request":
            yield op, None, path
        elif parts[1].isdigit():
            yield op, int(parts[1]), path


@pytest.mark.parametrize("op,status,path", list(examples()), ids=lambda v: str(v).split("/")[-1])
def test_every_example_agrees_with_the_tool(op, status, path):
    body = open(path, "rb").read()
    if status is None:
        mine = CATALOG.check_request(operation=op, body=body)
        theirs = tool("check", "request", op, "--json", path)
    else:
        mine = CATALOG.check_response(op, status, body)
        theirs = tool("check", "response", op, "--status", str(status), "--json", path)
    assert mine.valid == theirs["valid"]
    assert [(f.code, f.pointer, f.message) for f in mine.findings] == \
        [(f["code"], f["pointer"], f["message"]) for f in theirs["findings"]]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["name", "policies", "status", "expires_on", "not_before", "condition", "id", "x"]),
        children, max_size=4),
    max_leaves=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=json_values)
def test_generated_bodies_agree_with_the_tool(body):
    text = json.dumps(body).encode()
    mine = CATALOG.check_request(operation="cloudflare.user.tokens.create", body=text)
    theirs = tool("check", "request", "cloudflare.user.tokens.create", "--json", "-", stdin=text)
    assert mine.valid == theirs["valid"]
    assert [f.code for f in mine.findings] == [f["code"] for f in theirs["findings"]]
