// Go durations: tokenguard::parse_duration against absl::ParseDuration.
#include <benchmark/benchmark.h>

#include "allocation_counter.h"
#include "tokenguard/duration.h"
#if TOKENGUARD_HAVE_ABSL
#include "absl/time/time.h"
#endif

namespace {

const char* const kDurations[] = {"2h45m", "1h2m3.456789s", "300ms"};

void BM_Duration_Tokenguard(benchmark::State& state) {
  const std::string_view text = kDurations[state.range(0)];
  const std::uint64_t allocs_before = tokenguard::testing::allocation_count();
  for (auto _ : state) {
    auto r = tokenguard::parse_duration(text);
    benchmark::DoNotOptimize(r);
  }
  state.counters["allocs_per_parse"] = benchmark::Counter(
      static_cast<double>(tokenguard::testing::allocation_count() - allocs_before),
      benchmark::Counter::kAvgIterations);
  state.SetLabel(std::string(text));
}
BENCHMARK(BM_Duration_Tokenguard)->DenseRange(0, 2);

#if TOKENGUARD_HAVE_ABSL
void BM_Duration_Absl(benchmark::State& state) {
  const std::string_view text = kDurations[state.range(0)];
  for (auto _ : state) {
    absl::Duration d;
    bool ok = absl::ParseDuration(absl::string_view(text.data(), text.size()), &d);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(d);
  }
  state.SetLabel(std::string(text));
}
BENCHMARK(BM_Duration_Absl)->DenseRange(0, 2);
#endif

void BM_Duration_Format(benchmark::State& state) {
  std::array<char, tokenguard::kMaxDurationText> buffer{};
  for (auto _ : state) {
    auto s = tokenguard::format_duration(tokenguard::Duration{9900000000000}, buffer);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_Duration_Format);

}  // namespace
