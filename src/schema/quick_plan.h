// Internal: a verdict-only plan, compiled from a schema's program, that
// decides on simdjson's raw tape (before the tape is indexed) whether the
// whole check of a body would find nothing.
//
//   const QuickPlan* plan = quick_plan(program, Direction::kResponse);
//   const QuickVerdict v = plan != nullptr ? quick_verdict(*plan, tape.raw(), limits)
//                                          : QuickVerdict::kUnknown;
//   if (v == QuickVerdict::kClean) return;  // nothing to report
//   ...index the tape; kSchemaClean: run the semantic checks only;
//   kUnknown: check it in full...
//
// It answers "clean" or "unknown", never "invalid": anything it does not
// decide itself (a key no property names, a repeated key, a finding of any
// kind, a keyword it does not cover, a value near a limit) is "unknown",
// and the full path (json_tape.h, then the evaluator and the semantic
// checks) decides and reports. "Clean" is only said where the full path
// would say it too: every key is one of its object's declared properties,
// byte for byte (so no two keys repeat or fold together, and no member is
// undeclared) or, under additionalProperties, a key of ASCII without an
// upper-case letter that no other key of the object repeats; no key is one
// the semantic checks would report on (or the verdict is kSchemaClean:
// the schema and the tape's index find nothing, the semantic checks must
// still run); no read-only or
// write-only property is present against its direction, and each value
// meets every schema the evaluator would apply to it, with the same
// grammars and patterns. The differential tests and fuzzers hold the two
// paths to the same verdicts.
//
// A plan node stands for the schemas the evaluator applies to one value:
// $ref chains followed, allOf branches merged (their properties and
// required names united, each value checked against every branch's
// schema). A oneOf holds where exactly one branch's plan says clean and
// every other branch surely fails (its type refuses the value, or a
// member's value one level down); oneOf inside a branch is not covered, so
// a value is walked by at most one oneOf's branches. Schemas the plan does
// not cover become nodes that answer
// "unknown" for any value, so an optional member with such a schema costs
// nothing until a body carries it. Recursive schemas end in such a node,
// so every plan is acyclic and its walk's depth is bounded by the plan.
#ifndef TOKENGUARD_SRC_SCHEMA_QUICK_PLAN_H_
#define TOKENGUARD_SRC_SCHEMA_QUICK_PLAN_H_

#include <cstddef>
#include <cstdint>

#include "tokenguard/cidr.h"
#include "tokenguard/schema.h"

namespace tokenguard::detail {

struct Program;
struct QuickPlan;

// simdjson's tape as parsed, not yet indexed (see json_tape.h).
struct RawTape {
  const std::uint64_t* words = nullptr;
  const std::uint8_t* strings = nullptr;
};

// What the full path would bound: the body's nesting (InputLimits), the
// evaluator's depth and work (ValidateOptions), and the semantic checks'
// share of the work. A body or plan near any of them is "unknown".
struct QuickLimits {
  std::size_t max_body_depth = 0;
  int max_eval_depth = 0;
  std::size_t max_work = 0;
};

// The plan for the program's root in a direction, built on first use
// (thread-safe, once per program and direction); nullptr when it would
// decide nothing.
[[nodiscard]] const QuickPlan* quick_plan(const Program& program, Direction direction);

enum class QuickVerdict {
  kUnknown,      // the full path decides
  kClean,        // the full check would find nothing
  kSchemaClean,  // the schema and the tape's index would find nothing; the
                 // semantic checks read members here and must run
};

// Where a kSchemaClean verdict found members the semantic checks must
// read: the tape index of each object's '{', each once (see site_view.h).
struct QuickSites {
  static constexpr std::size_t kMax = 8;
  std::uint32_t at[kMax];  // (the first `count` written)
  std::size_t count = 0;
  bool overflow = false;  // more than kMax: the tape must be indexed

  // The members of each site the semantic checks read (semantic_keys.h),
  // as the walk met them: bit k of `found` set when the member of
  // SemanticKey k has its key at tape index key_at[k] (a later member of
  // the same key overwrites, as a reader of the members in order finds
  // it). The checks then need not look for them again.
  static constexpr std::size_t kSemanticKeys = 7;
  struct SiteMembers {
    std::uint32_t key_at[kSemanticKeys];  // (only the found ones written)
    std::uint8_t found;
  };
  union {
    SiteMembers members[kMax];  // by site, as `at`
  };

  // The CIDR prefixes the plan's "cidr" format check parsed, by the tape
  // index of their string, in tape order (the first kMaxPrefixes): the
  // semantic checks read these strings again and take the parse from here.
  struct ParsedPrefix {
    std::uint32_t at;
    Prefix prefix;
  };
  static constexpr std::size_t kMaxPrefixes = 16;
  union {
    ParsedPrefix prefixes[kMaxPrefixes];  // (the first `prefix_count` written)
  };
  std::size_t prefix_count = 0;
  QuickSites() noexcept {}  // (the arrays are written before they are read: none is filled here)
  // Keeps the parse of the string at `at` (the walk goes in tape order; a
  // string a oneOf's branches walk again is kept once).
  void remember(std::uint32_t string_at, const Prefix& prefix) noexcept {
    if (prefix_count == kMaxPrefixes || (prefix_count != 0 && prefixes[prefix_count - 1].at >= string_at)) return;
    prefixes[prefix_count].at = string_at;
    prefixes[prefix_count].prefix = prefix;
    ++prefix_count;
  }
};

// The plan's verdict on the body on `tape`; `sites`, when given, receives
// the objects behind a kSchemaClean. Allocates nothing, never throws.
[[nodiscard]] QuickVerdict quick_verdict(const QuickPlan& plan, RawTape tape, const QuickLimits& limits,
                                         QuickSites* sites = nullptr) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_QUICK_PLAN_H_
