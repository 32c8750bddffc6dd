// Zeek's connection history string (base/protocols/conn/main.zeek, "history" field):
// upper-case letters for the originator, lower-case for the responder, each letter added
// once per kind ("CheckHistory"), except repeated-event letters (retransmissions T,
// zero windows W, checksum errors C, gaps G), which are added again at 10, 100, 1000, …
// occurrences ("ScaledHistoryEntry"). '^' marks a role flip.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gp {

// Bits of the "seen" mask, originator side; the responder uses the same bits << 16.
namespace hist {
inline constexpr std::uint32_t kSyn = 0x1;
inline constexpr std::uint32_t kFin = 0x4;
inline constexpr std::uint32_t kRst = 0x8;
inline constexpr std::uint32_t kFinRst = 0x10;
inline constexpr std::uint32_t kData = 0x20;
inline constexpr std::uint32_t kAck = 0x40;
inline constexpr std::uint32_t kMultiFlag = 0x80;
inline constexpr std::uint32_t kCorrupt = 0x100;  // UDP checksum errors use CheckHistory
inline constexpr std::uint32_t kUnknown = 0x400;  // 'X': a tunnel nested too deep (Zeek's HIST_UNKNOWN_PKT)
}  // namespace hist

// A scaled counter: the letter is added when the count reaches 1, 10, 100, …
struct ScaledCounter {
  std::uint32_t count = 0;
  std::uint32_t threshold = 1;
};

class History {
 public:
  // Adds `code` (cased for the side) the first time `mask` is seen on that side.
  // Returns true when it had been seen before (Zeek's CheckHistory contract).
  bool check(std::uint32_t mask, char code, bool is_orig);
  void add(char code, bool is_orig);
  void add_raw(char code);
  bool scaled(char code, bool is_orig, ScaledCounter& counter);
  // Role flip: appends '^'. Zeek's Connection::FlipRoles keeps the seen-bits as they are.
  void flip();
  // A flip decided after the fact (a SYN-ACK first, then an ACK or data): the letters so
  // far are re-attributed to the other side, behind a leading '^', as Zeek logs it.
  void flip_retroactively();

  std::string_view letters() const { return {letters_.data(), size_}; }

 private:
  static constexpr std::size_t kMaxLetters = 48;  // bounded per flow; Zeek's is unbounded
  std::uint32_t seen_ = 0;
  std::array<char, kMaxLetters> letters_{};
  std::uint8_t size_ = 0;
};

}  // namespace gp
