#include "example_payloads.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tokenguard::testing {

std::vector<ExamplePayload> load_examples(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<ExamplePayload> out;
  const auto catalog = Catalog::embedded();
  for (const auto& op_dir : fs::directory_iterator(dir)) {
    const Operation* op = catalog->find(op_dir.path().filename().string());
    if (op == nullptr) continue;
    for (const auto& file : fs::directory_iterator(op_dir.path())) {
      const std::string name = file.path().filename().string();
      ExamplePayload e;
      e.operation = op;
      e.request = name.rfind("request.", 0) == 0;
      if (!e.request) {
        const std::string status = name.substr(9, 3);  // response.NNN.
        if (status.find('X') != std::string::npos) continue;
        e.status = std::stoi(status);
      }
      std::ifstream in(file.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      e.body = ss.str();
      out.push_back(std::move(e));
    }
  }
  return out;
}

CheckResult check_example(const ExamplePayload& e) {
  if (e.request) {
    HttpRequest req;
    req.body = e.body;
    return check_request(*e.operation, req);
  }
  return check_response(*e.operation, e.status, e.body);
}

void check_example(const ExamplePayload& e, CheckResult& into, const CheckOptions& options) {
  if (e.request) {
    HttpRequest req;
    req.body = e.body;
    check_request(*e.operation, req, options, into);
    return;
  }
  check_response(*e.operation, e.status, e.body, options, into);
}

}  // namespace tokenguard::testing
