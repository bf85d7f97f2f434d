// The bad-input matrix through the command line: each row of
// tests/bad_input_test.cc (C++ and C API) as a body on standard input to
// `tokenguard check ... --json -`, with its exit status and first finding
// code. Rows whose body can carry it hold a secret field ("value"), whose
// value must not appear anywhere in the output. No timing is asserted: the
// ctest TIMEOUT guards against a hang, and the tool reads at most the size
// limit plus one byte, which bounds its memory.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tool_runner.h"

namespace {

using tokenguard::testing::run_tool_stdout;
using tokenguard::testing::ToolRun;

constexpr const char* kSecret = "SECRET-BAD-INPUT-7d2f";
const std::string kWithSecret = std::string("{\"value\":\"") + kSecret + "\",";

struct Outcome {
  int status = -1;
  std::string first_code;
  bool echoed_secret = false;
};

Outcome check(const std::string& command, const std::string& body) {
  const ToolRun r = run_tool_stdout(command + " --json -", body);
  Outcome o;
  o.status = r.status;
  o.echoed_secret = r.out.find(kSecret) != std::string::npos;
  const auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_discarded() && doc.contains("findings") && !doc["findings"].empty())
    o.first_code = doc["findings"][0].value("code", "");
  return o;
}

Outcome create_token(const std::string& body) { return check("check request cloudflare.user.tokens.create", body); }

void expect_invalid(const Outcome& o, const char* code) {
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.first_code, code);
  EXPECT_FALSE(o.echoed_secret);
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(BadInputCli, EmptyBody) { expect_invalid(create_token(""), "TG_BODY_REQUIRED"); }
TEST(BadInputCli, NullDocument) { expect_invalid(create_token("null"), "TG_TYPE"); }
TEST(BadInputCli, BareString) { expect_invalid(create_token("\"token\""), "TG_TYPE"); }
TEST(BadInputCli, MillionDeepNesting) { expect_invalid(create_token(nested(1000000)), "TG_BODY_TOO_LARGE"); }
TEST(BadInputCli, MillionDeepNestingWithTheSizeLimitRaised) {
  const Outcome o = check("check request cloudflare.user.tokens.create --max-bytes 4194304", nested(1000000));
  expect_invalid(o, "TG_JSON_TOO_DEEP");
}
TEST(BadInputCli, HundredMebibyteString) {
  expect_invalid(create_token(kWithSecret + "\"name\":\"" + std::string(100u << 20, 'a') + "\"}"), "TG_BODY_TOO_LARGE");
}
TEST(BadInputCli, MillionProperties) {
  std::string body = kWithSecret;
  for (int i = 0; i < 1000000; ++i) body += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  body += "}";
  expect_invalid(create_token(body), "TG_BODY_TOO_LARGE");
}
TEST(BadInputCli, DuplicateKeys) { expect_invalid(create_token(kWithSecret + R"("name":"a","name":"b"})"), "TG_JSON_DUPLICATE_KEY"); }
TEST(BadInputCli, DuplicateSecretKeys) {
  expect_invalid(create_token(kWithSecret + "\"value\":\"" + kSecret + "2\"}"), "TG_JSON_DUPLICATE_KEY");
}
TEST(BadInputCli, InvalidUtf8) { expect_invalid(create_token(kWithSecret + "\"name\":\"\xff\xfe\"}"), "TG_JSON_INVALID_UTF8"); }
TEST(BadInputCli, OverlongUtf8Encoding) {
  expect_invalid(create_token(kWithSecret + "\"name\":\"\xc0\xaf\"}"), "TG_JSON_INVALID_UTF8");
}
TEST(BadInputCli, LoneSurrogate) { expect_invalid(create_token(kWithSecret + R"("name":"\ud800"})"), "TG_JSON_SYNTAX"); }
TEST(BadInputCli, NulInsideAStringCountsAgainstMaxLength) {
  expect_invalid(create_token("{\"name\":\"" + std::string(60, 'a') + "\\u0000" + std::string(60, 'b') +
                              "\",\"policies\":[]}"),
                 "TG_MAX_LENGTH");
}
TEST(BadInputCli, NumberBeyondFloat64) {
  expect_invalid(create_token(kWithSecret + R"("name":"t","policies":[],"x":1e400})"), "TG_JSON_NUMBER_RANGE");
}
TEST(BadInputCli, FloatWhereAnIntegerIsExpected) {
  const Outcome o = check("check response cloudflare.user.tokens.get --status 400",
                          R"({"success":false,"errors":[{"code":1000.0,"message":"m"}],"messages":[],"result":null})");
  expect_invalid(o, "TG_TYPE");
}
TEST(BadInputCli, NegativeZeroIsJustZero) {
  const Outcome o = check("check request cloudflare.access.service_tokens.update", R"({"client_secret_version":-0})");
  EXPECT_EQ(o.status, 0);  // a warning (below 1), not an error
}
TEST(BadInputCli, NaNLiteral) { expect_invalid(create_token(kWithSecret + R"("x":NaN})"), "TG_JSON_SYNTAX"); }
TEST(BadInputCli, InfinityLiteral) { expect_invalid(create_token(kWithSecret + R"("x":Infinity})"), "TG_JSON_SYNTAX"); }
TEST(BadInputCli, ByteOrderMark) {
  expect_invalid(create_token("\xEF\xBB\xBF" + kWithSecret + "\"name\":\"t\",\"policies\":[]}"), "TG_JSON_BOM");
}
TEST(BadInputCli, TrailingGarbage) {
  expect_invalid(create_token(kWithSecret + R"("name":"t","policies":[]} x)"), "TG_JSON_SYNTAX");
}
TEST(BadInputCli, HundredThousandCidrs) {
  std::string list;
  for (int i = 0; i < 100000; ++i)
    list += (i ? ",\"10." : "\"10.") + std::to_string(i % 256) + "." + std::to_string(i / 256 % 256) + ".0/24\"";
  const std::string body =
      R"({"name":"t","policies":[],"condition":{"request_ip":{"in":[)" + list + "],\"not_in\":[" + list + "]}}}";
  expect_invalid(create_token(body), "TG_BODY_TOO_LARGE");
  const Outcome raised = check("check request cloudflare.user.tokens.create --max-bytes 8388608", body);
  EXPECT_EQ(raised.status, 0);  // duplicates and exclusions are warnings
}
TEST(BadInputCli, DurationOfHundredThousandDigits) {
  const Outcome o = check("check request cloudflare.access.service_tokens.update",
                          "{\"duration\":\"" + std::string(100000, '9') + "s\"}");
  expect_invalid(o, "TG_FORMAT");
}
TEST(BadInputCli, LongValueAgainstAPattern) {
  const Outcome o = check("check request softwareone.accounts.api_tokens.update",
                          "{\"modules\":[{\"id\":\"MOD-" + std::string(30000, '1') + "\"}]}");
  expect_invalid(o, "TG_PATTERN");
}
TEST(BadInputCli, SecretFieldValueIsNeverEchoed) {
  // A secret of the wrong type and length: the finding names the field only.
  const Outcome o = check("check request cloudflare.access.service_tokens.update",
                          std::string("{\"client_secret\":\"") + kSecret + "\",\"duration\":\"" + kSecret + "\"}");
  EXPECT_EQ(o.status, 1);
  EXPECT_FALSE(o.echoed_secret);
}

}  // namespace
