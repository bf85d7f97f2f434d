// Findings' pointers: the escape test and the renderer built on the stack.
#include "pointer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tokenguard::detail {
namespace {

TEST(PointerEscape, FindsATildeOrSlashAtEveryPlace) {
  for (std::size_t n = 1; n <= 40; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      for (const char c : {'~', '/'}) {
        std::string s(n, 'a');
        s[at] = c;
        EXPECT_TRUE(has_pointer_escape(s)) << n << " " << at << " " << c;
      }
    }
  }
}

TEST(PointerEscape, PassesTextWithout) {
  for (std::size_t n = 0; n <= 40; ++n) {
    EXPECT_FALSE(has_pointer_escape(std::string(n, '}'))) << n;
    EXPECT_FALSE(has_pointer_escape(std::string(n, '.'))) << n;  // '/' - 1
    EXPECT_FALSE(has_pointer_escape(std::string(n, '0'))) << n;  // '/' + 1
    EXPECT_FALSE(has_pointer_escape(std::string(n, '\x7f'))) << n;  // '~' + 1
    EXPECT_FALSE(has_pointer_escape(std::string(n, '\xfe'))) << n;  // '~' ^ 0x80
  }
}

// render_pointer_into's text, into a string that held another.
std::string rendered(std::span<const PathStep> steps, std::span<const PathStep> more = {}) {
  std::string out = "a pointer rendered before";
  render_pointer_into(out, steps, more);
  return out;
}

TEST(RenderPointer, EscapesAndCutsAsFindingsShowKeys) {
  const std::string long_key(100, 'k');
  const std::vector<PathStep> steps = {PathStep{"a/b", 0, true}, PathStep{{}, 7, false}, PathStep{"c~d", 0, true},
                                       PathStep{long_key, 0, true}};
  std::string expected = "/a~1b/7/c~0d";
  append_finding_pointer_token(expected, long_key);
  EXPECT_EQ(rendered(steps), expected);
  const PathStep more[] = {PathStep{"x", 0, true}, PathStep{{}, 12, false}};
  EXPECT_EQ(rendered(steps, more), expected + "/x/12");
}

TEST(RenderPointer, GoesOnPastItsStackBuffer) {
  std::vector<PathStep> steps;
  std::string expected;
  for (std::size_t i = 0; i < 60; ++i) {
    steps.push_back(PathStep{"member", 0, true});
    steps.push_back(PathStep{{}, i, false});
    expected += "/member/" + std::to_string(i);
  }
  EXPECT_EQ(rendered(steps), expected);
  EXPECT_EQ(rendered({}), "");
}

}  // namespace
}  // namespace tokenguard::detail
