#include "cli_util.h"

#include <fstream>
#include <sstream>

#include "parse_command.h"

namespace tokenguard::cli {

std::optional<std::string> read_input(std::string_view name, std::FILE* in) {
  std::string data;
  if (name == "-") {
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) data.append(buf, n);
    if (std::ferror(in)) return std::nullopt;
    return data;
  }
  std::ifstream f{std::string(name), std::ios::binary};
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

int usage(std::FILE* err, const char* command, const std::string& message) {
  std::fprintf(err, "tokenguard %s: %s (see tokenguard %s --help)\n", command, message.c_str(), command);
  return kExitUsage;
}

}  // namespace tokenguard::cli
