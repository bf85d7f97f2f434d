// The README's C++ examples, verbatim inside main() (tests/readme_test.py
// checks that they match), with the names they leave open defined here and
// their comments' claims checked.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tokenguard/check.h"
#include "tokenguard/cidr.h"
#include "tokenguard/duration.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "README example: %s\n", what);
    ++failures;
  }
}

int replied_status = 0;
std::string replied_body;

void reply(int status, const std::string& body) {
  replied_status = status;
  replied_body = body;
}

}  // namespace

int main() {
  const std::string token = "readme-example-token";
  const int status = 200;
  const std::string upstream_body =
      R"({"success":true,"errors":[],"messages":[],"result":{"id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415",)"
      R"("name":"ci","client_id":"88bf3b6d86161464f6509f7219099e57.access.example.com",)"
      R"("created_at":"2014-01-01T05:20:00.12345Z","updated_at":"2014-01-01T05:20:00.12345Z","duration":"60m"}})";

  auto catalog = tokenguard::Catalog::embedded();      // compiled once, shared by all threads

  const std::string auth = "Bearer " + token;             // HttpHeader holds views: keep it alive
  std::vector<tokenguard::HttpHeader> headers = {{"Authorization", auth}, {"Content-Type", "application/json"}};
  tokenguard::HttpRequest req;
  req.method = "PUT";
  req.path = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/"
             "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
  req.headers = &headers;                              // nullptr: credentials not checked (a note says so)
  req.body = R"({"name": "ci", "duration": "1d"})";

  tokenguard::CheckResult r = tokenguard::check_request(*catalog, req);
  if (!r.valid) {
    // r.findings[0]: error, pointer "/duration", code TG_FORMAT, message
    // expected a Go duration like "2h45m" or "forever": unknown unit "d" at offset 1
    reply(400, tokenguard::render_error_envelope(r));   // {"errors":[...],"messages":[],"result":null,"success":false}
  }

  const tokenguard::Operation& op = *r.operation;       // cloudflare.access.service_tokens.update
  tokenguard::CheckResult resp = tokenguard::check_response(op, status, upstream_body);

  thread_local tokenguard::CheckResult kept;            // one per thread, filled in place by every check:
  tokenguard::check_response(op, status, upstream_body, {}, kept);  // no allocation once warm, warnings and all

  expect(!r.valid && r.findings.size() == 1, "the request has one finding");
  expect(r.findings.at(0).pointer == "/duration" && r.findings[0].code == "TG_FORMAT", "it is /duration, TG_FORMAT");
  expect(r.findings[0].message == "expected a Go duration like \"2h45m\" or \"forever\": unknown unit \"d\" at offset 1",
         "its message");
  expect(replied_status == 400 && replied_body.rfind("{\"errors\":[", 0) == 0 &&
             replied_body.find("\"messages\":[],\"result\":null,\"success\":false}") != std::string::npos, "the envelope");
  expect(op.id == "cloudflare.access.service_tokens.update", "the operation");
  expect(resp.valid, "the upstream body is valid");
  expect(kept.valid && kept.operation == &op && kept.findings.empty(), "the result filled in place");

  auto d = tokenguard::parse_duration("2h45m");
  if (d.ok()) {
    d.value().nanoseconds;                      // 9900000000000
    tokenguard::format_duration(d.value());     // "2h45m0s", as Go writes it
  } else {
    d.error().offset();                         // byte offset of the problem
    d.error().message();                        // e.g. unknown unit "d" at offset 1
  }

  auto p = tokenguard::parse_prefix("123.123.123.100/24");
  tokenguard::to_string(p.value().masked());    // "123.123.123.0/24"

  expect(d.ok() && d.value().nanoseconds == 9900000000000, "2h45m in nanoseconds");
  expect(tokenguard::format_duration(d.value()) == "2h45m0s", "Go's text for 2h45m");
  const auto bad = tokenguard::parse_duration("1d");
  expect(!bad.ok() && bad.error().offset() == 1 && bad.error().message() == "unknown unit \"d\" at offset 1",
         "the error for 1d");
  expect(tokenguard::to_string(p.value().masked()) == "123.123.123.0/24", "the masked prefix");

  std::printf("README C++ examples: %s\n", failures == 0 ? "ok" : "FAILED");
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
