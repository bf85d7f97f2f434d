// Replays every case of the JSON-Schema-Test-Suite's optional `date-time`,
// `date` and `time` format tests, read from Debian's json-schema-test-suite
// package, through the RFC 3339 grammar.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tokenguard/datetime.h"

namespace tokenguard {
namespace {

std::string suite_root() {
  if (const char* env = std::getenv("TOKENGUARD_JSON_SCHEMA_TEST_SUITE")) return env;
  return "/usr/share/json-schema-test-suite";
}

// Runs every case, in the suite file at `relative`, of the groups whose schema
// is {"format": format}; returns how many were checked.
int replay(const std::string& relative, const std::string& format,
           bool (*accepts)(std::string_view)) {
  const std::string path = suite_root() + "/tests/" + relative;
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "missing " << path << " (apt-get install json-schema-test-suite)";
    return 0;
  }
  const auto groups = nlohmann::json::parse(in);
  int checked = 0;
  for (const auto& group : groups) {
    if (group.at("schema").value("format", "") != format) continue;
    for (const auto& test : group.at("tests")) {
      const auto& data = test.at("data");
      if (!data.is_string()) continue;  // non-strings are ignored by `format`
      const bool valid = test.at("valid").get<bool>();
      EXPECT_EQ(accepts(data.get<std::string>()), valid)
          << path << ": " << test.at("description").get<std::string>() << ": " << data;
      ++checked;
    }
  }
  return checked;
}

bool accepts_date_time(std::string_view s) { return parse_date_time(s).ok(); }
bool accepts_date(std::string_view s) { return parse_date(s).ok(); }
bool accepts_time(std::string_view s) { return parse_time(s).ok(); }

TEST(DateTimeSuite, Draft7DateTimeCasesAllPass) {
  EXPECT_GT(replay("draft7/optional/format/date-time.json", "date-time", accepts_date_time), 5);
}
TEST(DateTimeSuite, Draft7DateCasesAllPass) {
  EXPECT_GT(replay("draft7/optional/format/date.json", "date", accepts_date), 0);
}
TEST(DateTimeSuite, Draft7TimeCasesAllPass) {
  EXPECT_GT(replay("draft7/optional/format/time.json", "time", accepts_time), 0);
}
TEST(DateTimeSuite, Draft6DateTimeCasesAllPass) {
  EXPECT_GT(replay("draft6/optional/format.json", "date-time", accepts_date_time), 0);
}
TEST(DateTimeSuite, Draft4DateTimeCasesAllPass) {
  EXPECT_GT(replay("draft4/optional/format.json", "date-time", accepts_date_time), 0);
}

}  // namespace
}  // namespace tokenguard
