// CIDR prefixes: tokenguard::parse_prefix against inet_pton plus strtol on
// the string split at '/'.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>

#include "allocation_counter.h"
#include "tokenguard/cidr.h"

namespace {

const char* const kPrefixes[] = {"199.27.128.0/21", "2400:cb00::/32"};

void BM_Cidr_Tokenguard(benchmark::State& state) {
  const std::string_view text = kPrefixes[state.range(0)];
  const std::uint64_t allocs_before = tokenguard::testing::allocation_count();
  for (auto _ : state) {
    auto r = tokenguard::parse_prefix(text);
    benchmark::DoNotOptimize(r);
  }
  state.counters["allocs_per_parse"] = benchmark::Counter(
      static_cast<double>(tokenguard::testing::allocation_count() - allocs_before),
      benchmark::Counter::kAvgIterations);
  state.SetLabel(std::string(text));
}
BENCHMARK(BM_Cidr_Tokenguard)->DenseRange(0, 1);

// The baseline does the same job with libc: split at the last '/', copy the
// address into a NUL-terminated buffer, inet_pton in the right family, strtol
// the length and range-check it.
void BM_Cidr_InetPton(benchmark::State& state) {
  const std::string_view text = kPrefixes[state.range(0)];
  for (auto _ : state) {
    const std::size_t slash = text.rfind('/');
    char addr[64];
    std::memcpy(addr, text.data(), slash);
    addr[slash] = '\0';
    unsigned char out[16];
    const bool v6 = std::memchr(addr, ':', slash) != nullptr;
    int ok = inet_pton(v6 ? AF_INET6 : AF_INET, addr, out);
    char* end = nullptr;
    const long bits = std::strtol(text.data() + slash + 1, &end, 10);
    ok = ok == 1 && bits >= 0 && bits <= (v6 ? 128 : 32);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(std::string(text));
}
BENCHMARK(BM_Cidr_InetPton)->DenseRange(0, 1);

}  // namespace
