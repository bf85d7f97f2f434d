// The `tokenguard parse KIND [VALUE...]` command.
#ifndef TOKENGUARD_CLI_PARSE_COMMAND_H_
#define TOKENGUARD_CLI_PARSE_COMMAND_H_

#include <cstdio>
#include <span>
#include <string_view>

namespace tokenguard::cli {

// Exit codes shared by every command.
inline constexpr int kExitValid = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

// args are the words after "parse". Values come from args or, when there are
// none, from `in`, one per line. Results go to `out`, usage errors to `err`.
int run_parse(std::span<const std::string_view> args, std::FILE* in, std::FILE* out,
              std::FILE* err);

void print_parse_help(std::FILE* out);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_PARSE_COMMAND_H_
