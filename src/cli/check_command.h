// The `check` command.
#ifndef TOKENGUARD_CLI_CHECK_COMMAND_H_
#define TOKENGUARD_CLI_CHECK_COMMAND_H_

#include <cstdio>
#include <span>
#include <string_view>

namespace tokenguard::cli {

int run_check(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_CHECK_COMMAND_H_
