// The `validate` and `lint` commands: the user's own JSON Schema or
// OpenAPI document.
#ifndef TOKENGUARD_CLI_VALIDATE_COMMAND_H_
#define TOKENGUARD_CLI_VALIDATE_COMMAND_H_

#include <cstdio>
#include <span>
#include <string_view>

namespace tokenguard::cli {

int run_validate(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err);
int run_lint(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_VALIDATE_COMMAND_H_
