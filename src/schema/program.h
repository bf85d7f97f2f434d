// Internal: the compiled form of a schema. One Node per schema object,
// referring to each other by index; a $ref is an index too, so cycles cost
// nothing at compile time and are bounded at run time.
#ifndef TOKENGUARD_SRC_SCHEMA_PROGRAM_H_
#define TOKENGUARD_SRC_SCHEMA_PROGRAM_H_


#include <cstdint>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "schema/formats.h"
#include "schema/patterns.h"
#include "schema/value_view.h"
#include "tokenguard/schema.h"

namespace tokenguard::detail {

enum TypeBit : std::uint8_t {
  kNull = 1,
  kBoolean = 2,
  kObject = 4,
  kArray = 8,
  kNumber = 16,
  kString = 32,
  kInteger = 64,
};

inline constexpr int kNoNode = -1;

// Which groups of checks a node has, so evaluation skips the rest at once.
enum CheckBit : std::uint32_t {
  kHasType = 1u << 0,      // types or nullable
  kHasValue = 1u << 1,     // enum or const
  kHasString = 1u << 2,    // minLength, maxLength, pattern, format
  kHasNumber = 1u << 3,    // minimum, maximum, exclusive*, multipleOf
  kHasArray = 1u << 4,     // items, additionalItems, min/maxItems, uniqueItems, contains
  kHasObject = 1u << 5,    // properties, required, additionalProperties, ...
  kHasCombinator = 1u << 6,  // allOf, anyOf, oneOf, not, if
  kHasObjectBounds = 1u << 7,   // minProperties, maxProperties
  kHasDependencies = 1u << 8,   // dependencies
  kHasArrayBounds = 1u << 9,    // minItems, maxItems, uniqueItems
  kHasInPlace = 1u << 10,       // 2019-09+: $ref, $dynamicRef, $recursiveRef beside other keywords
  kHasUnevaluated = 1u << 11,   // unevaluatedProperties, unevaluatedItems
};

// Fields are laid out by how often evaluation reads them: what every node
// needs first (one cache line), then what objects and strings need, then
// the rest. After a parse has pushed the program out of L1, each node costs
// one or two cache lines instead of up to eleven.
struct Node {
  // --- read for every node ---
  std::uint32_t checks = 0;   // CheckBit mask, set by the compiler
  int ref = kNoNode;          // $ref: evaluation goes there (siblings ignored, draft <= 7)
  bool always_true = false;   // the schema `true`, `{}`, or one that checks nothing
  bool always_false = false;  // the schema `false`
  std::uint8_t types = 0;     // TypeBit mask; 0 = any
  bool nullable = false;      // OpenAPI: null allowed besides `types`
  // readOnly/writeOnly as seen through $ref chains (set by the compiler)
  bool effective_read_only = false;
  bool effective_write_only = false;
  // whether checking an object must walk its members (additionalProperties,
  // patternProperties or propertyNames), not only look up `properties`
  bool scan_members = false;
  // a plain string schema (type string, string checks only, no $ref):
  // objects and arrays check such a child inline when the value is a string
  bool string_leaf = false;
  const FormatRule* format = nullptr;  // an asserted format (null: none, or annotation only)
  int pattern = -1;  // index into Program::patterns
  int items = kNoNode;  // one schema for every item
  std::optional<std::size_t> min_length, max_length;
  // --- objects ---
  std::vector<std::pair<std::string, int>> properties;  // sorted by name
  std::vector<bool> property_required;                  // aligned with `properties`
  std::vector<std::string> required_undeclared;         // required, not in `properties`
  // (case-folded hash of a property's name, its index in `properties`),
  // sorted: finds the property a key names under Go's case folding
  std::vector<std::pair<std::uint64_t, int>> property_folds;
  // A bit per property name (ascii_fold_filter_bit: its length, first and
  // last byte without case), and whether every name is ASCII: an ASCII key
  // whose bit is clear cannot fold onto one (the common case, decided
  // without hashing).
  std::uint64_t fold_filter = 0;
  bool folds_ascii = true;
  // Every name is ASCII without an upper-case letter: a key of that kind
  // too (TapeView knows it of a whole object) folds onto one only by being
  // it, so such an object's keys need no fold check.
  bool folds_lower = true;
  // --- arrays, combinators ---
  std::vector<int> items_array;    // tuple form
  // `items` given as an array (up to 2019-09) or prefixItems: a tuple,
  // past which additional_items applies, even to every item when it is
  // empty (items_array alone cannot tell [] from no tuple)
  bool items_tuple = false;
  std::vector<int> all_of, any_of, one_of;
  int additional_items = kNoNode;  // after the tuple
  int contains = kNoNode;
  int not_ = kNoNode, if_ = kNoNode, then_ = kNoNode, else_ = kNoNode;
  int additional_properties = kNoNode;
  int property_names = kNoNode;
  bool unique_items = false;
  bool read_only = false;
  bool write_only = false;
  // --- read only when a CheckBit says so ---
  std::optional<std::size_t> min_items, max_items;
  std::optional<std::size_t> min_properties, max_properties;
  std::vector<std::pair<int, int>> pattern_properties;  // pattern index, node
  std::vector<std::string> required;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependencies_required;
  std::vector<std::pair<std::string, int>> dependencies_schema;
  // property names every allOf branch may carry (OpenAPI allOf composition)
  std::vector<std::string> allof_known;
  // bounds as the schema wrote them, compared exactly (number_order.h)
  std::optional<NumberValue> minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<double> multiple_of;
  std::optional<nlohmann::json> enum_values;  // an array
  std::optional<nlohmann::json> const_value;
  std::string format_name;
  // --- 2019-09 and later ---
  int ref_in_place = kNoNode;       // $ref evaluated beside the other keywords
  int dynamic_ref = kNoNode;        // $dynamicRef / $recursiveRef: the statically resolved target
  std::string dynamic_name;         // $dynamicRef's anchor name when it resolves dynamically
  bool recursive_ref = false;       // $recursiveRef whose target has $recursiveAnchor
  int resource = -1;                // index into Program::resources when this schema starts one
  std::optional<std::size_t> min_contains, max_contains;
  int unevaluated_properties = kNoNode;
  int unevaluated_items = kNoNode;
  bool contains_annotates = false;  // 2020-12: contains marks items evaluated
};

// A schema resource ($id, or a document root), for dynamic references.
struct Resource {
  std::string uri;
  std::vector<std::pair<std::string, int>> dynamic_anchors;  // name -> node
  int recursive_anchor = kNoNode;                            // 2019-09: the resource's root, if it has one
};

class DocumentSet;
struct QuickPlan;

// A program's verdict-only plan for one direction (quick_plan.h), built on
// first use.
struct QuickPlanSlot {
  std::once_flag once;
  std::atomic<bool> ready{false};
  std::shared_ptr<const QuickPlan> plan;
};

struct Program {
  std::shared_ptr<const nlohmann::json> document;  // the document compiled from (kept alive)
  std::shared_ptr<DocumentSet> documents;          // every document its references reach
  std::vector<Node> nodes;
  std::vector<Pattern> patterns;  // a pattern that did not compile is kept, unchecked
  std::vector<Resource> resources;
  std::vector<std::string> unknown_formats;
  std::vector<SchemaDiagnostic> diagnostics;
  Dialect dialect = Dialect::kDraft7;
  bool openapi = false;
  // The dialect was asked for ($schema or SchemaOptions::dialect) rather
  // than assumed: only then do 2019-09/2020-12 make format an annotation.
  bool dialect_declared = false;
  bool uses_dynamic_scope = false;  // $dynamicRef or $recursiveRef somewhere
  int root = 0;
  mutable QuickPlanSlot quick_plans[3];  // by Direction
};

// Builds a Schema around a compiled program (for the catalog's loader).
struct SchemaAccess {
  static Schema make(std::shared_ptr<const Program> program, std::string error = {});
  // The schema's compiled program (compiled now if it is deferred).
  static const Program* program(const Schema& schema) noexcept { return schema.program(); }
  // A schema that `compile` builds on its first use (thread-safe, once).
  static Schema deferred(std::function<Schema()> compile);
};

struct Deferred {
  std::once_flag once;
  std::function<Schema()> compile;
  std::shared_ptr<const Program> program;
  std::string error;
  std::atomic<bool> done{false};
};

// The JSON types a schema admits at its root, through $ref chains and
// (when the root names none) the union of its allOf/anyOf/oneOf branches:
// a TypeBit mask, 0 when any type goes. For reading a parameter's text.
[[nodiscard]] std::uint8_t root_types(const Schema& schema);

// Compiles the schema at `pointer` of a document already in `documents`.
[[nodiscard]] Schema compile_in(std::shared_ptr<DocumentSet> documents, const std::string& document_uri,
                                const std::string& pointer, const SchemaOptions& options);

// Finds a property's node in a sorted properties list, or kNoNode.
[[nodiscard]] int find_property(const Node& node, std::string_view name) noexcept;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_PROGRAM_H_
