#include "capture/flow/community_id.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <span>

#include "capture/flow/icmp_ports.hpp"

namespace gp {
namespace {

constexpr std::uint8_t kIcmp = 1;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kIcmp6 = 58;
constexpr std::uint8_t kSctp = 132;

bool has_ports(std::uint8_t proto) {
  return proto == kTcp || proto == kUdp || proto == kSctp || proto == kIcmp || proto == kIcmp6;
}

// The spec's order: numerically smaller address first; equal addresses, smaller port first.
bool endpoint_less(std::span<const std::uint8_t> a, std::uint16_t a_port, std::span<const std::uint8_t> b,
                   std::uint16_t b_port) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  return c < 0 || (c == 0 && a_port < b_port);
}

// Hash input is at most seed(2) + 2 * IPv6(16) + proto(1) + pad(1) + ports(4) = 40 bytes.
class HashInput {
 public:
  void u8(std::uint8_t v) { bytes_[size_++] = v; }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v & 0xff));
  }
  void append(std::span<const std::uint8_t> b) {
    std::memcpy(&bytes_[size_], b.data(), b.size());
    size_ += b.size();
  }
  std::span<const std::uint8_t> view() const { return {bytes_.data(), size_}; }

 private:
  std::array<std::uint8_t, 40> bytes_{};
  std::size_t size_ = 0;
};

}  // namespace

std::string community_id_v1(const IpAddress& src, std::uint16_t sport, const IpAddress& dst, std::uint16_t dport,
                            std::uint8_t proto, std::uint16_t seed) {
  std::span<const std::uint8_t> saddr = src.wire_bytes();
  std::span<const std::uint8_t> daddr = dst.wire_bytes();

  // A one-way ICMP message (unreachable, time exceeded, …) keeps its direction: the spec only
  // reorders endpoints of exchanges that have a counterpart message coming back.
  // The request/response pairs are Zeek's (icmp_ports), which the spec adopts.
  bool one_way = false;
  if (proto == kIcmp || proto == kIcmp6) {
    if (sport <= 0xff && dport <= 0xff) {
      const IcmpPorts p =
          icmp_ports(proto == kIcmp6, static_cast<std::uint8_t>(sport), static_cast<std::uint8_t>(dport));
      dport = p.dst_port;
      one_way = p.one_way;
    } else {
      one_way = true;  // not an ICMP type/code pair: hash what we were given, as given
    }
  }
  if (!has_ports(proto)) {
    sport = 0;
    dport = 0;
  }
  if (!one_way && !endpoint_less(saddr, sport, daddr, dport)) {
    std::swap(saddr, daddr);
    std::swap(sport, dport);
  }

  HashInput in;
  in.u16(seed);
  in.append(saddr);
  in.append(daddr);
  in.u8(proto);
  in.u8(0);  // padding keeps the input 32-bit aligned, as the spec lays it out
  if (has_ports(proto)) {
    in.u16(sport);
    in.u16(dport);
  }

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  const auto input = in.view();
  if (EVP_Digest(input.data(), input.size(), digest.data(), &digest_len, EVP_sha1(), nullptr) != 1) {
    return {};  // the spec allows an empty ID when a monitor cannot compute one
  }

  // base64 of 20 bytes is 28 characters; EVP_EncodeBlock adds a terminating NUL.
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> b64{};
  const int b64_len = EVP_EncodeBlock(b64.data(), digest.data(), static_cast<int>(digest_len));
  std::string out = "1:";
  out.append(b64.begin(), b64.begin() + b64_len);
  return out;
}

}  // namespace gp
