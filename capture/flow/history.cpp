#include "capture/flow/history.hpp"

#include <cctype>

namespace gp {
namespace {
char cased(char code, bool is_orig) {
  const auto c = static_cast<unsigned char>(code);
  return static_cast<char>(is_orig ? std::toupper(c) : std::tolower(c));
}
}  // namespace

bool History::check(std::uint32_t mask, char code, bool is_orig) {
  const std::uint32_t bit = is_orig ? mask : mask << 16;
  if ((seen_ & bit) != 0) return true;
  seen_ |= bit;
  add(code, is_orig);
  return false;
}

void History::add(char code, bool is_orig) { add_raw(cased(code, is_orig)); }

void History::add_raw(char code) {
  if (size_ < kMaxLetters) letters_[size_++] = code;
}

bool History::scaled(char code, bool is_orig, ScaledCounter& counter) {
  if (++counter.count != counter.threshold) return false;
  add(code, is_orig);
  // Next order of magnitude; saturate rather than wrap.
  counter.threshold = counter.threshold > UINT32_MAX / 10 ? UINT32_MAX : counter.threshold * 10;
  return true;
}

void History::flip() { add_raw('^'); }

void History::flip_retroactively() {
  seen_ = (seen_ << 16) | (seen_ >> 16);
  std::array<char, kMaxLetters> old = letters_;
  const std::uint8_t n = size_;
  size_ = 0;
  add_raw('^');
  for (std::uint8_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(old[i]);
    add_raw(static_cast<char>(std::isupper(c) ? std::tolower(c) : std::toupper(c)));
  }
}

}  // namespace gp
