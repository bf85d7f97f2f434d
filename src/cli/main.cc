// The tokenguard command-line tool.
#include <cstdio>
#include <string_view>
#include <vector>

#include "args.h"
#include "cli_util.h"
#include "batch_command.h"
#include "check_command.h"
#include "operations_command.h"
#include "parse_command.h"
#include "validate_command.h"

namespace {

void print_help(std::FILE* out) {
  std::fputs(
      "usage: tokenguard COMMAND [ARGS...]\n"
      "\n"
      "commands:\n"
      "  operations [--json]     list the embedded operations\n"
      "  check request|response  check a request or response against the catalog\n"
      "  validate                validate JSON against your own JSON Schema or OpenAPI document\n"
      "  lint                    list what your schema or OpenAPI document asks that is not checked\n"
      "  check-har FILE.har      check every catalog exchange in an HTTP Archive\n"
      "  check-lines [FILE|-]    check NDJSON exchange records, streaming\n"
      "  parse KIND [VALUE...]   check values against a value grammar\n"
      "                          (duration, cidr, date-time, date, time, uuid, identifier)\n"
      "\n"
      "Run 'tokenguard COMMAND --help' for a command's options and an example.\n"
      "Exit status: 0 valid, 1 invalid, 2 usage or I/O error.\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  using tokenguard::cli::exit_now;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_help(stderr);
    return tokenguard::cli::kExitUsage;
  }
  const std::string_view command = args.front();
  const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (command == "--help" || command == "-h" || command == "help") {
    print_help(stdout);
    return tokenguard::cli::kExitValid;
  }
  if (command == "parse") return tokenguard::cli::run_parse(rest, stdin, stdout, stderr);
  if (command == "operations") return tokenguard::cli::exit_now(tokenguard::cli::run_operations(rest, stdin, stdout, stderr));
  if (command == "check") return tokenguard::cli::run_check(rest, stdin, stdout, stderr);
  if (command == "validate") return exit_now(tokenguard::cli::run_validate(rest, stdin, stdout, stderr));
  if (command == "lint") return exit_now(tokenguard::cli::run_lint(rest, stdin, stdout, stderr));
  if (command == "check-har") return exit_now(tokenguard::cli::run_check_har(rest, stdin, stdout, stderr));
  if (command == "check-lines") return exit_now(tokenguard::cli::run_check_lines(rest, stdin, stdout, stderr));
  std::fprintf(stderr, "tokenguard: unknown command %s (see tokenguard --help)\n",
               tokenguard::cli::printable_flag(command).c_str());
  return tokenguard::cli::kExitUsage;
}
