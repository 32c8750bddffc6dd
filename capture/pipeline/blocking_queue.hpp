// A small multi-producer, multi-consumer queue for handing chunks between threads. It holds
// pointers only and is bounded by its users: the chunks in flight are a fixed pool.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

namespace gp {

template <typename T>
class BlockingQueue {
 public:
  void push(T value) {
    {
      const std::lock_guard lock(mutex_);
      items_.push_back(std::move(value));
    }
    ready_.notify_one();
  }

  T pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return !items_.empty(); });
    T value = std::move(items_.front());
    items_.pop_front();
    return value;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
};

}  // namespace gp
