// Schema validation: tokenguard on the catalog's own operations, beside
// nlohmann's parse alone (the baseline for parse + validate) and valijson
// 1.0's Validator (for reference). Payloads are the catalog examples:
//   service-token update response (4 date-time fields)
//   user-token update request (policies and CIDR lists)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "allocation_counter.h"
#include "embedded_catalog.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"
#include "tokenguard/json_input.h"

// (the check's phases, for BM_CheckPhases)
#include "json_tape.h"
#include "schema/program.h"
#include "schema/quick_plan.h"
#include "semantic_checks.h"
#include "site_view.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace {

using json = nlohmann::json;

std::string read(const std::string& relative) {
  std::ifstream in(std::string(TOKENGUARD_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Case {
  const char* label;
  const char* operation;
  int status;  // 0: request
  const char* file;
};

const Case kCases[] = {
    {"service-token update response", "cloudflare.access.service_tokens.update", 200,
     "tests/data/service-token-update-response.seed.json"},
    {"user-token update request", "cloudflare.user.tokens.update", 0,
     "schemas/examples/catalog/cloudflare.user.tokens.update/request.valid.json"},
};

const tokenguard::Operation& operation(const Case& c) {
  return *tokenguard::Catalog::embedded()->find(c.operation);
}

const tokenguard::Schema& schema_of(const Case& c) {
  const auto& op = operation(c);
  return c.status == 0 ? *op.request_body : op.responses.at(std::to_string(c.status));
}

// The options check_request/check_response use: keys matched as Go's
// encoding/json matches them (an error in a request, a warning in a
// response), in the parse and in validation.
tokenguard::CaseVariantKeys case_rule_of(const Case& c) {
  return c.status == 0 ? tokenguard::CaseVariantKeys::kReject : tokenguard::CaseVariantKeys::kWarning;
}

tokenguard::ValidateOptions options_of(const Case& c) {
  tokenguard::ValidateOptions o;
  o.direction = c.status == 0 ? tokenguard::Direction::kRequest : tokenguard::Direction::kResponse;
  o.case_variant_keys = case_rule_of(c);
  return o;
}

tokenguard::InputLimits limits_of(const Case& c) {
  tokenguard::InputLimits l;
  l.case_variant_keys = case_rule_of(c);
  return l;
}

// The whole check of a case from bytes: check_request or check_response.
// The operation is looked up once, outside the timed loops, as a caller
// that checks many bodies against it would hold it.
tokenguard::CheckResult check_case(const Case& c, const tokenguard::Operation& op, const std::string& bytes,
                                   const tokenguard::CheckOptions& o = {}) {
  if (c.status == 0) {
    tokenguard::HttpRequest req;
    req.body = bytes;
    return tokenguard::check_request(op, req, o);
  }
  return tokenguard::check_response(op, c.status, bytes, o);
}

// The same into `into`, filled in place.
void check_case(const Case& c, const tokenguard::Operation& op, const std::string& bytes,
                tokenguard::CheckResult& into) {
  if (c.status == 0) {
    tokenguard::HttpRequest req;
    req.body = bytes;
    tokenguard::check_request(op, req, {}, into);
    return;
  }
  tokenguard::check_response(op, c.status, bytes, {}, into);
}

// Runs `call` kBatch times and adds the time taken to `total`: the batches
// of the ratio benchmarks, timed back to back so drift hits both sides.
constexpr int kBatch = 8;
template <class F>
void time_batch(std::chrono::steady_clock::duration& total, const F& call) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kBatch; ++i) call();
  total += std::chrono::steady_clock::now() - t0;
}

// Two batches timed back to back, the one that goes first alternating
// from call to call (`a_first` keeps the turn).
template <class A, class B>
void time_alternating(bool& a_first, std::chrono::steady_clock::duration& a_total, const A& a,
                      std::chrono::steady_clock::duration& b_total, const B& b) {
  if (a_first) {
    time_batch(a_total, a);
    time_batch(b_total, b);
  } else {
    time_batch(b_total, b);
    time_batch(a_total, a);
  }
  a_first = !a_first;
}

// Three batches timed back to back, which goes first rotating from call
// to call (`turn` keeps it).
template <class A, class B, class C>
void time_rotating(int& turn, std::chrono::steady_clock::duration& a_total, const A& a,
                   std::chrono::steady_clock::duration& b_total, const B& b,
                   std::chrono::steady_clock::duration& c_total, const C& c) {
  switch (turn++ % 3) {
    case 0: time_batch(a_total, a); time_batch(b_total, b); time_batch(c_total, c); break;
    case 1: time_batch(b_total, b); time_batch(c_total, c); time_batch(a_total, a); break;
    default: time_batch(c_total, c); time_batch(a_total, a); time_batch(b_total, b); break;
  }
}

// The name of the simdjson kernel this process runs (icelake: AVX-512;
// haswell: AVX2). Callgrind cannot run AVX-512, so bench/instructions.sh
// counts the haswell kernel whatever the host runs.
std::string simdjson_kernel() { return std::string(simdjson::get_active_implementation()->name()); }

// Validate only: the JSON is already parsed; every format check is on.
void BM_ValidateOnly(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const json doc = json::parse(read(c.file));
  const auto& schema = schema_of(c);
  const auto o = options_of(c);
  if (!tokenguard::is_valid(schema, doc, o)) state.SkipWithError("example does not validate");
  for (auto _ : state) {
    bool ok = tokenguard::is_valid(schema, doc, o);
    benchmark::DoNotOptimize(ok);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_ValidateOnly)->DenseRange(0, 1);

// The same, keeping findings (validate() instead of is_valid()).
void BM_ValidateCollect(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const json doc = json::parse(read(c.file));
  const auto& schema = schema_of(c);
  const auto o = options_of(c);
  for (auto _ : state) {
    auto r = tokenguard::validate(schema, doc, o);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_ValidateCollect)->DenseRange(0, 1);

// Baseline: nlohmann's parse alone.
void BM_ParseOnly(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const std::string bytes = read(c.file);
  for (auto _ : state) {
    json doc = json::parse(bytes);
    benchmark::DoNotOptimize(doc);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_ParseOnly)->DenseRange(0, 1);

// tokenguard's hardened parse alone (limits, duplicate keys, no BOM).
void BM_HardenedParseOnly(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const std::string bytes = read(c.file);
  const auto limits = limits_of(c);
  for (auto _ : state) {
    tokenguard::ParsedJson p = tokenguard::parse_json(bytes, limits);
    benchmark::DoNotOptimize(p);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_HardenedParseOnly)->DenseRange(0, 1);

// From bytes: tokenguard's hardened parse (limits, duplicate keys) + validate.
void BM_ParseAndValidate(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const std::string bytes = read(c.file);
  const auto limits = limits_of(c);
  const auto& schema = schema_of(c);
  const auto o = options_of(c);
  for (auto _ : state) {
    tokenguard::ParsedJson p = tokenguard::parse_json(bytes, limits);
    bool ok = p.ok && tokenguard::is_valid(schema, p.value, o);
    benchmark::DoNotOptimize(ok);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_ParseAndValidate)->DenseRange(0, 1);

// The parse + validate goal as one number that machine drift cannot skew:
// each iteration times a batch of nlohmann parses and a batch of hardened
// parse + is_valid calls back to back, alternating which goes first, and
// the `ratio` counter is the sum of one over the sum of the other (goal:
// at most 1.25). Also reported: ns per call of each.
void BM_ParseValidateRatio(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const Case& c = kCases[state.range(0)];
  const std::string bytes = read(c.file);
  const auto limits = limits_of(c);
  const auto& schema = schema_of(c);
  const auto o = options_of(c);
  Clock::duration parse_time{}, both_time{}, hardened_time{};
  const auto parse = [&] {
    json doc = json::parse(bytes);
    benchmark::DoNotOptimize(doc);
  };
  const auto both = [&] {
    tokenguard::ParsedJson p = tokenguard::parse_json(bytes, limits);
    bool ok = p.ok && tokenguard::is_valid(schema, p.value, o);
    benchmark::DoNotOptimize(ok);
  };
  const auto hardened = [&] {
    tokenguard::ParsedJson p = tokenguard::parse_json(bytes, limits);
    benchmark::DoNotOptimize(p);
  };
  bool parse_first = true;
  for (auto _ : state) {
    time_alternating(parse_first, parse_time, parse, both_time, both);
    time_batch(hardened_time, hardened);
  }
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  state.counters["ratio"] = static_cast<double>(both_time.count()) / static_cast<double>(parse_time.count());
  state.counters["parse_ns"] = std::chrono::duration<double, std::nano>(parse_time).count() / calls;
  state.counters["hardened_ns"] = std::chrono::duration<double, std::nano>(hardened_time).count() / calls;
  state.counters["parse_validate_ns"] = std::chrono::duration<double, std::nano>(both_time).count() / calls;
  state.SetLabel(c.label);
}
BENCHMARK(BM_ParseValidateRatio)->DenseRange(0, 1);

// The whole request/response check from bytes (routing excluded):
// limits, schema and semantic checks, findings kept.
void BM_CheckFromBytes(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const tokenguard::Operation& op = operation(c);
  const std::string bytes = read(c.file);
  for (auto _ : state) {
    tokenguard::CheckResult r = check_case(c, op, bytes);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_CheckFromBytes)->DenseRange(0, 1);

// The same without the verdict-only plan (CheckOptions::quick_plan): every
// body takes the full path, as a body the plan leaves to it does.
void BM_CheckFromBytesFullPath(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const tokenguard::Operation& op = operation(c);
  const std::string bytes = read(c.file);
  tokenguard::CheckOptions o;
  o.quick_plan = false;
  for (auto _ : state) {
    tokenguard::CheckResult r = check_case(c, op, bytes, o);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_CheckFromBytesFullPath)->DenseRange(0, 1);

// Baseline: simdjson's DOM parse alone (a reused parser, a padded copy made
// once), the floor for any check from bytes.
void BM_SimdjsonParseOnly(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const simdjson::padded_string bytes(read(c.file));
  simdjson::dom::parser parser;
  for (auto _ : state) {
    auto doc = parser.parse(bytes);
    benchmark::DoNotOptimize(doc);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_SimdjsonParseOnly)->DenseRange(0, 1);

// The whole check with bodies read by nlohmann::json (BodyReader::kNlohmann),
// for comparison with the default simdjson reader.
void BM_CheckFromBytesNlohmann(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const tokenguard::Operation& op = operation(c);
  const std::string bytes = read(c.file);
  tokenguard::CheckOptions o;
  o.reader = tokenguard::BodyReader::kNlohmann;
  for (auto _ : state) {
    tokenguard::CheckResult r = check_case(c, op, bytes, o);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_CheckFromBytesNlohmann)->DenseRange(0, 1);

// The bytes-path goals as ratios drift cannot skew: each iteration times a
// batch of whole checks from bytes, a batch of simdjson DOM parses and a
// batch of nlohmann parses back to back, rotating which goes first.
// Counters: over_simdjson (goal at most 3), over_nlohmann (goal at most
// 0.25), the ns per call of each, and heap allocations per check.
// Arguments 0 and 1: the two cases, each check returning a new result;
// 2 and 3: the same, each check filling one result in place, as a gateway
// that keeps a result per thread does.
void BM_CheckRatio(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const Case& c = kCases[state.range(0) % 2];
  const bool in_place = state.range(0) >= 2;
  const tokenguard::Operation& op = operation(c);
  const std::string bytes = read(c.file);
  const simdjson::padded_string padded(bytes);
  simdjson::dom::parser parser;
  Clock::duration check_time{}, simd_time{}, nlohmann_time{};
  std::uint64_t allocations = 0, checks = 0;
  tokenguard::CheckResult reused;
  const auto check = [&] {
    if (in_place) {
      check_case(c, op, bytes, reused);
      benchmark::DoNotOptimize(reused);
    } else {
      tokenguard::CheckResult r = check_case(c, op, bytes);
      benchmark::DoNotOptimize(r);
    }
  };
  const auto simd = [&] {
    auto doc = parser.parse(padded);
    benchmark::DoNotOptimize(doc);
  };
  const auto nlohmann_parse = [&] {
    json doc = json::parse(bytes);
    benchmark::DoNotOptimize(doc);
  };
  check();  // warm this thread's parser and scratch
  int turn = 0;
  for (auto _ : state) {
    time_rotating(turn, check_time, check, simd_time, simd, nlohmann_time, nlohmann_parse);
  }
  // Allocations of the check alone, counted apart from the timing.
  const std::uint64_t before = tokenguard::testing::allocation_count();
  for (int i = 0; i < 100; ++i) check();
  allocations = tokenguard::testing::allocation_count() - before;
  checks = 100;
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  const auto ns = [&](Clock::duration d) { return std::chrono::duration<double, std::nano>(d).count() / calls; };
  state.counters["over_simdjson"] = static_cast<double>(check_time.count()) / static_cast<double>(simd_time.count());
  state.counters["over_nlohmann"] = static_cast<double>(check_time.count()) / static_cast<double>(nlohmann_time.count());
  state.counters["check_ns"] = ns(check_time);
  state.counters["simdjson_ns"] = ns(simd_time);
  state.counters["nlohmann_ns"] = ns(nlohmann_time);
  state.counters["allocs_per_check"] = static_cast<double>(allocations) / static_cast<double>(checks);
  state.SetLabel((in_place ? std::string(c.label) + ", result reused" : std::string(c.label)) + "; simdjson kernel " +
                 simdjson_kernel());
}
BENCHMARK(BM_CheckRatio)->DenseRange(0, 3);

// Where the user-token request's time goes, by taking parts away from its
// example (built at run time from the catalog's file):
//   0: the example as it is (two TG_CIDR_EXCLUDED warnings)
//   1: each not_in entry that covered an in entry made one that covers
//      part of it (123.123.123.128/25): the same work, no finding
//   2: without `condition` and `not_before`: no CIDR list and no date
//      pair; the policy and its oneOf resources stay
//   3: the example as it is, with CheckOptions::semantic_checks false: the
//      schema alone, the share a plain JSON Schema validator does
// Each is timed against simdjson's parse of the same bytes in interleaved
// batches. Counters: check_ns, simdjson_ns, over_simdjson, findings.
void BM_UserTokenParts(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  json doc = json::parse(read(kCases[1].file));
  if (state.range(0) >= 1)
    for (const char* spelling : {"request_ip", "request.ip"}) doc["condition"][spelling]["not_in"][0] = "123.123.123.128/25";
  if (state.range(0) == 2) {
    doc.erase("condition");
    doc.erase("not_before");
  }
  const std::string bytes = doc.dump(2);
  const simdjson::padded_string padded(bytes);
  simdjson::dom::parser parser;
  const tokenguard::Operation& op = operation(kCases[1]);
  tokenguard::CheckOptions options;
  options.semantic_checks = state.range(0) != 3;
  const auto check = [&] {
    tokenguard::CheckResult r = check_case(kCases[1], op, bytes, options);
    benchmark::DoNotOptimize(r);
  };
  const auto simd = [&] {
    auto d = parser.parse(padded);
    benchmark::DoNotOptimize(d);
  };
  const tokenguard::CheckResult first = check_case(kCases[1], op, bytes, options);
  if (!first.valid) state.SkipWithError("the variant does not check valid");
  Clock::duration check_time{}, simd_time{};
  bool check_first = true;
  for (auto _ : state) time_alternating(check_first, check_time, check, simd_time, simd);
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  state.counters["check_ns"] = std::chrono::duration<double, std::nano>(check_time).count() / calls;
  state.counters["simdjson_ns"] = std::chrono::duration<double, std::nano>(simd_time).count() / calls;
  state.counters["over_simdjson"] = static_cast<double>(check_time.count()) / static_cast<double>(simd_time.count());
  state.counters["findings"] = static_cast<double>(first.findings.size());
  state.counters["bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_UserTokenParts)->DenseRange(0, 3);

// Batches of each call in `calls`, timed back to back, which goes first
// rotating from call to call (`turn` keeps it); `totals` by call.
template <std::size_t N, class... F>
void time_in_turn(int& turn, std::array<std::chrono::steady_clock::duration, N>& totals, const F&... calls) {
  static_assert(sizeof...(F) == N);
  const std::size_t first = static_cast<std::size_t>(turn++) % N;
  for (std::size_t k = 0; k < N; ++k) {
    const std::size_t which = (first + k) % N;
    std::size_t i = 0;
    ((i++ == which ? time_batch(totals[i - 1], calls) : void()), ...);
  }
}

// The whole check from bytes, phase by phase, each timed as a prefix of the
// check (the phases run as the check runs them, one after the other):
//   load_ns:     the body onto simdjson's tape (copied into the reused
//                padded buffer, then simdjson's parse)
//   plan_ns:     ... then the schema's verdict-only plan, which names the
//                objects the semantic checks must read
//   semantic_ns: ... then the semantic checks on those objects, findings
//                into a result destroyed after it (as a caller's would be)
//   check_ns:    the whole check_request/check_response
// beside simdjson_ns, simdjson's parse alone, and semantic_alone_ns, the
// semantic checks alone on a tape loaded once (no other code between
// them: what they cost when their code and data stay in the caches).
// Cases: 0 the user-token example (two warnings), 1 its variant with the
// same work and no finding (as BM_UserTokenParts/1), 2 the seed response
// (no object for the semantic checks).
void BM_CheckPhases(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  namespace detail = tokenguard::detail;
  const Case& c = kCases[state.range(0) == 2 ? 0 : 1];
  std::string bytes = read(c.file);
  if (state.range(0) == 1) {
    json doc = json::parse(bytes);
    for (const char* spelling : {"request_ip", "request.ip"}) doc["condition"][spelling]["not_in"][0] = "123.123.123.128/25";
    bytes = doc.dump(2);
  }
  const tokenguard::Operation& op = operation(c);
  const tokenguard::Direction dir = c.status == 0 ? tokenguard::Direction::kRequest : tokenguard::Direction::kResponse;
  const detail::Program* program = detail::SchemaAccess::program(schema_of(c));
  const detail::QuickPlan* plan = program == nullptr ? nullptr : detail::quick_plan(*program, dir);
  if (plan == nullptr) {
    state.SkipWithError("the operation has no verdict-only plan");
    return;
  }
  const tokenguard::CheckOptions options;
  detail::QuickLimits limits;
  limits.max_body_depth = options.limits.max_depth;
  limits.max_eval_depth = tokenguard::ValidateOptions{}.max_depth;
  limits.max_work = options.max_work;
  detail::SemanticContext context;
  context.prune = true;
  context.softwareone_response = false;
  const simdjson::padded_string padded(bytes);
  simdjson::dom::parser parser;
  detail::TapeLease tape;
  // The phases, each a prefix of the check. (The plan's verdict on these
  // bodies is kClean or kSchemaClean: checked below.)
  detail::QuickVerdict verdict = detail::QuickVerdict::kUnknown;
  const auto load = [&] { benchmark::DoNotOptimize(tape->load(bytes, false)); };
  const auto load_plan = [&](detail::QuickSites& sites) {
    load();
    verdict = detail::quick_verdict(*plan, tape->raw(), limits, &sites);
  };
  // The semantic checks on the sites the plan kept, findings into a result
  // destroyed after them.
  const auto semantic_on = [&](const detail::SiteTape& site_tape) {
    tokenguard::CheckResult r;
    if (verdict == detail::QuickVerdict::kSchemaClean)
      benchmark::DoNotOptimize(detail::semantic_checks(detail::SiteView(&site_tape, 1), context, r.findings,
                                                       options.max_findings, options.max_work));
    benchmark::DoNotOptimize(r);
  };
  const auto plan_phase = [&] {
    detail::QuickSites sites;
    load_plan(sites);
    benchmark::DoNotOptimize(sites);
  };
  const auto semantic_phase = [&] {
    detail::QuickSites sites;
    load_plan(sites);
    semantic_on(detail::SiteTape(tape->raw(), sites));
  };
  const auto check = [&] { benchmark::DoNotOptimize(check_case(c, op, bytes)); };
  const auto simd = [&] { benchmark::DoNotOptimize(parser.parse(padded)); };
  semantic_phase();
  if (verdict != detail::QuickVerdict::kClean && verdict != detail::QuickVerdict::kSchemaClean) {
    state.SkipWithError("the plan does not decide this body");
    return;
  }
  // The semantic checks alone, on their own tape loaded once.
  detail::TapeDocument kept;
  detail::QuickSites kept_sites;
  if (!kept.load(bytes, false) || detail::quick_verdict(*plan, kept.raw(), limits, &kept_sites) != verdict) {
    state.SkipWithError("the kept tape gives another verdict");
    return;
  }
  const detail::SiteTape kept_tape(kept.raw(), kept_sites);
  const auto semantic_alone = [&] { semantic_on(kept_tape); };
  std::array<Clock::duration, 6> totals{};
  int turn = 0;
  for (auto _ : state) time_in_turn(turn, totals, simd, load, plan_phase, semantic_phase, check, semantic_alone);
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  const char* names[] = {"simdjson_ns", "load_ns", "plan_ns", "semantic_ns", "check_ns", "semantic_alone_ns"};
  for (std::size_t k = 0; k < totals.size(); ++k)
    state.counters[names[k]] = std::chrono::duration<double, std::nano>(totals[k]).count() / calls;
  state.counters["over_simdjson"] = static_cast<double>(totals[4].count()) / static_cast<double>(totals[0].count());
  state.counters["plan_over_simdjson"] = static_cast<double>(totals[2].count()) / static_cast<double>(totals[0].count());
  state.SetLabel(std::string(state.range(0) == 1 ? "user-token request, no finding" : c.label) + "; simdjson kernel " +
                 simdjson_kernel());
}
BENCHMARK(BM_CheckPhases)->DenseRange(0, 2);

// A floor under the user-token check: work that any check of this example
// has to do, done with nothing around it, beside simdjson's parse of the
// same bytes and the whole check, in batches timed in turn:
//   simdjson_ns:  simdjson's DOM parse alone
//   grammars_ns:  the parse, then the strings the schema's formats name
//                 read by tokenguard's grammars: the eight "cidr" entries
//                 of the two conditions and the two "date-time" values,
//                 handed over ready (no walk, no key matched, no DOM read)
//   floor_ns:     ... then the two conditions' coverage (each not_in entry
//                 against each in entry) and the two TG_CIDR_EXCLUDED
//                 warnings' pointers and messages written into strings
//                 kept from batch to batch, their four prefixes formatted
//   check_ns:     the whole check_request
// Each stage does less than the check does for the same part (the check
// also finds the strings, matches every key, walks the policy and its
// oneOf, sorts and sweeps the lists, orders the dates): floor_over_simdjson
// is a lower bound on what this example's check can cost, as a multiple of
// the parse.
void BM_UserTokenFloor(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const Case& c = kCases[1];
  const std::string bytes = read(c.file);
  const json doc = json::parse(bytes);
  // The strings, in the order the body gives them.
  std::vector<std::string> cidrs;
  const char* const spellings[] = {"request_ip", "request.ip"};
  for (const char* spelling : spellings)
    for (const char* list : {"in", "not_in"})
      for (const json& e : doc.at("condition").at(spelling).at(list)) cidrs.push_back(e.get<std::string>());
  const std::string dates[] = {doc.at("not_before").get<std::string>(), doc.at("expires_on").get<std::string>()};
  if (cidrs.size() != 8) {
    state.SkipWithError("the example no longer has eight CIDR entries");
    return;
  }
  const simdjson::padded_string padded(bytes);
  simdjson::dom::parser parser;
  const tokenguard::Operation& op = operation(c);
  std::array<tokenguard::Prefix, 8> parsed{};
  bool all_ok = true;
  const auto grammars = [&] {
    benchmark::DoNotOptimize(parser.parse(padded));
    for (std::size_t k = 0; k < cidrs.size(); ++k) {
      const auto r = tokenguard::parse_prefix(cidrs[k]);
      all_ok = all_ok && r.ok();
      if (r.ok()) parsed[k] = r.value();
    }
    for (const std::string& d : dates) all_ok = all_ok && tokenguard::is_date_time(d);
    benchmark::DoNotOptimize(parsed);
  };
  std::string pointers[2], messages[2];
  std::size_t warnings = 0;
  const auto floor = [&] {
    grammars();
    warnings = 0;
    for (std::size_t cond = 0; cond < 2; ++cond) {
      const tokenguard::Prefix* in = &parsed[cond * 4];
      const tokenguard::Prefix* not_in = in + 2;
      for (std::size_t n = 0; n < 2; ++n)
        for (std::size_t i = 0; i < 2; ++i) {
          if (!tokenguard::contains(not_in[n].masked(), in[i]) || warnings == 2) continue;
          std::string& ptr = pointers[warnings];
          ptr.assign("/condition/");
          ptr.append(spellings[cond]);
          ptr.append("/not_in/");
          ptr.push_back(static_cast<char>('0' + n));
          std::string& m = messages[warnings++];
          char buffer[tokenguard::kMaxPrefixText];
          m.assign("not_in entry ");
          m.push_back(static_cast<char>('0' + n));
          m.append(" (");
          m.append(tokenguard::format_prefix(not_in[n].masked(), buffer));
          m.append(") covers in entry ");
          m.push_back(static_cast<char>('0' + i));
          m.append(" (");
          m.append(tokenguard::format_prefix(in[i], buffer));
          m.append(") entirely, which then allows no address");
        }
    }
    benchmark::DoNotOptimize(pointers);
    benchmark::DoNotOptimize(messages);
  };
  const auto check = [&] { benchmark::DoNotOptimize(check_case(c, op, bytes)); };
  const auto simd = [&] { benchmark::DoNotOptimize(parser.parse(padded)); };
  floor();
  // The floor writes the check's own two findings' pointers and messages
  // (the check gives them in its walk's order, request.ip first).
  const tokenguard::CheckResult first = check_case(c, op, bytes);
  std::vector<std::pair<std::string, std::string>> theirs, ours;
  for (const tokenguard::Finding& f : first.findings) theirs.emplace_back(f.pointer, f.message);
  for (std::size_t k = 0; k < warnings; ++k) ours.emplace_back(pointers[k], messages[k]);
  std::sort(theirs.begin(), theirs.end());
  std::sort(ours.begin(), ours.end());
  if (!all_ok || ours != theirs) {
    state.SkipWithError("the floor does not do the check's work on this example");
    return;
  }
  std::array<Clock::duration, 4> totals{};
  int turn = 0;
  for (auto _ : state) time_in_turn(turn, totals, simd, grammars, floor, check);
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  const char* names[] = {"simdjson_ns", "grammars_ns", "floor_ns", "check_ns"};
  for (std::size_t k = 0; k < totals.size(); ++k)
    state.counters[names[k]] = std::chrono::duration<double, std::nano>(totals[k]).count() / calls;
  const auto over = [&](std::size_t k) { return static_cast<double>(totals[k].count()) / static_cast<double>(totals[0].count()); };
  state.counters["grammars_over_simdjson"] = over(1);
  state.counters["floor_over_simdjson"] = over(2);
  state.counters["over_simdjson"] = over(3);
  state.counters["warnings"] = static_cast<double>(warnings);
  state.SetLabel(std::string(c.label) + "; simdjson kernel " + simdjson_kernel());
}
BENCHMARK(BM_UserTokenFloor);

// SoftwareOne responses, which the gateway checks on every answer: the
// get response (one token) and the list response (its catalog examples).
// Each iteration times a batch of whole checks, a batch of checks without
// the verdict-only plan (the full path) and a batch of simdjson parses,
// rotating which goes first. Counters: check_ns, full_path_ns,
// simdjson_ns, over_simdjson, allocs_per_check.
void BM_SoftwareOneResponse(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const Case c = state.range(0) == 0
                     ? Case{"get response", "softwareone.accounts.api_tokens.get", 200,
                            "schemas/examples/catalog/softwareone.accounts.api_tokens.get/response.200.valid.json"}
                     : Case{"list response", "softwareone.accounts.api_tokens.list", 200,
                            "schemas/examples/catalog/softwareone.accounts.api_tokens.list/response.200.valid.json"};
  const tokenguard::Operation& op = operation(c);
  const std::string bytes = read(c.file);
  const simdjson::padded_string padded(bytes);
  simdjson::dom::parser parser;
  tokenguard::CheckOptions full;
  full.quick_plan = false;
  const auto check = [&] { benchmark::DoNotOptimize(check_case(c, op, bytes)); };
  const auto full_path = [&] { benchmark::DoNotOptimize(check_case(c, op, bytes, full)); };
  const auto simd = [&] { benchmark::DoNotOptimize(parser.parse(padded)); };
  if (!check_case(c, op, bytes).valid) state.SkipWithError("the example does not check valid");
  Clock::duration check_time{}, full_time{}, simd_time{};
  int turn = 0;
  for (auto _ : state) {
    time_rotating(turn, check_time, check, full_time, full_path, simd_time, simd);
  }
  // Allocations in steady state: after one check that follows the full
  // path's (which leaves this thread's scratch sized for itself).
  check();
  const std::uint64_t before = tokenguard::testing::allocation_count();
  for (int i = 0; i < 100; ++i) check();
  const std::uint64_t allocations = tokenguard::testing::allocation_count() - before;
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  const auto ns = [&](Clock::duration d) { return std::chrono::duration<double, std::nano>(d).count() / calls; };
  state.counters["check_ns"] = ns(check_time);
  state.counters["full_path_ns"] = ns(full_time);
  state.counters["simdjson_ns"] = ns(simd_time);
  state.counters["over_simdjson"] = static_cast<double>(check_time.count()) / static_cast<double>(simd_time.count());
  state.counters["allocs_per_check"] = static_cast<double>(allocations) / 100.0;
  state.counters["bytes"] = static_cast<double>(bytes.size());
  state.SetLabel(c.label);
}
BENCHMARK(BM_SoftwareOneResponse)->DenseRange(0, 1);

// A service_tokens.list response of N tokens (the catalog example's token,
// N times, ids made distinct): the check from bytes should cost the same
// per byte at every N. Counters: bytes, ns_per_byte (goal at most 3).
void BM_ServiceTokenList(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  json doc = json::parse(read("schemas/examples/catalog/cloudflare.access.service_tokens.list/response.200.valid.json"));
  const json token = doc["result"][0];
  doc["result"] = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    json t = token;
    char id[40];
    std::snprintf(id, sizeof id, "f174e90a-fafe-4643-bbbc-%012zx", i);
    t["id"] = id;
    t["name"] = "token " + std::to_string(i);
    doc["result"].push_back(std::move(t));
  }
  const std::string bytes = doc.dump();
  const auto& op = *tokenguard::Catalog::embedded()->find("cloudflare.access.service_tokens.list");
  const auto first = tokenguard::check_response(op, 200, bytes);
  if (!first.valid || !first.findings.empty()) state.SkipWithError("the list does not check clean");
  std::chrono::steady_clock::duration total{};
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = tokenguard::check_response(op, 200, bytes);
    total += std::chrono::steady_clock::now() - t0;
    benchmark::DoNotOptimize(r);
  }
  state.counters["bytes"] = static_cast<double>(bytes.size());
  state.counters["ns_per_byte"] = std::chrono::duration<double, std::nano>(total).count() /
                                  static_cast<double>(state.iterations()) / static_cast<double>(bytes.size());
}
BENCHMARK(BM_ServiceTokenList)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// Reference: valijson 1.0's own Validator on the same schema (the whole
// OpenAPI document, rooted at the operation's schema), formats on.
void BM_Valijson(benchmark::State& state) {
  const Case& c = kCases[state.range(0)];
  const std::string family = std::string(c.operation).find("user") != std::string::npos
                                 ? "schemas/cloudflare-user-tokens.openapi.json"
                                 : "schemas/cloudflare-access-service-tokens.openapi.json";
  const json doc = json::parse(read(family));
  const auto& op = operation(c);
  // The schema, with the components it refers to beside it.
  json root = c.status == 0 ? doc["paths"][op.path_template][std::string(c.status == 0 ? "put" : "put")]["requestBody"]["content"]["application/json"]["schema"]
                            : doc["paths"][op.path_template]["put"]["responses"][std::to_string(c.status)]["content"]["application/json"]["schema"];
  root["components"] = doc["components"];
  const json payload = json::parse(read(c.file));
  try {
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::NlohmannJsonAdapter schema_adapter(root);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(payload);
    for (auto _ : state) {
      bool ok = validator.validate(schema, target, nullptr);
      benchmark::DoNotOptimize(ok);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_Valijson)->DenseRange(0, 1)->Unit(benchmark::kMicrosecond);

// Loading the whole embedded catalog: parse 3 documents, compile every
// operation's schemas. Memory: bytes requested from operator new per load.
void BM_CatalogLoad(benchmark::State& state) {
  std::uint64_t bytes = 0;
  std::uint64_t loads = 0;
  for (auto _ : state) {
    const std::uint64_t before = tokenguard::testing::allocated_bytes();
    auto c = tokenguard::detail::load_embedded_catalog();
    bytes += tokenguard::testing::allocated_bytes() - before;
    ++loads;
    benchmark::DoNotOptimize(c);
  }
  state.counters["alloc_MiB_per_load"] = static_cast<double>(bytes) / static_cast<double>(loads) / (1 << 20);
}
BENCHMARK(BM_CatalogLoad)->Unit(benchmark::kMillisecond);

}  // namespace
