// The bad-input matrix: hostile bodies through the C++ API and the C API,
// each with the finding code it must give. (The README's robustness section
// lists the same rows, with their measured times.) No test here asserts a
// timing: ctest's TIMEOUT on this binary is the guard against a hang. The
// body size limit (1 MiB by default) bounds memory; rows that raise it say so.
#include <gtest/gtest.h>

#include <string>

#include "tokenguard/check.h"
#include "tokenguard/tokenguard.h"

namespace tokenguard {
namespace {

const Operation& create_token() { return *Catalog::embedded()->find("cloudflare.user.tokens.create"); }

// Checks `body` as a user-token create request; the first finding's code.
std::string first_code(const std::string& body, CheckOptions o = {}) {
  HttpRequest req;
  req.body = body;
  const CheckResult r = check_request(create_token(), req, o);
  EXPECT_FALSE(r.valid);
  // Through the C API too: the same verdict, no crash.
  tg_catalog* c = nullptr;
  tg_result* cr = nullptr;
  if (tg_catalog_embedded(&c) == TG_OK) {
    EXPECT_EQ(tg_check_request(c, "cloudflare.user.tokens.create", 29, nullptr, 0, nullptr, 0, nullptr, 0, 0,
                               body.data(), body.size(), &cr),
              TG_INVALID);
    tg_result_free(cr);
    tg_catalog_free(c);
  }
  return r.findings.empty() ? "" : r.findings.front().code;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(BadInput, EmptyBody) { EXPECT_EQ(first_code(""), "TG_BODY_REQUIRED"); }
TEST(BadInput, NullDocument) { EXPECT_EQ(first_code("null"), "TG_TYPE"); }
TEST(BadInput, BareString) { EXPECT_EQ(first_code("\"token\""), "TG_TYPE"); }
TEST(BadInput, MillionDeepNesting) { EXPECT_EQ(first_code(nested(1000000)), "TG_BODY_TOO_LARGE"); }
TEST(BadInput, MillionDeepNestingWithTheSizeLimitRaised) {
  CheckOptions o;
  o.limits.max_bytes = 4u << 20;
  EXPECT_EQ(first_code(nested(1000000), o), "TG_JSON_TOO_DEEP");
}
TEST(BadInput, HundredMebibyteString) {
  EXPECT_EQ(first_code("{\"name\":\"" + std::string(100u << 20, 'a') + "\"}"), "TG_BODY_TOO_LARGE");
}
TEST(BadInput, MillionProperties) {
  std::string body = "{";
  for (int i = 0; i < 1000000; ++i) body += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  body += "}";
  EXPECT_EQ(first_code(body), "TG_BODY_TOO_LARGE");
  CheckOptions o;
  o.limits.max_bytes = 32u << 20;
  EXPECT_EQ(first_code(body, o), "TG_REQUIRED");  // parsed and checked, within the time bound
}
TEST(BadInput, DuplicateKeys) { EXPECT_EQ(first_code(R"({"name":"a","name":"b"})"), "TG_JSON_DUPLICATE_KEY"); }
TEST(BadInput, InvalidUtf8) { EXPECT_EQ(first_code("{\"name\":\"\xff\xfe\"}"), "TG_JSON_INVALID_UTF8"); }
TEST(BadInput, OverlongUtf8Encoding) { EXPECT_EQ(first_code("{\"name\":\"\xc0\xaf\"}"), "TG_JSON_INVALID_UTF8"); }
TEST(BadInput, LoneSurrogate) { EXPECT_EQ(first_code(R"({"name":"\ud800"})"), "TG_JSON_SYNTAX"); }
TEST(BadInput, NulInsideAStringCountsAgainstMaxLength) {
  EXPECT_EQ(first_code("{\"name\":\"" + std::string(60, 'a') + "\\u0000" + std::string(60, 'b') + "\",\"policies\":[]}"),
            "TG_MAX_LENGTH");
}
TEST(BadInput, NumberBeyondFloat64) { EXPECT_EQ(first_code(R"({"name":"t","policies":[],"x":1e400})"), "TG_JSON_NUMBER_RANGE"); }
TEST(BadInput, FloatWhereAnIntegerIsExpected) {
  const Operation& op = *Catalog::embedded()->find("cloudflare.user.tokens.get");
  const CheckResult r = check_response(op, 400, R"({"success":false,"errors":[{"code":1000.0,"message":"m"}],"messages":[],"result":null})");
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.front().code, "TG_TYPE");
}
TEST(BadInput, NegativeZeroIsJustZero) {
  HttpRequest req;
  req.body = R"({"client_secret_version":-0})";
  const auto r = check_request(*Catalog::embedded()->find("cloudflare.access.service_tokens.update"), req);
  EXPECT_TRUE(r.valid);  // a warning (below 1), not a crash or an error
}
TEST(BadInput, NaNAndInfinityLiterals) {
  EXPECT_EQ(first_code(R"({"x":NaN})"), "TG_JSON_SYNTAX");
  EXPECT_EQ(first_code(R"({"x":Infinity})"), "TG_JSON_SYNTAX");
}
TEST(BadInput, ByteOrderMark) { EXPECT_EQ(first_code("\xEF\xBB\xBF{\"name\":\"t\",\"policies\":[]}"), "TG_JSON_BOM"); }
TEST(BadInput, TrailingGarbage) { EXPECT_EQ(first_code(R"({"name":"t","policies":[]} x)"), "TG_JSON_SYNTAX"); }
TEST(BadInput, HundredThousandCidrs) {
  std::string list;
  for (int i = 0; i < 100000; ++i) list += (i ? ",\"10." : "\"10.") + std::to_string(i % 256) + "." + std::to_string(i / 256 % 256) + ".0/24\"";
  const std::string body = R"({"name":"t","policies":[],"condition":{"request_ip":{"in":[)" + list + "],\"not_in\":[" + list + "]}}}";
  CheckOptions o;
  o.limits.max_bytes = 8u << 20;
  HttpRequest req;
  req.body = body;
  const CheckResult r = check_request(create_token(), req, o);
  EXPECT_TRUE(r.valid);  // duplicates are warnings
  EXPECT_LE(r.findings.size(), o.max_findings);
}
TEST(BadInput, DurationOfHundredThousandDigits) {
  HttpRequest req;
  const std::string body = "{\"duration\":\"" + std::string(100000, '9') + "s\"}";
  req.body = body;
  const auto r = check_request(*Catalog::embedded()->find("cloudflare.access.service_tokens.update"), req);
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.front().code, "TG_FORMAT");
}
TEST(BadInput, LongValueAgainstAPattern) {
  HttpRequest req;
  const std::string body = "{\"modules\":[{\"id\":\"MOD-" + std::string(30000, '1') + "\"}]}";
  req.body = body;
  const auto r = check_request(*Catalog::embedded()->find("softwareone.accounts.api_tokens.update"), req);
  ASSERT_FALSE(r.valid);
  EXPECT_EQ(r.findings.front().code, "TG_PATTERN");
}

}  // namespace
}  // namespace tokenguard
