// The soak: a mix of valid and invalid payloads (every bundled example, plus
// hostile bodies) checked through one shared catalog from 2 threads per core,
// for a fixed time. Reports throughput per core, latency percentiles
// (p50/p99/p99.9, from per-thread log-scale histograms, so the run allocates
// nothing for its bookkeeping), and resident memory over time.
//
//   soak [--seconds N] [--threads N] [--max-growth-mib N]
//
// Exit status 1 when any check's outcome differs from its single-thread
// outcome, or when resident memory grows by more than --max-growth-mib after
// the warm-up (the first fifth of the run); a flat RSS is what "no leak, no
// unbounded cache" looks like from outside. Under AddressSanitizer the
// growth limit is reported but not enforced (its quarantine holds freed
// memory by design). Timings are reported, never asserted.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "example_payloads.h"
#include "tokenguard/check.h"

#if defined(__SANITIZE_ADDRESS__)
#define TG_SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TG_SOAK_ASAN 1
#endif
#endif

namespace {

using tokenguard::CheckResult;
using tokenguard::Operation;

struct Payload {
  tokenguard::testing::ExamplePayload example;
  bool expected_valid = false;
  std::size_t expected_findings = 0;
};

std::vector<Payload> payloads(const std::string& examples) {
  std::vector<Payload> out;
  for (auto& e : tokenguard::testing::load_examples(examples)) out.push_back(Payload{std::move(e)});
  // Hostile bodies, as in the bad-input matrix (sizes kept to soak speed).
  const Operation* create = tokenguard::Catalog::embedded()->find("cloudflare.user.tokens.create");
  for (std::string body : {std::string(R"({"name":"a","name":"b"})"), std::string("{\"name\":\"\xff\xfe\"}"),
                           std::string(2000, '[') + std::string(2000, ']'), std::string(R"({"x":NaN})"),
                           "{\"name\":\"" + std::string(5000, 'a') + "\",\"policies\":[]}", std::string("null"),
                           std::string("\xEF\xBB\xBF{}")}) {
    Payload p;
    p.example.operation = create;
    p.example.body = std::move(body);
    out.push_back(std::move(p));
  }
  for (Payload& p : out) {
    const CheckResult r = tokenguard::testing::check_example(p.example);
    p.expected_valid = r.valid;
    p.expected_findings = r.findings.size();
  }
  return out;
}

// Log-scale latency histogram: bucket i covers [1.02^i, 1.02^(i+1)) ns.
struct Histogram {
  static constexpr int kBuckets = 1200;  // up to about 20 s
  std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(kBuckets, 0);
  void add(double ns) {
    const int i = ns < 1 ? 0 : std::min(kBuckets - 1, static_cast<int>(std::log(ns) / std::log(1.02)));
    ++counts[static_cast<std::size_t>(i)];
  }
  [[nodiscard]] double percentile(double q) const {
    std::uint64_t total = 0;
    for (const auto c : counts) total += c;
    const auto target = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
    std::uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += counts[static_cast<std::size_t>(i)];
      if (seen >= target && seen > 0) return std::pow(1.02, i + 1);
    }
    return 0;
  }
};

double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 30;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = 2 * cores;
  double max_growth_mib = 16;
  std::string examples = TOKENGUARD_SOURCE_DIR "/schemas/examples/catalog";
  const auto usage = [] {
    std::fprintf(stderr, "usage: soak [--seconds N] [--threads N] [--max-growth-mib N] [--examples DIR]\n");
    return 2;
  };
  for (int i = 1; i < argc; i += 2) {
    const std::string a = argv[i];
    if (i + 1 == argc) return usage();  // a flag without its value
    if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (a == "--threads") threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (a == "--max-growth-mib") max_growth_mib = std::atof(argv[i + 1]);
    else if (a == "--examples") examples = argv[i + 1];
    else return usage();
  }
  const std::vector<Payload> all = payloads(examples);
  std::printf("soak: %zu payloads, %u threads on %u cores, %.0f s\n", all.size(), threads, cores, seconds);
  std::fflush(stdout);

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> done{0}, wrong{0};
  std::vector<Histogram> histograms(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      Histogram& h = histograms[t];
      std::size_t i = t * 13;
      std::uint64_t local = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        const Payload& p = all[i++ % all.size()];
        const auto start = std::chrono::steady_clock::now();
        const CheckResult r = tokenguard::testing::check_example(p.example);
        const auto end = std::chrono::steady_clock::now();
        h.add(std::chrono::duration<double, std::nano>(end - start).count());
        if (r.valid != p.expected_valid || r.findings.size() != p.expected_findings) wrong.fetch_add(1);
        if (++local % 256 == 0) done.fetch_add(256, std::memory_order_relaxed);
      }
      done.fetch_add(local % 256);
    });

  const auto begin = std::chrono::steady_clock::now();
  const double warmup = seconds / 5;
  const double report_every = std::max(1.0, seconds / 20);
  double rss_after_warmup = -1, rss_max_after = 0, next_report = report_every;
  std::printf("%8s %14s %10s\n", "seconds", "checks", "RSS MiB");
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    const double rss = rss_mib();
    if (elapsed >= warmup) {
      if (rss_after_warmup < 0) rss_after_warmup = rss;
      rss_max_after = std::max(rss_max_after, rss);
    }
    if (elapsed >= next_report || elapsed >= seconds) {
      std::printf("%8.0f %14llu %10.1f\n", elapsed, static_cast<unsigned long long>(done.load()), rss);
      std::fflush(stdout);
      next_report += report_every;
    }
    if (elapsed >= seconds) break;
  }
  stop = true;
  for (auto& th : pool) th.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  Histogram merged;
  for (const Histogram& h : histograms)
    for (int i = 0; i < Histogram::kBuckets; ++i)
      merged.counts[static_cast<std::size_t>(i)] += h.counts[static_cast<std::size_t>(i)];
  const double total = static_cast<double>(done.load());
  const double growth = rss_max_after - rss_after_warmup;
  std::printf("checks: %.0f in %.1f s: %.0f per second, %.0f per second per core\n", total, elapsed, total / elapsed,
              total / elapsed / cores);
  std::printf("latency: p50 %.1f us, p99 %.1f us, p99.9 %.1f us\n", merged.percentile(0.50) / 1e3,
              merged.percentile(0.99) / 1e3, merged.percentile(0.999) / 1e3);
  std::printf("RSS: %.1f MiB after warm-up, at most %.1f MiB after it: growth %.1f MiB (limit %.0f)\n",
              rss_after_warmup, rss_max_after, growth, max_growth_mib);
  std::printf("outcomes different from one thread's: %llu\n", static_cast<unsigned long long>(wrong.load()));
  bool ok = wrong.load() == 0;
#ifndef TG_SOAK_ASAN
  ok = ok && growth <= max_growth_mib;
#endif
  std::printf("soak: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
