// The bundled request and response examples
// (schemas/examples/catalog/<operation>/<kind>[.<status>].<verdict>...json),
// loaded for tests and the soak that replay them.
#ifndef TOKENGUARD_TESTS_EXAMPLE_PAYLOADS_H_
#define TOKENGUARD_TESTS_EXAMPLE_PAYLOADS_H_

#include <string>
#include <vector>

#include "tokenguard/check.h"

namespace tokenguard::testing {

struct ExamplePayload {
  const Operation* operation = nullptr;
  bool request = true;
  int status = 0;  // responses only
  std::string body;
};

// Every example whose status is a number (range examples such as 4XX are
// left out), in directory order.
[[nodiscard]] std::vector<ExamplePayload> load_examples(const std::string& dir);

// Checks one example the way it was bundled: a request body or a response.
[[nodiscard]] CheckResult check_example(const ExamplePayload& e);
// The same into a caller's result, filled in place.
void check_example(const ExamplePayload& e, CheckResult& into, const CheckOptions& options = {});

}  // namespace tokenguard::testing

#endif  // TOKENGUARD_TESTS_EXAMPLE_PAYLOADS_H_
