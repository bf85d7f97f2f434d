// tokenguard/json_input.h: turning untrusted bytes into JSON, with limits.
//
//   tokenguard::ParsedJson p = tokenguard::parse_json(body);
//   if (!p.ok) reject(p.error);            // a Finding with its own code
//   else use(p.value);
//
// Before any schema runs, a body must pass: a size limit, a nesting-depth
// limit, no duplicate object keys (two parsers that read a duplicated key
// differently are a known way past a gateway), optionally no keys of one
// object that differ only by case (Go's encoding/json reads "duration" and
// "DURATION" as one field, and the last wins), well-formed UTF-8 (checked by
// nlohmann's lexer), no byte order mark, no byte but JSON white space after
// the document (a NUL included), and only finite numbers. Each limit is an
// option and each failure has its own code. The parser is iterative and
// stops at the first problem, so time and memory are bounded by the size
// limit. Error messages never quote the input.
#ifndef TOKENGUARD_JSON_INPUT_H_
#define TOKENGUARD_JSON_INPUT_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "tokenguard/finding.h"

namespace tokenguard {

struct InputLimits {
  std::size_t max_bytes = 1 << 20;   // TG_BODY_TOO_LARGE past this
  std::size_t max_depth = 64;        // TG_JSON_TOO_DEEP past this many nested arrays/objects
  bool reject_duplicate_keys = true; // TG_JSON_DUPLICATE_KEY
  // Keys of one object equal under Go's case folding (finding.h).
  CaseVariantKeys case_variant_keys = CaseVariantKeys::kAllow;
  std::size_t max_warnings = 100;    // warnings kept at most
};

struct ParsedJson {
  bool ok = false;
  nlohmann::json value;
  Finding error;                  // when !ok
  std::vector<Finding> warnings;  // case-variant keys under kWarning
};

// Codes: TG_BODY_TOO_LARGE, TG_BODY_EMPTY, TG_JSON_BOM, TG_JSON_TOO_DEEP,
// TG_JSON_DUPLICATE_KEY, TG_JSON_KEY_CASE_VARIANT, TG_JSON_INVALID_UTF8,
// TG_JSON_NUMBER_RANGE, TG_JSON_SYNTAX.
[[nodiscard]] ParsedJson parse_json(std::string_view bytes, const InputLimits& limits = {});

}  // namespace tokenguard

#endif  // TOKENGUARD_JSON_INPUT_H_
