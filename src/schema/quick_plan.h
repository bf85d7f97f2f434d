// Internal: a verdict-only plan, compiled from a schema's program, that
// decides on simdjson's raw tape (before the tape is indexed) whether the
// whole check of a body would find nothing.
//
//   const QuickPlan* plan = quick_plan(program, Direction::kResponse);
//   if (plan != nullptr && quick_holds(*plan, tape.raw(), limits)) return;  // clean
//   ...index the tape and check it in full...
//
// It answers "clean" or "unknown", never "invalid": anything it does not
// decide itself (a key no property names, a repeated key, a finding of any
// kind, a keyword it does not cover, a value near a limit) is "unknown",
// and the full path (json_tape.h, then the evaluator and the semantic
// checks) decides and reports. "Clean" is only said where the full path
// would say it too: every key is one of its object's declared properties,
// byte for byte (so no two keys repeat or fold together, and no member is
// undeclared), no key is one the semantic checks read, no read-only or
// write-only property is present against its direction, and each value
// meets every schema the evaluator would apply to it, with the same
// grammars and patterns. The differential tests and fuzzers hold the two
// paths to the same verdicts.
//
// A plan node stands for the schemas the evaluator applies to one value:
// $ref chains followed, allOf branches merged (their properties and
// required names united, each value checked against every branch's
// schema). Schemas the plan does not cover become nodes that answer
// "unknown" for any value, so an optional member with such a schema costs
// nothing until a body carries it. Recursive schemas end in such a node,
// so every plan is acyclic and its walk's depth is bounded by the plan.
#ifndef TOKENGUARD_SRC_SCHEMA_QUICK_PLAN_H_
#define TOKENGUARD_SRC_SCHEMA_QUICK_PLAN_H_

#include <cstddef>
#include <cstdint>

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

// True: the full check of the body on `tape` would find nothing. False:
// unknown. Allocates nothing, never throws.
[[nodiscard]] bool quick_holds(const QuickPlan& plan, RawTape tape, const QuickLimits& limits) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_QUICK_PLAN_H_
