// Internal: the catalog documents compiled into the library.
#ifndef TOKENGUARD_SRC_EMBEDDED_CATALOG_H_
#define TOKENGUARD_SRC_EMBEDDED_CATALOG_H_

#include <cstddef>
#include <string_view>

namespace tokenguard::detail {

struct EmbeddedDocument {
  std::string_view name;          // file name, e.g. "cloudflare-user-tokens.openapi.json"
  const std::string_view* parts;  // the JSON text, in consecutive pieces
  std::size_t part_count;
};

extern const EmbeddedDocument kEmbeddedDocuments[];
extern const std::size_t kEmbeddedDocumentCount;

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_EMBEDDED_CATALOG_H_
