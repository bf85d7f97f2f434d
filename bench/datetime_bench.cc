// RFC 3339 date-times: tokenguard::parse_date_time against strptime plus
// timegm with the fraction and offset handled by hand.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "allocation_counter.h"
#include "tokenguard/datetime.h"

namespace {

const char* const kDateTimes[] = {"2014-01-01T05:20:00.12345Z", "1937-01-01T12:00:27.87+00:20"};

void BM_DateTime_Tokenguard(benchmark::State& state) {
  const std::string_view text = kDateTimes[state.range(0)];
  const std::uint64_t allocs_before = tokenguard::testing::allocation_count();
  for (auto _ : state) {
    auto r = tokenguard::parse_date_time(text);
    benchmark::DoNotOptimize(r);
  }
  state.counters["allocs_per_parse"] = benchmark::Counter(
      static_cast<double>(tokenguard::testing::allocation_count() - allocs_before),
      benchmark::Counter::kAvgIterations);
  state.SetLabel(std::string(text));
}
BENCHMARK(BM_DateTime_Tokenguard)->DenseRange(0, 1);

void BM_DateTime_Strptime(benchmark::State& state) {
  const char* text = kDateTimes[state.range(0)];
  for (auto _ : state) {
    std::tm tm{};
    const char* p = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
    long nanos = 0;
    long offset = 0;
    bool ok = p != nullptr;
    if (ok && *p == '.') {
      ++p;
      long scale = 100000000;
      while (*p >= '0' && *p <= '9') {
        nanos += (*p - '0') * scale;
        scale /= 10;
        ++p;
      }
    }
    if (ok && (*p == 'Z' || *p == 'z')) {
      ++p;
    } else if (ok && (*p == '+' || *p == '-')) {
      const long sign = *p == '-' ? -1 : 1;
      char* end = nullptr;
      const long hh = std::strtol(p + 1, &end, 10);
      const long mm = (end != nullptr && *end == ':') ? std::strtol(end + 1, &end, 10) : -1;
      ok = hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59;
      offset = sign * (hh * 3600 + mm * 60);
      p = end;
    } else {
      ok = false;
    }
    const std::time_t t = timegm(&tm) - offset;
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(nanos);
  }
  state.SetLabel(text);
}
BENCHMARK(BM_DateTime_Strptime)->DenseRange(0, 1);

}  // namespace
