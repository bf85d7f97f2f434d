#!/usr/bin/env python3
"""A stand-in for the Cloudflare and SoftwareOne token APIs, on loopback.

    python3 upstream.py --port 0 --repo /path/to/tokenguard

Prints "listening on PORT" once ready. It answers each operation of the
catalog (schemas/*.openapi.json, by x-tokenguard-id) with that operation's
bundled example response (schemas/examples/catalog/<id>/response.<2xx>.valid.json),
with the Cloudflare prefix /client/v4 accepted. A request header picks a
deliberately bad answer instead:

    X-Upstream-Scenario: missing-result            the body without "result"
    X-Upstream-Scenario: created-at-not-date-time  result.created_at = "yesterday"
    X-Upstream-Scenario: undeclared-status         503, a status no operation declares
    X-Upstream-Scenario: undeclared-2xx            202, a success status the operation does not declare
    X-Upstream-Scenario: not-json                  200 with an HTML body
    X-Upstream-Scenario: no-content                204 with no body
    X-Upstream-Scenario: not-modified              304 with no body
    X-Upstream-Scenario: gzip-when-asked           the body gzipped when Accept-Encoding allows it
    X-Upstream-Scenario: gzip-always               the body gzipped whatever was asked
    X-Upstream-Scenario: result-array-secret       {"result": [VALUE]} (a roll answer in the wrong shape)
    X-Upstream-Scenario: extra-secret-fields       result.token_value and result["client_secret "] set
                                                   to VALUE, and result.created_at broken
    X-Upstream-Secret: VALUE                       client_secret (Cloudflare) or
                                                   token (SoftwareOne) set to VALUE

GET /__upstream/console is a blank page for tests/har/record_har.js. It
records every request it receives. GET /__upstream/requests returns them
(JSON) and forgets them; the gateway never forwards that path.
"""
import argparse
import glob
import gzip
import json
import os
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLOUDFLARE_PREFIX = "/client/v4"


def load_routes(repo):
    routes = []
    for doc_path in sorted(glob.glob(os.path.join(repo, "schemas", "*.openapi.json"))):
        with open(doc_path, encoding="utf-8") as f:
            doc = json.load(f)
        for template, item in doc["paths"].items():
            for method, op in item.items():
                if not isinstance(op, dict) or "x-tokenguard-id" not in op:
                    continue
                pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
                routes.append((template.count("{"), method.upper(), re.compile(pattern), op["x-tokenguard-id"]))
    routes.sort(key=lambda r: r[0])  # literal segments win over parameters
    return routes


def example_response(repo, op_id):
    files = sorted(glob.glob(os.path.join(repo, "schemas", "examples", "catalog", op_id, "response.2*.valid.json")))
    if not files:
        return 200, None
    status = int(os.path.basename(files[0]).split(".")[1])
    with open(files[0], encoding="utf-8") as f:
        return status, json.load(f)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-upstream"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's
        # algorithm and the peer's delayed ACK add 40 ms to every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):  # quiet: the test reads recordings instead
        pass

    def _send(self, status, body, content_type="application/json", encoding=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        if encoding == "gzip":
            data = gzip.compress(data)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Upstream", "fake")
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/__upstream/console":  # a page for the browser recording (tests/har)
            return self._send(200, b"<!doctype html><title>token console</title><p>token console</p>",
                              "text/html; charset=utf-8")
        if self.path == "/__upstream/requests":
            with self.server.lock:
                recorded, self.server.recorded = self.server.recorded, []
            return self._send(200, recorded)
        with self.server.lock:
            self.server.recorded.append({
                "method": self.command, "uri": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            })
        path = self.path.split("?", 1)[0]
        if path.startswith(CLOUDFLARE_PREFIX + "/"):
            path = path[len(CLOUDFLARE_PREFIX):]
        op_id = next((r[3] for r in self.server.routes if r[1] == self.command and r[2].match(path)), None)
        if op_id is None:
            return self._send(404, {"success": False, "errors": [{"code": 7003, "message": "No route"}]})
        status, doc = example_response(self.server.repo, op_id)
        scenario = self.headers.get("X-Upstream-Scenario", "")
        # X-Upstream-Delay-Ms: answer late (at most a second), so that the
        # gateway holds several requests at once.
        delay = self.headers.get("X-Upstream-Delay-Ms", "")
        if delay.isdigit():
            time.sleep(min(int(delay), 1000) / 1000)
        secret = self.headers.get("X-Upstream-Secret")
        if isinstance(doc, dict) and secret:
            target = doc.get("result") if isinstance(doc.get("result"), dict) else doc
            target["client_secret" if op_id.startswith("cloudflare") else "token"] = secret
        if scenario == "missing-result" and isinstance(doc, dict):
            doc.pop("result", None)
        elif scenario == "created-at-not-date-time" and isinstance(doc, dict):
            result = doc.get("result")
            if isinstance(result, list) and result:
                result = result[0]
            if isinstance(result, dict):
                result["created_at"] = "yesterday"
        elif scenario == "undeclared-status":
            status = 503
        elif scenario == "undeclared-2xx":
            status = 202
        elif scenario == "not-json":
            return self._send(200, b"<html>upstream error page</html>", "text/html")
        elif scenario in ("no-content", "not-modified"):
            self.send_response(204 if scenario == "no-content" else 304)
            self.send_header("X-Upstream", "fake")
            self.end_headers()
            return None
        elif scenario == "gzip-when-asked" and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send(status, doc, encoding="gzip")
        elif scenario == "gzip-always":
            return self._send(status, doc, encoding="gzip")
        elif scenario == "result-array-secret" and isinstance(doc, dict):
            doc["result"] = [secret or "cfut_example"]
        elif scenario == "extra-secret-fields" and isinstance(doc, dict) and isinstance(doc.get("result"), dict):
            doc["result"]["token_value"] = secret or "cfut_example"
            doc["result"]["client_secret "] = secret or "cfut_example"
            doc["result"]["created_at"] = "yesterday"
        if doc is None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self._send(status, doc)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--repo", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.repo = args.repo
    server.routes = load_routes(args.repo)
    server.recorded = []
    server.lock = threading.Lock()
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
