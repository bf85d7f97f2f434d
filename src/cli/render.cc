#include "cli/render.h"

#include "text.h"

namespace tokenguard::cli {

using json = nlohmann::json;

json finding_json(const Finding& f) {
  return {{"severity", std::string(to_string(f.severity))},
          {"location", f.location},
          {"pointer", f.pointer},
          {"keyword", f.keyword},
          {"code", f.code},
          {"message", f.message}};
}

json findings_json(const CheckResult& r) {
  json a = json::array();
  for (const Finding& f : r.findings) a.push_back(finding_json(f));
  return a;
}

json result_json(const CheckResult& r) {
  json notes = json::array();
  for (const Note& n : r.notes) notes.push_back(n.text());
  return {{"valid", r.valid},
          {"operation", r.operation != nullptr ? json(r.operation->id) : json(nullptr)},
          {"findings", findings_json(r)},
          {"notes", notes}};
}

void print_json_line(const json& j, std::FILE* out) {
  std::fprintf(out, "%s\n", j.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
}

void print_result(const CheckResult& r, const std::string& what, bool as_json, std::FILE* out) {
  if (as_json) {
    print_json_line(result_json(r), out);
    return;
  }
  std::size_t errors = 0, warnings = 0;
  for (const Finding& f : r.findings) (f.severity == Severity::kError ? errors : warnings)++;
  std::fprintf(out, "%s  %s", r.valid ? "valid" : "invalid", what.c_str());
  if (errors + warnings > 0)
    std::fprintf(out, ": %zu error%s, %zu warning%s", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  std::fputc('\n', out);
  for (const Finding& f : r.findings) {
    const std::string where = f.location == "body" ? (f.pointer.empty() ? "/" : f.pointer)
                                                   : f.location + ":" + (f.pointer.empty() ? "" : f.pointer);
    std::fprintf(out, "  %-7s %-28s %-24s %s\n", std::string(to_string(f.severity)).c_str(),
                 detail::escaped(where, 200).c_str(), f.code.c_str(), f.message.c_str());
  }
  for (const Note& n : r.notes) std::fprintf(out, "  note    %s\n", n.text().c_str());
}

void print_finding_rows(std::FILE* out, const char* what, const CheckResult& r) {
  for (const Finding& f : r.findings)
    std::fprintf(out, "    %s %-7s %s%s%s  %s  %s\n", what, std::string(to_string(f.severity)).c_str(),
                 f.location == "body" ? "" : (f.location + ":").c_str(), detail::escaped(f.pointer, 120).c_str(),
                 f.pointer.empty() && f.location == "body" ? "/" : "", f.code.c_str(), f.message.c_str());
}

}  // namespace tokenguard::cli
