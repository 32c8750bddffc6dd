#include "classify/features/feature_catalog.hpp"

#include <array>
#include <stdexcept>

namespace gp {
namespace {

constexpr std::array<std::string_view, 4> kTransports{"tcp", "udp", "icmp", "other"};
constexpr std::array<std::string_view, 7> kStandings{"active_service", "orphaned",   "unofficial", "unassigned",
                                                     "reserved",       "dynamic",    "site_known"};
constexpr std::array<std::string_view, 13> kConnStates{"S0",   "S1",     "SF",    "REJ", "S2",  "S3", "RSTO",
                                                       "RSTR", "RSTOS0", "RSTRH", "SH",  "SHR", "OTH"};
// Names the payload identifier (classify/protocol) gives; "none" = no payload seen,
// "unknown" = payload that matches no known protocol.
constexpr std::array<std::string_view, 26> kProtocols{
    "none",  "unknown", "http",   "tls",   "dtls",  "ssh",        "dns",   "smtp", "pop3",
    "imap",  "ftp",     "socks4", "socks5", "rdp",  "smb",        "mqtt",  "redis", "postgresql",
    "mysql", "quic",    "ntp",    "syslog", "sip",  "telnet",     "irc",   "openvpn"};
constexpr std::array<std::string_view, 8> kScanTools{"none", "nmap", "masscan", "zmap", "hping3", "mirai",
                                                     "backscatter", "unknown"};

using S = FeatureScope;
using T = FeatureType;

constexpr std::array kCatalog{
    // --- port group: identity and registry -------------------------------------------------
    FeatureDef{"port", S::group, T::number, "", "destination (server) port of the group", {}},
    FeatureDef{"transport", S::group, T::text, "", "transport protocol of the group", kTransports},
    FeatureDef{"standing", S::group, T::text, "", "the port's standing in the registry layers", kStandings},
    FeatureDef{"system_port", S::group, T::boolean, "", "port below 1024", {}},
    // --- port group: volume and peers ---------------------------------------------------
    FeatureDef{"flows", S::group, T::number, "flows", "connections to the port", {}},
    FeatureDef{"clients", S::group, T::number, "hosts", "distinct originator addresses", {}},
    FeatureDef{"servers", S::group, T::number, "hosts", "distinct responder addresses", {}},
    FeatureDef{"max_pair_flows", S::group, T::number, "flows", "most connections between one client and one server", {}},
    FeatureDef{"orig_bytes", S::group, T::number, "bytes", "payload bytes sent by clients", {}},
    FeatureDef{"resp_bytes", S::group, T::number, "bytes", "payload bytes sent by servers", {}},
    FeatureDef{"upload_ratio", S::group, T::number, "ratio", "client share of all payload bytes (1 = one-way upload)", {}},
    FeatureDef{"max_flow_orig_bytes", S::group, T::number, "bytes", "largest client payload of one connection", {}},
    FeatureDef{"mean_duration", S::group, T::number, "s", "mean connection duration", {}},
    FeatureDef{"max_duration", S::group, T::number, "s", "longest connection", {}},
    // --- port group: outcome of the connections --------------------------------------------
    FeatureDef{"completed_ratio", S::group, T::number, "ratio",
               "share of connections that became sessions (TCP handshake completed and data or close; UDP answered)", {}},
    FeatureDef{"answered_ratio", S::group, T::number, "ratio", "share of connections the server answered at all", {}},
    FeatureDef{"rejected_ratio", S::group, T::number, "ratio",
               "share refused: TCP RST to the SYN, or an ICMP unreachable quoting the connection", {}},
    FeatureDef{"unanswered_ratio", S::group, T::number, "ratio", "share with no packet back from the server", {}},
    FeatureDef{"data_ratio", S::group, T::number, "ratio", "share where the client sent payload", {}},
    FeatureDef{"backscatter_ratio", S::group, T::number, "ratio",
               "share that are unsolicited replies (SYN-ACK or RST with no SYN seen)", {}},
    FeatureDef{"retry_max", S::group, T::number, "flows",
               "most failed attempts by one client against one server on this port", {}},
    // --- port group: where the peers are ---------------------------------------------------
    FeatureDef{"internal_client_ratio", S::group, T::number, "ratio", "share of connections from internal clients", {}},
    FeatureDef{"internal_server_ratio", S::group, T::number, "ratio", "share of connections to internal servers", {}},
    FeatureDef{"external_sessions", S::group, T::number, "flows",
               "completed sessions between an internal and an external host", {}},
    FeatureDef{"inbound_sessions", S::group, T::number, "flows",
               "completed sessions from an external client to an internal server", {}},
    // --- port group: what the payload looks like -------------------------------------------
    FeatureDef{"protocol", S::group, T::text, "", "most common protocol identified in first payloads", kProtocols},
    FeatureDef{"protocol_share", S::group, T::number, "ratio", "share of data connections speaking that protocol", {}},
    FeatureDef{"protocol_on_standard_port", S::group, T::boolean, "",
               "the identified protocol is one this port is registered or commonly used for", {}},
    FeatureDef{"payload_entropy", S::group, T::number, "bits/byte", "mean entropy of first payloads (0-8)", {}},
    FeatureDef{"high_entropy_ratio", S::group, T::number, "ratio",
               "share of data connections whose first payload looks random (>= 7.2 bits/byte over >= 128 bytes)", {}},
    // --- port group: timing -----------------------------------------------------------------
    FeatureDef{"beacon_score", S::group, T::number, "ratio",
               "regularity of repeated connections between the busiest pair (1 = perfectly periodic; needs 4+)", {}},
    FeatureDef{"beacon_interval", S::group, T::number, "s", "median interval between the busiest pair's connections", {}},
    // --- port group: the sources that touched it --------------------------------------------
    FeatureDef{"scanner_flow_ratio", S::group, T::number, "ratio", "share of connections from sources found scanning", {}},
    FeatureDef{"scan_tool", S::group, T::text, "", "tool fingerprinted on the busiest scanning source", kScanTools},
    FeatureDef{"top_client_ports", S::group, T::number, "ports",
               "distinct destination ports the busiest client touched across the capture", {}},
    FeatureDef{"top_client_hosts", S::group, T::number, "hosts",
               "distinct destination hosts the busiest client touched across the capture", {}},
    FeatureDef{"top_client_unanswered_ratio", S::group, T::number, "ratio",
               "share of the busiest client's connections (all ports) that got no answer", {}},
    // --- one flow ---------------------------------------------------------------------------
    FeatureDef{"conn_state", S::flow, T::text, "", "Zeek conn_state", kConnStates},
    FeatureDef{"history", S::flow, T::text, "", "Zeek history letters", {}},
    FeatureDef{"flow_orig_bytes", S::flow, T::number, "bytes", "payload bytes from the originator", {}},
    FeatureDef{"flow_resp_bytes", S::flow, T::number, "bytes", "payload bytes from the responder", {}},
    FeatureDef{"flow_duration", S::flow, T::number, "s", "duration", {}},
    FeatureDef{"flow_protocol", S::flow, T::text, "", "protocol identified in the first payload", kProtocols},
    FeatureDef{"flow_entropy", S::flow, T::number, "bits/byte", "entropy of the first payload", {}},
    FeatureDef{"orig_addr", S::flow, T::address, "", "originator address", {}},
    FeatureDef{"resp_addr", S::flow, T::address, "", "responder address", {}},
    FeatureDef{"orig_internal", S::flow, T::boolean, "", "originator is inside the site's networks", {}},
    FeatureDef{"resp_internal", S::flow, T::boolean, "", "responder is inside the site's networks", {}},
    FeatureDef{"icmp_errors", S::flow, T::number, "packets", "ICMP errors that quoted this connection", {}},
};

}  // namespace

std::span<const FeatureDef> feature_catalog() { return kCatalog; }

std::optional<FeatureId> find_feature(std::string_view name) {
  for (std::size_t i = 0; i < kCatalog.size(); ++i) {
    if (kCatalog[i].name == name) return static_cast<FeatureId>(i);
  }
  return std::nullopt;
}

const FeatureDef& feature_def(FeatureId id) {
  if (id >= kCatalog.size()) throw std::out_of_range("feature id");
  return kCatalog[id];
}

}  // namespace gp
