// Internal: the catalog documents compiled into the library.
#ifndef TOKENGUARD_SRC_EMBEDDED_CATALOG_H_
#define TOKENGUARD_SRC_EMBEDDED_CATALOG_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "tokenguard/catalog.h"

namespace tokenguard::detail {

struct EmbeddedDocument {
  std::string_view name;          // file name, e.g. "cloudflare-user-tokens.openapi.json"
  const std::string_view* parts;  // the JSON text, in consecutive pieces
  std::size_t part_count;
};

extern const EmbeddedDocument kEmbeddedDocuments[];
extern const std::size_t kEmbeddedDocumentCount;

// A new copy of the embedded catalog, built now (Catalog::embedded() builds
// one once and caches it): for measuring load time and memory.
std::shared_ptr<const Catalog> load_embedded_catalog();

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_EMBEDDED_CATALOG_H_
