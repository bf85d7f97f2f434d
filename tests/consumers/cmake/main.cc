// Checks one request through an installed tokenguard's C++ API.
#include <cstdio>

#include "tokenguard/check.h"

int main() {
  auto catalog = tokenguard::Catalog::embedded();
  tokenguard::HttpRequest req;
  req.method = "PUT";
  req.path = "/user/tokens/ed17574386854bf78a67040be0a770b0";
  req.body = R"({"name": "ci", "policies": [], "expires_on": "2030-01-01T00:00:00Z"})";
  const tokenguard::CheckResult ok = tokenguard::check_request(*catalog, req);
  req.body = R"({"name": "ci", "policies": [], "expires_on": "tomorrow"})";
  const tokenguard::CheckResult bad = tokenguard::check_request(*catalog, req);
  std::printf("valid=%d invalid=%d operation=%s\n", ok.valid ? 1 : 0, bad.valid ? 0 : 1, ok.operation->id.c_str());
  return ok.valid && !bad.valid ? 0 : 1;
}
