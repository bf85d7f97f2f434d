// Helpers shared by the tokenguard commands.
#ifndef TOKENGUARD_CLI_CLI_UTIL_H_
#define TOKENGUARD_CLI_CLI_UTIL_H_

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tokenguard/catalog.h"
#include "cli/exit_codes.h"
#include "cli/render.h"
#include "tokenguard/check.h"

namespace tokenguard::cli {

// A file, or standard input for "-", up to max_bytes (what lies beyond is
// not read: a caller passes its size limit plus one, so an oversized input
// is reported as too large without being held in memory); nullopt when it
// cannot be read.
std::optional<std::string> read_input(std::string_view name, std::FILE* in,
                                      std::size_t max_bytes = static_cast<std::size_t>(-1));

// The user's OpenAPI document (a file, with the files its $refs name beside
// it; or "-", standard input), or nullptr with `error` set.
std::shared_ptr<const Catalog> load_openapi_document(std::string_view file, std::FILE* in, const OpenApiOptions& options,
                                                     std::string& error);

// Ends the process with `status` once the output is flushed, without
// freeing what the commands kept (a loaded document); sanitizer builds
// return instead, so that the teardown is checked too.
int exit_now(int status);

// Prints "tokenguard COMMAND: MESSAGE (see tokenguard COMMAND --help)" and
// returns the usage exit status.
int usage(std::FILE* err, const char* command, const std::string& message);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_CLI_UTIL_H_
