// tokenguard/catalog.h: the operations tokenguard knows, with their compiled
// schemas, and routing from a concrete method and path to an operation.
//
//   auto catalog = tokenguard::Catalog::embedded();   // built once, shared
//   for (const auto& op : catalog->operations()) std::cout << op.id << "\n";
//   tokenguard::RouteMatch m = catalog->route("PUT", "/user/tokens/ed17574386854bf78a67040be0a770b0");
//   if (m.operation) ...   // cloudflare.user.tokens.update, m.path_params["token_id"]
//
// The embedded catalog is compiled into the library from schemas/*.openapi.json
// (no file is read at run time). A Catalog is immutable after loading and is
// shared by any number of threads. Users can load their own OpenAPI 3.0
// documents with Catalog::from_openapi().
#ifndef TOKENGUARD_CATALOG_H_
#define TOKENGUARD_CATALOG_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenguard/schema.h"

namespace tokenguard {

struct Parameter {
  std::string name;
  std::string in;  // "path", "query" or "header"
  bool required = false;
  nlohmann::json schema_json;  // its schema, as written
  Schema schema;               // compiled
};

// How a request proves who it is, as the operation's document declares.
struct SecurityScheme {
  std::string name;         // e.g. "api_token"
  std::string type;         // "http" or "apiKey"
  std::string scheme;       // http: "bearer"
  std::string header_name;  // apiKey: the header, e.g. "X-Auth-Email"
};

struct Operation {
  std::string id;             // e.g. "cloudflare.user.tokens.update"
  std::string family;         // the document's file name or title
  std::string method;         // upper case, e.g. "PUT"
  std::string path_template;  // e.g. "/user/tokens/{token_id}"
  std::string summary;
  std::vector<Parameter> parameters;
  bool body_required = false;
  std::optional<Schema> request_body;             // application/json
  std::vector<std::string> request_media_types;   // requestBody.content's keys, lower case
  std::map<std::string, Schema> responses;        // by "200", "4XX", "default"
  std::map<std::string, bool> response_has_body;  // status key -> declares content
  // Alternatives; each is the set of schemes that must all be present.
  std::vector<std::vector<SecurityScheme>> security;
  bool semantic_checks = false;  // tokenguard's checks beyond the schema
  // A response may carry a secret: a response schema declares a property
  // with a secret name (client_secret, token, value, ...) or a string
  // "result" (Cloudflare's roll). Logs of such a response redact every value.
  bool returns_secrets = false;
  // The provider's error answer (the document's x-tokenguard-error-response):
  // a 4xx or 5xx the operation does not declare is checked against it.
  std::optional<Schema> error_response;
  // How a request member the schema does not declare counts (the document's
  // x-tokenguard-unknown-request-members): an error, or a warning where the
  // upstream ignores such members (CheckOptions::strict makes it an error).
  Severity unknown_request_members = Severity::kError;
};

struct RouteMatch {
  const Operation* operation = nullptr;
  std::map<std::string, std::string> path_params;
  std::string query;         // the part after '?', if any
  bool method_known = true;  // false: the path matched, but not for this method
};

// Matches a concrete path (no query) against an OpenAPI path template such
// as "/user/tokens/{token_id}": the path parameters as written (still
// %-encoded), or nullopt when the path does not fit. Parameters must be
// non-empty segments; literal segments match once %-decoded.
[[nodiscard]] std::optional<std::map<std::string, std::string>> match_path(std::string_view path_template,
                                                                           std::string_view path);

class Catalog {
 public:
  // The embedded catalog (compiled on first use; never fails once the
  // library's own tests pass, but check ok() anyway).
  [[nodiscard]] static std::shared_ptr<const Catalog> embedded();
  // A new copy of the embedded catalog, built now (embedded() builds one
  // once and caches it); for measuring load time and memory.
  [[nodiscard]] static std::shared_ptr<const Catalog> load_embedded();

  // A catalog from the caller's own OpenAPI 3.0 document. Operation ids are
  // x-tokenguard-id, else operationId, else "METHOD path".
  [[nodiscard]] static std::shared_ptr<const Catalog> from_openapi(const nlohmann::json& document,
                                                                   std::string family = "user");

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] const std::vector<Operation>& operations() const noexcept { return operations_; }
  [[nodiscard]] const Operation* find(std::string_view id) const noexcept;
  // Matches a concrete method and path (a query string is allowed and split
  // off). Literal segments win over parameters.
  [[nodiscard]] RouteMatch route(std::string_view method, std::string_view path) const;

 private:
  bool add_document(const nlohmann::json& document, const std::string& family, bool semantic);
  std::vector<Operation> operations_;
  std::string error_;
};

}  // namespace tokenguard

#endif  // TOKENGUARD_CATALOG_H_
