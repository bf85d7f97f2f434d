// The tokenguard tool's exit statuses, the same for every command.
#ifndef TOKENGUARD_CLI_EXIT_CODES_H_
#define TOKENGUARD_CLI_EXIT_CODES_H_

namespace tokenguard::cli {

inline constexpr int kExitValid = 0;    // valid (warnings allowed), or help printed
inline constexpr int kExitInvalid = 1;  // something checked is invalid (a malformed body included)
inline constexpr int kExitUsage = 2;    // a usage error, an unknown operation, an unreadable file

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_EXIT_CODES_H_
