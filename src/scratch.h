// Internal: scratch containers reused within a thread, so a check allocates
// nothing once the thread has seen a body of its size.
//
//   Reused<std::vector<Range>> entries;   // empty, with last time's capacity
//   entries->push_back(r);
//
// Leases nest (a lease taken while another of the same type is held gets
// the next pool entry), and are given back in the reverse order, as scopes
// end. A container grown past kKeepBytes is released when given back, so a
// thread that once checked a very large body does not keep its memory.
#ifndef TOKENGUARD_SRC_SCRATCH_H_
#define TOKENGUARD_SRC_SCRATCH_H_

#include <cstddef>
#include <memory>
#include <vector>

namespace tokenguard::detail {

template <class T>
class Reused {
 public:
  static constexpr std::size_t kKeepBytes = std::size_t{1} << 22;

  Reused() {
    auto& p = pool();
    std::size_t& used = in_use();
    if (p.size() <= used) p.push_back(std::make_unique<T>());
    item_ = p[used++].get();
    item_->clear();
  }
  ~Reused() {
    if (item_->capacity() * sizeof(typename T::value_type) > kKeepBytes) *item_ = T();
    --in_use();
  }
  Reused(const Reused&) = delete;
  Reused& operator=(const Reused&) = delete;

  T& operator*() const noexcept { return *item_; }
  T* operator->() const noexcept { return item_; }

 private:
  static std::vector<std::unique_ptr<T>>& pool() {
    thread_local std::vector<std::unique_ptr<T>> p;
    return p;
  }
  static std::size_t& in_use() {
    thread_local std::size_t n = 0;
    return n;
  }
  T* item_;
};

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCRATCH_H_
