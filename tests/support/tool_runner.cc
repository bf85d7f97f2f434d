#include "tool_runner.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

namespace tokenguard::testing {
namespace {

ToolRun run(const std::string& args, const std::string& input, const char* redirect) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string in_path = ::testing::TempDir() + "tokenguard_input_" +
                              (info != nullptr ? std::string(info->test_suite_name()) + "_" + info->name() : "x");
  {
    std::ofstream f(in_path, std::ios::binary);
    f << input;
  }
  const std::string cmd = std::string(TOKENGUARD_CLI) + " " + args + " < " + in_path + " " + redirect;
  ToolRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace

ToolRun run_tool(const std::string& args, const std::string& input) { return run(args, input, "2>&1"); }
ToolRun run_tool_stdout(const std::string& args, const std::string& input) { return run(args, input, "2>/dev/null"); }

}  // namespace tokenguard::testing
