#!/usr/bin/env python3
"""End-to-end: nginx + libnginx-mod-http-lua + tokenguard in front of a fake upstream.

    python3 gateway_test.py --repo SOURCE_DIR --library build/libtokenguard.so [--report FILE]

Installs nginx and libnginx-mod-http-lua with apt-get when missing (exit 77,
skipped, when it cannot), runs src/gateway/nginx/nginx.conf.example with its
upstreams, port and paths swapped for loopback ones, and tests through real
HTTP: bad requests answered 400 and never forwarded, good ones forwarded
byte for byte, bad upstream responses replaced by 502 and logged redacted,
log-only mode, no secret in any log. Then it times 2,000 requests through
the gateway, through a plain nginx proxy on the same server and through the
gateway's subrequest made from Lua with no check, and prints the added
latency and tokenguard's share of it (figures, not assertions). Stops
everything it started.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

ARGS = None
ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
ZONE = "699d98642c564d2e855e9661899b7252"
SERVICE_TOKEN = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"
USER_TOKEN = "ed17574386854bf78a67040be0a770b0"
SWO_TOKEN = "TKN-1234-5678"
EXAMPLES = "schemas/examples/catalog"

# Secret values sent through the gateway; none may appear in a log.
SECRET_BEARER = "gw-secret-bearer-7f3a9c"
SECRET_KEY = "gw-secret-key-51be0d"
SECRET_CLIENT = "gw-secret-client-secret-c0ffee"
SECRET_BODY_TOKEN = "gw-secret-body-token-9d1e"
SECRET_ROLLED = "cfut_gw-secret-rolled-5a7e"
SECRET_QUERY = "gw-secret-query-3b8d"
SECRETS = [SECRET_BEARER, SECRET_KEY, SECRET_CLIENT, SECRET_BODY_TOKEN, SECRET_ROLLED, SECRET_QUERY]

BEARER = {"Authorization": "Bearer " + SECRET_BEARER}


def example(op, name):
    with open(os.path.join(ARGS.repo, EXAMPLES, op, name), "rb") as f:
        return f.read()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, what):
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port}")


def ensure_packages():
    needed = []
    for pkg in ("nginx", "libnginx-mod-http-lua"):
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True)
        if "ok installed" not in r.stdout:
            needed.append(pkg)
    if not needed:
        return True
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        print(f"SKIP: needs {' '.join(needed)} and cannot install them (not root, no sudo)")
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"installing {' '.join(needed)} with apt-get", flush=True)
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + needed,
                   check=True, env=env, stdout=subprocess.DEVNULL)
    # Debian may start the packaged nginx (port 80) as it installs it; that
    # nginx, like any other on the machine, is left alone: this test runs
    # its own instance on ports of its own and stops only that.
    return True


CANNED_SERVER = """  # The latency run's upstream: canned answers from nginx itself, so that
  # the figure is not buried in a Python server's noise.
  server {{
    listen 127.0.0.1:{port};
    location / {{
      content_by_lua_block {{
        local cache = package.loaded["canned"] or {{}}
        package.loaded["canned"] = cache
        local method = ngx.req.get_method()
        if not cache[method] then
          local f = io.open("{examples}/softwareone.accounts.api_tokens." ..
                            (method == "PUT" and "update" or "get") .. "/response.200.valid.json", "rb")
          cache[method] = f:read("*a")
          f:close()
        end
        ngx.req.discard_body()
        ngx.header["Content-Type"] = "application/json"
        ngx.header["Content-Length"] = #cache[method]
        ngx.print(cache[method])
      }}
    }}
  }}
"""


SUBREQUEST_SERVER = """  # The latency run's second baseline: the gateway's subrequest from Lua
  # (body read, Accept-Encoding cleared, the answer captured whole, its
  # headers and body copied out) with no check, so that the added latency
  # splits into the subrequest's share and tokenguard's.
  server {{
    listen 127.0.0.1:{port};
    location /public/v1/ {{
      content_by_lua_block {{
        local methods = {{ GET = ngx.HTTP_GET, PUT = ngx.HTTP_PUT, POST = ngx.HTTP_POST, DELETE = ngx.HTTP_DELETE }}
        local skip = {{ connection = true, ["keep-alive"] = true, ["transfer-encoding"] = true }}
        ngx.req.read_body()
        local body = ngx.req.get_body_data()
        ngx.req.clear_header("Accept-Encoding")
        local res = ngx.location.capture("/_subrequest" .. ngx.var.uri, {{
          method = methods[ngx.req.get_method()] or ngx.HTTP_GET, body = body, args = ngx.var.args,
        }})
        ngx.status = res.status
        for name, value in pairs(res.header) do
          if not skip[name:lower()] then ngx.header[name] = value end
        end
        ngx.header["Content-Length"] = #res.body
        ngx.print(res.body)
      }}
    }}
    location = /_tokenguard_retained {{
      content_by_lua_block {{
        ngx.print(tostring(require("tokenguard.nginx").retained_request_strings()))
      }}
    }}
    location /_subrequest/ {{
      internal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Accept-Encoding "";
      proxy_pass http://softwareone_api$request_uri;
    }}
  }}
"""


PASS_SERVER = """  # The example's locations with unmatched = "pass", log_bodies = true and
  # strict = true, for the tests of those options.
  server {{
    listen 127.0.0.1:{port};
    set $tokenguard_mode {mode};
    location /client/v4/ {{
      content_by_lua_block {{
        require("tokenguard.nginx").proxy{{ upstream = "/_tokenguard/cloudflare", strip_prefix = "/client/v4",
                                           unmatched = "pass", log_bodies = true }}
      }}
    }}
    location /public/v1/ {{
      content_by_lua_block {{
        require("tokenguard.nginx").proxy{{ upstream = "/_tokenguard/softwareone", strict = true }}
      }}
    }}
    location /_tokenguard/cloudflare/ {{
      internal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Accept-Encoding "";
      proxy_pass http://cloudflare_api$request_uri;
    }}
    location /_tokenguard/softwareone/ {{
      internal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Accept-Encoding "";
      proxy_pass http://softwareone_api$request_uri;
    }}
  }}
"""


def render_config(example_text, gw_port, plain_port, upstream_port, mode, canned_port, pass_port, subrequest_port):
    """The example configuration with only its site-specific values swapped."""
    lib_dir = os.path.join(ARGS.repo, "src", "gateway", "nginx")
    swaps = [
        ("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{gw_port};"),
        ("server api.cloudflare.com:443;", f"server 127.0.0.1:{upstream_port};"),
        ("server api.platform.softwareone.com:443;", f"server 127.0.0.1:{upstream_port};"),
        ("proxy_pass https://", "proxy_pass http://"),
        ("/usr/local/share/tokenguard/nginx/?.lua", f"{lib_dir}/?.lua"),
        ("/usr/local/lib/libtokenguard.so", os.path.abspath(ARGS.library)),
        ("set $tokenguard_mode enforce;", f"set $tokenguard_mode {mode};"),
        ("worker_processes auto;", "worker_processes 2;"),
    ]
    text = example_text
    for old, new in swaps:
        if old not in text:
            raise AssertionError(f"nginx.conf.example no longer contains {old!r}: update the test")
        text = text.replace(old, new)
    head = "daemon off;\n" + ("user root;\n" if os.geteuid() == 0 else "")
    # A plain proxy on the same nginx: the baseline for the added latency.
    plain = (f"  server {{\n    listen 127.0.0.1:{plain_port};\n    location / {{\n"
             f"      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
             f"      proxy_pass http://softwareone_api;\n    }}\n  }}\n")
    canned = CANNED_SERVER.format(port=canned_port, examples=os.path.join(os.path.abspath(ARGS.repo), EXAMPLES))
    passing = PASS_SERVER.format(port=pass_port, mode=mode)
    subrequest = SUBREQUEST_SERVER.format(port=subrequest_port)
    text = text.rstrip()
    assert text.endswith("}")
    return head + text[:-1] + plain + canned + passing + subrequest + "}\n"


class Gateway:
    """nginx and the fake upstream, started and stopped together."""

    def __init__(self):
        self.prefix = tempfile.mkdtemp(prefix="tokenguard-gateway-")
        os.makedirs(os.path.join(self.prefix, "logs"))
        os.makedirs(os.path.join(self.prefix, "tmp"))
        os.chmod(self.prefix, 0o755)
        self.nginx = None
        self.upstream = subprocess.Popen(
            [sys.executable, os.path.join(ARGS.repo, "tests", "gateway", "upstream.py"), "--repo", ARGS.repo],
            stdout=subprocess.PIPE, text=True)
        line = self.upstream.stdout.readline()
        if not line.startswith("listening on "):
            raise RuntimeError("the fake upstream did not start")
        self.upstream_port = int(line.split()[-1])
        self.gw_port, self.plain_port, self.canned_port = free_port(), free_port(), free_port()
        self.pass_port, self.subrequest_port = free_port(), free_port()
        with open(os.path.join(ARGS.repo, "src", "gateway", "nginx", "nginx.conf.example")) as f:
            self.example = f.read()

    def start(self, mode, canned_upstream=False):
        """mode: "enforce" or "log"; canned_upstream: both proxies talk to the
        canned server instead of the fake upstream (for the latency run)."""
        self.stop_nginx()
        conf = os.path.join(self.prefix, f"nginx-{mode}.conf")
        upstream = self.canned_port if canned_upstream else self.upstream_port
        with open(conf, "w") as f:
            f.write(render_config(self.example, self.gw_port, self.plain_port, upstream, mode, self.canned_port,
                                  self.pass_port, self.subrequest_port))
        test = subprocess.run(["nginx", "-t", "-q", "-p", self.prefix, "-c", conf], capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError("nginx -t failed:\n" + test.stderr)
        self.nginx = subprocess.Popen(["nginx", "-p", self.prefix, "-c", conf])
        wait_for_port(self.gw_port, self.nginx, "nginx")
        wait_for_port(self.plain_port, self.nginx, "nginx")
        wait_for_port(self.pass_port, self.nginx, "nginx")
        wait_for_port(self.subrequest_port, self.nginx, "nginx")

    def stop_nginx(self):
        if self.nginx is not None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finishes and exits
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
            self.nginx = None

    def stop(self):
        self.stop_nginx()
        self.upstream.terminate()
        self.upstream.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)

    def log(self, name):
        with open(os.path.join(self.prefix, "logs", name), encoding="utf-8", errors="replace") as f:
            return f.read()

    def upstream_requests(self):
        return json.loads(self.request(self.upstream_port, "GET", "/__upstream/requests")[2])

    @staticmethod
    def request(port, method, uri, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        hdrs = dict(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, uri, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def send(self, method, uri, body=None, headers=None):
        return self.request(self.gw_port, method, uri, body, headers)


GW = None


def envelope_codes(body):
    doc = json.loads(body)
    assert doc["success"] is False and doc["result"] is None, body
    return [(e["tokenguard"]["code"], e["source"]["pointer"]) for e in doc["errors"]]


class EnforceMode(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        GW.start("enforce")
        GW.upstream_requests()  # forget anything earlier

    def setUp(self):
        GW.upstream_requests()

    def assert_forwarded_unchanged(self, method, uri, body, headers):
        seen = GW.upstream_requests()
        self.assertEqual(len(seen), 1, seen)
        self.assertEqual(seen[0]["method"], method)
        self.assertEqual(seen[0]["uri"], uri)
        self.assertEqual(seen[0]["body"], (body or b"").decode())
        for k, v in headers.items():
            self.assertEqual(seen[0]["headers"].get(k.lower()), v)

    def assert_passes_through(self, method, uri, body=None, headers=BEARER):
        direct = Gateway.request(GW.upstream_port, method, uri, body, headers)
        GW.upstream_requests()
        status, hdrs, data = GW.send(method, uri, body, headers)
        self.assertEqual(status, direct[0], data)
        self.assertEqual(data, direct[2])
        self.assertEqual(hdrs.get("x-upstream"), "fake")
        self.assertEqual(hdrs.get("content-type"), direct[1].get("content-type"))
        self.assert_forwarded_unchanged(method, uri, body, headers)

    def assert_rejected(self, method, uri, body, headers, code, pointer, status=400):
        got, hdrs, data = GW.send(method, uri, body, headers)
        self.assertEqual(got, status, data)
        self.assertEqual(hdrs.get("content-type"), "application/json")
        self.assertIn((code, pointer), envelope_codes(data))
        self.assertEqual(GW.upstream_requests(), [], "a rejected request reached the upstream")

    def assert_replaced(self, method, uri, body, scenario, code, pointer, headers=BEARER):
        got, _, data = GW.send(method, uri, body, dict(headers, **{"X-Upstream-Scenario": scenario}))
        self.assertEqual(got, 502, data)
        self.assertIn((code, pointer), envelope_codes(data))
        self.assertEqual(len(GW.upstream_requests()), 1)

    # --- Cloudflare Access service tokens (account- and zone-scoped)
    def test_service_token_update_valid_passes_through(self):
        self.assert_passes_through("PUT", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}",
                                   example("cloudflare.access.service_tokens.update", "request.valid.json"))

    def test_service_token_list_with_query_passes_through(self):
        self.assert_passes_through("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens?page=1&per_page=20")

    def test_zone_service_token_get_passes_through_with_email_and_key(self):
        self.assert_passes_through("GET", f"/client/v4/zones/{ZONE}/access/service_tokens/{SERVICE_TOKEN}",
                                   headers={"X-Auth-Email": "ops@example.com", "X-Auth-Key": SECRET_KEY})

    def test_service_token_bad_duration_is_400(self):
        self.assert_rejected("PUT", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}",
                             example("cloudflare.access.service_tokens.update",
                                     "request.invalid.TG_FORMAT.duration-1d.json"), BEARER, "TG_FORMAT", "/duration")

    def test_service_token_id_not_uuid_is_400(self):
        self.assert_rejected("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/not-a-uuid", None,
                             BEARER, "TG_FORMAT", "/service_token_id")

    def test_missing_credentials_is_400(self):
        self.assert_rejected("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens", None, {},
                             "TG_AUTH_MISSING", "")

    def test_response_missing_result_is_502(self):
        self.assert_replaced("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}", None,
                             "missing-result", "TG_REQUIRED", "")

    def test_response_created_at_not_date_time_is_502(self):
        self.assert_replaced("POST", f"/client/v4/zones/{ZONE}/access/service_tokens",
                             example("cloudflare.access.service_tokens.zone.create", "request.valid.json"),
                             "created-at-not-date-time", "TG_FORMAT", "/result/created_at",
                             headers={"X-Auth-Email": "ops@example.com", "X-Auth-Key": SECRET_KEY})

    def test_concurrent_checks_each_get_their_own_verdict(self):
        # A worker fills one result handle per direction for every request;
        # requests held at once (the upstream answers late) must still each
        # get the verdict on their own bytes.
        uri = f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}"
        good = example("cloudflare.access.service_tokens.update", "request.valid.json")
        bad = example("cloudflare.access.service_tokens.update", "request.invalid.TG_FORMAT.duration-1d.json")
        slow = dict(BEARER, **{"X-Upstream-Delay-Ms": "30"})
        kinds = [
            ("good", good, slow, 200, None),
            ("bad request", bad, slow, 400, ("TG_FORMAT", "/duration")),
            ("bad response", good, dict(slow, **{"X-Upstream-Scenario": "created-at-not-date-time"}), 502,
             ("TG_FORMAT", "/result/created_at")),
        ]

        def one(i):
            name, body, headers, status, finding = kinds[i % len(kinds)]
            got, _, data = GW.send("PUT", uri, body, headers)
            if got != status:
                return f"{name}: status {got}, not {status}: {data[:200]!r}"
            if finding is not None and finding not in envelope_codes(data):
                return f"{name}: {finding} not in {envelope_codes(data)}"
            if finding is None and b"TG_" in data:
                return f"{name}: a finding in a passed answer: {data[:200]!r}"
            return None

        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=24) as pool:
            problems = [p for p in pool.map(one, range(240)) if p is not None]
        self.assertEqual(problems, [])

    def test_undeclared_error_status_passes_through(self):
        uri = f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}/rotate"
        got, _, data = GW.send("POST", uri, None, dict(BEARER, **{"X-Upstream-Scenario": "undeclared-status"}))
        self.assertEqual(got, 503, data)
        self.assertEqual(len(GW.upstream_requests()), 1)

    def test_undeclared_success_status_is_502(self):
        self.assert_replaced("POST", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}/rotate",
                             None, "undeclared-2xx", "TG_UNDECLARED_STATUS", "")

    def test_response_not_json_is_502(self):
        self.assert_replaced("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens", None, "not-json",
                             "TG_JSON_SYNTAX", "")

    def test_body_over_the_size_limit_is_413_with_an_envelope(self):
        body = b'{"name":"' + b"a" * (2 << 20) + b'"}'
        self.assert_rejected("POST", "/client/v4/user/tokens", body, BEARER, "TG_BODY_TOO_LARGE", "", status=413)

    def test_unknown_route_is_404_and_not_forwarded(self):
        self.assert_rejected("GET", f"/client/v4/accounts/{ACCOUNT}/access/apps", None, BEARER, "TG_NO_ROUTE", "",
                             status=404)

    # --- Cloudflare user API tokens
    def test_user_token_create_valid_passes_through(self):
        self.assert_passes_through("POST", "/client/v4/user/tokens",
                                   example("cloudflare.user.tokens.create", "request.valid.json"))

    def test_user_token_verify_passes_through(self):
        self.assert_passes_through("GET", "/client/v4/user/tokens/verify")

    def test_user_token_bad_cidr_is_400(self):
        got, _, data = GW.send("POST", "/client/v4/user/tokens",
                               example("cloudflare.user.tokens.create", "request.invalid.TG_FORMAT.cidr-slash-33.json"),
                               BEARER)
        self.assertEqual(got, 400, data)
        self.assertTrue(any(c == "TG_FORMAT" and "/condition/request_ip/in/" in p for c, p in envelope_codes(data)),
                        data)
        self.assertEqual(GW.upstream_requests(), [])

    def test_user_token_roll_missing_result_is_502(self):
        self.assert_replaced("PUT", f"/client/v4/user/tokens/{USER_TOKEN}/value", b"{}", "missing-result",
                             "TG_REQUIRED", "")

    # --- Cloudflare account-owned API tokens
    def test_account_token_create_valid_passes_through(self):
        self.assert_passes_through("POST", f"/client/v4/accounts/{ACCOUNT}/tokens",
                                   example("cloudflare.account.tokens.create", "request.valid.json"))

    def test_account_token_roll_without_a_body_passes_through(self):
        self.assert_passes_through("PUT", f"/client/v4/accounts/{ACCOUNT}/tokens/{USER_TOKEN}/value")

    def test_account_token_malformed_resource_is_400(self):
        body = json.loads(example("cloudflare.account.tokens.create", "request.valid.json"))
        body["policies"][0]["resources"] = {"com.cloudflare.api.account.zone.not-an-id": "*"}
        self.assert_rejected("POST", f"/client/v4/accounts/{ACCOUNT}/tokens", json.dumps(body).encode(), BEARER,
                             "TG_RESOURCE_KEY", "/policies/0/resources/com.cloudflare.api.account.zone.not-an-id")

    def test_account_tokens_take_only_a_bearer_token(self):
        self.assert_rejected("GET", f"/client/v4/accounts/{ACCOUNT}/tokens", None,
                             {"X-Auth-Email": "ops@example.com", "X-Auth-Key": SECRET_KEY}, "TG_AUTH_MISSING", "")

    # --- SoftwareOne Platform API tokens
    def test_softwareone_update_valid_passes_through(self):
        self.assert_passes_through("PUT", f"/public/v1/accounts/api-tokens/{SWO_TOKEN}",
                                   example("softwareone.accounts.api_tokens.update", "request.valid.json"))

    def test_softwareone_bad_module_id_is_400(self):
        self.assert_rejected("PUT", f"/public/v1/accounts/api-tokens/{SWO_TOKEN}",
                             example("softwareone.accounts.api_tokens.update",
                                     "request.invalid.TG_PATTERN.module-id.json"), BEARER, "TG_PATTERN",
                             "/modules/0/id")

    def test_softwareone_undeclared_member_is_forwarded_with_a_warning(self):
        # ASP.NET ignores members a DTO does not declare: forwarded, and the
        # secret is in no answer or log of tokenguard's.
        body = json.dumps({"name": "n", "description": "d", "modules": [{"id": "MOD-1234"}],
                           "token": SECRET_BODY_TOKEN}).encode()
        got, _, data = GW.send("POST", "/public/v1/accounts/api-tokens", body, BEARER)
        self.assertEqual(got, 201, data)
        self.assertEqual(len(GW.upstream_requests()), 1)

    def test_softwareone_undeclared_member_is_400_under_strict(self):
        body = json.dumps({"name": "n", "description": "d", "modules": [{"id": "MOD-1234"}],
                           "token": SECRET_BODY_TOKEN}).encode()
        got, _, data = self.send_pass("POST", "/public/v1/accounts/api-tokens", body)
        self.assertEqual(got, 400, data)
        self.assertIn(("TG_ADDITIONAL_PROPERTY", "/token"), envelope_codes(data))
        self.assertNotIn(SECRET_BODY_TOKEN.encode(), data)
        self.assertEqual(GW.upstream_requests(), [])

    def test_softwareone_undeclared_error_status_passes_through(self):
        got, _, data = GW.send("GET", f"/public/v1/accounts/api-tokens/{SWO_TOKEN}", None,
                               dict(BEARER, **{"X-Upstream-Scenario": "undeclared-status"}))
        self.assertEqual(got, 503, data)

    # --- logging
    def test_replaced_response_is_logged_by_its_findings_not_its_body(self):
        got, _, data = GW.send("POST", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens",
                               example("cloudflare.access.service_tokens.create", "request.valid.json"),
                               dict(BEARER, **{"X-Upstream-Scenario": "created-at-not-date-time",
                                               "X-Upstream-Secret": SECRET_CLIENT}))
        self.assertEqual(got, 502, data)
        self.assertNotIn(SECRET_CLIENT.encode(), data)
        time.sleep(0.2)
        lines = [l for l in GW.log("error.log").splitlines()
                 if "response 201 to cloudflare.access.service_tokens.create replaced by 502" in l]
        self.assertTrue(lines)
        for line in lines:
            self.assertIn("TG_FORMAT body/result/created_at", line)
            self.assertNotIn("original body", line)

    # --- the gate: paths, bodies, content, encodings, statuses
    def send_pass(self, method, uri, body=None, headers=BEARER):
        return Gateway.request(GW.pass_port, method, uri, body, headers)

    def assert_not_forwarded_4xx(self, got, data):
        self.assertTrue(400 <= got < 500, (got, data))
        self.assertEqual(GW.upstream_requests(), [], "the request reached the upstream")

    def test_double_slash_is_refused_even_when_unmatched_requests_pass(self):
        got, _, data = self.send_pass("POST", "/client/v4//user/tokens", b'{"name": 7}')
        self.assertEqual(got, 400, data)
        self.assertIn(("TG_PATH_SEGMENT", ""), envelope_codes(data))
        self.assertEqual(GW.upstream_requests(), [])

    def test_unknown_route_passes_when_unmatched_requests_pass(self):
        got, _, data = self.send_pass("GET", f"/client/v4/accounts/{ACCOUNT}/access/apps")
        self.assertEqual(got, 404, data)  # the fake upstream's own answer
        self.assertEqual(len(GW.upstream_requests()), 1)

    def test_prefix_written_with_an_escape_is_refused(self):
        got, _, data = self.send_pass("GET", "/client/%764/user/tokens/verify")
        self.assertEqual(got, 400, data)
        self.assertIn(("TG_PATH_SEGMENT", ""), envelope_codes(data))
        self.assertEqual(GW.upstream_requests(), [])

    def test_dot_segments_are_refused_or_never_forwarded(self):
        for uri in ("/client/v4/../v4/user/tokens", "/client/v4/user/tokens/%2e%2e/tokens",
                    "/client/v4/user/./tokens"):
            got, _, data = self.send_pass("POST", uri, b'{"name": 7}')
            self.assert_not_forwarded_4xx(got, data)

    def test_encoded_slash_walk_from_softwareone_never_reaches_cloudflare(self):
        got, _, data = GW.send("PUT", "/public/v1/accounts/api-tokens/..%2F..%2F..%2F..%2Fuser%2Ftokens%2F"
                               + USER_TOKEN, b'{"name": "x"}', BEARER)
        self.assert_not_forwarded_4xx(got, data)

    def test_softwareone_id_with_separators_is_refused(self):
        for segment in ("%2e%2e", "TKN-1234-5678;x", "TKN-1234-5678%3Fx", "TKN-1234-5678%0D%0AX:%201", "text"):
            got, _, data = GW.send("GET", "/public/v1/accounts/api-tokens/" + segment, None, BEARER)
            self.assert_not_forwarded_4xx(got, data)

    def test_body_to_an_operation_that_takes_none_is_refused(self):
        got, _, data = GW.send("GET", "/client/v4/user/tokens/verify", b'{"x": 1}', BEARER)
        self.assertEqual(got, 400, data)
        self.assertEqual(GW.upstream_requests(), [])

    def test_wrong_content_type_is_refused(self):
        self.assert_rejected("POST", "/client/v4/user/tokens",
                             example("cloudflare.user.tokens.create", "request.valid.json"),
                             dict(BEARER, **{"Content-Type": "text/plain"}), "TG_CONTENT_TYPE", "/Content-Type")

    def test_request_content_encoding_is_refused(self):
        self.assert_rejected("POST", "/client/v4/user/tokens",
                             example("cloudflare.user.tokens.create", "request.valid.json"),
                             dict(BEARER, **{"Content-Encoding": "gzip"}), "TG_CONTENT_ENCODING", "/Content-Encoding")

    def test_duplicate_query_parameter_is_refused(self):
        self.assert_rejected("GET", "/client/v4/user/tokens?per_page=1000&per_page=5", None, BEARER,
                             "TG_QUERY_DUPLICATE", "/per_page")

    def test_case_variant_key_is_refused(self):
        self.assert_rejected("PUT", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}",
                             b'{"name":"ok","duration":"8760h","DURATION":"1d"}', BEARER,
                             "TG_JSON_KEY_CASE_VARIANT", "/DURATION")

    def test_no_route_never_echoes_the_query(self):
        got, _, data = GW.send("GET", f"/client/v4/accounts/{ACCOUNT}/nowhere?api_key={SECRET_QUERY}", None, BEARER)
        self.assertEqual(got, 404, data)
        self.assertNotIn(SECRET_QUERY.encode(), data)

    def test_client_asking_for_gzip_gets_a_checked_plain_answer(self):
        got, hdrs, data = GW.send("GET", "/client/v4/user/tokens/verify", None,
                                  dict(BEARER, **{"Accept-Encoding": "gzip", "X-Upstream-Scenario": "gzip-when-asked"}))
        self.assertEqual(got, 200, data)
        self.assertNotIn("content-encoding", hdrs)
        self.assertTrue(json.loads(data)["success"])
        self.assertNotIn("gzip", GW.upstream_requests()[0]["headers"].get("accept-encoding", ""))

    def test_upstream_that_gzips_anyway_is_502(self):
        got, _, data = GW.send("GET", "/client/v4/user/tokens/verify", None,
                               dict(BEARER, **{"X-Upstream-Scenario": "gzip-always"}))
        self.assertEqual(got, 502, data)
        self.assertIn(("TG_CONTENT_ENCODING", ""), envelope_codes(data))

    def test_no_content_and_not_modified_pass_through(self):
        for scenario, status in (("no-content", 204), ("not-modified", 304)):
            got, _, data = GW.send("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}",
                                   None, dict(BEARER, **{"X-Upstream-Scenario": scenario}))
            self.assertEqual(got, status, data)
            self.assertEqual(data, b"")

    def test_a_secret_in_an_unexpected_shape_is_never_logged(self):
        got, _, data = GW.send("PUT", f"/client/v4/user/tokens/{USER_TOKEN}/value", b"{}",
                               dict(BEARER, **{"X-Upstream-Scenario": "result-array-secret",
                                               "X-Upstream-Secret": SECRET_ROLLED}))
        self.assertEqual(got, 502, data)
        self.assertNotIn(SECRET_ROLLED.encode(), data)
        time.sleep(0.2)
        self.assertNotIn(SECRET_ROLLED, GW.log("error.log"))

    def test_logged_bodies_keep_only_harmless_strings(self):
        got, _, data = self.send_pass("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}",
                                      None, dict(BEARER, **{"X-Upstream-Scenario": "extra-secret-fields",
                                                            "X-Upstream-Secret": SECRET_ROLLED}))
        self.assertEqual(got, 502, data)
        time.sleep(0.2)
        log = GW.log("error.log")
        self.assertIn("original body", log)
        self.assertIn('"token_value":"[redacted]"', log)
        self.assertIn(f'"id":"{SERVICE_TOKEN}"', log)
        self.assertNotIn(SECRET_ROLLED, log)

    def test_no_worker_keeps_a_request_string_after_its_checks(self):
        for _ in range(6):  # (two workers: each is likely to serve some)
            got, _, data = GW.send("PUT", f"/client/v4/user/tokens/{USER_TOKEN}/value", b"{}", BEARER)
            self.assertEqual(got, 200, data)
        answers = set()
        for _ in range(12):
            got, _, data = Gateway.request(GW.subrequest_port, "GET", "/_tokenguard_retained")
            self.assertEqual(got, 200, data)
            answers.add(data.decode())
        self.assertTrue(answers - {"nil"}, answers)  # some worker has checked a request
        self.assertLessEqual(answers, {"0", "nil"})

    def test_zz_no_secret_in_any_log(self):  # runs last in this class
        for name in ("error.log", "access.log"):
            text = GW.log(name)
            for secret in SECRETS:
                if secret == SECRET_QUERY and name == "error.log":
                    # nginx itself ends each error.log line with the request
                    # line, query included; what tokenguard writes comes first.
                    for line in text.splitlines():
                        self.assertNotIn(secret, line.split(", client: ")[0], line)
                    continue
                self.assertNotIn(secret, text, f"{secret} found in {name}")


class LogMode(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        GW.start("log")

    def setUp(self):
        GW.upstream_requests()

    def test_invalid_request_is_forwarded_and_logged(self):
        body = example("cloudflare.access.service_tokens.update", "request.invalid.TG_FORMAT.duration-1d.json")
        uri = f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}"
        got, _, _ = GW.send("PUT", uri, body, BEARER)
        self.assertEqual(got, 200)
        seen = GW.upstream_requests()
        self.assertEqual([(s["uri"], s["body"]) for s in seen], [(uri, body.decode())])
        time.sleep(0.2)
        self.assertIn("invalid (log mode): TG_FORMAT body/duration", GW.log("error.log"))

    def test_invalid_response_is_passed_through_and_logged(self):
        got, _, data = GW.send("GET", f"/client/v4/accounts/{ACCOUNT}/access/service_tokens/{SERVICE_TOKEN}", None,
                               dict(BEARER, **{"X-Upstream-Scenario": "created-at-not-date-time"}))
        self.assertEqual(got, 200, data)
        time.sleep(0.2)
        self.assertIn("invalid (log mode): TG_FORMAT body/result/created_at", GW.log("error.log"))


OPENAPI_CONFIG = """daemon off;
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
{user}worker_processes 1;
error_log logs/error-openapi.log warn;
pid logs/nginx-openapi.pid;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path tmp;
  lua_package_path "{lib_dir}/?.lua;;";
  init_by_lua_block {{
    require("tokenguard.nginx").init{{ library = "{library}", openapi = "{document}" }}
  }}
  server {{
    listen 127.0.0.1:{port};
    location /vaults/ {{
      content_by_lua_block {{ require("tokenguard.nginx").proxy{{ upstream = "/_vault" }} }}
    }}
    # The upstream: canned answers from nginx itself.
    location /_vault/ {{
      internal;
      content_by_lua_block {{
        ngx.req.discard_body()
        ngx.header["Content-Type"] = "application/json"
        if ngx.req.get_headers()["X-Scenario"] == "uses-overflow" then
          ngx.print('[{{"id":"tok_0123abcd","name":"a","uses":99999999999}}]')
        elseif ngx.req.get_method() == "POST" then
          ngx.status = 201
          ngx.print('{{"id":"tok_0123abcd","name":"ci"}}')
        else
          ngx.print('[{{"id":"tok_0123abcd","name":"a","uses":1}}]')
        end
      }}
    }}
  }}
}}
"""
VAULT = "6f1c2a9e-3b1d-4c8e-9f00-1234567890ab"


class OpenApiDocument(unittest.TestCase):
    """The gateway's openapi= option: a user's multi-file YAML document."""

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        conf = os.path.join(GW.prefix, "nginx-openapi.conf")
        with open(conf, "w") as f:
            f.write(OPENAPI_CONFIG.format(
                user="user root;\n" if os.geteuid() == 0 else "", port=cls.port,
                lib_dir=os.path.join(ARGS.repo, "src", "gateway", "nginx"), library=os.path.abspath(ARGS.library),
                document=os.path.join(os.path.abspath(ARGS.repo), "tests", "data", "openapi", "vault", "openapi.yaml")))
        # What init_by_lua logs goes to standard error (the error log opens later).
        cls.stderr_path = os.path.join(GW.prefix, "logs", "stderr-openapi.log")
        with open(cls.stderr_path, "w") as stderr:
            cls.nginx = subprocess.Popen(["nginx", "-p", GW.prefix, "-c", conf], stderr=stderr)
        wait_for_port(cls.port, cls.nginx, "nginx (openapi)")

    @classmethod
    def tearDownClass(cls):
        cls.nginx.send_signal(signal.SIGQUIT)
        try:
            cls.nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.nginx.kill()
            cls.nginx.wait()

    def send(self, method, uri, body=None, headers=None):
        return Gateway.request(self.port, method, uri, body, headers)

    def test_valid_request_passes(self):
        got, _, data = self.send("GET", f"/vaults/{VAULT}/tokens?per_page=10")
        self.assertEqual(got, 200, data)

    def test_query_parameter_through_a_component_ref_is_checked(self):
        got, _, data = self.send("GET", f"/vaults/{VAULT}/tokens?per_page=1000")
        self.assertEqual(got, 400, data)
        self.assertIn(("TG_MAXIMUM", "/per_page"), envelope_codes(data))

    def test_request_body_from_another_file_is_checked(self):
        got, _, data = self.send("POST", f"/vaults/{VAULT}/tokens", b'{"name":"ci","ttl":"1d"}')
        self.assertEqual(got, 400, data)
        self.assertIn(("TG_FORMAT", "/ttl"), envelope_codes(data))
        got, _, data = self.send("POST", f"/vaults/{VAULT}/tokens", b'{"name":"ci","ttl":"P1D"}')
        self.assertEqual(got, 201, data)

    def test_bad_upstream_response_is_502(self):
        got, _, data = self.send("GET", f"/vaults/{VAULT}/tokens", None, {"X-Scenario": "uses-overflow"})
        self.assertEqual(got, 502, data)
        self.assertIn(("TG_FORMAT", "/0/uses"), envelope_codes(data))

    def test_diagnostics_are_logged_once_at_start(self):
        time.sleep(0.1)
        logged = GW.log("error-openapi.log") + GW.log("stderr-openapi.log")
        self.assertEqual(logged.count('status range "4xx"'), 1, logged)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def time_requests(port, n):
    """n sequential requests on one keep-alive connection, a mix of a GET and a PUT."""
    put_body = example("softwareone.accounts.api_tokens.update", "request.valid.json")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    samples = []
    for i in range(n):
        if i % 2:
            method, uri, body = "PUT", f"/public/v1/accounts/api-tokens/{SWO_TOKEN}", put_body
        else:
            method, uri, body = "GET", f"/public/v1/accounts/api-tokens/{SWO_TOKEN}", None
        headers = dict(BEARER)
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        conn.request(method, uri, body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        samples.append(time.perf_counter() - start)
        if r.status != 200:
            raise AssertionError(f"latency run: {method} {uri} gave {r.status}")
    conn.close()
    return samples


def measure_latency(n):
    GW.start("enforce", canned_upstream=True)
    ports = {"gw": GW.gw_port, "plain": GW.plain_port, "subrequest": GW.subrequest_port}
    for port in ports.values():
        time_requests(port, 200)  # warm-up
    samples = {name: [] for name in ports}
    for _ in range(4):  # interleaved, so drift hits all three alike
        for name, port in ports.items():
            samples[name] += time_requests(port, n // 4)
    gw, plain, sub = samples["gw"], samples["plain"], samples["subrequest"]
    us = lambda s: round(s * 1e6, 1)
    report = {
        "requests": len(gw),
        "plain_proxy_median_us": us(statistics.median(plain)),
        "plain_proxy_p99_us": us(percentile(plain, 99)),
        "subrequest_median_us": us(statistics.median(sub)),
        "subrequest_p99_us": us(percentile(sub, 99)),
        "tokenguard_median_us": us(statistics.median(gw)),
        "tokenguard_p99_us": us(percentile(gw, 99)),
        "added_median_us": us(statistics.median(gw) - statistics.median(plain)),
        "added_p99_us": us(percentile(gw, 99) - percentile(plain, 99)),
        "checks_median_us": us(statistics.median(gw) - statistics.median(sub)),
        "checks_p99_us": us(percentile(gw, 99) - percentile(sub, 99)),
    }
    print("gateway latency over {requests} requests (GET + PUT mix, one keep-alive connection,\n"
          "canned upstream answers from nginx itself):\n"
          "  plain nginx proxy:               median {plain_proxy_median_us} us, p99 {plain_proxy_p99_us} us\n"
          "  the subrequest alone (no check): median {subrequest_median_us} us, p99 {subrequest_p99_us} us\n"
          "  with tokenguard:                 median {tokenguard_median_us} us, p99 {tokenguard_p99_us} us\n"
          "  added per request:               median {added_median_us} us, p99 {added_p99_us} us\n"
          "  of which tokenguard's checks:    median {checks_median_us} us, p99 {checks_p99_us} us".format(**report))
    if ARGS.report:
        with open(ARGS.report, "w") as f:
            json.dump(report, f, indent=1)
    return report


def main():
    global ARGS, GW
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--report")
    ARGS, rest = parser.parse_known_args()
    if not ensure_packages():
        return 77
    if shutil.which("nginx") is None and os.path.exists("/usr/sbin/nginx"):
        os.environ["PATH"] += os.pathsep + "/usr/sbin"
    GW = Gateway()
    try:
        suite = unittest.TestSuite()
        loader = unittest.TestLoader()
        suite.addTests(loader.loadTestsFromTestCase(EnforceMode))
        suite.addTests(loader.loadTestsFromTestCase(LogMode))
        suite.addTests(loader.loadTestsFromTestCase(OpenApiDocument))
        result = unittest.TextTestRunner(verbosity=2).run(suite)
        if not result.wasSuccessful():
            print("---- nginx error.log (tail) ----\n" + GW.log("error.log")[-4000:])
            return 1
        measure_latency(ARGS.requests)
        return 0
    finally:
        GW.stop()


if __name__ == "__main__":
    sys.exit(main())
