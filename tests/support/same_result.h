// Two check results alike in every part a caller reads: verdict, each
// finding (severity, code, pointer, keyword, message, location) and each
// note, with `what` in any failure's message.
#ifndef TOKENGUARD_TESTS_SAME_RESULT_H_
#define TOKENGUARD_TESTS_SAME_RESULT_H_

#include <gtest/gtest.h>

#include <string>

#include "tokenguard/check.h"

namespace tokenguard::testing {

inline void expect_same(const CheckResult& a, const CheckResult& b, const std::string& what) {
  EXPECT_EQ(a.valid, b.valid) << what;
  ASSERT_EQ(a.findings.size(), b.findings.size()) << what;
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const Finding& f = a.findings[i];
    const Finding& g = b.findings[i];
    EXPECT_EQ(f.severity, g.severity) << what;
    EXPECT_EQ(f.code, g.code) << what;
    EXPECT_EQ(f.pointer, g.pointer) << what;
    EXPECT_EQ(f.keyword, g.keyword) << what;
    EXPECT_EQ(f.message, g.message) << what;
    EXPECT_EQ(f.location, g.location) << what;
  }
  ASSERT_EQ(a.notes.size(), b.notes.size()) << what;
  for (std::size_t i = 0; i < a.notes.size(); ++i) EXPECT_EQ(a.notes[i].text(), b.notes[i].text()) << what;
}

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_SAME_RESULT_H_
