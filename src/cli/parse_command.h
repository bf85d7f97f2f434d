// The `tokenguard parse KIND [VALUE...]` command.
#ifndef TOKENGUARD_CLI_PARSE_COMMAND_H_
#define TOKENGUARD_CLI_PARSE_COMMAND_H_

#include <cstdio>
#include <span>
#include <string_view>

#include "cli/exit_codes.h"

namespace tokenguard::cli {

// args are the words after "parse". Values come from args or, when there are
// none, from `in`, one per line. Results go to `out`, usage errors to `err`.
int run_parse(std::span<const std::string_view> args, std::FILE* in, std::FILE* out,
              std::FILE* err);

void print_parse_help(std::FILE* out);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_PARSE_COMMAND_H_
