#include "cli_util.h"

#include <algorithm>
#include <cstdlib>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "parse_command.h"
#include "text.h"

namespace tokenguard::cli {

using json = nlohmann::json;

std::optional<std::string> read_input(std::string_view name, std::FILE* in, std::size_t max_bytes) {
  std::FILE* f = in;
  if (name != "-") {
    f = std::fopen(std::string(name).c_str(), "rb");
    if (f == nullptr) return std::nullopt;
  }
  std::string data;
  char buf[1 << 16];
  while (data.size() < max_bytes) {
    const std::size_t want = std::min(sizeof buf, max_bytes - data.size());
    const std::size_t n = std::fread(buf, 1, want, f);
    if (n == 0) break;
    data.append(buf, n);
  }
  const bool failed = std::ferror(f) != 0;
  if (f != in) std::fclose(f);
  if (failed) return std::nullopt;
  return data;
}

std::shared_ptr<const Catalog> load_openapi_document(std::string_view file, std::FILE* in, const OpenApiOptions& options,
                                                     std::string& error) {
  std::shared_ptr<const Catalog> c;
  if (file == "-") {
    const auto text = read_input(file, in, (64u << 20) + 1);
    if (!text) {
      error = "cannot read standard input";
      return nullptr;
    }
    c = Catalog::from_openapi_text(*text, options);
  } else {
    c = Catalog::from_openapi_file(std::string(file), options);
  }
  if (!c->ok()) {
    error = c->error();
    return nullptr;
  }
  // The tool exits right after its checks: freeing a large document's parse
  // tree costs more than checking it (40 ms for Cloudflare's 4 MB), so the
  // catalog lives until the process ends (see exit_now).
  static auto* const kept = new std::vector<std::shared_ptr<const Catalog>>();
  kept->push_back(c);
  return c;
}

int exit_now(int status) {
  std::fflush(stdout);
  std::fflush(stderr);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return status;  // sanitizer builds tear everything down, to check that too
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
  return status;
#else
  std::_Exit(status);
#endif
#else
  std::_Exit(status);
#endif
}

int usage(std::FILE* err, const char* command, const std::string& message) {
  std::fprintf(err, "tokenguard %s: %s (see tokenguard %s --help)\n", command, message.c_str(), command);
  return kExitUsage;
}

}  // namespace tokenguard::cli
