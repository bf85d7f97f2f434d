#include "args.h"

namespace tokenguard::cli {

std::string printable_flag(std::string_view arg) {
  const std::string_view name = arg.substr(0, arg.find('='));
  if (name.size() > 40) return "an option";
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return "an option";
  return "\"" + std::string(name) + "\"";
}

std::string printable_arg(std::string_view arg) {
  if (arg.empty() || arg.size() > 200) return "(an argument not shown)";
  for (const char c : arg)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-' || c == '/' || c == '~' || c == '+'))
      return "(an argument not shown)";
  return "\"" + std::string(arg) + "\"";
}

Args Args::parse(std::span<const std::string_view> args, std::span<const FlagSpec> flags) {
  Args a;
  bool flags_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (flags_done || arg.empty() || arg[0] != '-' || arg == "-") {
      a.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    const std::size_t eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& f : flags)
      if (f.name == name || (!f.alias.empty() && f.alias == name)) spec = &f;
    if (spec == nullptr) {
      a.error_ = "unknown option " + printable_flag(arg);
      return a;
    }
    std::string_view value;
    if (spec->takes_value) {
      if (eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        a.error_ = std::string(spec->name) + " needs a value";
        return a;
      }
    } else if (eq != std::string_view::npos) {
      a.error_ = std::string(spec->name) + " takes no value";
      return a;
    }
    if (!spec->repeatable) std::erase_if(a.given_, [&](const auto& g) { return g.first == spec->name; });
    a.given_.emplace_back(spec->name, value);
  }
  return a;
}

bool Args::has(std::string_view flag) const {
  for (const auto& g : given_)
    if (g.first == flag) return true;
  return false;
}

std::optional<std::string_view> Args::value(std::string_view flag) const {
  std::optional<std::string_view> v;
  for (const auto& g : given_)
    if (g.first == flag) v = g.second;
  return v;
}

std::vector<std::string_view> Args::values(std::string_view flag) const {
  std::vector<std::string_view> v;
  for (const auto& g : given_)
    if (g.first == flag) v.push_back(g.second);
  return v;
}

}  // namespace tokenguard::cli
