// Counts work in instructions rather than time, for a machine whose speed
// drifts: run under callgrind (bench/instructions.sh) once per MODE, each
// doing the same 2000 iterations after the same catalog load, and subtract.
//   0: nlohmann json::parse            1: tokenguard's hardened parse_json
//   2: parse_json + is_valid           3: nothing (the fixed cost)
//   4: is_valid on an already parsed document
//   5: the whole check from bytes (check_request / check_response)
//   6: simdjson's DOM parse alone (a reused parser)
//   7: the whole check from bytes without the verdict-only plan
//   8: the whole check from bytes into one result, filled in place
//   9: prints the simdjson kernel the process runs (callgrind cannot run
//      AVX-512, so under it simdjson runs its haswell kernel even where
//      the host runs icelake), and nothing else
#include <cstdio>
#include <cstdlib>
#include <simdjson.h>
#include <fstream>
#include <sstream>

#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"
#include "tokenguard/schema.h"

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  const int mode = std::atoi(argv[1]);
  if (mode == 9) {
    std::printf("%s\n", std::string(simdjson::get_active_implementation()->name()).c_str());
    return 0;
  }
  const std::string operation = argv[2];
  const int status = std::atoi(argv[3]);
  std::ifstream in(argv[4], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  const auto catalog = tokenguard::Catalog::embedded();
  const auto& op = *catalog->find(operation);
  const auto& schema = status == 0 ? *op.request_body : op.responses.at(std::to_string(status));
  tokenguard::ValidateOptions o;  // as the checks (and BM_ValidateOnly) validate
  o.direction = status == 0 ? tokenguard::Direction::kRequest : tokenguard::Direction::kResponse;
  o.case_variant_keys = status == 0 ? tokenguard::CaseVariantKeys::kReject : tokenguard::CaseVariantKeys::kWarning;
  const nlohmann::json parsed = nlohmann::json::parse(bytes);
  const simdjson::padded_string padded(bytes);
  simdjson::dom::parser simd;
  long sink = 0;
  tokenguard::CheckResult reused;
  // The check of the body: into a new result, or into `into...` (one kept
  // result) when given.
  const auto check = [&](const tokenguard::CheckOptions& options, auto&... into) {
    tokenguard::HttpRequest request;
    request.body = bytes;
    return status == 0 ? tokenguard::check_request(op, request, options, into...)
                       : tokenguard::check_response(op, status, bytes, options, into...);
  };
  for (int i = 0; i < (mode == 3 ? 0 : 2000); ++i) {
    if (mode == 0) sink += static_cast<long>(nlohmann::json::parse(bytes).size());
    if (mode == 1) sink += static_cast<long>(tokenguard::parse_json(bytes).value.size());
    if (mode == 2) {
      const auto p = tokenguard::parse_json(bytes);
      sink += tokenguard::is_valid(schema, p.value, o) ? 1 : 0;
    }
    if (mode == 4) sink += tokenguard::is_valid(schema, parsed, o) ? 1 : 0;
    if (mode == 6) sink += simd.parse(padded).error() == simdjson::SUCCESS ? 1 : 0;
    if (mode == 5 || mode == 7) {
      tokenguard::CheckOptions options;
      options.quick_plan = mode == 5;
      sink += check(options).valid ? 1 : 0;
    }
    if (mode == 8) {
      check({}, reused);
      sink += reused.valid ? 1 : 0;
    }
  }
  return sink == -1 ? 1 : 0;
}
