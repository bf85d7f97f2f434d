// The batch commands: `check-har` (an HTTP Archive) and `check-lines`
// (NDJSON exchange records, streamed).
#ifndef TOKENGUARD_CLI_BATCH_COMMAND_H_
#define TOKENGUARD_CLI_BATCH_COMMAND_H_

#include <cstdio>
#include <span>
#include <string_view>

namespace tokenguard::cli {

int run_check_har(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err);
int run_check_lines(std::span<const std::string_view> args, std::FILE* in, std::FILE* out, std::FILE* err);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_BATCH_COMMAND_H_
