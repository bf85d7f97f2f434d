// tokenguard/schema.h: JSON Schema (draft 4, 6, 7, 2019-09, 2020-12) and
// OpenAPI 3.0 and 3.1 schemas, compiled once into a compact program and
// evaluated directly on nlohmann::json.
//
//   nlohmann::json doc = nlohmann::json::parse(schema_text);
//   tokenguard::Schema schema = tokenguard::Schema::compile(doc);
//   if (!schema.ok()) { log(schema.error()); }
//
//   tokenguard::ValidationResult r = tokenguard::validate(schema, instance);
//   if (!r.valid) for (const auto& f : r.findings) report(f.pointer, f.message);
//
// A compiled Schema is immutable: copies share it, and any number of threads
// may validate against it at once. Compiling never throws (errors come back
// through ok()/error()); validating never throws and keeps its scratch state
// per call. Evaluation is bounded: schema recursion (e.g. {"$ref": "#"})
// stops at ValidateOptions::max_depth with a finding instead of a crash.
//
// The dialect comes from SchemaOptions::dialect, else the document's
// $schema (or "openapi"), else 2020-12. References to other documents
// ($ref to a URI, $id bases, anchors, $dynamicRef) are resolved through
// SchemaOptions::loader; nothing is fetched from the network.
//
// Formats: JSON Schema's and OpenAPI's (date-time, duration, email,
// hostname, idn-hostname, uri, iri, uri-template, json-pointer, regex,
// int32, int64, byte, ...) and tokenguard's own cidr,
// cloudflare-identifier, go-duration and go-duration-or-forever, all by
// tokenguard's grammars; they assert unless a 2019-09/2020-12 $schema makes
// them annotations (SchemaOptions::formats). A format tokenguard does not
// know is listed by unknown_formats() and diagnostics(). `pattern` and
// `patternProperties` keep ECMA-262's meaning on RE2, or PCRE2 under a match
// limit for what RE2 refuses (never the standard library regex); a pattern
// neither compiles is a diagnostic and, where it applies, a
// TG_PATTERN_UNCHECKED warning.
//
// OpenAPI 3.0 (Dialect::kOpenApi30, or a document with an "openapi" key):
// `nullable`, `readOnly`/`writeOnly` by direction (a readOnly property in a
// request is a warning, and `required` on it applies to responses only;
// writeOnly is the mirror image), and allOf composition: a branch with
// `additionalProperties: false` also admits the properties the other branches
// declare (upstream SoftwareOne schemas rely on this), see SchemaOptions.
#ifndef TOKENGUARD_SCHEMA_H_
#define TOKENGUARD_SCHEMA_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tokenguard/finding.h"

namespace tokenguard {

// kAuto: from the document's $schema (or "openapi"), else draft 2020-12.
enum class Dialect { kAuto, kDraft4, kDraft6, kDraft7, kOpenApi30, kDraft2019, kDraft2020, kOpenApi31 };

// Supplies a document by its absolute URI (without fragment), for $refs to
// other documents: its text (JSON), or nullopt when there is none. Nothing
// is ever fetched from the network: without a loader, a reference to a
// document not given is a compile error naming it.
using DocumentLoader = std::function<std::optional<std::string>(const std::string& uri)>;

// Which way the checked document travels (OpenAPI readOnly/writeOnly).
enum class Direction { kAny, kRequest, kResponse };

struct SchemaOptions {
  Dialect dialect = Dialect::kAuto;
  // OpenAPI only: additionalProperties:false inside an allOf branch admits
  // every property declared by the allOf's other branches.
  bool merge_allof_properties = true;
  // The document's own URI, the base for its relative references and $id
  // (empty: none, so relative references resolve against each other).
  std::string base_uri;
  // Other documents, by URI (see DocumentLoader).
  DocumentLoader loader;
  // Whether `format` asserts (a value of a known format that does not
  // conform is TG_FORMAT) or only annotates. kDefault: asserts, except in
  // a schema that declares 2019-09 or 2020-12 (by $schema or
  // SchemaOptions::dialect), whose specifications make format an annotation
  // unless asked otherwise. OpenAPI documents assert.
  enum class Formats { kDefault, kAssert, kAnnotate };
  Formats formats = Formats::kDefault;
  // PCRE2's backtracking budget for one search of a pattern RE2 refuses
  // (lookaround, backreferences); a search that runs out of it is a
  // TG_PATTERN_LIMIT error.
  std::uint32_t pattern_match_limit = 1'000'000;
};

// Something a schema asks for that tokenguard accepts but does not check as
// written: a pattern neither RE2 nor PCRE2 compiles (it is then reported as
// a TG_PATTERN_UNCHECKED warning wherever it applies), or a format
// tokenguard does not know (an annotation). The schema still compiles.
struct SchemaDiagnostic {
  std::string location;  // "<document URI>#<JSON pointer to the keyword>"
  std::string keyword;   // "pattern", "patternProperties", "format"
  std::string message;
};

namespace detail {
struct Program;
struct SchemaAccess;
struct Deferred;
}

class Schema {
 public:
  Schema() = default;
  // Compiles the schema found at `pointer` (RFC 6901) in `document`. The
  // whole document is kept, for $ref ("#/components/schemas/X").
  [[nodiscard]] static Schema compile(const nlohmann::json& document, std::string_view pointer = "",
                                      const SchemaOptions& options = {});
  // The same, sharing one document among many schemas (an OpenAPI document's
  // operations) instead of copying it into each.
  [[nodiscard]] static Schema compile(std::shared_ptr<const nlohmann::json> document,
                                      std::string_view pointer = "", const SchemaOptions& options = {});

  [[nodiscard]] bool ok() const noexcept { return program() != nullptr; }
  [[nodiscard]] const std::string& error() const noexcept;
  // A schema from a lazily loaded catalog compiles on first use (any of
  // these calls, or a validation), once, whichever thread gets there.
  [[nodiscard]] bool compiled() const noexcept;
  // Formats the schema uses that tokenguard does not check (accepted).
  [[nodiscard]] const std::vector<std::string>& unknown_formats() const noexcept;
  // What the schema asks for that is not checked as written (see
  // SchemaDiagnostic), in schema order.
  [[nodiscard]] const std::vector<SchemaDiagnostic>& diagnostics() const noexcept;
  [[nodiscard]] Dialect dialect() const noexcept;

 private:
  friend struct detail::SchemaAccess;
  // The compiled program (internal; see src/schema/program.h).
  [[nodiscard]] const detail::Program* program() const noexcept {
    return deferred_ ? resolve() : program_.get();
  }
  const detail::Program* resolve() const noexcept;
  std::shared_ptr<const detail::Program> program_;
  std::shared_ptr<detail::Deferred> deferred_;  // compiled on first use
  std::string error_;
};

struct ValidateOptions {
  Direction direction = Direction::kAny;
  bool fail_fast = false;          // stop at the first error
  std::size_t max_findings = 100;  // at most this many findings are kept
  int max_depth = 256;             // schema evaluation depth bound
  // Evaluation steps (a schema applied to a value, an item compared for
  // uniqueItems) before evaluation stops with a TG_WORK_LIMIT error: bounds
  // what any document can cost against any schema. Combinator branches are
  // memoised once a document takes many steps, so deeply nested anyOf/oneOf
  // chains stay linear.
  std::size_t max_work = 4'000'000;
  // A key that equals a property its object's schema declares only under
  // Go's case folding ("Name" where "name" is declared; see finding.h).
  CaseVariantKeys case_variant_keys = CaseVariantKeys::kAllow;
  // How a member that additionalProperties: false refuses counts: an error
  // by JSON Schema; a warning for an upstream that ignores such members
  // (SoftwareOne's ASP.NET services, see CheckOptions::strict).
  Severity undeclared_members = Severity::kError;
};

struct ValidationResult {
  bool valid = true;  // no error, whether or not max_findings let it be listed
  std::vector<Finding> findings;
  std::size_t work = 0;  // evaluation steps taken
  bool capped = false;   // findings were dropped because max_findings was reached
};

[[nodiscard]] ValidationResult validate(const Schema& schema, const nlohmann::json& instance,
                                        const ValidateOptions& options = {});

// Only the verdict, with no findings kept (the fastest form).
[[nodiscard]] bool is_valid(const Schema& schema, const nlohmann::json& instance,
                            const ValidateOptions& options = {});

}  // namespace tokenguard

#endif  // TOKENGUARD_SCHEMA_H_
