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
      "  --no-semantic-checks      check the body against its schema alone, without\n"
      "                            tokenguard's checks beyond it (CIDR coverage, the\n"
      "                            token window, resource keys); a note says so\n"
      "  --max-bytes N             the body size limit (default 1048576 for a request,\n"
      "                            33554432 for a response); a larger body is\n"
      "                            TG_BODY_TOO_LARGE and is not read past N bytes\n"
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
      {"--strict"},         {"--no-semantic-checks"},
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
  options.semantic_checks = !a.has("--no-semantic-checks");
  if (const auto v = a.value("--max-bytes")) {
    std::size_t n = 0;
    if (std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || n == 0 || n > (std::size_t{1} << 32))
      return usage(err, "check", "--max-bytes needs a size from 1 to 4294967296");
    options.limits.max_bytes = n;
    options.max_response_bytes = n;
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
    auto data = read_input(file, in, (is_request ? options.limits.max_bytes : options.max_response_bytes) + 1);
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

}  // namespace tokenguard::cli
