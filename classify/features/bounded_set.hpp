// A set that stops growing at a cap: distinct counts stay exact up to the cap and then
// saturate (reported as "at least cap"), so a flood of addresses cannot grow memory.
#pragma once

#include <cstddef>
#include <unordered_set>

namespace gp {

template <typename T, typename Hash = std::hash<T>>
class BoundedSet {
 public:
  explicit BoundedSet(std::size_t cap = 4096) : cap_(cap) {}
  void insert(const T& v) {
    if (set_.size() < cap_) set_.insert(v);
    else if (!set_.contains(v)) saturated_ = true;
  }
  std::size_t size() const { return set_.size(); }
  bool saturated() const { return saturated_; }

 private:
  std::size_t cap_;
  std::unordered_set<T, Hash> set_;
  bool saturated_ = false;
};

}  // namespace gp
