#include "check_command.h"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "args.h"
#include "cli_util.h"
#include "parse_command.h"
#include "text.h"
#include "tokenguard/catalog.h"
#include "tokenguard/check.h"
#include "tokenguard/json_input.h"
#include "tokenguard/schema.h"

namespace tokenguard::cli {
namespace {

using json = nlohmann::json;


std::string printable(std::string_view s) { return detail::escaped(s, 200); }


void print_result(const CheckResult& r, const std::string& what, bool as_json, std::FILE* out) {
  if (as_json) {
    json findings = json::array();
    for (const Finding& f : r.findings)
      findings.push_back({{"severity", std::string(to_string(f.severity))},
                          {"location", f.location},
                          {"pointer", f.pointer},
                          {"keyword", f.keyword},
                          {"code", f.code},
                          {"message", f.message}});
    json doc = {{"valid", r.valid},
                {"operation", r.operation != nullptr ? json(r.operation->id) : json(nullptr)},
                {"findings", findings},
                {"notes", r.notes}};
    std::fprintf(out, "%s\n", doc.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    return;
  }
  std::size_t errors = 0, warnings = 0;
  for (const Finding& f : r.findings) (f.severity == Severity::kError ? errors : warnings)++;
  std::fprintf(out, "%s  %s", r.valid ? "valid" : "invalid", what.c_str());
  if (errors + warnings > 0) std::fprintf(out, ": %zu error%s, %zu warning%s", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  std::fputc('\n', out);
  for (const Finding& f : r.findings) {
    const std::string where = f.location == "body" ? (f.pointer.empty() ? "/" : f.pointer) : f.location + ":" + (f.pointer.empty() ? "" : f.pointer);
    std::fprintf(out, "  %-7s %-28s %-24s %s\n", std::string(to_string(f.severity)).c_str(), printable(where).c_str(),
                 f.code.c_str(), f.message.c_str());
  }
  for (const std::string& n : r.notes) std::fprintf(out, "  note    %s\n", n.c_str());
}

}  // namespace

int run_operations(std::span<const std::string_view> args, std::FILE* out, std::FILE* err) {
  static constexpr FlagSpec kFlags[] = {{"--json"}, {"--help", false, false, "-h"}};
  const Args a = Args::parse(args, kFlags);
  if (!a.ok()) return usage(err, "operations", a.error());
  if (a.has("--help")) {
    std::fputs("usage: tokenguard operations [--json]\n\nLists every embedded operation: id, method and path template.\n\nexample:\n  tokenguard operations | grep user.tokens\n", out);
    return kExitValid;
  }
  if (!a.positionals().empty()) return usage(err, "operations", "takes no arguments");
  const bool as_json = a.has("--json");
  const auto catalog = Catalog::embedded();
  if (!catalog->ok()) {
    std::fprintf(err, "tokenguard: %s\n", catalog->error().c_str());
    return kExitUsage;
  }
  if (as_json) {
    json list = json::array();
    for (const Operation& o : catalog->operations())
      list.push_back({{"id", o.id}, {"method", o.method}, {"path", o.path_template}, {"family", o.family}});
    std::fprintf(out, "%s\n", list.dump(1).c_str());
  } else {
    for (const Operation& o : catalog->operations())
      std::fprintf(out, "%-48s %-7s %s\n", o.id.c_str(), o.method.c_str(), o.path_template.c_str());
  }
  return kExitValid;
}

int run_check(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard check request  (OPERATION | --method M --path P) [options] [FILE|-]\n"
      "       tokenguard check response (OPERATION | --method M --path P) --status N [options] [FILE|-]\n"
      "\n"
      "Checks a request body (and, with --path and --header, its path, query and\n"
      "credentials) or a response body against the embedded catalog. FILE holds the\n"
      "body; - reads standard input; no FILE means no body.\n"
      "\n"
      "options:\n"
      "  --method M, --path P      route by method and concrete path instead of OPERATION\n"
      "  --status N                the response status (check response)\n"
      "  --header 'Name: value'    a request header (repeatable); with none, credentials\n"
      "                            are not checked and a note says so\n"
      "  --fail-fast               stop at the first error\n"
      "  --strict                  a request member the schema does not declare is an\n"
      "                            error even where the upstream ignores such members\n"
      "                            (SoftwareOne: a warning by default)\n"
      "  --max-bytes N             the body size limit (default 1048576); a larger body\n"
      "                            is TG_BODY_TOO_LARGE and is not read past N bytes\n"
      "  --json                    {\"valid\", \"operation\", \"findings\": [...], \"notes\"}\n"
      "\n"
      "Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error, unknown\n"
      "operation or unreadable file.\n"
      "\n"
      "example:\n"
      "  tokenguard check request cloudflare.user.tokens.create token.json\n"
      "  tokenguard check response --method GET --path /user/tokens/verify --status 200 reply.json\n";
  if (args.empty()) return usage(err, "check", "expected \"request\" or \"response\"");
  if (args[0] == "--help" || args[0] == "-h") {
    std::fputs(kHelp, out);
    return kExitValid;
  }
  const bool is_request = args[0] == "request";
  if (!is_request && args[0] != "response") return usage(err, "check", "expected \"request\" or \"response\"");
  static constexpr FlagSpec kFlags[] = {
      {"--json"},           {"--fail-fast"},        {"--help", false, false, "-h"}, {"--max-bytes", true},
      {"--strict"},
      {"--method", true},   {"--path", true},       {"--header", true, true},       {"--status", true},
  };
  const Args a = Args::parse(args.subspan(1), kFlags);
  if (!a.ok()) return usage(err, "check", a.error());
  if (a.has("--help")) {
    std::fputs(kHelp, out);
    return kExitValid;
  }
  const std::string method(a.value("--method").value_or(""));
  const std::string path(a.value("--path").value_or(""));
  const bool as_json = a.has("--json");
  CheckOptions options;
  options.fail_fast = a.has("--fail-fast");
  options.strict = a.has("--strict");
  if (const auto v = a.value("--max-bytes")) {
    std::size_t n = 0;
    if (std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || n == 0 || n > (std::size_t{1} << 32))
      return usage(err, "check", "--max-bytes needs a size from 1 to 4294967296");
    options.limits.max_bytes = n;
  }
  std::optional<int> status;
  if (const auto v = a.value("--status")) {
    int n = 0;
    if (std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || n < 100 || n > 599)
      return usage(err, "check", "--status needs an HTTP status from 100 to 599");
    status = n;
  }
  // Header values are credentials: no message below quotes one.
  std::vector<std::string> header_lines;
  for (const std::string_view h : a.values("--header")) {
    if (h.find(':') == std::string_view::npos) return usage(err, "check", "--header needs 'Name: value'");
    header_lines.emplace_back(h);
  }
  const bool headers_given = a.has("--header");
  const auto catalog = Catalog::embedded();
  if (!catalog->ok()) {
    std::fprintf(err, "tokenguard: %s\n", catalog->error().c_str());
    return kExitUsage;
  }
  // Positionals: [OPERATION] [FILE|-]. The first names an operation when the
  // catalog has it, or when nothing else (--method, --path) says which.
  std::string operation_id, file;
  const auto& pos = a.positionals();
  if (pos.size() > 2) return usage(err, "check", "too many arguments (argument 3 is not expected)");
  std::size_t next = 0;
  if (!pos.empty() && (catalog->find(pos[0]) != nullptr || (method.empty() && path.empty() && pos[0] != "-")))
    operation_id = std::string(pos[next++]);
  if (next < pos.size()) file = std::string(pos[next++]);
  if (next < pos.size()) return usage(err, "check", "too many arguments (argument " + std::to_string(next + 1) + " is not expected)");
  if (!is_request && !status) return usage(err, "check", "check response needs --status");
  const Operation* op = nullptr;
  if (!operation_id.empty()) {
    op = catalog->find(operation_id);
    if (op == nullptr) {
      std::fprintf(err, "tokenguard check: unknown operation %s (see tokenguard operations)\n",
                   printable_arg(operation_id).c_str());
      return kExitUsage;
    }
  } else if (method.empty() || path.empty()) {
    return usage(err, "check", "give an OPERATION, or --method and --path");
  }
  std::string body;
  if (!file.empty()) {
    auto data = read_input(file, in, options.limits.max_bytes + 1);
    if (!data) {
      std::fprintf(err, "tokenguard check: cannot read %s\n", printable_arg(file).c_str());
      return kExitUsage;
    }
    body = std::move(*data);
  }
  std::vector<HttpHeader> headers;
  for (const std::string& h : header_lines) {
    const std::size_t colon = h.find(':');
    std::string_view name(h.data(), colon);
    std::string_view v(h.data() + colon + 1, h.size() - colon - 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    headers.push_back(HttpHeader{name, v});
  }
  CheckResult result;
  if (is_request) {
    HttpRequest req;
    req.method = method.empty() && op != nullptr ? std::string_view(op->method) : std::string_view(method);
    req.path = path;
    req.headers = headers_given ? &headers : nullptr;
    req.body = body;
    result = op != nullptr ? check_request(*op, req, options) : check_request(*catalog, req, options);
  } else {
    if (op == nullptr) {
      const RouteMatch m = catalog->route(method, path);
      if (m.operation == nullptr) {
        std::fprintf(err, "tokenguard check: no operation matches %s %s\n", printable_arg(method).c_str(),
                     printable_arg(path.substr(0, path.find('?'))).c_str());
        return kExitUsage;
      }
      op = m.operation;
    }
    result = check_response(*op, *status, body, options);
  }
  const std::string what = (result.operation != nullptr ? result.operation->id : std::string("(no operation)")) +
                           (is_request ? " request" : " response " + std::to_string(*status));
  print_result(result, what, as_json, out);
  return result.valid ? kExitValid : kExitInvalid;
}

int run_validate(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr const char* kHelp =
      "usage: tokenguard validate --schema SCHEMA.json [--json] [FILE|-]\n"
      "       tokenguard validate --openapi DOC.json --operation ID [--status N] [--json] [FILE|-]\n"
      "\n"
      "Validates a JSON document against your own JSON Schema (draft 4, 6 or 7), or\n"
      "against an operation of your own OpenAPI 3.0 document: its request body, or\n"
      "with --status its response body. FILE defaults to standard input.\n"
      "Exit status: 0 valid, 1 invalid, 2 usage error or unreadable file.\n"
      "\n"
      "example:\n"
      "  tokenguard validate --schema person.schema.json person.json\n";
  static constexpr FlagSpec kFlags[] = {{"--json"},         {"--help", false, false, "-h"}, {"--schema", true},
                                        {"--openapi", true}, {"--operation", true},          {"--status", true}};
  const Args a = Args::parse(args, kFlags);
  if (!a.ok()) return usage(err, "validate", a.error());
  if (a.has("--help")) {
    std::fputs(kHelp, out);
    return kExitValid;
  }
  const std::string schema_file(a.value("--schema").value_or(""));
  const std::string openapi_file(a.value("--openapi").value_or(""));
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
  if (schema_file.empty() == openapi_file.empty()) return usage(err, "validate", "give either --schema or --openapi");
  const std::string doc_file = schema_file.empty() ? openapi_file : schema_file;
  const auto doc_text = read_input(doc_file, in, (64u << 20) + 1);
  if (!doc_text) {
    std::fprintf(err, "tokenguard validate: cannot read %s\n", printable_arg(doc_file).c_str());
    return kExitUsage;
  }
  InputLimits doc_limits;
  doc_limits.max_bytes = 64 << 20;
  doc_limits.max_depth = 512;
  ParsedJson doc = parse_json(*doc_text, doc_limits);
  if (!doc.ok) {
    std::fprintf(err, "tokenguard validate: %s: %s\n", printable_arg(doc_file).c_str(), doc.error.message.c_str());
    return kExitUsage;
  }
  const auto body = read_input(file, in, InputLimits{}.max_bytes + 1);
  if (!body) {
    std::fprintf(err, "tokenguard validate: cannot read %s\n", printable_arg(file).c_str());
    return kExitUsage;
  }
  CheckResult result;
  std::string what;
  std::shared_ptr<const Catalog> catalog;  // outlives result, whose operation points into it
  if (!schema_file.empty()) {
    const Schema schema = Schema::compile(doc.value);
    if (!schema.ok()) {
      std::fprintf(err, "tokenguard validate: %s: %s\n", printable_arg(schema_file).c_str(), schema.error().c_str());
      return kExitUsage;
    }
    ParsedJson instance = parse_json(*body);
    if (!instance.ok) {
      result.findings.push_back(instance.error);
      result.valid = false;
    } else {
      ValidationResult v = validate(schema, instance.value);
      result.valid = v.valid;
      result.findings = std::move(v.findings);
    }
    what = printable(file == "-" ? "(standard input)" : file);
  } else {
    catalog = Catalog::from_openapi(doc.value, openapi_file);
    if (!catalog->ok()) {
      std::fprintf(err, "tokenguard validate: %s\n", catalog->error().c_str());
      return kExitUsage;
    }
    const Operation* op = catalog->find(operation_id);
    if (op == nullptr) {
      std::fprintf(err, "tokenguard validate: no operation %s in %s\n", printable_arg(operation_id).c_str(),
                   printable_arg(openapi_file).c_str());
      return kExitUsage;
    }
    if (status) {
      result = check_response(*op, *status, *body);
    } else {
      HttpRequest req;
      req.body = *body;
      result = check_request(*op, req);
    }
    what = op->id + (status ? " response " + std::to_string(*status) : std::string(" request"));
  }
  print_result(result, what, as_json, out);
  return result.valid ? kExitValid : kExitInvalid;
}

}  // namespace tokenguard::cli
