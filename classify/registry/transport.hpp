// Transport protocols that the IANA registry assigns ports for. The dense port tables
// are indexed by Transport, so the enum values are array indices (keep them 0..N-1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gp::registry {

enum class Transport : std::uint8_t { tcp, udp, sctp, dccp };
inline constexpr std::size_t kTransportCount = 4;
inline constexpr std::array<Transport, kTransportCount> kAllTransports{Transport::tcp, Transport::udp, Transport::sctp,
                                                                       Transport::dccp};

std::string_view to_string(Transport t) noexcept;
std::optional<Transport> parse_transport(std::string_view text) noexcept;

constexpr std::size_t index(Transport t) noexcept { return static_cast<std::size_t>(t); }

// A set of transports, e.g. the "tcp/udp" a folklore entry or site application covers.
class TransportSet {
 public:
  constexpr TransportSet() = default;
  static constexpr TransportSet all() { return TransportSet{0x0f}; }
  static constexpr TransportSet tcp_udp() { return TransportSet{0x03}; }
  constexpr void add(Transport t) { bits_ = static_cast<std::uint8_t>(bits_ | bit(t)); }
  constexpr bool contains(Transport t) const { return (bits_ & bit(t)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool intersects(TransportSet o) const { return (bits_ & o.bits_) != 0; }
  constexpr bool operator==(const TransportSet&) const = default;

 private:
  constexpr explicit TransportSet(std::uint8_t bits) : bits_(bits) {}
  static constexpr std::uint8_t bit(Transport t) { return static_cast<std::uint8_t>(1U << static_cast<unsigned>(t)); }
  std::uint8_t bits_ = 0;
};

// "tcp", "udp", "tcp/udp", "tcp/udp/sctp" (the notation of Wireshark's services file).
std::optional<TransportSet> parse_transport_set(std::string_view text) noexcept;

}  // namespace gp::registry
