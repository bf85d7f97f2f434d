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

// Past this, a parser's buffers are given back after the body.
constexpr std::size_t kKeepCapacity = std::size_t{4} << 20;

}  // namespace

TapeDocument::TapeDocument() : parser_(std::make_unique<Parser>()) {}
TapeDocument::~TapeDocument() = default;

bool TapeDocument::load(std::string_view bytes, bool padded) {
  const char* data = bytes.data();
  if (!padded) {
    if (copy_capacity_ < bytes.size() + kTapePadding) {
      copy_capacity_ = std::max<std::size_t>(bytes.size() + kTapePadding, 4096);
      // 64-byte aligned, as simdjson reads it in 64-byte blocks. Set
      // once: the padding past a body is read, whatever it holds (an
      // earlier body's bytes, or these zeros).
      copy_.reset(static_cast<char*>(::operator new[](copy_capacity_, std::align_val_t{kCopyAlignment})));
      std::memset(copy_.get(), 0, copy_capacity_);
    }
    std::memcpy(copy_.get(), bytes.data(), bytes.size());
    data = copy_.get();
  }
  simdjson::dom::parser& p = parser_->parser;
  return p.parse_into_document(p.doc, data, bytes.size(), false).error() == simdjson::SUCCESS;
}

RawTape TapeDocument::raw() const noexcept {
  return RawTape{parser_->parser.doc.tape.get(), parser_->parser.doc.string_buf.get()};
}

void TapeDocument::trim() {
  if (parser_->parser.capacity() > kKeepCapacity) parser_ = std::make_unique<Parser>();
  if (copy_capacity_ > kKeepCapacity) {
    copy_.reset();
    copy_capacity_ = 0;
  }
  if (order_.capacity() * sizeof(TapeKey) > kKeepCapacity) order_ = {};
  for (auto* v : {&marks_, &lower_})
    if (v->capacity() * sizeof(std::uint64_t) > kKeepCapacity) *v = {};
}

// One pass over the tape: depth, then each object's keys when it closes
// (found from its opening word: key, value, key, value...).
bool TapeDocument::index(const InputLimits& limits) {
  std::uint64_t* words = parser_->parser.doc.tape.get();
  const auto end = static_cast<std::uint32_t>(words[0] & kTapePayload);  // the closing root word
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
  set_bit(marks_.data(), f.open);
  if (!frames_.empty()) frames_.back().semantic = true;
}

// Sorts the closing object's keys by their bytes, refuses a repeated key
// (and, under the key rule, two keys equal under Go's case folding), and
// records the sorted keys' place in the closing word.
bool TapeDocument::close_object(std::uint64_t* words, std::uint32_t close, const InputLimits& limits) {
  const std::uint32_t open = frames_.back().open;
  const auto n = static_cast<std::uint32_t>((words[open] >> 32) & 0xFFFFFF);  // simdjson's member count
  if (n >= 0xFFFFFF) return false;
  const bool fold = limits.case_variant_keys != CaseVariantKeys::kAllow;
  unsigned flags = 0;     // AsciiCase of any key
  bool semantic = false;  // a key the semantic checks look for
  // Each key read once, straight into the member index.
  const auto offset = static_cast<std::uint32_t>(order_.size());
  for (std::uint32_t j = open + 1; j < close; j = tape_after(words, j + 1)) {
    const std::string_view t = tape_string(tape_.strings, words[j]);
    if (fold && (flags & kNonAscii) == 0) flags |= ascii_case(t);
    semantic = semantic || semantic_key(t) != kNoSemanticKey;
    order_.push_back(TapeKey{t.data(), static_cast<std::uint32_t>(t.size()), j});
  }
  if (order_.size() - offset != n) return false;  // (never: simdjson counts them so)
  TapeKey* keys = order_.data() + offset;
  const auto less = [](const TapeKey& a, const TapeKey& b) { return key_less(a.text(), b.text()); };
  if (n <= 16) {
    // Most objects: an insertion sort, no call overhead (keys already in
    // order, as many encoders write them, cost one compare each).
    for (std::uint32_t k = 1; k < n; ++k) {
      if (less(keys[k - 1], keys[k])) continue;  // in order, and distinct
      const TapeKey x = keys[k];
      std::uint32_t j = k;
      for (; j > 0 && less(x, keys[j - 1]); --j) keys[j] = keys[j - 1];
      // x is not below keys[j - 1]: equal to it is a repeated key
      if (j > 0 && keys[j - 1].size == x.size && !less(keys[j - 1], x)) return false;
      keys[j] = x;
    }
  } else {
    std::sort(keys, keys + n, less);
    for (std::uint32_t k = 1; k < n; ++k)
      if (keys[k].text() == keys[k - 1].text()) return false;
  }
  // Two distinct ASCII keys that fold together differ by case somewhere,
  // so one of them holds an upper-case letter: an object of lower-case
  // ASCII keys (most) has no case variants.
  if (n < 2) {
    // no two keys to compare
  } else if (flags == kHasUpper && n <= 32) {
    // Signatures into a small open-addressed table: each key meets only
    // the keys of its signature.
    constexpr std::uint32_t kSlots = 64;
    std::uint64_t sig[kSlots];
    std::uint32_t who[kSlots];
    std::uint64_t used = 0;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::string_view key = keys[k].text();
      const std::uint64_t s = ascii_fold_signature(key);
      for (std::uint32_t slot = static_cast<std::uint32_t>((s * 0x9e3779b97f4a7c15ULL) >> 58);;
           slot = (slot + 1) % kSlots) {
        if ((used >> slot & 1) == 0) {
          used |= std::uint64_t{1} << slot;
          sig[slot] = s;
          who[slot] = k;
          break;
        }
        if (sig[slot] == s && equal_fold(keys[who[slot]].text(), key)) return false;
      }
    }
  } else if (flags != 0 && !fold_variants_absent(std::span<const TapeKey>(keys, n))) {
    return false;
  }
  if (semantic) frames_.back().semantic = true;
  if (fold && flags == 0) set_bit(lower_.data(), open);
  words[close] = (std::uint64_t{'}'} << 56) | (std::uint64_t{n} << 32) | offset;
  return true;
}

// The general case: keys of any text, any number. Equal folded text has an
// equal hash: compare only keys whose hashes meet (pairwise for a small
// object; otherwise by sorting hashes, then by folded text, so a crafted
// collision group costs n log n too).
bool TapeDocument::fold_variants_absent(std::span<const TapeKey> keys) {
  const std::size_t n = keys.size();
  folds_.clear();
  for (const TapeKey& k : keys) folds_.push_back(fold_hash(k.text()));
  if (n <= 32) {
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b)
        if (folds_[a] == folds_[b] && equal_fold(keys[a].text(), keys[b].text())) return false;
    return true;
  }
  std::sort(folds_.begin(), folds_.end());
  if (std::adjacent_find(folds_.begin(), folds_.end()) == folds_.end()) return true;
  std::vector<std::string> folded;
  folded.reserve(n);
  for (const TapeKey& k : keys) folded.push_back(fold_key(k.text()));
  std::sort(folded.begin(), folded.end());
  return std::adjacent_find(folded.begin(), folded.end()) == folded.end();
}

namespace {

// This thread's documents, and how many are leased (leases nest), in one
// thread-local object: one lookup per lease.
struct TapePool {
  std::vector<std::unique_ptr<TapeDocument>> docs;
  std::size_t used = 0;
};

TapePool& tape_pool() {
  thread_local TapePool pool;
  return pool;
}

}  // namespace

TapeLease::TapeLease() {
  TapePool& pool = tape_pool();
  if (pool.docs.size() <= pool.used) pool.docs.push_back(std::make_unique<TapeDocument>());
  doc_ = pool.docs[pool.used++].get();
  used_ = &pool.used;
}

TapeLease::~TapeLease() {
  doc_->trim();
  --*used_;
}

}  // namespace tokenguard::detail
