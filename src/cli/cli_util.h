// Helpers shared by the tokenguard commands.
#ifndef TOKENGUARD_CLI_CLI_UTIL_H_
#define TOKENGUARD_CLI_CLI_UTIL_H_

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace tokenguard::cli {

// A whole file, or standard input for "-"; nullopt when it cannot be read.
std::optional<std::string> read_input(std::string_view name, std::FILE* in);

// Prints "tokenguard COMMAND: MESSAGE (see tokenguard COMMAND --help)" and
// returns the usage exit status.
int usage(std::FILE* err, const char* command, const std::string& message);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_CLI_UTIL_H_
