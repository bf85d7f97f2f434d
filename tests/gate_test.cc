// The gate holds: what tokenguard passes is what the upstream will read.
// Each class of differential between tokenguard's reading of a request and
// the upstream's (Go's encoding/json and net/url, ASP.NET, nginx's path
// handling) has its cases here, each checked through the C++ API, the C API
// and the command line (tests/three_ways.h). The README's robustness section
// lists the classes with their codes.
#include <gtest/gtest.h>

#include <string>

#include "three_ways.h"

namespace tokenguard::testing {
namespace {

constexpr const char* kAccount = "023e105f4ecef8ad9ca31a8372d0c353";
constexpr const char* kServiceToken = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

Exchange service_token_create(const std::string& body) {
  return Exchange{"cloudflare.access.service_tokens.create", "", "", std::nullopt, body, std::nullopt};
}

Exchange user_token_create(const std::string& body) {
  return Exchange{"cloudflare.user.tokens.create", "", "", std::nullopt, body, std::nullopt};
}

// --- 1. one body, two readings ---------------------------------------------

TEST(GateKeyCase, KeysOfOneObjectDifferingOnlyByCaseAreAnError) {
  expect_error_everywhere(service_token_create(R"({"name":"ok","duration":"8760h","DURATION":"1d"})"),
                          "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, AKeyFoldingOntoADeclaredPropertyIsAnError) {
  expect_error_everywhere(service_token_create(R"({"name":"ok","Duration":"1d"})"), "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, LongSFoldsOntoS) {
  expect_error_everywhere(user_token_create(R"({"name":"t","policies":[],"expire\u017f_on":"soon"})"),
                          "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, KelvinSignFoldsOntoK) {
  // "\u212a" is the Kelvin sign; Go matches "\u212aey" to a field "key".
  expect_error_everywhere(
      user_token_create(R"({"name":"t","policies":[{"effect":"allow","resources":{},"permission_groups":[)"
                        R"({"id":"c8fed203ed3043cba015a93ad1616f1f","meta":{"\u212aey":"k"}}]}]})"),
      "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, NestedObjectsAreCheckedToo) {
  expect_error_everywhere(
      user_token_create(R"({"name":"t","policies":[],"condition":{"request_ip":{"in":["10.0.0.0/8"],"IN":[]}}})"),
      "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, EscapedKeysAreComparedDecoded) {
  expect_error_everywhere(service_token_create(R"({"name":"ok","duration":"1h","\u0044uration":"1d"})"),
                          "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, InAResponseItIsAWarning) {
  Exchange x{"cloudflare.access.service_tokens.get", "", "", std::nullopt,
             R"({"success":true,"errors":[],"messages":[],"result":{"id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","name":"a","NAME":"b"}})",
             200};
  expect_warning_everywhere(x, "TG_JSON_KEY_CASE_VARIANT");
}
TEST(GateKeyCase, KeysThatDifferBeyondCaseAreFine) {
  expect_valid_everywhere(
      user_token_create(R"({"name":"t","policies":[],"condition":{"request_ip":{"in":["10.0.0.0/8"]},"request.ip":{"in":[]}}})"));
}

TEST(GateTrailingBytes, NulAfterTheDocumentIsASyntaxError) {
  expect_error_everywhere(service_token_create(std::string("{\"name\":\"a\"}\0{\"name\":7}", 24)), "TG_JSON_SYNTAX");
}
TEST(GateTrailingBytes, NulAfterAResponseIsASyntaxError) {
  Exchange x{"cloudflare.access.service_tokens.delete", "", "", std::nullopt,
             std::string("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":\"") + kServiceToken +
                 "\"}}" + std::string(1, '\0') + "tail",
             200};
  expect_error_everywhere(x, "TG_JSON_SYNTAX");
}
TEST(GateTrailingBytes, WhitespaceAfterTheDocumentIsFine) {
  expect_valid_everywhere(service_token_create("{\"name\":\"a\"} \r\n\t"));
}

TEST(GateBodyType, NonObjectBodiesAreRefusedByEveryBodyThatTakesAnObject) {
  for (const char* op : {"cloudflare.access.service_tokens.create", "cloudflare.access.service_tokens.update",
                         "cloudflare.access.service_tokens.zone.create", "cloudflare.access.service_tokens.zone.update",
                         "cloudflare.access.service_tokens.rotate"})
    for (const char* body : {"null", "[]", "7"}) {
      SCOPED_TRACE(std::string(op) + " " + body);
      expect_error_everywhere(Exchange{op, "", "", std::nullopt, body, std::nullopt}, "TG_TYPE");
    }
}

}  // namespace
}  // namespace tokenguard::testing
