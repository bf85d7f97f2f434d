#include "validate_command.h"

#include <charconv>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "cli_util.h"
#include "openapi_loader.h"
#include "parse_command.h"
#include "text.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"
#include "tokenguard/schema.h"
#include "yaml_input.h"

namespace tokenguard::cli {
namespace {

using json = nlohmann::json;

std::optional<Dialect> dialect_named(std::string_view name) {
  if (name == "draft4") return Dialect::kDraft4;
  if (name == "draft6") return Dialect::kDraft6;
  if (name == "draft7") return Dialect::kDraft7;
  if (name == "2019-09") return Dialect::kDraft2019;
  if (name == "2020-12") return Dialect::kDraft2020;
  return std::nullopt;
}

std::optional<SchemaOptions::Formats> formats_named(std::string_view name) {
  if (name == "assert") return SchemaOptions::Formats::kAssert;
  if (name == "annotate") return SchemaOptions::Formats::kAnnotate;
  if (name == "default") return SchemaOptions::Formats::kDefault;
  return std::nullopt;
}

// The flags validate and lint share, read into load options.
struct Sources {
  std::string schema_file;
  std::string openapi_file;
  SchemaOptions schema_options;
  OpenApiOptions openapi_options;
};

// --schema/--openapi, --ref PREFIX=DIR (repeatable), --dialect, --formats.
bool read_sources(const Args& a, const char* command, std::FILE* err, Sources& s, int& code) {
  s.schema_file = std::string(a.value("--schema").value_or(""));
  s.openapi_file = std::string(a.value("--openapi").value_or(""));
  if (s.schema_file.empty() == s.openapi_file.empty()) {
    code = usage(err, command, "give either --schema or --openapi");
    return false;
  }
  if (const auto d = a.value("--dialect")) {
    const auto dialect = dialect_named(*d);
    if (!dialect || !s.openapi_file.empty()) {
      code = usage(err, command, "--dialect is draft4, draft6, draft7, 2019-09 or 2020-12, with --schema");
      return false;
    }
    s.schema_options.dialect = *dialect;
  }
  if (const auto f = a.value("--formats")) {
    const auto formats = formats_named(*f);
    if (!formats) {
      code = usage(err, command, "--formats is assert, annotate or default");
      return false;
    }
    s.schema_options.formats = *formats;
    s.openapi_options.formats = *formats;
  }
  DocumentLoader loader;
  const std::string& doc = s.schema_file.empty() ? s.openapi_file : s.schema_file;
  if (doc != "-") {
    std::error_code ec;
    loader = detail::file_loader(std::filesystem::absolute(doc, ec).parent_path().string());
  }
  for (const std::string_view r : a.values("--ref")) {
    const auto eq = r.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == r.size()) {
      code = usage(err, command, "--ref needs PREFIX=DIR (e.g. --ref http://localhost:1234/=remotes)");
      return false;
    }
    std::error_code ec;
    loader = detail::prefix_loader(std::string(r.substr(0, eq)),
                                   std::filesystem::absolute(std::string(r.substr(eq + 1)), ec).string(), loader);
  }
  s.schema_options.loader = loader;
  s.openapi_options.loader = loader;
  if (s.schema_file != "-" && !s.schema_file.empty()) s.schema_options.base_uri = detail::file_uri(s.schema_file);
  return true;
}

// The schema of --schema, compiled, or nullopt after printing why.
std::optional<Schema> load_schema(const Sources& s, std::FILE* in, const char* command, std::FILE* err) {
  const auto text = read_input(s.schema_file, in, (64u << 20) + 1);
  if (!text) {
    std::fprintf(err, "tokenguard %s: cannot read %s\n", command, printable_arg(s.schema_file).c_str());
    return std::nullopt;
  }
  std::string error;
  const auto doc = detail::parse_document_text(*text, error);
  if (!doc) {
    std::fprintf(err, "tokenguard %s: %s: %s\n", command, printable_arg(s.schema_file).c_str(), error.c_str());
    return std::nullopt;
  }
  Schema schema = Schema::compile(*doc, "", s.schema_options);
  if (!schema.ok()) {
    std::fprintf(err, "tokenguard %s: %s: %s\n", command, printable_arg(s.schema_file).c_str(), schema.error().c_str());
    return std::nullopt;
  }
  return schema;
}

CheckResult validate_bytes(const Schema& schema, std::string_view bytes) {
  CheckResult result;
  ParsedJson instance = parse_json(bytes);
  if (!instance.ok) {
    result.findings.push_back(instance.error);
    result.valid = false;
    return result;
  }
  ValidationResult v = validate(schema, instance.value);
  result.valid = v.valid;
  result.findings = std::move(v.findings);
  return result;
}

// Each non-empty line of `file` through `check`; exit 0 when every one is
// valid, 1 otherwise.
int check_lines(const std::string& file, std::FILE* in, std::FILE* out, std::FILE* err, bool as_json,
                const std::function<CheckResult(std::string_view)>& check) {
  std::FILE* src = in;
  if (file != "-") {
    src = std::fopen(file.c_str(), "rb");
    if (src == nullptr) {
      std::fprintf(err, "tokenguard validate: cannot read %s\n", printable_arg(file).c_str());
      return kExitUsage;
    }
  }
  bool all_valid = true;
  std::string line;
  std::size_t number = 0;
  int c = 0;
  const std::size_t limit = InputLimits{}.max_bytes + 1;
  while (c != EOF) {
    line.clear();
    while ((c = std::fgetc(src)) != EOF && c != '\n')
      if (line.size() < limit) line += static_cast<char>(c);
    ++number;
    if (line.empty() || line == "\r") continue;
    const CheckResult r = check(line);
    all_valid = all_valid && r.valid;
    print_result(r, "line " + std::to_string(number), as_json, out);
  }
  if (src != in) std::fclose(src);
  return all_valid ? kExitValid : kExitInvalid;
}

}  // namespace

int run_validate(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard validate --schema SCHEMA [--ref PREFIX=DIR]... [--dialect D] [--formats F]\n"
      "                           [--lines] [--json] [FILE|-]\n"
      "       tokenguard validate --openapi DOC --operation ID [--status N] [--formats F]\n"
      "                           [--lines] [--json] [FILE|-]\n"
      "\n"
      "Validates a JSON document against your own JSON Schema (draft 4 to 2020-12), or\n"
      "against an operation of your own OpenAPI 3.0 or 3.1 document: its request body,\n"
      "or with --status its response body. SCHEMA and DOC are JSON or YAML; their\n"
      "relative $refs read the files beside them. FILE defaults to standard input.\n"
      "\n"
      "  --ref PREFIX=DIR   read documents whose URI starts with PREFIX from DIR\n"
      "                     (nothing is ever fetched from the network)\n"
      "  --dialect D        draft4, draft6, draft7, 2019-09 or 2020-12, for a schema\n"
      "                     without $schema (default: 2020-12)\n"
      "  --formats F        assert (the default, except where a 2019-09 or 2020-12\n"
      "                     $schema makes formats annotations), annotate, default\n"
      "  --lines            FILE holds one JSON document per line: one verdict each\n"
      "\n"
      "Exit status: 0 valid, 1 invalid, 2 usage error or unreadable file.\n"
      "\n"
      "examples:\n"
      "  tokenguard validate --schema person.schema.json person.json\n"
      "  tokenguard validate --openapi api.yaml --operation createUser --lines users.ndjson\n";
  static constexpr FlagSpec kFlags[] = {{"--json"},          {"--help", false, false, "-h"}, {"--schema", true},
                                        {"--openapi", true}, {"--operation", true},          {"--status", true},
                                        {"--ref", true, true}, {"--dialect", true},          {"--formats", true},
                                        {"--lines"}};
  const Args a = Args::parse(args, kFlags);
  if (!a.ok()) return usage(err, "validate", a.error());
  if (a.has("--help")) {
    std::fputs(kHelp, out);
    return kExitValid;
  }
  Sources s;
  int code = kExitUsage;
  if (!read_sources(a, "validate", err, s, code)) return code;
  const std::string operation_id(a.value("--operation").value_or(""));
  const bool as_json = a.has("--json");
  std::optional<int> status;
  if (const auto v = a.value("--status")) {
    int n = 0;
    if (std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || n < 100 || n > 599)
      return usage(err, "validate", "--status needs an HTTP status from 100 to 599");
    status = n;
  }
  if (a.positionals().size() > 1) return usage(err, "validate", "one FILE only");
  const std::string file(a.positionals().empty() ? "-" : a.positionals()[0]);
  if (file == "-" && (s.schema_file == "-" || s.openapi_file == "-"))
    return usage(err, "validate", "the document and FILE cannot both be standard input");
  if (!s.openapi_file.empty() && operation_id.empty()) return usage(err, "validate", "--openapi needs --operation ID");

  // Everything the checks point into lives here, until the results are printed.
  std::optional<Schema> schema;
  std::shared_ptr<const Catalog> catalog;
  const Operation* op = nullptr;
  std::string what;
  if (!s.schema_file.empty()) {
    schema = load_schema(s, in, "validate", err);
    if (!schema) return kExitUsage;
    what = detail::escaped(file == "-" ? "(standard input)" : file, 200);
  } else {
    std::string error;
    catalog = load_openapi_document(s.openapi_file, in, s.openapi_options, error);
    if (!catalog) {
      std::fprintf(err, "tokenguard validate: %s\n", error.c_str());
      return kExitUsage;
    }
    op = catalog->find(operation_id);
    if (op == nullptr) {
      std::fprintf(err, "tokenguard validate: no operation %s in %s\n", printable_arg(operation_id).c_str(),
                   printable_arg(s.openapi_file).c_str());
      return kExitUsage;
    }
    what = op->id + (status ? " response " + std::to_string(*status) : std::string(" request"));
  }
  const auto check = [&](std::string_view bytes) -> CheckResult {
    if (schema) return validate_bytes(*schema, bytes);
    if (status) return check_response(*op, *status, bytes);
    HttpRequest req;
    req.body = bytes;
    return check_request(*op, req);
  };
  if (a.has("--lines")) return check_lines(file, in, out, err, as_json, check);
  const auto body = read_input(file, in, InputLimits{}.max_bytes + 1);
  if (!body) {
    std::fprintf(err, "tokenguard validate: cannot read %s\n", printable_arg(file).c_str());
    return kExitUsage;
  }
  const CheckResult result = check(*body);
  print_result(result, what, as_json, out);
  return result.valid ? kExitValid : kExitInvalid;
}

int run_lint(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard lint --openapi DOC [--formats F] [--json]\n"
      "       tokenguard lint --schema SCHEMA [--ref PREFIX=DIR]... [--dialect D] [--json]\n"
      "\n"
      "Loads a document and compiles every schema in it, then lists what it asks for\n"
      "that tokenguard does not check as written (formats it does not know, patterns\n"
      "neither RE2 nor PCRE2 runs, parameters described by content) and where it\n"
      "breaks OpenAPI's rules harmlessly (a \"4xx\" status key, a default of the wrong\n"
      "type). Exit status: 0 nothing to report, 1 diagnostics listed, 2 the document\n"
      "does not load (the message names the $ref or the schema and where it is used).\n"
      "\n"
      "example:\n"
      "  tokenguard lint --openapi api.yaml\n";
  static constexpr FlagSpec kFlags[] = {{"--json"},          {"--help", false, false, "-h"}, {"--schema", true},
                                        {"--openapi", true}, {"--ref", true, true},          {"--dialect", true},
                                        {"--formats", true}};
  const Args a = Args::parse(args, kFlags);
  if (!a.ok()) return usage(err, "lint", a.error());
  if (a.has("--help")) {
    std::fputs(kHelp, out);
    return kExitValid;
  }
  if (!a.positionals().empty()) return usage(err, "lint", "takes no FILE");
  Sources s;
  int code = kExitUsage;
  if (!read_sources(a, "lint", err, s, code)) return code;
  std::vector<SchemaDiagnostic> diagnostics;
  std::string summary;
  if (!s.schema_file.empty()) {
    const auto schema = load_schema(s, in, "lint", err);
    if (!schema) return kExitUsage;
    diagnostics = schema->diagnostics();
    summary = "1 schema";
  } else {
    s.openapi_options.eager = true;
    std::string error;
    const auto catalog = load_openapi_document(s.openapi_file, in, s.openapi_options, error);
    if (!catalog) {
      std::fprintf(err, "tokenguard lint: %s\n", error.c_str());
      return kExitUsage;
    }
    diagnostics = catalog->diagnostics();
    summary = std::to_string(catalog->operations().size()) + " operations, " +
              std::to_string(catalog->webhooks().size()) + " webhooks (listed, not routed)";
  }
  if (a.has("--json")) {
    json list = json::array();
    for (const auto& d : diagnostics)
      list.push_back({{"location", d.location}, {"keyword", d.keyword}, {"message", d.message}});
    std::fprintf(out, "%s\n", json{{"loaded", summary}, {"diagnostics", list}}.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
  } else {
    for (const auto& d : diagnostics)
      std::fprintf(out, "%s\n  %-18s %s\n", detail::escaped(d.location, 300).c_str(), d.keyword.c_str(),
                   d.message.c_str());
    std::fprintf(out, "%s: %s, %zu diagnostic%s\n", printable_arg(s.schema_file.empty() ? s.openapi_file : s.schema_file).c_str(),
                 summary.c_str(), diagnostics.size(), diagnostics.size() == 1 ? "" : "s");
  }
  return diagnostics.empty() ? kExitValid : kExitInvalid;
}

}  // namespace tokenguard::cli
