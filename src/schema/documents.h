// Internal: the documents a schema may refer to, indexed by URI.
//
// Every document is indexed once when added: each schema resource (a schema
// with $id, or the document itself) by its absolute URI, each $anchor and
// $dynamicAnchor (and draft 6/7's "$id": "#name", draft 4's "id") by
// resource URI + "#" + name. A reference is resolved against the base URI
// in effect where it appears, then looked up here; a document that is not
// here yet is asked of the loader (the caller's resolver hook; nothing is
// ever fetched from the network). Thread-safe: compiles on several threads
// may add documents at once.
#ifndef TOKENGUARD_SRC_SCHEMA_DOCUMENTS_H_
#define TOKENGUARD_SRC_SCHEMA_DOCUMENTS_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenguard/schema.h"

namespace tokenguard::detail {

struct Document {
  std::string uri;  // absolute, without fragment
  std::shared_ptr<const nlohmann::json> root;
  Dialect dialect = Dialect::kDraft7;  // of schemas without a $schema of their own
  bool openapi = false;                // an OpenAPI document (schemas live under it)
};

// A place in a document.
struct Location {
  const Document* document = nullptr;
  std::string pointer;  // RFC 6901
  std::string base;     // the base URI in effect where the schema is met (before its own $id)
  Dialect dialect = Dialect::kDraft7;
};

// Where a dynamic anchor is: its resource's URI and the schema's location.
struct AnchorInfo {
  Location location;
  bool dynamic = false;  // $dynamicAnchor
};

class DocumentSet {
 public:
  explicit DocumentSet(DocumentLoader loader = {}) : loader_(std::move(loader)) {}

  // Adds a document under `uri` (where it was found; may be empty) and
  // indexes it. Returns it, or the one already added under that URI.
  const Document* add(std::string uri, std::shared_ptr<const nlohmann::json> root, Dialect dialect, bool openapi);

  // The document added under `uri`, or nullptr.
  [[nodiscard]] const Document* find(std::string_view uri) const;

  // The location an absolute URI (with a fragment: a JSON Pointer or an
  // anchor name) names, asking the loader for an unknown document; nullopt
  // when nothing has that URI. `error` says why.
  // A document the loader supplies (JSON or YAML text) without a $schema
  // takes `referrer`'s dialect; `openapi_object`: it is first met as an
  // OpenAPI object (a path item, a response), so its schemas are found
  // where OpenAPI puts them.
  std::optional<Location> locate(const std::string& absolute_uri, std::string& error,
                                 Dialect referrer = Dialect::kDraft2020, bool openapi_object = false);

  // The dynamic anchor `name` of the resource whose root is at `resource`
  // (its URI), if it has one.
  std::optional<Location> dynamic_anchor(const std::string& resource_uri, std::string_view name) const;

  // Whether the resource at `resource_uri` has "$recursiveAnchor": true.
  [[nodiscard]] bool recursive_anchor(const std::string& resource_uri) const;

  // The base URI and dialect in effect at `pointer` of `document`.
  [[nodiscard]] Location location_of(const Document& document, const std::string& pointer) const;

  // The dialect a $schema value names (kAuto when it names none known).
  [[nodiscard]] static Dialect dialect_of_schema_uri(std::string_view uri);

 private:
  void index(const Document& d);
  void index_schema(const Document& d, const nlohmann::json& s, std::string& pointer, std::string base, Dialect dialect,
                    int depth);
  void index_openapi(const Document& d, const nlohmann::json& v, std::string& pointer, std::string base, int depth);

  mutable std::recursive_mutex mutex_;
  DocumentLoader loader_;
  std::vector<std::unique_ptr<Document>> documents_;
  std::map<std::string, Location, std::less<>> resources_;  // absolute URI -> resource root
  std::map<std::string, AnchorInfo, std::less<>> anchors_;  // absolute URI#name -> schema
  std::map<std::string, bool, std::less<>> recursive_;      // resource URI -> $recursiveAnchor
};

// The keywords whose values are schemas, by shape (for indexing and for
// the base URI along a pointer).
[[nodiscard]] bool is_schema_keyword(std::string_view k) noexcept;        // value: one schema
[[nodiscard]] bool is_schema_map_keyword(std::string_view k) noexcept;    // value: {name: schema}
[[nodiscard]] bool is_schema_array_keyword(std::string_view k) noexcept;  // value: [schema]

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_DOCUMENTS_H_
