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
// shared by any number of threads.
//
// Users load their own OpenAPI 3.0 or 3.1 documents, JSON or YAML, in one
// file or several:
//
//   tokenguard::OpenApiOptions o;
//   auto api = tokenguard::Catalog::from_openapi_file("api/openapi.yaml", o);
//   if (!api->ok()) fail(api->error());   // names the $ref and where it is used
//   for (const auto& d : api->diagnostics()) warn(d.location, d.message);
//
// Every $ref is followed (schemas, responses, request bodies, parameters,
// headers, path items, across files); the document is read once, and each
// operation's schemas compile on its first check (OpenApiOptions::eager
// compiles them all while loading).
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
  std::map<std::string, Schema, std::less<>> responses;        // by "200", "4XX", "default"
  std::map<std::string, bool, std::less<>> response_has_body;  // status key -> declares content
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

// An OpenAPI 3.1 webhook: listed, never routed (the API calls out with it).
struct Webhook {
  std::string name;    // its key under "webhooks"
  std::string method;  // upper case
  std::string id;      // operationId, else "METHOD name"
};

// How to load a user's OpenAPI document.
struct OpenApiOptions {
  std::string family = "user";  // the operations' family
  // The document's own URI (e.g. "file:///srv/api/openapi.yaml"), the base
  // its relative $refs resolve against.
  std::string base_uri;
  // Supplies the other documents its $refs name, by absolute URI (their
  // text, JSON or YAML). Nothing is fetched from the network: a reference
  // the loader does not supply is a load error. from_openapi_file() sets a
  // loader for the files beside the document.
  DocumentLoader loader;
  // Compile every operation's schemas while loading (a gateway that wants
  // every cost paid at start, and every schema diagnostic at once).
  bool eager = false;
  // Formats assert by default in OpenAPI documents; kAnnotate turns them
  // into annotations.
  SchemaOptions::Formats formats = SchemaOptions::Formats::kDefault;
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

class Catalog;
namespace detail {
std::shared_ptr<const Catalog> load_embedded_catalog();
}  // namespace detail

class Catalog {
 public:
  // The embedded catalog (compiled on first use; never fails once the
  // library's own tests pass, but check ok() anyway).
  [[nodiscard]] static std::shared_ptr<const Catalog> embedded();

  // A catalog from the caller's own OpenAPI 3.0 or 3.1 document. Operation
  // ids are x-tokenguard-id, else operationId, else "METHOD path".
  [[nodiscard]] static std::shared_ptr<const Catalog> from_openapi(const nlohmann::json& document,
                                                                   std::string family = "user");
  [[nodiscard]] static std::shared_ptr<const Catalog> from_openapi(const nlohmann::json& document,
                                                                   const OpenApiOptions& options);
  // The same from the document's text, JSON or YAML (a YAML error gives its
  // line and column).
  [[nodiscard]] static std::shared_ptr<const Catalog> from_openapi_text(std::string_view text,
                                                                        const OpenApiOptions& options);
  // The same from a file; relative $refs read the files they name, within
  // the document's folder and its subfolders (and options.loader's, if set,
  // for anything else).
  [[nodiscard]] static std::shared_ptr<const Catalog> from_openapi_file(const std::string& path,
                                                                        OpenApiOptions options = {});

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] const std::vector<Operation>& operations() const noexcept { return operations_; }
  [[nodiscard]] const std::vector<Webhook>& webhooks() const noexcept { return webhooks_; }
  // What the document asks for that is not checked as written, and where it
  // breaks OpenAPI's rules harmlessly (a "4xx" status key, a default of the
  // wrong type). Schema diagnostics (unknown formats, patterns neither
  // engine runs) are here once their schemas compile: all of them with
  // OpenApiOptions::eager.
  [[nodiscard]] const std::vector<SchemaDiagnostic>& diagnostics() const noexcept { return diagnostics_; }
  [[nodiscard]] const Operation* find(std::string_view id) const noexcept;
  // Matches a concrete method and path (a query string is allowed and split
  // off). Literal segments win over parameters.
  [[nodiscard]] RouteMatch route(std::string_view method, std::string_view path) const;
  // route() without the parameters: the operation, or null; *method_known
  // as in RouteMatch. Allocates nothing.
  [[nodiscard]] const Operation* match(std::string_view method, std::string_view path,
                                       bool* method_known = nullptr) const noexcept;

 private:
  // A new copy of the embedded catalog, built now (embedded() builds one
  // once and caches it); detail::load_embedded_catalog() gives it to the
  // benchmarks that measure load time and memory.
  [[nodiscard]] static std::shared_ptr<const Catalog> load_embedded();
  friend std::shared_ptr<const Catalog> detail::load_embedded_catalog();
  bool add_document(std::shared_ptr<const nlohmann::json> document, const OpenApiOptions& options, bool semantic);
  std::vector<Operation> operations_;
  std::vector<Webhook> webhooks_;
  std::vector<SchemaDiagnostic> diagnostics_;
  std::string error_;
};

}  // namespace tokenguard

#endif  // TOKENGUARD_CATALOG_H_
