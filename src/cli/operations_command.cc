// The `operations` command: the operations a catalog routes, and its webhooks.
#include "operations_command.h"

#include <nlohmann/json.hpp>
#include <string>

#include "args.h"
#include "cli_util.h"
#include "text.h"
#include "tokenguard/catalog.h"

namespace tokenguard::cli {

using json = nlohmann::json;

int run_operations(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err) {
  static constexpr FlagSpec kFlags[] = {{"--json"}, {"--help", false, false, "-h"}, {"--openapi", true}};
  const Args a = Args::parse(args, kFlags);
  if (!a.ok()) return usage(err, "operations", a.error());
  if (a.has("--help")) {
    std::fputs("usage: tokenguard operations [--openapi DOC] [--json]\n\nLists every embedded operation (or every "
               "operation of your own OpenAPI document,\nthen its webhooks, which are listed but never routed): id, "
               "method and path\ntemplate.\n\nexample:\n  tokenguard operations | grep user.tokens\n",
               out);
    return kExitValid;
  }
  if (!a.positionals().empty()) return usage(err, "operations", "takes no arguments");
  const bool as_json = a.has("--json");
  std::shared_ptr<const Catalog> catalog;
  if (const auto doc = a.value("--openapi")) {
    std::string error;
    catalog = load_openapi_document(*doc, in, OpenApiOptions{}, error);
    if (!catalog) {
      std::fprintf(err, "tokenguard operations: %s\n", error.c_str());
      return kExitUsage;
    }
  } else {
    catalog = Catalog::embedded();
  }
  if (!catalog->ok()) {
    std::fprintf(err, "tokenguard: %s\n", catalog->error().c_str());
    return kExitUsage;
  }
  if (as_json) {
    json list = json::array();
    for (const Operation& o : catalog->operations())
      list.push_back({{"id", o.id}, {"method", o.method}, {"path", o.path_template}, {"family", o.family}});
    for (const Webhook& w : catalog->webhooks())
      list.push_back({{"id", w.id}, {"method", w.method}, {"webhook", w.name}});
    std::fprintf(out, "%s\n", list.dump(1, ' ', false, json::error_handler_t::replace).c_str());
  } else {
    for (const Operation& o : catalog->operations())
      std::fprintf(out, "%-48s %-7s %s\n", detail::escaped(o.id, 200).c_str(), o.method.c_str(),
                   detail::escaped(o.path_template, 300).c_str());
    for (const Webhook& w : catalog->webhooks())
      std::fprintf(out, "%-48s %-7s webhook %s (listed, not routed)\n", detail::escaped(w.id, 200).c_str(),
                   w.method.c_str(), detail::escaped(w.name, 200).c_str());
  }
  return kExitValid;
}

}  // namespace tokenguard::cli
