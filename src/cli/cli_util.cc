#include "cli_util.h"

#include <algorithm>
#include <string>

#include "parse_command.h"

namespace tokenguard::cli {

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

int usage(std::FILE* err, const char* command, const std::string& message) {
  std::fprintf(err, "tokenguard %s: %s (see tokenguard %s --help)\n", command, message.c_str(), command);
  return kExitUsage;
}

}  // namespace tokenguard::cli
