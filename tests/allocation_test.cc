// Every grammar parses (and formats into a caller buffer) with no heap
// allocation, on valid and on invalid input.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <thread>

#include "allocation_counter.h"
#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"
#include "tokenguard/duration.h"
#include "tokenguard/uuid.h"

namespace tokenguard {
namespace {

using testing::allocation_count;
using testing::keep;

using testing::allocations_of;

TEST(Allocation, CounterSeesAllocations) {
  // Guards the other tests: the counter must really count.
  EXPECT_GE(allocations_of([] { std::string s(100, 'x'); keep(s); }), 100u);
}

// The tape's padded copy of a body is over-aligned (operator new with
// std::align_val_t): the counter counts that form too.
TEST(Allocation, CounterSeesAlignedAllocations) {
  struct alignas(64) Block {
    char bytes[64];
  };
  EXPECT_EQ(allocations_of([] {
              auto block = std::make_unique<Block>();
              keep(block);
            }),
            100u);
}

// Each thread counts its own allocations: a check on one thread does not
// move another thread's count.
TEST(Allocation, CounterCountsThisThreadOnly) {
  const std::uint64_t before = allocation_count();
  std::thread([] {
    for (int k = 0; k < 50; ++k) {
      std::string s(100, 'x');
      keep(s);
    }
  }).join();
  // (std::thread's own state is allocated here, on this thread; the 50
  // strings were allocated on the other.)
  EXPECT_LE(allocation_count() - before, 2u);
}

TEST(Allocation, DurationParseAndFormatAllocateNothing) {
  std::array<char, kMaxDurationText> buf{};
  EXPECT_EQ(allocations_of([&] {
              for (const char* s : {"2h45m", "1h2m3.456789s", "300ms", "1d", "", "9223372036854775808ns"}) {
                const auto r = parse_duration(s);
                if (r.ok()) keep(format_duration(r.value(), buf));
              }
            }),
            0u);
}

TEST(Allocation, CidrParseAndFormatAllocateNothing) {
  std::array<char, kMaxPrefixText> buf{};
  EXPECT_EQ(allocations_of([&] {
              for (const char* s : {"199.27.128.0/21", "2400:cb00::/32", "::ffff:1.2.3.4/120", "10.0.0.1/33", "x"}) {
                const auto r = parse_prefix(s);
                if (r.ok()) keep(format_prefix(r.value().masked(), buf));
              }
            }),
            0u);
}

TEST(Allocation, DateTimeParseAllocatesNothing) {
  EXPECT_EQ(allocations_of([] {
              for (const char* s : {"2014-01-01T05:20:00.12345Z", "1937-01-01T12:00:27.87+00:20", "2020-02-30T00:00:00Z"})
                keep(parse_date_time(s).ok());
            }),
            0u);
}

TEST(Allocation, UuidParseAndFormatAllocateNothing) {
  std::array<char, kUuidText> buf{};
  EXPECT_EQ(allocations_of([&] {
              const auto r = parse_uuid("f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
              keep(format_uuid(r.value(), buf));
              keep(parse_hex_id("nope").ok());
            }),
            0u);
}

}  // namespace
}  // namespace tokenguard
