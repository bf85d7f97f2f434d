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

std::vector<std::string> keys_holding_sites(SiteView v) {
  std::vector<std::string> keys;
  for (auto it = v.members_holding_sites(); it.more(); it.next()) keys.emplace_back(it.key());
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

TEST(SiteView, HoldsSemanticKeysOnlyWhereASiteLies) {
  TapeDocument doc;
  ASSERT_TRUE(doc.load(R"({"x": {"y": 1}, "p": [{"not_before": "t"}]})", false));
  // the tape: 1 '{' root, 2 "x", 3 '{', 4 "y", 5-6 1, 7 '}', 8 "p", 9 '[', 10 '{' ...
  const std::uint32_t site[1] = {10};
  const SiteTape tape(doc.raw(), std::span<const std::uint32_t>(site, 1));
  const SiteView root(&tape, 1);
  EXPECT_TRUE(root.may_hold_semantic_keys());
  SiteView x, p;
  ASSERT_TRUE(root.find("x", &x));
  ASSERT_TRUE(root.find("p", &p));
  EXPECT_FALSE(x.may_hold_semantic_keys());
  EXPECT_TRUE(p.may_hold_semantic_keys());
  EXPECT_TRUE(p.items().value().may_hold_semantic_keys());
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

TEST(SiteView, GivesOnlyTheMembersThatHoldASiteInTheOrderOfTheirBytes) {
  TapeDocument doc;
  ASSERT_TRUE(doc.load(R"({"p": [{"a": 1}], "x": {"y": 1}, "c": {"b": {}}, "s": "{"})", false));
  // the tape: 1 '{' root, 2 "p", 3 '[', 4 '{', 5 "a", 6-7 1, 8 '}', 9 ']',
  // 10 "x", 11 '{', 12 "y", 13-14 1, 15 '}', 16 "c", 17 '{', 18 "b", 19 '{' ...
  const std::uint32_t sites[2] = {4, 19};
  const SiteTape tape(doc.raw(), std::span<const std::uint32_t>(sites, 2));
  const SiteView root(&tape, 1);
  EXPECT_EQ(keys_holding_sites(root), (std::vector<std::string>{"c", "p"}));
  SiteView x;
  ASSERT_TRUE(root.find("x", &x));
  EXPECT_TRUE(keys_holding_sites(x).empty());
}

TEST(SiteView, SortsOnlyTheMembersThatHoldASite) {
  // More members than it sorts, one of them holding the site: no overflow.
  std::string body = "{";
  for (std::uint32_t k = 0; k <= SiteView::kMaxSortedMembers; ++k) body += "\"k" + std::to_string(k) + "\": 0, ";
  body += "\"site\": {}}";
  TapeDocument doc;
  ASSERT_TRUE(doc.load(body, false));
  const std::uint32_t site[1] = {static_cast<std::uint32_t>(2 + 3 * (SiteView::kMaxSortedMembers + 1) + 1)};
  const SiteTape tape(doc.raw(), std::span<const std::uint32_t>(site, 1));
  EXPECT_EQ(keys_holding_sites(SiteView(&tape, 1)), (std::vector<std::string>{"site"}));
  EXPECT_FALSE(tape.overflow);
}

}  // namespace
}  // namespace tokenguard::detail
