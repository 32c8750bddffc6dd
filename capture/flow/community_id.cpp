#include "capture/flow/community_id.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <optional>
#include <span>

namespace gp {
namespace {

constexpr std::uint8_t kIcmp = 1;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kIcmp6 = 58;
constexpr std::uint8_t kSctp = 132;

// Request/response message types and their counterparts: the pairs Zeek treats as one
// two-way "connection" (ICMP4_counterpart / ICMP6_counterpart in Zeek's ICMP analyzer), which
// the spec adopts. Every other type is one-way and keeps its code as the second "port".
std::optional<std::uint16_t> icmp4_counterpart(std::uint16_t type) {
  switch (type) {
    case 8: return 0;    // echo request -> echo reply
    case 0: return 8;
    case 13: return 14;  // timestamp
    case 14: return 13;
    case 15: return 16;  // information
    case 16: return 15;
    case 10: return 9;   // router solicitation -> advertisement
    case 9: return 10;
    case 17: return 18;  // address mask
    case 18: return 17;
    default: return std::nullopt;
  }
}

std::optional<std::uint16_t> icmp6_counterpart(std::uint16_t type) {
  switch (type) {
    case 128: return 129;  // echo request -> echo reply
    case 129: return 128;
    case 130: return 131;  // MLD listener query -> report
    case 131: return 130;
    case 133: return 134;  // router solicitation -> advertisement
    case 134: return 133;
    case 135: return 136;  // neighbor solicitation -> advertisement
    case 136: return 135;
    case 139: return 140;  // node information (who-are-you) query -> reply
    case 140: return 139;
    case 144: return 145;  // home agent address discovery request -> reply
    case 145: return 144;
    default: return std::nullopt;
  }
}

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

std::string community_id_v1(const IpAddress& src, std::uint16_t sport, const IpAddress& dst,
                            std::uint16_t dport, std::uint8_t proto, std::uint16_t seed) {
  std::span<const std::uint8_t> saddr = src.wire_bytes();
  std::span<const std::uint8_t> daddr = dst.wire_bytes();

  // A one-way ICMP message (unreachable, time exceeded, …) keeps its direction: the spec only
  // reorders endpoints of exchanges that have a counterpart message coming back.
  bool one_way = false;
  if (proto == kIcmp || proto == kIcmp6) {
    const auto counterpart = proto == kIcmp ? icmp4_counterpart(sport) : icmp6_counterpart(sport);
    if (counterpart) {
      dport = *counterpart;
    } else {
      one_way = true;
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
