// Builds first payloads for the detector tests: bytes from text with escapes, and the
// handshakes that are tedious to spell out (a TLS ClientHello carrying SNI).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classify/protocol/protocol.hpp"

namespace gp::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

inline void put16(Bytes& b, std::size_t v) {
  b.push_back(static_cast<std::uint8_t>((v >> 8U) & 0xffU));
  b.push_back(static_cast<std::uint8_t>(v & 0xffU));
}
inline void put24(Bytes& b, std::size_t v) {
  b.push_back(static_cast<std::uint8_t>((v >> 16U) & 0xffU));
  put16(b, v & 0xffffU);
}

// A TLS 1.2-style ClientHello record (RFC 8446 §4.1.2) with a 32-byte session id, two
// cipher suites, null compression and, when `sni` is not empty, a server_name extension.
inline Bytes tls_client_hello(std::string_view sni) {
  Bytes ext;
  if (!sni.empty()) {
    put16(ext, 0);               // server_name
    put16(ext, sni.size() + 5);  // extension length
    put16(ext, sni.size() + 3);  // server_name_list length
    ext.push_back(0);            // host_name
    put16(ext, sni.size());
    ext.insert(ext.end(), sni.begin(), sni.end());
  }
  Bytes body{3, 3};
  body.insert(body.end(), 32, 0x11);  // random
  body.push_back(32);
  body.insert(body.end(), 32, 0x22);  // session id
  put16(body, 4);
  body.insert(body.end(), {0x13, 0x01, 0xc0, 0x2f});
  body.insert(body.end(), {1, 0});  // compression: null
  put16(body, ext.size());
  body.insert(body.end(), ext.begin(), ext.end());
  Bytes rec{22, 3, 1};
  put16(rec, body.size() + 4);
  rec.push_back(1);  // client_hello
  put24(rec, body.size());
  rec.insert(rec.end(), body.begin(), body.end());
  return rec;
}

inline ProtocolGuess identify(const Bytes& client, const Bytes& server = {}, std::uint8_t ip_proto = 6) {
  return identify_protocol(client, server, ip_proto);
}

// As a flow would keep them: the first 64 bytes and the wire length.
inline FlowEvidence evidence(const Bytes& client, const Bytes& server = {}) {
  FlowEvidence e;
  const Bytes* sides[2] = {&client, &server};
  for (std::size_t i = 0; i < 2; ++i) {
    PayloadSample& s = e.first_payload[i];
    s.length = static_cast<std::uint32_t>(sides[i]->size());
    s.size = static_cast<std::uint8_t>(std::min(sides[i]->size(), PayloadSample::kCapacity));
    std::copy_n(sides[i]->begin(), s.size, s.bytes.begin());
  }
  return e;
}

}  // namespace gp::test
