#include "tokenguard/uuid.h"

#include "exact_copy.h"

#include <gtest/gtest.h>

namespace tokenguard {
namespace {

// Every helper parses an exact-size copy (tests/support/exact_copy.h).

std::string uuid(std::string_view t) {
  const auto r = parse_uuid(testing::ExactCopy(t).view());
  EXPECT_TRUE(r.ok()) << t << ": " << r.error().message();
  return r.ok() ? to_string(r.value()) : "";
}
std::string uuid_error(std::string_view t) {
  const auto r = parse_uuid(testing::ExactCopy(t).view());
  EXPECT_FALSE(r.ok()) << t;
  return r.ok() ? "" : r.error().message();
}
std::string hex_id(std::string_view t) {
  const auto r = parse_hex_id(testing::ExactCopy(t).view());
  EXPECT_TRUE(r.ok()) << t << ": " << r.error().message();
  return r.ok() ? to_string(r.value()) : "";
}

TEST(Uuid, ParsesLowerCase) {
  EXPECT_EQ(uuid("f174e90a-fafe-4643-bbbc-4a0ed4fc8415"), "f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
}
TEST(Uuid, LowersUpperCase) {
  EXPECT_EQ(uuid("F174E90A-FAFE-4643-BBBC-4A0ED4FC8415"), "f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
}
TEST(Uuid, AcceptsNilUuid) { EXPECT_EQ(uuid("00000000-0000-0000-0000-000000000000"), "00000000-0000-0000-0000-000000000000"); }
TEST(Uuid, AcceptsAnyVersionNibble) { uuid("f174e90a-fafe-f643-bbbc-4a0ed4fc8415"); }
TEST(Uuid, RejectsMissingDash) {
  EXPECT_EQ(uuid_error("f174e90afafe-4643-bbbc-4a0ed4fc8415x"), "expected \"-\" but found \"f\" at offset 8");
}
TEST(Uuid, RejectsShort) {
  EXPECT_EQ(uuid_error("f174e90a-fafe-4643-bbbc-4a0ed4fc841"), "too short for a UUID (8-4-4-4-12 hex digits) at offset 35");
}
TEST(Uuid, RejectsLong) { uuid_error("f174e90a-fafe-4643-bbbc-4a0ed4fc84150"); }
TEST(Uuid, RejectsNonHex) {
  EXPECT_EQ(uuid_error("g174e90a-fafe-4643-bbbc-4a0ed4fc8415"), "expected a hex digit but found \"g\" at offset 0");
}
TEST(Uuid, RejectsBraces) { uuid_error("{f174e90a-fafe-4643-bbbc-4a0ed4fc8415}"); }
TEST(Uuid, RejectsUndashedForm) { uuid_error("f174e90afafe4643bbbc4a0ed4fc8415"); }
TEST(Uuid, RejectsEmpty) { uuid_error(""); }
TEST(Uuid, RejectsEmbeddedNul) { uuid_error(std::string_view("f174e90a-fafe-4643-bbbc-4a0ed4fc841\0", 36)); }

TEST(HexId, ParsesCloudflareAccountId) {
  EXPECT_EQ(hex_id("023e105f4ecef8ad9ca31a8372d0c353"), "023e105f4ecef8ad9ca31a8372d0c353");
}
TEST(HexId, LowersUpperCase) { EXPECT_EQ(hex_id("023E105F4ECEF8AD9CA31A8372D0C353"), "023e105f4ecef8ad9ca31a8372d0c353"); }
TEST(HexId, RejectsUuidText) { EXPECT_FALSE(parse_hex_id("f174e90a-fafe-4643-bbbc-4a0ed4fc8415").ok()); }
TEST(HexId, Rejects33Digits) { EXPECT_FALSE(parse_hex_id("023e105f4ecef8ad9ca31a8372d0c3530").ok()); }
TEST(HexId, Rejects31Digits) { EXPECT_FALSE(parse_hex_id("023e105f4ecef8ad9ca31a8372d0c35").ok()); }
TEST(HexId, RejectsNonHex) { EXPECT_FALSE(parse_hex_id("023e105f4ecef8ad9ca31a8372d0c35z").ok()); }

// is_uuid and is_hex_id are the verdict alone: they must agree with the
// parsers on every one-byte change of a valid text, on every truncation
// and on one byte more.
template <class Verdict, class Parse>
void expect_agreement(std::string_view valid, Verdict verdict, Parse parse) {
  std::string s(valid);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char keep = s[i];
    for (int b = 0; b < 256; ++b) {
      s[i] = static_cast<char>(b);
      const testing::ExactCopy copy(s);
      ASSERT_EQ(verdict(copy.view()), parse(copy.view()).ok()) << "byte " << b << " at " << i;
    }
    s[i] = keep;
  }
  for (std::size_t n = 0; n <= s.size(); ++n) {
    const testing::ExactCopy copy(std::string_view(s).substr(0, n));
    ASSERT_EQ(verdict(copy.view()), parse(copy.view()).ok()) << "first " << n << " bytes";
  }
  const testing::ExactCopy longer(s + "0");
  EXPECT_EQ(verdict(longer.view()), parse(longer.view()).ok());
}

TEST(Uuid, IsUuidAgreesWithParseUuid) {
  expect_agreement("f174e90a-fafe-4643-bbbc-4a0ed4fc8415", is_uuid, parse_uuid);
  EXPECT_TRUE(is_uuid("F174E90A-FAFE-4643-BBBC-4A0ED4FC8415"));
  EXPECT_FALSE(is_uuid("f174e90afafe4643bbbc4a0ed4fc8415"));
}
TEST(HexId, IsHexIdAgreesWithParseHexId) {
  expect_agreement("023e105f4ecef8ad9ca31a8372d0c353", is_hex_id, parse_hex_id);
  EXPECT_FALSE(is_hex_id("f174e90a-fafe-4643-bbbc-4a0ed4fc8415"));
}

}  // namespace
}  // namespace tokenguard
