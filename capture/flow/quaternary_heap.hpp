// A priority queue as a 4-ary heap, for the flow table's timers. Against the binary heap of
// std::push_heap/pop_heap it has half the levels, and the four children of a node sit side
// by side in memory: a pop from a queue far larger than the cache (hundreds of thousands
// of timers) misses the cache at about half as many levels.
//
// `Later(a, b)` is true when `a` is due after `b`; the earliest entry is on top. When no two
// entries tie under it (the timers break ties by insertion order), entries come out in
// exactly one order whatever the heap's shape: the same as any other priority queue's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace gp {

template <class T, class Later>
class QuaternaryHeap {
 public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  // Entries it holds before the next push() has to move them all to a larger array.
  std::size_t capacity() const { return items_.capacity(); }
  void reserve(std::size_t n) { items_.reserve(n); }
  const T& top() const { return items_.front(); }

  void push(const T& value) {
    std::size_t i = items_.size();
    items_.push_back(value);
    while (i > 0) {  // the new entry rises past every parent due after it
      const std::size_t parent = (i - 1) / kArity;
      if (!later_(items_[parent], value)) break;
      items_[i] = items_[parent];
      i = parent;
    }
    items_[i] = value;
  }

  // Removes and returns the earliest entry. Not on an empty heap.
  T pop() {
    const T earliest = items_.front();
    const T last = items_.back();
    items_.pop_back();
    if (!items_.empty()) sift_down(0, last);
    return earliest;
  }

  template <class Predicate>
  void erase_if(Predicate&& remove) {
    std::erase_if(items_, remove);
    if (items_.size() < 2) return;
    for (std::size_t i = (items_.size() - 2) / kArity + 1; i-- > 0;) sift_down(i, T(items_[i]));
  }

  void clear() { items_.clear(); }

 private:
  static constexpr std::size_t kArity = 4;

  // Places `value` at `hole` or below it: the earliest child moves up while it is due
  // before `value`.
  void sift_down(std::size_t hole, const T& value) {
    const std::size_t n = items_.size();
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= n) break;
      const std::size_t end = std::min(first + kArity, n);
      std::size_t earliest = first;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (later_(items_[earliest], items_[c])) earliest = c;
      }
      if (!later_(value, items_[earliest])) break;
      items_[hole] = items_[earliest];
      hole = earliest;
    }
    items_[hole] = value;
  }

  std::vector<T> items_;
  [[no_unique_address]] Later later_;
};

}  // namespace gp
