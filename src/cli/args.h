// The command line's one argument parser.
//
//   static constexpr FlagSpec kFlags[] = {{"--json"}, {"--status", true}, {"--header", true, true}};
//   Args a = Args::parse(args, kFlags);
//   if (!a.ok()) return usage(err, "check", a.error());
//   if (a.has("--json")) ...;  a.value("--status");  a.values("--header");  a.positionals();
//
// Flags take their value as "--flag value" or "--flag=value"; a flag given
// twice keeps its last value unless it is repeatable; "-" is a positional
// (standard input) and "--" ends the flags. Usage errors never quote an
// argument's value: a mistyped "--header=Authorization: Bearer ..." is
// reported by its name alone, and a stray positional by its position, since
// either may carry a credential.
#ifndef TOKENGUARD_CLI_ARGS_H_
#define TOKENGUARD_CLI_ARGS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tokenguard::cli {

struct FlagSpec {
  std::string_view name;     // with its dashes: "--status"
  bool takes_value = false;
  bool repeatable = false;   // values() keeps every one
  std::string_view alias{};  // another spelling, e.g. "-h"
};

class Args {
 public:
  [[nodiscard]] static Args parse(std::span<const std::string_view> args, std::span<const FlagSpec> flags);

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] bool has(std::string_view flag) const;
  // The last value given (nullopt when the flag is absent).
  [[nodiscard]] std::optional<std::string_view> value(std::string_view flag) const;
  [[nodiscard]] std::vector<std::string_view> values(std::string_view flag) const;
  [[nodiscard]] const std::vector<std::string_view>& positionals() const noexcept { return positionals_; }

 private:
  std::vector<std::pair<std::string_view, std::string_view>> given_;  // (flag name, value)
  std::vector<std::string_view> positionals_;
  std::string error_;
};

// An argument's flag name, safe to print: up to the first '=', and only
// when it is made of letters, digits and dashes (else "an option").
[[nodiscard]] std::string printable_flag(std::string_view arg);

// A file name or operation id from the command line, for a message: quoted
// when it is made of the characters names and paths use (letters, digits,
// . _ - / ~ +), at most 200 of them; otherwise "(an argument not shown)",
// since an argument out of place may be a header value.
[[nodiscard]] std::string printable_arg(std::string_view arg);

}  // namespace tokenguard::cli

#endif  // TOKENGUARD_CLI_ARGS_H_
