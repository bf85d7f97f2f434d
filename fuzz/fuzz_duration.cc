// Fuzzes parse_duration. Properties: the verdict and value equal those of
// an independent, plain statement of Go's algorithm (go_duration_oracle.h);
// an accepted duration, formatted as Go does, parses back to the same value;
// a rejected one has an error offset inside the input (or at its end).
#include <array>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "go_duration_oracle.h"
#include "tokenguard/duration.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = tokenguard::parse_duration(text);
  const auto expected = tokenguard::oracle::go_parse_duration(text);
  TG_FUZZ_CHECK(r.ok() == expected.has_value());
  if (!r.ok()) {
    TG_FUZZ_CHECK(r.error().offset() <= size);
    TG_FUZZ_CHECK(!r.error().message().empty());
    return 0;
  }
  TG_FUZZ_CHECK(r.value().nanoseconds == *expected);
  std::array<char, tokenguard::kMaxDurationText> buffer{};
  const std::string_view formatted = tokenguard::format_duration(r.value(), buffer);
  const auto back = tokenguard::parse_duration(formatted);
  TG_FUZZ_CHECK(back.ok());
  TG_FUZZ_CHECK(back.value() == r.value());
  return 0;
}
