// Runs the built tokenguard tool as a child process, for the command tests.
#ifndef TOKENGUARD_TESTS_TOOL_RUNNER_H_
#define TOKENGUARD_TESTS_TOOL_RUNNER_H_

#include <string>

namespace tokenguard::testing {

struct ToolRun {
  int status = -1;  // exit status, or -1 when it did not exit normally
  std::string out;  // standard output and standard error, interleaved
};

// Runs `tokenguard ARGS` (ARGS are shell words) with `input` on standard
// input. Each test gets its own input file, since ctest runs tests in parallel.
ToolRun run_tool(const std::string& args, const std::string& input = "");

// Standard output only; standard error goes to /dev/null.
ToolRun run_tool_stdout(const std::string& args, const std::string& input = "");

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_TOOL_RUNNER_H_
