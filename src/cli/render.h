// The tokenguard tool's one renderer of check results, used by every
// command: a table for people, or JSON (one object, or one NDJSON line per
// record), whose shape schemas/cli-output.schema.json states.
//
//   print_result(r, "cloudflare.user.tokens.get response", as_json, stdout);
//   json j = result_json(r);   // {"valid", "operation", "findings", "notes"}
#ifndef TOKENGUARD_CLI_RENDER_H_
#define TOKENGUARD_CLI_RENDER_H_

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "tokenguard/check.h"

namespace tokenguard::cli {

// {"severity", "location", "pointer", "keyword", "code", "message"}
[[nodiscard]] nlohmann::json finding_json(const Finding& f);
// Every finding of a result, in order.
[[nodiscard]] nlohmann::json findings_json(const CheckResult& r);
// {"valid", "operation", "findings", "notes"}
[[nodiscard]] nlohmann::json result_json(const CheckResult& r);
// One JSON value on one line (invalid UTF-8 replaced).
void print_json_line(const nlohmann::json& j, std::FILE* out);

// A result as a table ("valid  WHAT" or "invalid  WHAT: N errors, M
// warnings", a row per finding, a row per note), or as result_json.
void print_result(const CheckResult& r, const std::string& what, bool as_json, std::FILE* out);

// The finding rows alone, each prefixed by `what` (a batch's request or
// response), for the batch commands' tables.
void print_finding_rows(std::FILE* out, const char* what, const CheckResult& r);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_RENDER_H_
