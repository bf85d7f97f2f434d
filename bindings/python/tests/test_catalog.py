"""The Python package over the C API: catalogs, checks, results, errors,
threads, and secrecy."""
import datetime
import ipaddress
import threading

import pytest

import tokenguard
from conftest import REPO

AUTH = {"Authorization": "Bearer TOKEN-SECRET-abc123", "Content-Type": "application/json"}
PUT = "/user/tokens/ed17574386854bf78a67040be0a770b0"


@pytest.fixture(scope="module")
def catalog():
    with tokenguard.Catalog.embedded() as c:
        yield c


def test_operations_have_id_method_and_path(catalog):
    ops = {o.id: o for o in catalog.operations}
    assert len(ops) == 35
    assert ops["cloudflare.user.tokens.update"] == tokenguard.Operation("cloudflare.user.tokens.update", "PUT",
                                                                        "/user/tokens/{token_id}")


def test_valid_request(catalog):
    r = catalog.check_request(method="PUT", path=PUT, headers=AUTH, body={"name": "ci", "policies": []})
    assert r.valid and bool(r)
    assert r.operation == "cloudflare.user.tokens.update"
    assert r.findings == ()


def test_invalid_request_findings_and_envelope(catalog):
    r = catalog.check_request(method="PUT", path=PUT, headers=AUTH,
                              body='{"name": "ci", "policies": [], "expires_on": "tomorrow"}')
    assert not r.valid
    f = r.findings[0]
    assert (f.severity, f.location, f.pointer, f.keyword, f.code) == ("error", "body", "/expires_on", "format",
                                                                      "TG_FORMAT")
    env = tokenguard._json.loads(r.envelope())
    assert env["success"] is False and env["errors"][0]["code"] == 7006


def test_body_as_bytes_str_or_value(catalog):
    for body in (b'{"name": 7}', '{"name": 7}', {"name": 7}):
        r = catalog.check_request(operation="cloudflare.user.tokens.create", body=body)
        assert not r.valid and any(f.code == "TG_TYPE" for f in r.findings)


def test_headers_none_means_not_given(catalog):
    r = catalog.check_request(method="GET", path="/user/tokens/verify", headers=None)
    assert r.valid  # a note says credentials were not checked
    r = catalog.check_request(method="GET", path="/user/tokens/verify", headers={})
    assert not r.valid and r.findings[0].code == "TG_AUTH_MISSING"


def test_response(catalog):
    r = catalog.check_response("cloudflare.user.tokens.verify", 200,
                               {"success": True, "errors": [], "messages": [],
                                "result": {"id": "ed17574386854bf78a67040be0a770b0", "status": "active"}})
    assert r.valid
    r = catalog.check_response("cloudflare.user.tokens.verify", 200, b"not json")
    assert not r.valid and r.findings[0].code == "TG_JSON_SYNTAX"


def test_unknown_operation_is_an_error(catalog):
    with pytest.raises(tokenguard.UnknownOperationError):
        catalog.check_response("no.such.operation", 200, b"{}")
    with pytest.raises(tokenguard.Error):
        catalog.check_request(operation="no.such.operation", body=b"{}")


def test_own_openapi_document_from_a_path_and_a_dict():
    with tokenguard.Catalog.from_openapi(REPO + "/tests/data/openapi/vault/openapi.yaml") as c:
        assert {o.id for o in c.operations} >= {"listTokens", "createToken", "getToken"}
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
           "paths": {"/things": {"post": {"operationId": "make", "requestBody": {"content": {"application/json": {
               "schema": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}},
               "responses": {"201": {"description": "ok"}}}}}}
    with tokenguard.Catalog.from_openapi(doc) as c:
        assert not c.check_request(method="POST", path="/things", body={"n": "x"}).valid
        assert c.check_request(method="POST", path="/things", body={"n": 1}).valid
    with pytest.raises(tokenguard.LoadError):
        tokenguard.Catalog.from_openapi({"openapi": "3.0.3", "paths": {"/x": {"get": {"$ref": "#/nowhere"}}}})


def test_closed_objects_raise(catalog):
    c = tokenguard.Catalog.embedded()
    c.close()
    with pytest.raises(tokenguard.Error):
        c.check_request(method="GET", path="/user/tokens")
    r = catalog.check_request(method="GET", path="/user/tokens", headers=AUTH)
    r.close()
    with pytest.raises(tokenguard.Error):
        r.envelope()


def test_grammars():
    assert tokenguard.parse_duration("2h45m") == datetime.timedelta(hours=2, minutes=45)
    assert tokenguard.parse_duration_ns("1.5µs") == 1500
    assert tokenguard.parse_cidr("123.123.123.100/24") == ipaddress.ip_network("123.123.123.0/24")
    assert tokenguard.parse_cidr("2400:cb00::1/32") == ipaddress.ip_network("2400:cb00::/32")
    t = tokenguard.parse_date_time("2014-01-01T05:20:00.12345+01:00")
    assert t == datetime.datetime(2014, 1, 1, 4, 20, 0, 123450, tzinfo=datetime.timezone.utc)
    assert t.utcoffset() == datetime.timedelta(hours=1)
    assert tokenguard.parse_date_time_ns("1970-01-01T00:00:01.000000001Z") == (1, 1, 0)
    for bad, fn in (("1d", tokenguard.parse_duration), ("10.0.0.1/33", tokenguard.parse_cidr),
                    ("2020-02-30T00:00:00Z", tokenguard.parse_date_time)):
        with pytest.raises(tokenguard.ParseError) as e:
            fn(bad)
        assert isinstance(e.value, tokenguard.Error) and str(e.value)


def test_threads_share_one_catalog(catalog):
    # ctypes releases the GIL for each call: eight threads check at once.
    errors = []

    def work():
        try:
            for _ in range(200):
                assert catalog.check_request(method="PUT", path=PUT, headers=AUTH,
                                             body={"name": "ci", "policies": []}).valid
                assert not catalog.check_request(method="PUT", path=PUT, headers=AUTH, body={"name": 7}).valid
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_no_secret_in_repr_or_errors(catalog):
    secret = "cs-SECRET-9f8e7d6c5b4a"
    r = catalog.check_response("cloudflare.access.service_tokens.rotate", 200,
                               {"success": True, "errors": [], "messages": [],
                                "result": {"client_secret": secret, "client_id": 7}})
    assert not r.valid
    for text in [repr(r), r.envelope()] + [repr(f) for f in r.findings]:
        assert secret not in text
    r = catalog.check_request(method="GET", path="/user/tokens/verify", headers={"Authorization": "Basic " + secret})
    assert secret not in repr(r) and all(secret not in f.message for f in r.findings)
    with pytest.raises(tokenguard.Error) as e:
        catalog.check_response("no." + secret, 200, b"{}")
    assert secret not in str(e.value)


EXAMPLES = REPO + "/schemas/examples/catalog/"


def example(name):
    with open(EXAMPLES + name, "rb") as f:
        return f.read()


def test_option_strict_makes_an_undeclared_member_an_error(catalog):
    body = example("softwareone.accounts.api_tokens.create/request.strict.TG_ADDITIONAL_PROPERTY.unknown-field.json")
    op = "softwareone.accounts.api_tokens.create"
    lenient = catalog.check_request(operation=op, body=body)
    assert lenient.valid and [f.severity for f in lenient.findings] == ["warning"]
    strict = catalog.check_request(operation=op, body=body, strict=True)
    assert not strict.valid and strict.findings[0].code == "TG_ADDITIONAL_PROPERTY"


def test_option_semantic_checks_off_checks_the_schema_alone(catalog):
    body = example("cloudflare.user.tokens.update/request.valid.json")
    op = "cloudflare.user.tokens.update"
    assert [f.code for f in catalog.check_request(operation=op, body=body).findings] == ["TG_CIDR_EXCLUDED"] * 2
    r = catalog.check_request(operation=op, body=body, semantic_checks=False)
    assert r.valid and r.findings == ()
    # the schema still decides
    assert not catalog.check_request(operation=op, body={"name": 7}, semantic_checks=False).valid


def test_options_fail_fast_and_max_findings(catalog):
    body = {"name": 7, "policies": 8, "expires_on": "tomorrow"}
    op = "cloudflare.user.tokens.create"
    assert len(catalog.check_request(operation=op, body=body).findings) >= 3
    assert len(catalog.check_request(operation=op, body=body, fail_fast=True).findings) == 1
    assert len(catalog.check_request(operation=op, body=body, max_findings=2).findings) <= 2


def test_option_max_body_bytes(catalog):
    r = catalog.check_response("cloudflare.user.tokens.verify", 200, b'{"success": true}', max_body_bytes=4)
    assert not r.valid and r.findings[0].code == "TG_BODY_TOO_LARGE"


def test_options_out_of_range_are_argument_errors(catalog):
    with pytest.raises(tokenguard.ArgumentError):
        catalog.check_request(operation="cloudflare.user.tokens.create", body=b"{}", max_findings=-1)
    with pytest.raises(tokenguard.ArgumentError):
        catalog.check_response("cloudflare.user.tokens.verify", 200, b"{}", max_body_bytes=True)
    with pytest.raises(tokenguard.ArgumentError):  # would wrap to 0, the default, in a size_t
        catalog.check_response("cloudflare.user.tokens.verify", 200, b"{}", max_body_bytes=1 << 64)
