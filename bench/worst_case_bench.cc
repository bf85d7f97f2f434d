// The work bound: every generated worst case (tests/worst_cases.h) through
// the whole check from bytes, timed in CPU time (this thread's): the median,
// best and worst of a few runs each. Prints one row per case, slowest median
// first, and the largest median; the goal is that no case passes 50 ms. Not
// a test: no timing is asserted anywhere.
//
//   build/bench/bench/worst_case_bench [--runs N] [--top N]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tokenguard/check.h"
#include "worst_cases.h"

namespace {

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Row {
  std::string name;
  double median = 0, worst = 0, best = 1e18;
  std::vector<double> times;
  std::size_t bytes = 0;
  std::string codes;
};

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::size_t top = 25;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--top") == 0) top = static_cast<std::size_t>(std::atoi(argv[i + 1]));
  }
  const auto catalog = tokenguard::Catalog::embedded();
  const auto cases = tokenguard::testing::worst_cases(*catalog);
  std::vector<Row> rows;
  for (const auto& c : cases) {
    Row row;
    row.name = c.operation->id + (c.request ? " request " : " response ") + c.name;
    row.bytes = c.body.size();
    for (int r = 0; r < runs; ++r) {
      const double t0 = cpu_ms();
      tokenguard::CheckResult result;
      if (c.request) {
        tokenguard::HttpRequest req;
        req.body = c.body;
        result = tokenguard::check_request(*c.operation, req);
      } else {
        result = tokenguard::check_response(*c.operation, c.status, c.body);
      }
      const double t = cpu_ms() - t0;
      row.times.push_back(t);
      row.worst = std::max(row.worst, t);
      row.best = std::min(row.best, t);
      if (r == 0) {
        row.codes = result.valid ? "valid" : "invalid";
        for (std::size_t k = 0; k < result.findings.size() && k < 2; ++k) row.codes += " " + result.findings[k].code;
      }
    }
    std::sort(row.times.begin(), row.times.end());
    row.median = row.times[row.times.size() / 2];
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.median > b.median; });
  std::printf("%zu worst cases, %d runs each, CPU time of the whole check from bytes (ms)\n", rows.size(), runs);
  std::printf("%-80s %9s %7s %7s %7s  %s\n", "case", "bytes", "median", "best", "worst", "verdict");
  for (std::size_t i = 0; i < rows.size() && i < top; ++i)
    std::printf("%-80s %9zu %7.1f %7.1f %7.1f  %s\n", rows[i].name.c_str(), rows[i].bytes, rows[i].median,
                rows[i].best, rows[i].worst, rows[i].codes.c_str());
  std::printf("largest median: %.1f ms (%s)\n", rows.empty() ? 0.0 : rows[0].median,
              rows.empty() ? "" : rows[0].name.c_str());
  return 0;
}
