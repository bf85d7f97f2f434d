"""The README's requests adapter: each request is checked before it is
sent, each response after, against a local server that answers like the
upstream."""
import http.server
import json
import threading
from urllib.parse import urlsplit

import pytest
import requests

import tokenguard


# --- the README's example, as it is there ---
class CheckingAdapter(requests.adapters.HTTPAdapter):
    """Checks every request before it is sent and every response after."""

    def __init__(self, catalog, base_path="", **kwargs):
        super().__init__(**kwargs)
        self.catalog, self.base_path = catalog, base_path

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        path = url.path[len(self.base_path):] + ("?" + url.query if url.query else "")
        checked = self.catalog.check_request(method=request.method, path=path,
                                             headers=dict(request.headers), body=request.body)
        if not checked.valid:
            raise tokenguard.Error(f"refused before sending: {[f.code for f in checked.findings]}")
        response = super().send(request, **kwargs)
        answer = self.catalog.check_response(checked.operation, response.status_code, response.content)
        if not answer.valid:
            raise tokenguard.Error(f"the upstream's answer is invalid: {[f.code for f in answer.findings]}")
        return response

# session = requests.Session()
# session.mount("https://api.cloudflare.com/", CheckingAdapter(tokenguard.Catalog.embedded(), "/client/v4"))
# session.put("https://api.cloudflare.com/client/v4/user/tokens/" + token_id, json={...})
# --- end of the example ---


class Upstream(http.server.BaseHTTPRequestHandler):
    answer = {}

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps(Upstream.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def session():
    server = http.server.HTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    s = requests.Session()
    base = f"http://127.0.0.1:{server.server_port}"
    s.mount(base, CheckingAdapter(tokenguard.Catalog.embedded(), "/client/v4"))
    yield s, base + "/client/v4"
    server.shutdown()


TOKEN = "/user/tokens/ed17574386854bf78a67040be0a770b0"
GOOD = {"success": True, "errors": [], "messages": [],
        "result": {"id": "ed17574386854bf78a67040be0a770b0", "name": "ci", "status": "active",
                   "policies": []}}


def test_a_good_exchange_passes(session):
    s, base = session
    Upstream.answer = GOOD
    r = s.put(base + TOKEN, json={"name": "ci", "policies": []}, headers={"Authorization": "Bearer abc"})
    assert r.status_code == 200


def test_a_bad_request_is_never_sent(session):
    s, base = session
    with pytest.raises(tokenguard.Error, match="TG_TYPE"):
        s.put(base + TOKEN, json={"name": 7, "policies": []}, headers={"Authorization": "Bearer abc"})


def test_a_bad_answer_is_caught(session):
    s, base = session
    Upstream.answer = {"success": True, "errors": [], "messages": []}
    with pytest.raises(tokenguard.Error, match="TG_REQUIRED"):
        s.put(base + TOKEN, json={"name": "ci", "policies": []}, headers={"Authorization": "Bearer abc"})
