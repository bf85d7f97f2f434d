#include "three_ways.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tokenguard/check.h"
#include "tokenguard/tokenguard.h"
#include "tool_runner.h"

namespace tokenguard::testing {

bool Verdict::has(const std::string& code) const {
  return std::find(errors.begin(), errors.end(), code) != errors.end() ||
         std::find(warnings.begin(), warnings.end(), code) != warnings.end();
}

namespace {

void add_finding(Verdict& v, bool error, const std::string& code, const std::string& text) {
  (error ? v.errors : v.warnings).push_back(code);
  v.output += text + "\n";
}

}  // namespace

Verdict check_cpp(const Exchange& x) {
  Verdict v;
  v.way = "C++";
  const auto catalog = Catalog::embedded();
  const Operation* op = x.operation.empty() ? nullptr : catalog->find(x.operation);
  std::vector<HttpHeader> headers;
  if (x.headers)
    for (const auto& [n, val] : *x.headers) headers.push_back(HttpHeader{n, val});
  CheckResult r;
  if (x.status) {
    if (op == nullptr) op = catalog->route(x.method, x.path).operation;
    if (op == nullptr) {
      ADD_FAILURE() << "no operation for the response";
      return v;
    }
    r = check_response(*op, *x.status, x.body);
  } else {
    HttpRequest req;
    req.method = x.method;
    req.path = x.path;
    req.headers = x.headers ? &headers : nullptr;
    req.body = x.body;
    r = op != nullptr ? check_request(*op, req) : check_request(*catalog, req);
  }
  v.valid = r.valid;
  for (const Finding& f : r.findings)
    add_finding(v, f.severity == Severity::kError, f.code, f.location + " " + f.pointer + " " + f.message);
  for (const Note& n : r.notes) v.output += n.text() + "\n";
  return v;
}

Verdict check_c(const Exchange& x) {
  Verdict v;
  v.way = "C";
  tg_catalog* c = nullptr;
  if (tg_catalog_embedded(&c) != TG_OK) {
    ADD_FAILURE() << "tg_catalog_embedded";
    return v;
  }
  std::vector<tg_header> headers;
  if (x.headers)
    for (const auto& [n, val] : *x.headers) headers.push_back(tg_header{n.data(), n.size(), val.data(), val.size()});
  tg_result* r = nullptr;
  const char* op = x.operation.empty() ? nullptr : x.operation.data();
  const tg_status s =
      x.status ? tg_check_response(c, op, x.operation.size(), x.method.data(), x.method.size(), x.path.data(),
                                   x.path.size(), *x.status, x.body.data(), x.body.size(), &r)
               : tg_check_request(c, op, x.operation.size(), x.method.data(), x.method.size(), x.path.data(),
                                  x.path.size(), headers.data(), headers.size(), x.headers ? 1 : 0, x.body.data(),
                                  x.body.size(), &r);
  EXPECT_TRUE(s == TG_OK || s == TG_INVALID) << tg_status_string(s);
  EXPECT_NE(r, nullptr);
  v.valid = s == TG_OK;
  for (std::size_t i = 0; r != nullptr && i < tg_result_finding_count(r); ++i) {
    tg_finding f;
    if (tg_result_finding(r, i, &f) != TG_OK) continue;
    add_finding(v, f.severity == TG_SEVERITY_ERROR, f.code,
                std::string(f.location) + " " + f.pointer + " " + f.message);
  }
  tg_result_free(r);
  tg_catalog_free(c);
  return v;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char ch : s) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out += ch;
    }
  }
  return out + "'";
}

Verdict check_cli(const Exchange& x) {
  Verdict v;
  v.way = "CLI";
  std::string args = x.status ? "check response" : "check request";
  if (!x.operation.empty()) args += " " + shell_quote(x.operation);
  if (!x.method.empty()) args += " --method " + shell_quote(x.method);
  if (!x.path.empty()) args += " --path " + shell_quote(x.path);
  if (x.status) args += " --status " + std::to_string(*x.status);
  if (x.headers)
    for (const auto& [n, val] : *x.headers) args += " --header " + shell_quote(n + ": " + val);
  args += " --json -";
  const ToolRun r = run_tool(args, x.body);
  v.output = r.out;
  const auto start = r.out.find('{');
  const auto doc = nlohmann::json::parse(start == std::string::npos ? "" : r.out.substr(start), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    ADD_FAILURE() << "tokenguard " << args << " printed no JSON (status " << r.status << "):\n" << r.out;
    return v;
  }
  v.valid = doc.value("valid", false);
  EXPECT_EQ(r.status, v.valid ? 0 : 1) << args;
  for (const auto& f : doc["findings"])
    (f.value("severity", "") == "error" ? v.errors : v.warnings).push_back(f.value("code", ""));
  return v;
}

std::vector<Verdict> check_three_ways(const Exchange& x) {
  std::vector<Verdict> all{check_cpp(x), check_c(x), check_cli(x)};
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(all[i].valid, all[0].valid) << all[i].way << " and " << all[0].way << " disagree\n" << all[i].output;
    EXPECT_EQ(all[i].errors, all[0].errors) << all[i].way << " and " << all[0].way << " disagree";
  }
  return all;
}

namespace {

void expect_no_secret(const Verdict& v, const std::string& secret) {
  if (secret.empty()) return;
  EXPECT_EQ(v.output.find(secret), std::string::npos) << v.way << " echoed a secret:\n" << v.output;
}

}  // namespace

void expect_error_everywhere(const Exchange& x, const std::string& code, const std::string& secret) {
  for (const Verdict& v : check_three_ways(x)) {
    EXPECT_FALSE(v.valid) << v.way << "\n" << v.output;
    EXPECT_NE(std::find(v.errors.begin(), v.errors.end(), code), v.errors.end())
        << v.way << ": no error " << code << "\n" << v.output;
    expect_no_secret(v, secret);
  }
}

void expect_warning_everywhere(const Exchange& x, const std::string& code, const std::string& secret) {
  for (const Verdict& v : check_three_ways(x)) {
    EXPECT_TRUE(v.valid) << v.way << "\n" << v.output;
    EXPECT_NE(std::find(v.warnings.begin(), v.warnings.end(), code), v.warnings.end())
        << v.way << ": no warning " << code << "\n" << v.output;
    expect_no_secret(v, secret);
  }
}

void expect_valid_everywhere(const Exchange& x) {
  for (const Verdict& v : check_three_ways(x)) EXPECT_TRUE(v.valid) << v.way << "\n" << v.output;
}

}  // namespace tokenguard::testing
