// Users' OpenAPI documents through the C++ API: every kind of $ref, across
// files and in YAML (tests/data/openapi/vault/), 3.1, lazy compilation,
// and load errors that name the $ref.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tokenguard/catalog.h"
#include "tokenguard/check.h"

namespace tokenguard {
namespace {

using json = nlohmann::json;

const std::string kVault = std::string(TOKENGUARD_SOURCE_DIR) + "/tests/data/openapi/vault/openapi.yaml";
constexpr const char* kVaultId = "6f1c2a9e-3b1d-4c8e-9f00-1234567890ab";

std::shared_ptr<const Catalog> vault(bool eager = false) {
  OpenApiOptions o;
  o.eager = eager;
  return Catalog::from_openapi_file(kVault, o);
}

bool has_code(const CheckResult& r, std::string_view code) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.code == code; });
}

CheckResult request(const Catalog& c, std::string_view method, const std::string& path, std::string_view body = "") {
  HttpRequest req;
  req.method = method;
  req.path = path;
  req.body = body;
  return check_request(c, req);
}

TEST(OpenApiLoader, LoadsAMultiFileYamlDocument) {
  const auto c = vault();
  ASSERT_TRUE(c->ok()) << c->error();
  std::vector<std::string> ids;
  for (const auto& o : c->operations()) ids.push_back(o.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"createToken", "getToken", "listTokens"}));
}
TEST(OpenApiLoader, ListsWebhooksWithoutRoutingThem) {
  const auto c = vault();
  ASSERT_EQ(c->webhooks().size(), 1u);
  EXPECT_EQ(c->webhooks()[0].name, "tokenRotated");
  EXPECT_EQ(c->webhooks()[0].method, "POST");
  EXPECT_EQ(c->route("POST", "/tokenRotated").operation, nullptr);
}
TEST(OpenApiLoader, LowercaseStatusRangeIsADiagnosticAndStillChecked) {
  const auto c = vault();
  const auto& d = c->diagnostics();
  ASSERT_TRUE(std::any_of(d.begin(), d.end(), [](const SchemaDiagnostic& x) {
    return x.keyword == "responses" && x.location.find("tokens.yaml#/post/responses/4xx") != std::string::npos;
  }));
  const Operation* op = c->find("createToken");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->responses.count("4XX"));
  EXPECT_FALSE(check_response(*op, 409, R"({"code":"conflict"})").valid);
  EXPECT_TRUE(check_response(*op, 409, R"({"code":409,"detail":"taken"})").valid);
}
TEST(OpenApiLoader, PathLevelParameterFromAnotherFile) {
  const auto c = vault();
  EXPECT_TRUE(request(*c, "GET", std::string("/vaults/") + kVaultId + "/tokens").valid);
  const auto r = request(*c, "GET", "/vaults/not-a-uuid/tokens");
  EXPECT_FALSE(r.valid);
  EXPECT_TRUE(has_code(r, "TG_FORMAT"));
}
TEST(OpenApiLoader, QueryParametersThroughComponentRefs) {
  const auto c = vault();
  const std::string base = std::string("/vaults/") + kVaultId + "/tokens";
  EXPECT_TRUE(request(*c, "GET", base + "?direction=asc&per_page=10").valid);
  EXPECT_TRUE(has_code(request(*c, "GET", base + "?direction=sideways"), "TG_ENUM"));
  EXPECT_TRUE(has_code(request(*c, "GET", base + "?per_page=1000"), "TG_MAXIMUM"));
}
TEST(OpenApiLoader, RequestBodyThroughComponentRefAndAnotherFile) {
  const auto c = vault();
  const std::string path = std::string("/vaults/") + kVaultId + "/tokens";
  EXPECT_TRUE(request(*c, "POST", path, R"({"name":"ci","ttl":"P30D"})").valid);
  EXPECT_TRUE(has_code(request(*c, "POST", path, R"({"name":"ci","ttl":"30d"})"), "TG_FORMAT"));
  EXPECT_TRUE(has_code(request(*c, "POST", path, R"({"name":"ci","ttl":"P1D","extra":1})"), "TG_UNEVALUATED_PROPERTY"));
  EXPECT_FALSE(request(*c, "POST", path, R"({"name":"ci","ttl":"P1D","allowed":["192.0.2.1","x"]})").valid);
}
TEST(OpenApiLoader, ResponseThroughComponentRef) {
  const auto c = vault();
  const Operation* op = c->find("getToken");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(check_response(*op, 404, R"({"code":404,"message":"gone"})").valid);
  EXPECT_FALSE(check_response(*op, 404, R"({"message":"gone"})").valid);
}
TEST(OpenApiLoader, Int32FormatAndTypeArrays) {
  const auto c = vault();
  const Operation* op = c->find("getToken");
  EXPECT_TRUE(check_response(*op, 200, R"({"id":"tok_0123abcd","name":null,"uses":3})").valid);
  EXPECT_TRUE(has_code(check_response(*op, 200, R"({"id":"tok_0123abcd","name":"a","uses":99999999999})"), "TG_FORMAT"));
}
TEST(OpenApiLoader, NamedGroupPatternInAPathParameter) {
  const auto c = vault();
  const std::string base = std::string("/vaults/") + kVaultId + "/tokens/";
  EXPECT_TRUE(request(*c, "GET", base + "tok_0123abcd").valid);
  EXPECT_TRUE(has_code(request(*c, "GET", base + "tok_XYZ"), "TG_PATTERN"));
}
TEST(OpenApiLoader, SchemasCompileOnFirstUse) {
  const auto c = vault();
  const Operation* op = c->find("getToken");
  ASSERT_NE(op, nullptr);
  EXPECT_FALSE(op->responses.at("200").compiled());
  (void)check_response(*op, 200, R"({"id":"tok_0123abcd","name":"a"})");
  EXPECT_TRUE(op->responses.at("200").compiled());
  EXPECT_TRUE(vault(true)->find("getToken")->responses.at("200").compiled());
}
TEST(OpenApiLoader, LazyCompilationFromManyThreads) {
  const auto c = vault();
  const Operation* op = c->find("getToken");
  std::vector<std::thread> threads;
  std::vector<int> valid(8, -1);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] { valid[static_cast<std::size_t>(t)] = check_response(*op, 200, R"({"id":"tok_0123abcd","name":"a"})").valid; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(valid.begin(), valid.end(), 1), 8);
}

json small_document() {
  return json::parse(R"({
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"$ref": "#/components/responses/Ok"}}}}},
    "components": {"responses": {"Ok": {"description": "ok",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}},
      "schemas": {"A": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}})");
}

// Integer bounds are exact on both views: bytes (simdjson's tape, the
// quick plan and the full path) and a parsed document.
TEST(OpenApiLoader, IntegerBoundsAreExactFromBytesAndFromADocument) {
  json doc = small_document();
  doc["components"]["schemas"]["A"]["properties"]["n"]["maximum"] = 9007199254740992ULL;
  const auto c = Catalog::from_openapi(doc);
  ASSERT_TRUE(c->ok()) << c->error();
  const Operation& op = *c->find("a");
  EXPECT_TRUE(check_response(op, 200, R"({"n":9007199254740992})").valid);
  EXPECT_FALSE(check_response(op, 200, R"({"n":9007199254740993})").valid);
  EXPECT_TRUE(check_response_body(op, 200, json::parse(R"({"n":9007199254740992})")).valid);
  EXPECT_FALSE(check_response_body(op, 200, json::parse(R"({"n":9007199254740993})")).valid);
}
TEST(OpenApiLoader, DanglingResponseRefIsALoadErrorNamingItAndWhere) {
  json doc = small_document();
  doc["paths"]["/a"]["get"]["responses"]["200"]["$ref"] = "#/components/responses/Missing";
  const auto c = Catalog::from_openapi(doc);
  ASSERT_FALSE(c->ok());
  EXPECT_NE(c->error().find("#/components/responses/Missing"), std::string::npos) << c->error();
  EXPECT_NE(c->error().find("/paths/~1a/get/responses/200"), std::string::npos) << c->error();
}
TEST(OpenApiLoader, DanglingSchemaRefIsALoadError) {
  json doc = small_document();
  doc["components"]["schemas"]["A"]["properties"]["n"] = {{"$ref", "#/components/schemas/Nope"}};
  const auto c = Catalog::from_openapi(doc);
  ASSERT_FALSE(c->ok());
  EXPECT_NE(c->error().find("#/components/schemas/Nope"), std::string::npos) << c->error();
}
TEST(OpenApiLoader, RefsInsideExamplesAndExtensionsAreNotFollowed) {
  json doc = small_document();
  doc["paths"]["/a"]["x-code-samples"] = {{"$ref", "./missing.md"}};
  doc["components"]["schemas"]["A"]["example"] = {{"$ref", "#/nowhere"}};
  EXPECT_TRUE(Catalog::from_openapi(doc)->ok());
}
TEST(OpenApiLoader, ResolverHookSuppliesOtherDocuments) {
  json doc = small_document();
  doc["components"]["schemas"]["A"] = {{"$ref", "https://schemas.example/a.json"}};
  OpenApiOptions o;
  o.loader = [](const std::string& uri) -> std::optional<std::string> {
    if (uri == "https://schemas.example/a.json") return R"({"type":"object","required":["m"]})";
    return std::nullopt;
  };
  const auto c = Catalog::from_openapi(doc, o);
  ASSERT_TRUE(c->ok()) << c->error();
  EXPECT_FALSE(check_response(*c->find("a"), 200, R"({"n":1})").valid);
  EXPECT_TRUE(check_response(*c->find("a"), 200, R"({"m":1})").valid);
  EXPECT_FALSE(Catalog::from_openapi(doc)->ok());  // no loader: nothing is fetched
}
TEST(OpenApiLoader, Openapi30KeepsNullableAndReadOnly) {
  json doc = small_document();
  doc["components"]["schemas"]["A"]["properties"]["n"] = {{"type", "integer"}, {"nullable", true}, {"readOnly", true}};
  const auto c = Catalog::from_openapi(doc);
  ASSERT_TRUE(c->ok());
  EXPECT_TRUE(check_response(*c->find("a"), 200, R"({"n":null})").valid);
}
TEST(OpenApiLoader, JsonSchemaDialectPicksTheDialect) {
  json doc = small_document();
  doc["openapi"] = "3.1.0";
  doc["jsonSchemaDialect"] = "http://json-schema.org/draft-07/schema#";
  doc["components"]["schemas"]["A"] = {{"type", "object"}, {"dependencies", {{"a", {"b"}}}}};
  const auto c = Catalog::from_openapi(doc);
  ASSERT_TRUE(c->ok()) << c->error();
  EXPECT_FALSE(check_response(*c->find("a"), 200, R"({"a":1})").valid);
}
TEST(OpenApiLoader, UnknownJsonSchemaDialectIsALoadError) {
  json doc = small_document();
  doc["openapi"] = "3.1.0";
  doc["jsonSchemaDialect"] = "https://example.com/my-dialect";
  EXPECT_FALSE(Catalog::from_openapi(doc)->ok());
}
TEST(OpenApiLoader, SwaggerTwoIsRefusedByName) {
  const auto c = Catalog::from_openapi(json::parse(R"({"swagger":"2.0","paths":{}})"));
  ASSERT_FALSE(c->ok());
  EXPECT_NE(c->error().find("Swagger 2.0"), std::string::npos);
}
TEST(OpenApiLoader, UnknownFormatIsAnEagerDiagnostic) {
  json doc = small_document();
  doc["components"]["schemas"]["A"]["properties"]["n"] = {{"type", "string"}, {"format", "date-span"}};
  OpenApiOptions o;
  o.eager = true;
  const auto c = Catalog::from_openapi(doc, o);
  ASSERT_TRUE(c->ok());
  ASSERT_EQ(c->diagnostics().size(), 1u);
  EXPECT_EQ(c->diagnostics()[0].keyword, "format");
}
TEST(OpenApiLoader, FromTextReadsYamlWithLineNumbersInErrors) {
  const auto c = Catalog::from_openapi_text("openapi: 3.1.0\npaths:\n  /a: {}\n  /a: {}\n", OpenApiOptions{});
  ASSERT_FALSE(c->ok());
  EXPECT_NE(c->error().find("line 4"), std::string::npos) << c->error();
  EXPECT_NE(c->error().find("duplicate key"), std::string::npos) << c->error();
}
TEST(OpenApiLoader, FileLoaderStaysInTheDocumentsFolder) {
  const std::string dir = ::testing::TempDir() + "/tg_confined";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir + "/api.yaml");
    f << "openapi: 3.1.0\npaths:\n  /a:\n    $ref: ../../../../../../../../etc/hostname\n";
  }
  const auto c = Catalog::from_openapi_file(dir + "/api.yaml");
  EXPECT_FALSE(c->ok());
}

}  // namespace
}  // namespace tokenguard
