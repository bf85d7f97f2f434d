// Internal: untrusted bytes onto simdjson's DOM tape, hardened, for the
// checks from bytes.
//
//   TapeLease tape;                          // this thread's parser, reused
//   if (tape->parse(body, padded, limits)) check(tape->root());
//   else fall_back_to(parse_json(body, limits));   // which says why
//
// simdjson validates the UTF-8, the grammar (no trailing bytes, no NUL, no
// byte order mark) and the numbers. One pass over the tape then enforces
// what simdjson does not: the depth limit, no duplicate keys, and (under
// the key rule) no two keys of one object that Go's encoding/json would
// read as one; and it writes, for each object, its keys in byte order, so
// TapeView reads members in the same order as JsonView (value_view.h).
//
// parse() returns false for anything it does not accept; the caller then
// reads the body with parse_json, whose finding names the problem and its
// place, and which also reads what simdjson refuses but JSON allows (an
// integer past 64 bits, read as a double). Valid bodies never take that
// path, so a refusal costs a second read only on the failing path.
#ifndef TOKENGUARD_SRC_JSON_TAPE_H_
#define TOKENGUARD_SRC_JSON_TAPE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <vector>

#include "schema/quick_plan.h"
#include "schema/value_view.h"
#include "tokenguard/json_input.h"

namespace tokenguard::detail {

// Bytes simdjson may read past the end of a body (SIMDJSON_PADDING).
inline constexpr std::size_t kTapePadding = 64;

class TapeDocument {
 public:
  TapeDocument();
  ~TapeDocument();
  TapeDocument(const TapeDocument&) = delete;
  TapeDocument& operator=(const TapeDocument&) = delete;

  // `padded`: kTapePadding bytes after `bytes` may be read (their values do
  // not matter); otherwise the bytes are copied into a reused buffer.
  [[nodiscard]] bool parse(std::string_view bytes, bool padded, const InputLimits& limits) {
    return load(bytes, padded) && index(limits);
  }
  // parse() in its two steps: simdjson's parse alone (raw() is then its
  // tape, as simdjson wrote it), then the hardening pass, after which
  // root() reads the tape.
  [[nodiscard]] bool load(std::string_view bytes, bool padded);
  [[nodiscard]] bool index(const InputLimits& limits);
  [[nodiscard]] RawTape raw() const noexcept;
  [[nodiscard]] TapeView root() const noexcept { return TapeView(&tape_, 1); }
  // The tape's length in words: a bound on the values, members and items.
  [[nodiscard]] std::size_t words() const noexcept { return words_; }
  // Gives back memory past what a 4 MiB body needs (called between bodies).
  void trim();

 private:
  struct Frame {
    std::uint32_t open;  // the tape index of the '{' or '['
    bool semantic;       // a member name the semantic checks look for is inside
  };
  bool close_object(std::uint64_t* words, std::uint32_t close, const InputLimits& limits);
  void close_frame();
  bool fold_variants_absent(std::span<const TapeKey> keys);

  struct Parser;  // simdjson's, kept out of this header
  std::unique_ptr<Parser> parser_;
  static constexpr std::size_t kCopyAlignment = 64;
  struct AlignedDelete {
    void operator()(char* p) const noexcept { ::operator delete[](p, std::align_val_t{kCopyAlignment}); }
  };
  std::unique_ptr<char, AlignedDelete> copy_;
  std::size_t copy_capacity_ = 0;
  std::vector<TapeKey> order_;        // each object's members, sorted by key
  std::vector<Frame> frames_;
  std::vector<std::uint64_t> folds_;  // scratch: folded-key hashes (or signatures) of one object
  std::vector<std::uint64_t> marks_;  // Tape::marks
  std::vector<std::uint64_t> lower_;  // Tape::lower
  Tape tape_;
  std::size_t words_ = 0;
};

// This thread's TapeDocument, for one check (leases nest).
class TapeLease {
 public:
  TapeLease();
  ~TapeLease();
  TapeLease(const TapeLease&) = delete;
  TapeLease& operator=(const TapeLease&) = delete;
  TapeDocument* operator->() const noexcept { return doc_; }
  TapeDocument& operator*() const noexcept { return *doc_; }

 private:
  TapeDocument* doc_;
  std::size_t* used_;  // this thread's count of leases
};

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_JSON_TAPE_H_
