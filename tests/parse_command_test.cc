// The `tokenguard parse` command, run as the real binary.
#include <gtest/gtest.h>

#include <string>

#include "tool_runner.h"

namespace {

using tokenguard::testing::ToolRun;

ToolRun run(const std::string& args, const std::string& input = "") {
  return tokenguard::testing::run_tool(args, input);
}

TEST(ParseCommand, PrintsDurationNanoseconds) {
  const ToolRun r = run("parse duration 2h45m");
  EXPECT_EQ(r.out, "ok 9900000000000\n");
  EXPECT_EQ(r.status, 0);
}
TEST(ParseCommand, PrintsMaskedCidr) {
  EXPECT_EQ(run("parse cidr 123.123.123.100/24").out, "ok 123.123.123.0/24\n");
}
TEST(ParseCommand, PrintsIpv4MappedCidr) {
  EXPECT_EQ(run("parse cidr ::ffff:1.2.3.4/120").out, "ok ::ffff:1.2.3.0/120\n");
}
TEST(ParseCommand, PrintsDateTimeInstant) {
  EXPECT_EQ(run("parse date-time 2014-01-01T05:20:00.12345Z").out, "ok 1388553600 123450000 0\n");
}
TEST(ParseCommand, PrintsDateTimeOffset) {
  EXPECT_EQ(run("parse date-time 1990-12-31T15:59:50.123-08:00").out, "ok 662687990 123000000 -28800\n");
}
TEST(ParseCommand, PrintsDateMidnight) { EXPECT_EQ(run("parse date 1970-01-02").out, "ok 86400\n"); }
TEST(ParseCommand, PrintsTimeOfDay) { EXPECT_EQ(run("parse time 01:00:00+02:00").out, "ok 82800 0 7200\n"); }
TEST(ParseCommand, PrintsLowerCaseUuid) {
  EXPECT_EQ(run("parse uuid F174E90A-FAFE-4643-BBBC-4A0ED4FC8415").out,
            "ok f174e90a-fafe-4643-bbbc-4a0ed4fc8415\n");
}
TEST(ParseCommand, PrintsIdentifier) {
  EXPECT_EQ(run("parse identifier 023E105F4ECEF8AD9CA31A8372D0C353").out,
            "ok 023e105f4ecef8ad9ca31a8372d0c353\n");
}
TEST(ParseCommand, PrintsErrorWithReasonAndExitsOne) {
  const ToolRun r = run("parse duration 1d");
  EXPECT_EQ(r.out, "error unknown unit \"d\" at offset 1\n");
  EXPECT_EQ(r.status, 1);
}
TEST(ParseCommand, KeepsOrderOfMixedValues) {
  const ToolRun r = run("parse duration 1s bad 2s");
  EXPECT_EQ(r.out, "ok 1000000000\nerror expected a digit or \".\" but found \"b\" at offset 0\nok 2000000000\n");
  EXPECT_EQ(r.status, 1);
}
TEST(ParseCommand, ReadsLinesFromStandardInput) {
  const ToolRun r = run("parse cidr", "10.0.0.1/8\n2001:db8::1/32\n");
  EXPECT_EQ(r.out, "ok 10.0.0.0/8\nok 2001:db8::/32\n");
  EXPECT_EQ(r.status, 0);
}
TEST(ParseCommand, ReadsLastLineWithoutNewline) {
  EXPECT_EQ(run("parse duration", "1s\n2s").out, "ok 1000000000\nok 2000000000\n");
}
TEST(ParseCommand, TreatsCarriageReturnAsPartOfValue) {
  const ToolRun r = run("parse duration", "1s\r\n");
  EXPECT_EQ(r.out, "error unknown unit \"s\\x0d\" at offset 1\n");
  EXPECT_EQ(r.status, 1);
}
TEST(ParseCommand, TreatsEmptyLineAsInvalidValue) {
  EXPECT_EQ(run("parse duration", "\n").out, "error expected a number at offset 0\n");
}
TEST(ParseCommand, EscapesControlBytesInErrors) {
  EXPECT_EQ(run("parse uuid", "\x01\n").out, "error too short for a UUID (8-4-4-4-12 hex digits) at offset 1\n");
  EXPECT_EQ(run("parse duration", "1\x1b[31m\n").out, "error unknown unit \"\\x1b[\" at offset 1\n");
}
TEST(ParseCommand, StreamsManyLines) {
  std::string input;
  for (int k = 0; k < 200000; ++k) input += "1h2m3s\n";
  const ToolRun r = run("parse duration", input);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.size(), 200000u * std::string("ok 3723000000000\n").size());
}
TEST(ParseCommand, EmptyInputIsValid) { EXPECT_EQ(run("parse duration", "").status, 0); }
TEST(ParseCommand, MissingKindIsUsageError) { EXPECT_EQ(run("parse").status, 2); }
TEST(ParseCommand, UnknownKindIsUsageError) {
  const ToolRun r = run("parse colour red");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("unknown KIND"), std::string::npos);
}
TEST(ParseCommand, HelpShowsExampleAndExitsZero) {
  const ToolRun r = run("parse --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("example:"), std::string::npos);
}
TEST(ToolCommand, UnknownCommandIsUsageError) { EXPECT_EQ(run("frobnicate").status, 2); }
TEST(ToolCommand, NoCommandIsUsageError) { EXPECT_EQ(run("").status, 2); }

}  // namespace
