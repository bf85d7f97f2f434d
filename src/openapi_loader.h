// Internal: an OpenAPI 3.0 or 3.1 document (and the documents its $refs
// reach) into the catalog's operations.
//
//   bytes -> JSON (or YAML) -> DocumentSet (one, shared by every operation)
//         -> every $ref checked -> operations whose schemas compile lazily
//
// Every OpenAPI object may be a $ref (path items, parameters, request
// bodies, responses, headers, security schemes), across documents;
// path-level parameters merge with the operation's (which win by name and
// location). A $ref that does not resolve is a load error naming it and
// where it is used.
#ifndef TOKENGUARD_SRC_OPENAPI_LOADER_H_
#define TOKENGUARD_SRC_OPENAPI_LOADER_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tokenguard/catalog.h"

namespace tokenguard::detail {

struct OpenApiLoad {
  std::vector<Operation> operations;
  std::vector<Webhook> webhooks;
  std::vector<SchemaDiagnostic> diagnostics;
  std::string error;  // empty when the document loaded
};

// `semantic`: tokenguard's own checks beyond the schema (the embedded
// catalog's documents only).
[[nodiscard]] OpenApiLoad load_openapi(std::shared_ptr<const nlohmann::json> document, const OpenApiOptions& options,
                                       bool semantic);

// A loader for file: URIs under `root_dir` (an absolute folder), for
// from_openapi_file and the command line; `fallback` for anything else.
[[nodiscard]] DocumentLoader file_loader(std::string root_dir, DocumentLoader fallback = {});
// Documents whose URI starts with `prefix` from the files under `dir`
// ("http://localhost:1234/a.json" -> dir/a.json); `fallback` for the rest.
[[nodiscard]] DocumentLoader prefix_loader(std::string prefix, std::string dir, DocumentLoader fallback = {});
// "file://" + the absolute, %-encoded form of `path`.
[[nodiscard]] std::string file_uri(const std::string& path);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_OPENAPI_LOADER_H_
