#include "json_tape.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "key_fold.h"
#include "semantic_keys.h"

namespace tokenguard::detail {

static_assert(kTapePadding == simdjson::SIMDJSON_PADDING);

struct TapeDocument::Parser {
  simdjson::dom::parser parser;
};

namespace {

constexpr std::uint64_t kPayload = 0x00FFFFFFFFFFFFFFULL;
// Past this, a parser's buffers are given back after the body.
constexpr std::size_t kKeepCapacity = std::size_t{4} << 20;

std::string_view key_at(const std::uint64_t* words, const std::uint8_t* strings, std::uint32_t index) {
  const std::uint8_t* at = strings + (words[index] & kPayload);
  std::uint32_t length = 0;
  std::memcpy(&length, at, sizeof length);
  return {reinterpret_cast<const char*>(at + sizeof length), length};
}

// Byte order, as std::string compares: most keys differ in their first
// bytes, so compare inline rather than through memcmp.
inline bool key_less(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  return a.size() < b.size();
}



// What the case-variant rule needs to know of a key's bytes (unescaped, as
// the string buffer holds them): whether it holds an ASCII upper-case
// letter, and whether it holds any byte past ASCII ("\u212a", the Kelvin
// sign, folds onto 'k': such keys take the general fold). For ASCII text,
// eight bytes at a time: a byte in 'A'..'Z' sets its high bit in
// (w + (0x80 - 'A')) & ~(w + (0x80 - 'Z' - 1)).
enum KeyFlag : unsigned { kKeyUpper = 1, kKeyNonAscii = 2 };
inline unsigned word_flags(std::uint64_t w) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  if ((w & kOnes * 0x80) != 0) return kKeyNonAscii;
  return ((w + kOnes * (0x80 - 'A')) & ~(w + kOnes * (0x80 - 'Z' - 1)) & kOnes * 0x80) != 0 ? unsigned{kKeyUpper} : 0u;
}
// Keys of 4 bytes or more are read as words, the last one overlapping the
// one before (a byte read twice changes nothing); shorter ones byte by byte.
inline unsigned key_flags(std::string_view k) noexcept {
  const char* p = k.data();
  const std::size_t n = k.size();
  if (n >= 8) {
    unsigned flags = 0;
    std::uint64_t w;
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      flags |= word_flags(w);
    }
    std::memcpy(&w, p + n - 8, 8);
    return flags | word_flags(w);
  }
  if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return word_flags(std::uint64_t{a} | std::uint64_t{b} << 32);
  }
  unsigned flags = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80) return kKeyNonAscii;
    if (static_cast<unsigned char>(c - 'A') < 26) flags = kKeyUpper;
  }
  return flags;
}

// A key's bytes, without the zeroing a std::string_view array would get.
struct KeyText {
  const char* data;
  std::size_t size;
  [[nodiscard]] std::string_view view() const noexcept { return {data, size}; }
};

}  // namespace

TapeDocument::TapeDocument() : parser_(std::make_unique<Parser>()) {}
TapeDocument::~TapeDocument() = default;

bool TapeDocument::parse(std::string_view bytes, bool padded, const InputLimits& limits) {
  const char* data = bytes.data();
  if (!padded) {
    if (copy_capacity_ < bytes.size() + kTapePadding) {
      copy_capacity_ = std::max<std::size_t>(bytes.size() + kTapePadding, 4096);
      copy_ = std::make_unique<char[]>(copy_capacity_);
    }
    std::memcpy(copy_.get(), bytes.data(), bytes.size());
    std::memset(copy_.get() + bytes.size(), 0, kTapePadding);
    data = copy_.get();
  }
  simdjson::dom::parser& p = parser_->parser;
  if (p.parse_into_document(p.doc, data, bytes.size(), false).error() != simdjson::SUCCESS) return false;
  return index(limits);
}

void TapeDocument::trim() {
  if (parser_->parser.capacity() > kKeepCapacity) parser_ = std::make_unique<Parser>();
  if (copy_capacity_ > kKeepCapacity) {
    copy_.reset();
    copy_capacity_ = 0;
  }
  if (keys_.capacity() * sizeof(std::uint32_t) > kKeepCapacity) keys_ = {};
  if (order_.capacity() * sizeof(TapeKey) > kKeepCapacity) order_ = {};
  for (auto* v : {&marks_, &lower_})
    if (v->capacity() * sizeof(std::uint64_t) > kKeepCapacity) *v = {};
}

// The index just past the value at `i` (a container's opening word holds
// it; numbers take two words).
inline std::uint32_t value_end(const std::uint64_t* words, std::uint32_t i) noexcept {
  const std::uint64_t w = words[i];
  switch (static_cast<char>(w >> 56)) {
    case '{':
    case '[': return static_cast<std::uint32_t>(w);
    case 'l':
    case 'u':
    case 'd': return i + 2;
    default: return i + 1;
  }
}

// One pass over the tape: depth, then each object's keys when it closes
// (found from its opening word: key, value, key, value...).
bool TapeDocument::index(const InputLimits& limits) {
  std::uint64_t* words = parser_->parser.doc.tape.get();
  const auto end = static_cast<std::uint32_t>(words[0] & kPayload);  // the closing root word
  frames_.clear();
  order_.clear();
  words_ = end;
  marks_.assign(end / 64 + 1, 0);
  lower_.assign(end / 64 + 1, 0);
  tape_.words = words;
  tape_.strings = parser_->parser.doc.string_buf.get();
  for (std::uint32_t i = 1; i < end;) {
    switch (static_cast<char>(words[i] >> 56)) {
      case '{':
      case '[':
        if (frames_.size() >= limits.max_depth) return false;
        frames_.push_back(Frame{i, false});
        ++i;
        break;
      case '}':
        if (!close_object(words, i, limits)) return false;
        close_frame();
        ++i;
        break;
      case ']':
        close_frame();
        ++i;
        break;
      case 'l':
      case 'u':
      case 'd':
        i += 2;
        break;
      default:
        ++i;
    }
  }
  tape_.order = order_.data();
  tape_.marks = marks_.data();
  tape_.lower = limits.case_variant_keys != CaseVariantKeys::kAllow ? lower_.data() : nullptr;
  return true;
}

// A closing object or array: marked when it holds a semantic member name,
// and then so is the one holding it.
void TapeDocument::close_frame() {
  const Frame f = frames_.back();
  frames_.pop_back();
  if (!f.semantic) return;
  marks_[f.open / 64] |= std::uint64_t{1} << (f.open % 64);
  if (!frames_.empty()) frames_.back().semantic = true;
}

// Sorts the closing object's keys by their bytes, refuses a repeated key
// (and, under the key rule, two keys equal under Go's case folding), and
// records the sorted keys' place in the closing word.
bool TapeDocument::close_object(std::uint64_t* words, std::uint32_t close, const InputLimits& limits) {
  const std::uint32_t open = frames_.back().open;
  const auto n = static_cast<std::uint32_t>((words[open] >> 32) & 0xFFFFFF);  // simdjson's member count
  if (n >= 0xFFFFFF) return false;
  std::uint32_t small[16];
  if (n > 16) keys_.resize(n);
  std::uint32_t* first = n <= 16 ? small : keys_.data();
  std::uint32_t found = 0;
  for (std::uint32_t j = open + 1; j < close && found < n; j = value_end(words, j + 1)) first[found++] = j;
  if (found != n) return false;  // (never: simdjson counts them so)
  const std::uint8_t* strings = tape_.strings;
  const bool fold = limits.case_variant_keys != CaseVariantKeys::kAllow;
  unsigned flags = 0;  // KeyFlag of any key
  bool semantic = false;  // a key the semantic checks look for
  if (n <= 16) {
    // Most objects: each key read once, then an insertion sort on the
    // (text, index) pairs, no call overhead (keys already in order, as
    // many encoders write them, cost one compare each).
    KeyText text[16];  // (left uninitialised: each slot below n is written first)
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::string_view t = key_at(words, strings, first[k]);
      text[k] = KeyText{t.data(), t.size()};
      if (fold) flags |= key_flags(t);
      semantic = semantic || semantic_key(t) != kNoSemanticKey;
    }
    for (std::uint32_t k = 1; k < n; ++k) {
      if (key_less(text[k - 1].view(), text[k].view())) continue;  // in order, and distinct
      const std::uint32_t x = first[k];
      const KeyText kx = text[k];
      std::uint32_t j = k;
      for (; j > 0 && key_less(kx.view(), text[j - 1].view()); --j) {
        first[j] = first[j - 1];
        text[j] = text[j - 1];
      }
      // kx is not below text[j - 1]: equal to it is a repeated key
      if (j > 0 && text[j - 1].size == kx.size && !key_less(text[j - 1].view(), kx.view())) return false;
      first[j] = x;
      text[j] = kx;
    }
    for (std::uint32_t k = 0; k < n; ++k)
      order_.push_back(TapeKey{text[k].data, static_cast<std::uint32_t>(text[k].size), first[k]});
  } else {
    std::sort(first, first + n, [&](std::uint32_t a, std::uint32_t b) {
      return key_less(key_at(words, strings, a), key_at(words, strings, b));
    });
    for (std::uint32_t k = 1; k < n; ++k)
      if (key_at(words, strings, first[k]) == key_at(words, strings, first[k - 1])) return false;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::string_view t = key_at(words, strings, first[k]);
      if (fold && (flags & kKeyNonAscii) == 0) flags |= key_flags(t);
      semantic = semantic || semantic_key(t) != kNoSemanticKey;
      order_.push_back(TapeKey{t.data(), static_cast<std::uint32_t>(t.size()), first[k]});
    }
  }
  // Two distinct ASCII keys that fold together differ by case somewhere,
  // so one of them holds an upper-case letter: an object of lower-case
  // ASCII keys (most) has no case variants.
  if (n < 2) {
    // no two keys to compare
  } else if (flags == kKeyUpper && n <= 32) {
    // Signatures into a small open-addressed table: each key meets only
    // the keys of its signature.
    constexpr std::uint32_t kSlots = 64;
    std::uint64_t sig[kSlots];
    std::uint32_t who[kSlots];
    std::uint64_t used = 0;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::string_view key = key_at(words, strings, first[k]);
      const std::uint64_t s = ascii_fold_signature(key);
      for (std::uint32_t slot = static_cast<std::uint32_t>((s * 0x9e3779b97f4a7c15ULL) >> 58);;
           slot = (slot + 1) % kSlots) {
        if ((used >> slot & 1) == 0) {
          used |= std::uint64_t{1} << slot;
          sig[slot] = s;
          who[slot] = first[k];
          break;
        }
        if (sig[slot] == s && equal_fold(key_at(words, strings, who[slot]), key)) return false;
      }
    }
  } else if (flags != 0 && !fold_variants_absent(words, first, n)) {
    return false;
  }
  if (semantic) frames_.back().semantic = true;
  if (fold && flags == 0) lower_[open / 64] |= std::uint64_t{1} << (open % 64);
  const auto offset = static_cast<std::uint32_t>(order_.size() - n);
  words[close] = (std::uint64_t{'}'} << 56) | (std::uint64_t{n} << 32) | offset;
  return true;
}

// The general case: keys of any text, any number. Equal folded text has an
// equal hash: compare only keys whose hashes meet (pairwise for a small
// object; otherwise by sorting hashes, then by folded text, so a crafted
// collision group costs n log n too).
bool TapeDocument::fold_variants_absent(const std::uint64_t* words, const std::uint32_t* first, std::uint32_t n) {
  const std::uint8_t* strings = tape_.strings;
  folds_.clear();
  for (std::uint32_t k = 0; k < n; ++k) folds_.push_back(fold_hash(key_at(words, strings, first[k])));
  if (n <= 32) {
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n; ++b)
        if (folds_[a] == folds_[b] && equal_fold(key_at(words, strings, first[a]), key_at(words, strings, first[b])))
          return false;
    return true;
  }
  std::sort(folds_.begin(), folds_.end());
  if (std::adjacent_find(folds_.begin(), folds_.end()) == folds_.end()) return true;
  std::vector<std::string> folded;
  folded.reserve(n);
  for (std::uint32_t k = 0; k < n; ++k) folded.push_back(fold_key(key_at(words, strings, first[k])));
  std::sort(folded.begin(), folded.end());
  return std::adjacent_find(folded.begin(), folded.end()) == folded.end();
}

namespace {

std::vector<std::unique_ptr<TapeDocument>>& tape_pool() {
  thread_local std::vector<std::unique_ptr<TapeDocument>> pool;
  return pool;
}
std::size_t& tapes_in_use() {
  thread_local std::size_t n = 0;
  return n;
}

}  // namespace

TapeLease::TapeLease() {
  auto& pool = tape_pool();
  std::size_t& used = tapes_in_use();
  if (pool.size() <= used) pool.push_back(std::make_unique<TapeDocument>());
  doc_ = pool[used++].get();
}

TapeLease::~TapeLease() {
  doc_->trim();
  --tapes_in_use();
}

}  // namespace tokenguard::detail
