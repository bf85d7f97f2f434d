// Single-case tests of the CIDR grammar, including the cases of Go's
// net/netip TestParsePrefix*, TestParseAddr and TestPrefixOverlaps tables.
#include "tokenguard/cidr.h"

#include "exact_copy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tokenguard {
namespace {

// Every helper parses an exact-size copy (tests/support/exact_copy.h).

// The canonical (masked) text of a valid prefix; a failure if invalid.
std::string canon(std::string_view text) {
  const auto r = parse_prefix(testing::ExactCopy(text).view());
  EXPECT_TRUE(r.ok()) << "\"" << text << "\": " << r.error().message();
  return r.ok() ? to_string(r.value().masked()) : std::string();
}

std::string error_of(std::string_view text) {
  const auto r = parse_prefix(testing::ExactCopy(text).view());
  EXPECT_FALSE(r.ok()) << "\"" << text << "\" parsed as " << to_string(r.value());
  return r.ok() ? std::string() : r.error().message();
}

std::string addr(std::string_view text) {
  const auto r = parse_ip_address(testing::ExactCopy(text).view());
  EXPECT_TRUE(r.ok()) << "\"" << text << "\": " << r.error().message();
  return r.ok() ? to_string(r.value()) : std::string();
}

bool addr_ok(std::string_view text) { return parse_ip_address(testing::ExactCopy(text).view()).ok(); }

Prefix pfx(std::string_view text) {
  const auto r = parse_prefix(testing::ExactCopy(text).view());
  EXPECT_TRUE(r.ok()) << text;
  return r.value();
}

// --- IPv4 prefixes
// parse_prefix reads common texts in one pass and hands anything else to
// the full scanner; these sit on the edge between the two.
TEST(Cidr, ReadsIpv6WithEllipsisLastBeforeTheSlash) { EXPECT_EQ(canon("1:2:3:4:5:6:7::/128"), "1:2:3:4:5:6:7:0/128"); }
TEST(Cidr, ReadsIpv6EllipsisAlone) { EXPECT_EQ(canon("::/0"), "::/0"); }
TEST(Cidr, ReadsIpv6WithThreeDigitLength) { EXPECT_EQ(canon("2001:db8::1/128"), "2001:db8::1/128"); }
TEST(Cidr, ReadsIpv4WithOneDigitFields) { EXPECT_EQ(canon("1.2.3.4/8"), "1.0.0.0/8"); }
TEST(Cidr, RejectsIpv6EndingInOneColonBeforeTheSlash) { error_of("1:2:3:4:5:6:7:/64"); }
TEST(Cidr, RejectsIpv6WithNineGroups) { error_of("1:2:3:4:5:6:7:8:9/64"); }
TEST(Cidr, RejectsEllipsisStandingForNoGroup) { error_of("1:2:3:4::5:6:7:8/64"); }
TEST(Cidr, RejectsIpv4WithFiveFields) { error_of("1.2.3.4.5/8"); }
TEST(Cidr, RejectsIpv4FieldOf256) { error_of("1.2.3.256/8"); }
TEST(Cidr, RejectsLengthWithLeadingZeroAfterIpv6) { error_of("::/08"); }
TEST(Cidr, RejectsLengthOf129) { error_of("::/129"); }
TEST(Cidr, RejectsSlashWithoutAddress) { error_of("/24"); }
TEST(Cidr, RejectsDoubleSlash) { error_of("1.2.3.4//8"); }
TEST(Cidr, ParsesIpv4Prefix) { EXPECT_EQ(canon("199.27.128.0/21"), "199.27.128.0/21"); }
TEST(Cidr, MasksHostBits) { EXPECT_EQ(canon("123.123.123.100/24"), "123.123.123.0/24"); }
TEST(Cidr, KeepsHostBitsUnmasked) {
  EXPECT_EQ(to_string(pfx("123.123.123.100/24")), "123.123.123.100/24");
}
TEST(Cidr, FormatsEveryOctetValueInEveryPlace) {
  for (unsigned v = 0; v < 256; ++v) {
    const std::string n = std::to_string(v);
    for (int place = 0; place < 4; ++place) {
      std::string text;
      for (int k = 0; k < 4; ++k) text += (k ? "." : "") + (k == place ? n : std::string("7"));
      EXPECT_EQ(to_string(pfx(text + "/32")), text + "/32");
      EXPECT_EQ(addr(text), text);
    }
  }
}
TEST(Cidr, FormatsEveryPrefixLength) {
  for (int bits = 0; bits <= 128; ++bits) {
    const std::string v6 = "2001:db8::/" + std::to_string(bits);
    EXPECT_EQ(to_string(pfx(v6)), v6);
    if (bits > 32) continue;
    const std::string v4 = "10.0.0.0/" + std::to_string(bits);
    EXPECT_EQ(to_string(pfx(v4)), v4);
  }
}
TEST(Cidr, AcceptsSlashZero) { EXPECT_EQ(canon("0.0.0.0/0"), "0.0.0.0/0"); }
TEST(Cidr, MasksEverythingAtSlashZero) { EXPECT_EQ(canon("5.5.5.5/0"), "0.0.0.0/0"); }
TEST(Cidr, AcceptsSlash32) { EXPECT_EQ(canon("192.168.1.1/32"), "192.168.1.1/32"); }
TEST(Cidr, MasksNonOctetBoundary) { EXPECT_EQ(canon("100.100.100.100/10"), "100.64.0.0/10"); }
TEST(Cidr, AcceptsBroadcast) { EXPECT_EQ(canon("255.255.255.255/32"), "255.255.255.255/32"); }
TEST(Cidr, RejectsIpv4Slash33) {
  EXPECT_EQ(error_of("10.0.0.1/33"), "prefix length is above 32 for IPv4 \"33\" at offset 9");
}
TEST(Cidr, RejectsNoSlash) {
  EXPECT_EQ(error_of("192.168.0.0"), "missing \"/\" and prefix length at offset 11");
}
TEST(Cidr, RejectsOctetAbove255) {
  EXPECT_EQ(error_of("1.257.1.1/24"), "IPv4 field is above 255 \"257\" at offset 2");
}
TEST(Cidr, RejectsLetterBits) { error_of("1.1.1.0/q"); }
TEST(Cidr, RejectsNegativeBits) { error_of("1.1.1.0/-1"); }
TEST(Cidr, RejectsPlusSignInBits) { error_of("1.1.1.0/+24"); }
TEST(Cidr, RejectsLeadingZeroInBits) {
  EXPECT_EQ(error_of("10.0.0.0/08"), "prefix length has a leading zero \"08\" at offset 9");
}
TEST(Cidr, RejectsDoubleZeroBits) { error_of("10.0.0.0/00"); }
TEST(Cidr, RejectsEmptyBits) { EXPECT_EQ(error_of("10.0.0.0/"), "missing prefix length at offset 9"); }
TEST(Cidr, RejectsHugeBits) { error_of("10.0.0.0/99999999999999999999999"); }
TEST(Cidr, RejectsSpaceInBits) { error_of("10.0.0.0/ 8"); }
TEST(Cidr, RejectsTrailingSpace) { error_of("10.0.0.0/8 "); }
TEST(Cidr, RejectsLeadingSpace) { error_of(" 10.0.0.0/8"); }
TEST(Cidr, RejectsIpv4Zone) { EXPECT_EQ(error_of("1.1.1.0%a/24"), "zones are not allowed at offset 7"); }
TEST(Cidr, RejectsTwoSlashes) { error_of("1.2.3.4/24/24"); }
TEST(Cidr, RejectsEmpty) { error_of(""); }
TEST(Cidr, RejectsSlashOnly) { error_of("/24"); }
TEST(Cidr, RejectsLeadingZeroOctet) { error_of("010.0.0.0/8"); }
TEST(Cidr, RejectsThreeFields) { error_of("127.0.1/24"); }
TEST(Cidr, RejectsHexOctets) { error_of("0xc0.0xa8.0x8c.0xff/32"); }
TEST(Cidr, RejectsInvalidUtf8) { error_of("10.0.0.\xff/8"); }
TEST(Cidr, RejectsEmbeddedNul) { error_of(std::string_view("10.0.0.0\0/8", 11)); }

// --- IPv6 prefixes
TEST(Cidr, ParsesIpv6Prefix) { EXPECT_EQ(canon("2400:cb00::/32"), "2400:cb00::/32"); }
TEST(Cidr, AcceptsIpv6Slash128) { EXPECT_EQ(canon("::1/128"), "::1/128"); }
TEST(Cidr, AcceptsIpv6SlashZero) { EXPECT_EQ(canon("::/0"), "::/0"); }
TEST(Cidr, MasksIpv6HostBits) { EXPECT_EQ(canon("2001:db8::1/32"), "2001:db8::/32"); }
TEST(Cidr, MasksInsideAGroup) { EXPECT_EQ(canon("2000::/3"), "2000::/3"); }
TEST(Cidr, WritesIpv6InLowerCase) { EXPECT_EQ(canon("2001:DB8::ABCD/128"), "2001:db8::abcd/128"); }
TEST(Cidr, DropsLeadingZerosInGroups) { EXPECT_EQ(canon("2001:0db8:0000::0001/128"), "2001:db8::1/128"); }
TEST(Cidr, CompressesLongestZeroRun) {
  EXPECT_EQ(canon("2001:0:0:1:0:0:0:1/128"), "2001:0:0:1::1/128");
}
TEST(Cidr, CompressesFirstOfEqualZeroRuns) {
  EXPECT_EQ(canon("2001:db8:0:0:1:0:0:1/128"), "2001:db8::1:0:0:1/128");
}
TEST(Cidr, DoesNotCompressSingleZeroGroup) {
  EXPECT_EQ(canon("2001:db8:0:1:1:1:1:1/128"), "2001:db8:0:1:1:1:1:1/128");
}
TEST(Cidr, RejectsIpv6Slash129) { error_of("2001::/129"); }
TEST(Cidr, RejectsIpv6Zone) { EXPECT_EQ(error_of("2001:db8::%a/32"), "zones are not allowed at offset 10"); }
TEST(Cidr, RejectsBrackets) { error_of("[2001:db8::]/32"); }
TEST(Cidr, RejectsTwoEllipses) { error_of("fe80::1::1/64"); }
TEST(Cidr, RejectsEllipsisStandingForNothing) { error_of("1:2:3:4::5:6:7:8/64"); }
TEST(Cidr, RejectsNineGroups) { error_of("1:2:3:4:5:6:7:8:9/64"); }
TEST(Cidr, RejectsSevenGroups) { error_of("1:2:3:4:5:6:7/64"); }
TEST(Cidr, RejectsFiveHexDigits) { error_of("fe801::1/64"); }
TEST(Cidr, RejectsTrailingSingleColon) { error_of("fe80:/16"); }
TEST(Cidr, RejectsLeadingSingleColon) { error_of(":1::/16"); }

// --- IPv4-mapped and embedded IPv4
TEST(Cidr, TreatsIpv4MappedAsIpv6) { EXPECT_EQ(canon("::ffff:1.2.3.4/120"), "::ffff:1.2.3.0/120"); }
TEST(Cidr, AllowsIpv4MappedUpTo128) { EXPECT_EQ(canon("::ffff:1.2.3.4/128"), "::ffff:1.2.3.4/128"); }
TEST(Cidr, MasksIpv4MappedBelow96ToPlainIpv6) { EXPECT_EQ(canon("::ffff:1.2.3.4/64"), "::/64"); }
TEST(Cidr, WritesEmbeddedIpv4OutsideMappedRangeAsHex) {
  EXPECT_EQ(canon("1:2::ffff:192.168.140.255/128"), "1:2::ffff:c0a8:8cff/128");
}
TEST(Cidr, RejectsEmbeddedIpv4WithLeadingZero) { error_of("::ffff:1.2.03.4/128"); }
TEST(Cidr, RejectsEmbeddedIpv4NotAtTheEnd) { error_of("::1.2.3.4:1/128"); }
TEST(Cidr, RejectsEmbeddedIpv4AfterEightGroups) {
  error_of("ffff:ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255/128");
}

// --- addresses alone (Go's TestParseAddr valid and invalid lists)
TEST(IpAddress, ParsesZeroIpv4) { EXPECT_EQ(addr("0.0.0.0"), "0.0.0.0"); }
TEST(IpAddress, ParsesIpv4) { EXPECT_EQ(addr("192.168.140.255"), "192.168.140.255"); }
TEST(IpAddress, ParsesUnspecifiedIpv6) { EXPECT_EQ(addr("::"), "::"); }
TEST(IpAddress, ParsesLoopbackIpv6) { EXPECT_EQ(addr("::1"), "::1"); }
TEST(IpAddress, ParsesFullIpv6) {
  EXPECT_EQ(addr("fd7a:115c:a1e0:ab12:4843:cd96:626b:430b"), "fd7a:115c:a1e0:ab12:4843:cd96:626b:430b");
}
TEST(IpAddress, ParsesMiddleEllipsis) { EXPECT_EQ(addr("fd7a:115c::626b:430b"), "fd7a:115c::626b:430b"); }
TEST(IpAddress, ParsesTrailingEllipsis) {
  EXPECT_EQ(addr("fd7a:115c:a1e0:ab12:4843:cd96::"), "fd7a:115c:a1e0:ab12:4843:cd96::");
}
TEST(IpAddress, WritesSingleTrailingZeroGroup) {
  EXPECT_EQ(addr("fd7a:115c:a1e0:ab12:4843:cd96:626b::"), "fd7a:115c:a1e0:ab12:4843:cd96:626b:0");
}
TEST(IpAddress, WritesSingleMiddleZeroGroup) {
  EXPECT_EQ(addr("fd7a:115c:a1e0::4843:cd96:626b:430b"), "fd7a:115c:a1e0:0:4843:cd96:626b:430b");
}
TEST(IpAddress, WritesMappedAsDottedQuad) { EXPECT_EQ(addr("::ffff:192.168.140.255"), "::ffff:192.168.140.255"); }
TEST(IpAddress, LowersUpperCase) { EXPECT_EQ(addr("FD9E:1A04:F01D::1"), "fd9e:1a04:f01d::1"); }
TEST(IpAddress, RejectsZone) { EXPECT_FALSE(addr_ok("fd7a:115c:a1e0:ab12:4843:cd96:626b:430b%eth0")); }
TEST(IpAddress, RejectsEveryGoInvalidAddress) {
  for (const char* s :
       {"", "bad", "1234", "1.2.3.4%eth0", ".1.2.3", "1.2.3.", "1..2.3", "1.2.3.4.5",
        "0300.0250.0214.0377", "0xc0.0xa8.0x8c.0xff", "192.168.12345", "127.0.1", "192.1234567",
        "127.1", "192.168.300.1", "192.168.0.1.5.6", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4::5:6:7:8", "fe801::1", "fe80:tail:scal:e::", "fe80::1%",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255",
        "ffff::ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255", "::ffff:192.168.140.bad",
        "fe80::1::1", "fe80:1?:1", "fe80:", "010.000.015.001",
        "000001.00000002.00000003.000000004", "::ffff:1.2.03.4", "%eth0"}) {
    EXPECT_FALSE(addr_ok(s)) << "\"" << s << "\"";
  }
}

// --- contains and overlaps (Go's TestPrefixOverlaps and TestPrefix)
TEST(CidrOverlaps, EqualPrefixesOverlap) { EXPECT_TRUE(overlaps(pfx("1.2.0.0/16"), pfx("1.2.0.0/16"))); }
TEST(CidrOverlaps, NestedPrefixesOverlapBothWays) {
  EXPECT_TRUE(overlaps(pfx("1.2.0.0/16"), pfx("1.2.3.0/24")));
  EXPECT_TRUE(overlaps(pfx("1.2.3.0/24"), pfx("1.2.0.0/16")));
  EXPECT_TRUE(overlaps(pfx("1.2.0.0/16"), pfx("1.2.3.0/32")));
}
TEST(CidrOverlaps, SlashZeroOverlapsEverything) {
  EXPECT_TRUE(overlaps(pfx("1.2.3.0/32"), pfx("0.0.0.0/0")));
  EXPECT_TRUE(overlaps(pfx("1.2.3.0/32"), pfx("5.5.5.5/0")));
}
TEST(CidrOverlaps, DifferentFamiliesNeverOverlap) {
  EXPECT_FALSE(overlaps(pfx("::0/3"), pfx("0.0.0.0/3")));
  EXPECT_FALSE(overlaps(pfx("::ffff:1.2.0.0/112"), pfx("1.2.3.0/24")));
}
TEST(CidrOverlaps, Ipv6Overlapping) { EXPECT_TRUE(overlaps(pfx("5::1/128"), pfx("5::0/8"))); }
TEST(CidrOverlaps, Ipv6Disjoint) {
  EXPECT_FALSE(overlaps(pfx("1::1/128"), pfx("2::2/128")));
  EXPECT_FALSE(overlaps(pfx("0100::0/8"), pfx("::1/128")));
}
TEST(CidrContains, OuterContainsInner) { EXPECT_TRUE(contains(pfx("192.168.0.0/24"), pfx("192.168.0.55/32"))); }
TEST(CidrContains, InnerDoesNotContainOuter) { EXPECT_FALSE(contains(pfx("192.168.0.1/32"), pfx("192.168.0.0/24"))); }
TEST(CidrContains, UpstreamExamplePairCoversEntirely) {
  // The upstream example pairs in: 123.123.123.0/24 with not_in: 123.123.123.100/24.
  EXPECT_TRUE(contains(pfx("123.123.123.100/24"), pfx("123.123.123.0/24")));
}
TEST(CidrContains, CgnatRange) {
  EXPECT_TRUE(contains(pfx("100.64.0.0/10"), pfx("100.127.255.255/32")));
  EXPECT_FALSE(contains(pfx("100.64.0.0/10"), pfx("100.128.0.0/32")));
}
TEST(CidrContains, Ipv6Range) {
  EXPECT_TRUE(contains(pfx("2001:db8::/96"), pfx("2001:db8::aaaa:bbbb/128")));
  EXPECT_FALSE(contains(pfx("2001:db8::/96"), pfx("2001:db8::1:aaaa:bbbb/128")));
}
TEST(CidrContains, FamiliesDoNotMix) { EXPECT_FALSE(contains(pfx("0.0.0.0/0"), pfx("2001:db8::1/128"))); }
// On prefixes of lengths on each side of a 64-bit word's edge, in both
// families, contains agrees with overlaps wherever contains applies (the
// outer no longer than the inner).
TEST(CidrContains, AgreesWithOverlapsAtEveryWordEdge) {
  std::vector<Prefix> all;
  for (const char* address : {"10.1.2.3", "10.1.2.0", "10.0.0.0", "0.0.0.0", "255.255.255.255", "2001:db8::1",
                              "2001:db8::", "2001:db8:0:1::", "::", "::ffff:10.1.2.3", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    for (const int bits : {0, 1, 7, 8, 16, 24, 31, 32, 33, 48, 63, 64, 65, 96, 97, 127, 128}) {
      const auto r = parse_prefix(std::string(address) + "/" + std::to_string(bits));
      if (r.ok()) all.push_back(r.value());
    }
  ASSERT_GT(all.size(), 100u);
  for (const Prefix& outer : all)
    for (const Prefix& inner : all) {
      const bool expected = outer.address.is_v4 == inner.address.is_v4 && outer.bits <= inner.bits && overlaps(outer, inner);
      EXPECT_EQ(contains(outer, inner), expected) << to_string(outer) << " " << to_string(inner);
    }
}

// --- lists
TEST(CidrList, ReportsIndexOfEachBadEntry) {
  const std::vector<std::string_view> items = {"10.0.0.0/8", "10.0.0.1/33", "::1/128", "x"};
  const PrefixList list = parse_prefix_list(items);
  EXPECT_FALSE(list.ok());
  ASSERT_EQ(list.errors.size(), 2u);
  EXPECT_EQ(list.errors[0].index, 1u);
  EXPECT_EQ(list.errors[1].index, 3u);
  ASSERT_EQ(list.prefixes.size(), 2u);
  EXPECT_EQ(list.indexes[1], 2u);
}
TEST(CidrList, AcceptsEmptyList) { EXPECT_TRUE(parse_prefix_list({}).ok()); }
TEST(CidrList, HandlesHundredThousandEntries) {
  std::vector<std::string_view> items(100000, "192.0.2.0/24");
  EXPECT_EQ(parse_prefix_list(items).prefixes.size(), 100000u);
}

// --- canonical text round-trips
TEST(Cidr, CanonicalFormParsesBackToItself) {
  for (const char* s : {"0.0.0.0/0", "1.2.3.4/17", "::/0", "::ffff:1.2.3.4/100", "2001:db8::/48",
                        "fe80::dead:beef:dead:beef/96", "1:0:0:0:1:0:0:0/128"}) {
    const std::string c = canon(s);
    EXPECT_EQ(canon(c), c) << s;
  }
}

}  // namespace
}  // namespace tokenguard
