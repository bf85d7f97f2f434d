// The gate holds: what tokenguard passes is what the upstream will read.
// Each class of differential between tokenguard's reading of a request and
// the upstream's (Go's encoding/json and net/url, ASP.NET, nginx's path
// handling) has its cases here, each checked through the C++ API, the C API
// and the command line (tests/support/three_ways.h). The README's robustness section
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

const std::vector<std::pair<std::string, std::string>> kBearer = {{"Authorization", "Bearer gate-test-token"}};

Exchange get(const std::string& path) { return Exchange{"", "GET", path, kBearer, "", std::nullopt}; }

TEST(GateQuery, DeclaredParameterGivenTwiceIsAnError) {
  expect_error_everywhere(get("/user/tokens?per_page=1000&per_page=5"), "TG_QUERY_DUPLICATE");
}
TEST(GateQuery, DuplicateSpelledWithAnEscapeIsAnError) {
  expect_error_everywhere(get("/user/tokens?per%5Fpage=1000&per_page=5"), "TG_QUERY_DUPLICATE");
}
TEST(GateQuery, DuplicateDifferingByCaseIsAnError) {
  expect_error_everywhere(get("/user/tokens?per_page=10&PER_PAGE=1000"), "TG_QUERY_DUPLICATE");
}
TEST(GateQuery, NumbersFollowJsonNumberRules) {
  for (const char* v : {"0x32", "+5", "%205", "05", "1e400"}) {
    SCOPED_TRACE(v);
    expect_error_everywhere(get(std::string("/user/tokens?per_page=") + v), "TG_TYPE");
  }
  expect_valid_everywhere(get("/user/tokens?per_page=10&page=2"));
}
TEST(GateQuery, APairGoDropsIsAnError) {
  expect_error_everywhere(get("/user/tokens?per_page=10;per_page=1000"), "TG_QUERY_SYNTAX");
  expect_error_everywhere(get("/user/tokens?per_page=%zz"), "TG_QUERY_SYNTAX");
}
TEST(GateQuery, UndeclaredParametersAreIgnored) { expect_valid_everywhere(get("/user/tokens?x=1&x=2&y=%zz")); }

Exchange update_with(const std::vector<std::pair<std::string, std::string>>& extra) {
  auto headers = kBearer;
  headers.insert(headers.end(), extra.begin(), extra.end());
  return Exchange{"", "PUT",
                  std::string("/accounts/") + kAccount + "/access/service_tokens/" + kServiceToken, headers,
                  R"({"name":"ci","duration":"24h"})", std::nullopt};
}

TEST(GateContent, JsonContentTypesAreAccepted) {
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""}) {
    SCOPED_TRACE(type);
    expect_valid_everywhere(update_with({{"Content-Type", type}}));
  }
}
TEST(GateContent, OtherContentTypesAreRefused) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1",
                           "application/json; boundary=x", "application/jsonx", ""}) {
    SCOPED_TRACE(type);
    expect_error_everywhere(update_with({{"Content-Type", type}}), "TG_CONTENT_TYPE");
  }
}
TEST(GateContent, ABodyWithoutContentTypeIsRefused) { expect_error_everywhere(update_with({}), "TG_CONTENT_TYPE"); }
TEST(GateContent, TwoContentTypesAreRefused) {
  expect_error_everywhere(update_with({{"Content-Type", "application/json"}, {"content-type", "text/plain"}}),
                          "TG_CONTENT_TYPE");
}
TEST(GateContent, AnyContentEncodingButIdentityIsRefused) {
  for (const char* enc : {"gzip", "deflate", "br", "identity, gzip"}) {
    SCOPED_TRACE(enc);
    expect_error_everywhere(update_with({{"Content-Type", "application/json"}, {"Content-Encoding", enc}}),
                            "TG_CONTENT_ENCODING");
  }
  expect_valid_everywhere(update_with({{"Content-Type", "application/json"}, {"Content-Encoding", "identity"}}));
}
TEST(GateContent, ABodyToAnOperationThatTakesNoneIsAWarningFromTheLibrary) {
  expect_warning_everywhere(Exchange{"", "GET", "/user/tokens/verify", kBearer, R"({"x":1})", std::nullopt},
                            "TG_UNEXPECTED_BODY");
}

// --- 2. paths an upstream normalises into another resource --------------------

TEST(GatePath, EncodedSlashWalkIsRefused) {
  expect_error_everywhere(Exchange{"", "PUT", "/public/v1/accounts/api-tokens/..%2F..%2F..%2F..%2Fuser%2Ftokens%2F"
                                             "ed17574386854bf78a67040be0a770b0",
                                   kBearer, R"({"name":"x"})", std::nullopt},
                          "TG_PATH_SEGMENT");
}
TEST(GatePath, EncodedDotSegmentsAreRefused) {
  for (const char* id : {"%2e%2e", "%2E", ".", ".."}) {
    SCOPED_TRACE(id);
    expect_error_everywhere(get(std::string("/public/v1/accounts/api-tokens/") + id), "TG_PATH_SEGMENT");
  }
}
TEST(GatePath, SeparatorsAndControlBytesInASegmentAreRefused) {
  for (const char* id : {"TKN-1234-5678;x", "TKN-1234-5678%3Fx", "TKN-1234-5678%0D%0AX-Evil:%201", "a%5Cb", "%zz"}) {
    SCOPED_TRACE(id);
    expect_error_everywhere(get(std::string("/public/v1/accounts/api-tokens/") + id), "TG_PATH_SEGMENT");
  }
}
TEST(GatePath, DoubleSlashIsRefusedEvenWithoutARoute) {
  expect_error_everywhere(Exchange{"", "POST", "//user/tokens", kBearer, R"({"name":7})", std::nullopt},
                          "TG_PATH_SEGMENT");
}
TEST(GatePath, EscapedLiteralSegmentReachesItsOperationAndItsChecks) {
  // The upstream decodes %74 to t: this is /user/tokens, and its query is checked.
  const auto all = check_three_ways(get("/user/%74okens?per_page=1000"));
  for (const Verdict& v : all) EXPECT_TRUE(v.has("TG_MAXIMUM")) << v.way << "\n" << v.output;
}
TEST(GatePath, SoftwareOneTokenIdsCarryTheirPattern) {
  expect_valid_everywhere(get("/public/v1/accounts/api-tokens/TKN-1671-0642"));
  expect_error_everywhere(get("/public/v1/accounts/api-tokens/text"), "TG_PATTERN");
  expect_error_everywhere(get("/public/v1/accounts/api-tokens/ACC-1234-5678"), "TG_PATTERN");
}
TEST(GatePath, PathParametersAreDecodedOnceThenChecked) {
  // %2D is '-': decoded once, TKN-1671-0642 is a good id; decoded twice
  // (%252D -> %2D -> -) it would be too, so a double escape must fail.
  expect_valid_everywhere(get("/public/v1/accounts/api-tokens/TKN%2D1671-0642"));
  expect_error_everywhere(get("/public/v1/accounts/api-tokens/TKN%252D1671-0642"), "TG_PATTERN");
}

// --- 4. secrets and echoes ----------------------------------------------------

Exchange verify_with(const std::string& authorization) {
  return Exchange{"", "GET", "/user/tokens/verify", std::vector<std::pair<std::string, std::string>>{{"Authorization", authorization}},
                  "", std::nullopt};
}

TEST(GateBearer, TokensOfB64TokenCharactersPass) {
  for (const char* v : {"Bearer abc", "Bearer cfut_AbC-123.x~y+z/w==", "bearer abc", "Bearer  abc",
                        "Bearer idt:TKN-1234-5678:abc123XYZ_-."}) {
    SCOPED_TRACE(v);
    expect_valid_everywhere(verify_with(v));
  }
}
TEST(GateBearer, OtherCharactersAreMalformed) {
  for (const char* v : {"Bearer a\x0b" "b", "Bearer ,", "Bearer a\xc2\xa0" "b", "Bearer a b", "Bearer ", "Bearer",
                        "Bearer a=b", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer\tabc", "Bearer abc\r\nX: y"}) {
    SCOPED_TRACE(v);
    expect_error_everywhere(verify_with(v), "TG_AUTH_MALFORMED", "abc");
  }
}
TEST(GateEcho, NoRouteNeverEchoesTheQuery) {
  expect_error_everywhere(get("/nowhere/at/all?api_key=SECRET-QUERY-91c2"), "TG_NO_ROUTE", "SECRET-QUERY-91c2");
}
TEST(GateEcho, EchoedPathSegmentsAreBoundedAndEscaped) {
  const std::string segment = std::string(300, 'a') + "%0D%0A";
  for (const Verdict& v : check_three_ways(get("/user/tokens/x/" + segment))) {
    EXPECT_EQ(v.output.find(std::string(100, 'a')), std::string::npos) << v.way;
    EXPECT_EQ(v.output.find('\r'), std::string::npos) << v.way;
  }
}

}  // namespace
}  // namespace tokenguard::testing
