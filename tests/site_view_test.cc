// SiteView: the semantic checks' view of the raw tape at the plan's sites.
#include "site_view.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json_tape.h"

namespace tokenguard::detail {
namespace {

std::vector<std::string> keys_of(SiteView v) {
  std::vector<std::string> keys;
  for (auto it = v.members(); it.more(); it.next()) keys.emplace_back(it.key());
  return keys;
}

TEST(SiteView, GivesMembersInTheOrderOfTheirBytes) {
  TapeDocument doc;
  ASSERT_TRUE(doc.load(R"({"b": 1, "a": {"z": 1, "Z": 2}, "ab": [1], "": 0})", false));
  const std::uint32_t none[1] = {0};
  const SiteTape tape(doc.raw(), std::span<const std::uint32_t>(none, 0));
  const SiteView root(&tape, 1);
  EXPECT_EQ(keys_of(root), (std::vector<std::string>{"", "a", "ab", "b"}));
  SiteView a;
  ASSERT_TRUE(root.find("a", &a));
  EXPECT_EQ(keys_of(a), (std::vector<std::string>{"Z", "z"}));
  SiteView missing;
  EXPECT_FALSE(root.find("c", &missing));
  EXPECT_FALSE(tape.overflow);
}

TEST(SiteView, SaysWhenAnObjectIsTooLargeToSort) {
  std::string body = "{";
  for (std::uint32_t k = 0; k <= SiteView::kMaxSortedMembers; ++k) body += (k ? ",\"k" : "\"k") + std::to_string(k) + "\": 0";
  body += "}";
  TapeDocument doc;
  ASSERT_TRUE(doc.load(body, false));
  const std::uint32_t none[1] = {0};
  const SiteTape tape(doc.raw(), std::span<const std::uint32_t>(none, 0));
  EXPECT_TRUE(keys_of(SiteView(&tape, 1)).empty());
  EXPECT_TRUE(tape.overflow);
}

}  // namespace
}  // namespace tokenguard::detail
