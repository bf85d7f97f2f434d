#include "parse_command.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <string>

#include "args.h"
#include "tokenguard/cidr.h"
#include "tokenguard/datetime.h"
#include "tokenguard/duration.h"
#include "tokenguard/uuid.h"

namespace tokenguard::cli {
namespace {

// Buffered writer over a FILE*: one fwrite per 64 KiB, not per line.
class Output {
 public:
  explicit Output(std::FILE* f) : file_(f) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { flush(); }

  void put(std::string_view s) {
    if (s.size() > buffer_.size() - used_) flush();
    if (s.size() > buffer_.size()) {
      std::fwrite(s.data(), 1, s.size(), file_);
      return;
    }
    std::copy(s.begin(), s.end(), buffer_.begin() + static_cast<std::ptrdiff_t>(used_));
    used_ += s.size();
  }
  template <class Int>
  void put_int(Int v) {
    std::array<char, 24> digits{};
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), v);
    (void)ec;  // 24 bytes always hold an int64
    put({digits.data(), static_cast<std::size_t>(end - digits.data())});
  }
  void flush() {
    if (used_ > 0) std::fwrite(buffer_.data(), 1, used_, file_);
    used_ = 0;
    std::fflush(file_);
  }

 private:
  std::FILE* file_;
  std::array<char, 1 << 16> buffer_{};
  std::size_t used_ = 0;
};

// Writes "ok <canonical>" or "error <reason>" for one value; returns ok.
using Checker = bool (*)(std::string_view value, Output& out);

template <class T>
bool report_error(const ParseResult<T>& r, Output& out) {
  out.put("error ");
  out.put(r.error().message());
  out.put("\n");
  return false;
}

bool check_duration(std::string_view v, Output& out) {
  const auto r = parse_duration(v);
  if (!r.ok()) return report_error(r, out);
  out.put("ok ");
  out.put_int(r.value().nanoseconds);
  out.put("\n");
  return true;
}

bool check_cidr(std::string_view v, Output& out) {
  const auto r = parse_prefix(v);
  if (!r.ok()) return report_error(r, out);
  std::array<char, kMaxPrefixText> buffer{};
  out.put("ok ");
  out.put(format_prefix(r.value().masked(), buffer));
  out.put("\n");
  return true;
}

void put_instant(Output& out, std::int64_t seconds, std::uint32_t nanos, int offset) {
  out.put("ok ");
  out.put_int(seconds);
  out.put(" ");
  out.put_int(nanos);
  out.put(" ");
  out.put_int(offset);
  out.put("\n");
}

bool check_date_time(std::string_view v, Output& out) {
  const auto r = parse_date_time(v);
  if (!r.ok()) return report_error(r, out);
  put_instant(out, r.value().unix_seconds, r.value().nanoseconds,
              r.value().time.offset_seconds);
  return true;
}

bool check_date(std::string_view v, Output& out) {
  const auto r = parse_date(v);
  if (!r.ok()) return report_error(r, out);
  out.put("ok ");
  out.put_int(r.value().days_since_epoch * 86400);
  out.put("\n");
  return true;
}

bool check_time(std::string_view v, Output& out) {
  const auto r = parse_time(v);
  if (!r.ok()) return report_error(r, out);
  put_instant(out, r.value().utc_seconds_of_day, r.value().nanosecond,
              r.value().offset_seconds);
  return true;
}

bool check_uuid(std::string_view v, Output& out) {
  const auto r = parse_uuid(v);
  if (!r.ok()) return report_error(r, out);
  std::array<char, kUuidText> buffer{};
  out.put("ok ");
  out.put(format_uuid(r.value(), buffer));
  out.put("\n");
  return true;
}

bool check_identifier(std::string_view v, Output& out) {
  const auto r = parse_hex_id(v);
  if (!r.ok()) return report_error(r, out);
  std::array<char, kHexIdText> buffer{};
  out.put("ok ");
  out.put(format_hex_id(r.value(), buffer));
  out.put("\n");
  return true;
}

struct Kind {
  std::string_view name;
  Checker check;
};

constexpr std::array<Kind, 7> kKinds = {{
    {"duration", check_duration},
    {"cidr", check_cidr},
    {"date-time", check_date_time},
    {"date", check_date},
    {"time", check_time},
    {"uuid", check_uuid},
    {"identifier", check_identifier},
}};

}  // namespace

void print_parse_help(std::FILE* out) {
  std::fputs(
      "usage: tokenguard parse KIND [VALUE...]\n"
      "\n"
      "Checks each VALUE (or, with none, each line of standard input) against a\n"
      "value grammar and prints one line per value, in order:\n"
      "  ok <canonical>     the value is valid\n"
      "  error <reason>     it is not, and why (with the byte offset)\n"
      "\n"
      "KIND and the canonical form it prints:\n"
      "  duration     Go duration; integer nanoseconds        2h45m -> 9900000000000\n"
      "  cidr         CIDR prefix; the masked prefix          10.1.2.3/8 -> 10.0.0.0/8\n"
      "  date-time    RFC 3339; <unix seconds> <ns> <offset seconds>\n"
      "  date         RFC 3339 full-date; unix seconds at 00:00Z\n"
      "  time         RFC 3339 full-time; <UTC seconds of day> <ns> <offset seconds>\n"
      "  uuid         8-4-4-4-12 hex; lower case\n"
      "  identifier   32 hex digits (Cloudflare ids); lower case\n"
      "\n"
      "A line's trailing \\r is part of its value. Exit status: 0 when every value\n"
      "is valid, 1 when any is not, 2 for a usage error.\n"
      "\n"
      "example:\n"
      "  tokenguard parse duration 2h45m 1d\n"
      "  printf '10.0.0.1/8\\n::ffff:1.2.3.4/120\\n' | tokenguard parse cidr\n",
      out);
}

int run_parse(std::span<const std::string_view> args, std::FILE* in, std::FILE* out,
              std::FILE* err) {
  if (args.empty()) {
    std::fputs("tokenguard parse: missing KIND (see tokenguard parse --help)\n", err);
    return kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    print_parse_help(out);
    return kExitValid;
  }
  Checker check = nullptr;
  for (const Kind& k : kKinds) {
    if (k.name == args[0]) check = k.check;
  }
  if (check == nullptr) {
    std::fprintf(err,
                 "tokenguard parse: unknown KIND %s; expected one of duration, cidr, "
                 "date-time, date, time, uuid, identifier\n",
                 printable_flag(args[0]).c_str());
    return kExitUsage;
  }

  Output output(out);
  bool all_ok = true;
  if (args.size() > 1) {
    for (const std::string_view v : args.subspan(1)) all_ok = check(v, output) && all_ok;
    return all_ok ? kExitValid : kExitInvalid;
  }
  char* line = nullptr;
  std::size_t capacity = 0;
  ssize_t n = 0;
  while ((n = getline(&line, &capacity, in)) >= 0) {
    std::string_view v(line, static_cast<std::size_t>(n));
    if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
    all_ok = check(v, output) && all_ok;
  }
  std::free(line);
  if (std::ferror(in)) {
    output.flush();
    std::fputs("tokenguard parse: error reading standard input\n", err);
    return kExitUsage;
  }
  return all_ok ? kExitValid : kExitInvalid;
}

}  // namespace tokenguard::cli
