#include "tokenguard/redact.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string redacted(std::string_view json) {
  std::string out;
  EXPECT_TRUE(tokenguard::redact_json(json, out)) << json;
  return out;
}

TEST(Redact, ReplacesClientSecretAtAnyDepth) {
  EXPECT_EQ(redacted(R"({"result":{"id":"a","client_secret":"s3cr3t"}})"),
            R"({"result":{"client_secret":"[redacted]","id":"a"}})");
}

TEST(Redact, ReplacesSecretNamesWithoutCase) {
  EXPECT_EQ(redacted(R"({"Authorization":"Bearer x","X-Auth-Key":"k"})"),
            R"({"Authorization":"[redacted]","X-Auth-Key":"[redacted]"})");
}

TEST(Redact, ReplacesNonStringSecretValuesWhole) {
  EXPECT_EQ(redacted(R"({"token":{"value":"v","id":"i"}})"), R"({"token":"[redacted]"})");
}

TEST(Redact, ReplacesSecretsInsideArrays) {
  EXPECT_EQ(redacted(R"([{"value":"t1"},{"name":"ok"}])"), R"([{"value":"[redacted]"},{"name":"ok"}])");
}

TEST(Redact, ReplacesTopLevelStringResultOfRoll) {
  EXPECT_EQ(redacted(R"({"success":true,"result":"new-token-value"})"),
            R"({"result":"[redacted]","success":true})");
}

TEST(Redact, KeepsNestedStringResult) {
  EXPECT_EQ(redacted(R"({"data":{"result":"kept"}})"), R"({"data":{"result":"kept"}})");
}

TEST(Redact, KeepsDocumentsWithoutSecrets) {
  EXPECT_EQ(redacted(R"({"errors":[],"messages":[],"success":true})"),
            R"({"errors":[],"messages":[],"success":true})");
}

TEST(Redact, RefusesInputThatIsNotJson) {
  std::string out = "stale";
  EXPECT_FALSE(tokenguard::redact_json(R"({"client_secret":"s3cr3t")", out));
  EXPECT_TRUE(out.empty());
}

TEST(Redact, RefusesDuplicateKeysThatCouldHideASecret) {
  std::string out;
  EXPECT_FALSE(tokenguard::redact_json(R"({"client_secret":"a","client_secret":"b"})", out));
}

TEST(Redact, RefusesEmptyInput) {
  std::string out;
  EXPECT_FALSE(tokenguard::redact_json("", out));
}

}  // namespace
