#include "classify/features/feature_catalog.hpp"

#include <array>
#include <stdexcept>
#include <unordered_map>

namespace gp {
namespace {

constexpr std::array<std::string_view, 4> kTransports{"tcp", "udp", "icmp", "other"};
// "none": the transport has no ports (ICMP, GRE, ESP, …), so no registry standing.
constexpr std::array<std::string_view, 8> kStandings{"active_service", "orphaned", "unofficial", "unassigned",
                                                     "reserved",       "dynamic",  "site_known", "none"};
constexpr std::array<std::string_view, 13> kConnStates{"S0",   "S1",     "SF",    "REJ", "S2",  "S3", "RSTO",
                                                       "RSTR", "RSTOS0", "RSTRH", "SH",  "SHR", "OTH"};
// Names the payload identifier (classify/protocol) gives; "none" = no payload seen,
// "unknown" = payload that matches no known protocol.
constexpr std::array<std::string_view, 27> kProtocols{
    "none",  "unknown", "http",   "tls",    "dtls", "ssh",    "dns",  "smtp",    "pop3",
    "imap",  "ftp",     "socks4", "socks5", "rdp",  "smb",    "mqtt", "redis",   "postgresql",
    "mysql", "quic",    "ntp",    "syslog", "sip",  "telnet", "irc",  "openvpn", "shell"};
constexpr std::array<std::string_view, 8> kScanTools{"none",   "nmap",  "masscan",     "zmap",
                                                     "hping3", "mirai", "backscatter", "unknown"};

using S = FeatureScope;
using T = FeatureType;

constexpr std::array kCatalog{
    // A "group" is one conversation: every flow from one client to one service (server
    // address, port, transport). The port table aggregates conversations per port.
    // --- the service and its registry standing ---------------------------------------------
    FeatureDef{"port", S::group, T::number, "", "destination (server) port", {}},
    FeatureDef{"transport", S::group, T::text, "", "transport protocol", kTransports},
    FeatureDef{"standing", S::group, T::text, "", "the port's standing in the registry layers", kStandings},
    FeatureDef{"system_port", S::group, T::boolean, "", "port below 1024", {}},
    // --- volume and outcome ------------------------------------------------------------------
    FeatureDef{"flows", S::group, T::number, "flows", "connections from the client to the service", {}},
    FeatureDef{"completed_ratio",
               S::group,
               T::number,
               "ratio",
               "share that became sessions (TCP handshake completed, or data both ways)",
               {}},
    FeatureDef{"answered_ratio", S::group, T::number, "ratio", "share the server answered at all (RST included)", {}},
    FeatureDef{"rejected_ratio",
               S::group,
               T::number,
               "ratio",
               "share refused: RST to the opening SYN, or an ICMP unreachable quoting the flow",
               {}},
    FeatureDef{"unanswered_ratio", S::group, T::number, "ratio", "share with nothing back from the server", {}},
    FeatureDef{"failed_flows",
               S::group,
               T::number,
               "flows",
               "connections that did not become a session (refused, unanswered, cut short, or unsolicited replies)",
               {}},
    FeatureDef{"data_ratio", S::group, T::number, "ratio", "share where the client sent payload", {}},
    FeatureDef{"backscatter_ratio",
               S::group,
               T::number,
               "ratio",
               "share that are unsolicited replies (SYN-ACK or RST the client never asked for)",
               {}},
    FeatureDef{"orig_bytes", S::group, T::number, "bytes", "payload bytes from the client", {}},
    FeatureDef{"resp_bytes", S::group, T::number, "bytes", "payload bytes from the server", {}},
    FeatureDef{
        "upload_ratio", S::group, T::number, "ratio", "client share of all payload bytes (1 = one-way upload)", {}},
    FeatureDef{"max_flow_orig_bytes", S::group, T::number, "bytes", "largest client payload in one connection", {}},
    FeatureDef{"mean_duration", S::group, T::number, "s", "mean connection duration", {}},
    FeatureDef{"max_duration", S::group, T::number, "s", "longest connection", {}},
    FeatureDef{
        "active_span", S::group, T::number, "s", "time from the first connection's start to the last one's end", {}},
    FeatureDef{"packets", S::group, T::number, "packets", "packets in both directions, all connections", {}},
    FeatureDef{"sessions",
               S::group,
               T::number,
               "flows",
               "connections where the client held a session: it sent data on an accepted connection, more than a "
               "probe's worth (8+ packets, 1 KiB+, or 30 s+ of data both ways; UDP: 2+ packets each way)",
               {}},
    FeatureDef{"probe_like",
               S::group,
               T::boolean,
               "",
               "the conversation itself looks like probing: no session, and no repeated data exchanges over a "
               "minute (packets without data, refusals, banner grabs, single requests)",
               {}},
    // --- what the capture missed -------------------------------------------------------------
    FeatureDef{"midstream_ratio",
               S::group,
               T::number,
               "ratio",
               "share of TCP connections whose opening the capture missed (no SYN from either side): the capture "
               "began mid-connection",
               {}},
    FeatureDef{"one_sided_ratio",
               S::group,
               T::number,
               "ratio",
               "share of connections captured in one direction only, though the other must exist (one side acks or "
               "sends data the capture never saw answered)",
               {}},
    FeatureDef{"capture_complete",
               S::group,
               T::boolean,
               "",
               "every connection was seen from its opening and in both directions (no midstream or one-sided ones)",
               {}},
    // --- where the peers are -----------------------------------------------------------------
    FeatureDef{"client_internal", S::group, T::boolean, "", "the client is inside the site's networks", {}},
    FeatureDef{"server_internal", S::group, T::boolean, "", "the server is inside the site's networks", {}},
    FeatureDef{"client_addr", S::group, T::address, "", "the client's address", {}},
    FeatureDef{"server_addr", S::group, T::address, "", "the server's address", {}},
    // --- what the payload looks like ---------------------------------------------------------
    FeatureDef{"protocol", S::group, T::text, "",
               "protocol identified in the client's first payloads (else the server's)", kProtocols},
    FeatureDef{"server_protocol", S::group, T::text, "", "protocol identified in the server's first payloads",
               kProtocols},
    FeatureDef{"protocol_share", S::group, T::number, "ratio", "share of data connections speaking that protocol", {}},
    FeatureDef{"protocol_on_standard_port",
               S::group,
               T::boolean,
               "",
               "the identified protocol is one this port is registered or commonly used for",
               {}},
    FeatureDef{"registered_protocol",
               S::group,
               T::boolean,
               "",
               "the identified protocol is the one the port is registered for (MQTT on 1883): the registered "
               "service in use, whatever its standing",
               {}},
    FeatureDef{"protocol_mismatch",
               S::group,
               T::boolean,
               "",
               "client and server speak different known protocols (e.g. HTTP to an SSH server)",
               {}},
    FeatureDef{
        "payload_entropy", S::group, T::number, "bits/byte", "mean entropy of the client's first payloads (0-8)", {}},
    FeatureDef{"high_entropy_ratio",
               S::group,
               T::number,
               "ratio",
               "share of data connections whose first payload looks random (entropy within 0.35 of what random bytes "
               "of that length give; 128+ bytes)",
               {}},
    // --- timing ------------------------------------------------------------------------------
    FeatureDef{"beacon_score",
               S::group,
               T::number,
               "ratio",
               "regularity of the intervals between connection starts (1 = perfectly periodic; needs 4+)",
               {}},
    FeatureDef{"beacon_interval", S::group, T::number, "s", "median interval between connection starts", {}},
    FeatureDef{"retry_interval",
               S::group,
               T::number,
               "s",
               "mean interval between the client's connection starts (needs 2+): how often it retries",
               {}},
    // --- the service's other users -----------------------------------------------------------
    FeatureDef{"port_clients", S::group, T::number, "hosts", "distinct clients of this server port (all servers)", {}},
    FeatureDef{"port_servers", S::group, T::number, "hosts", "distinct servers contacted on this port", {}},
    FeatureDef{"port_flows", S::group, T::number, "flows", "connections to this port (all clients and servers)", {}},
    FeatureDef{"service_clients", S::group, T::number, "hosts", "distinct clients of this server address and port", {}},
    FeatureDef{"backscatter_hosts",
               S::group,
               T::number,
               "hosts",
               "distinct hosts this server address and port sent replies they never asked for",
               {}},
    FeatureDef{"service_completed_ratio",
               S::group,
               T::number,
               "ratio",
               "share of all connections to this server address and port that became sessions",
               {}},
    // --- the client, across the whole capture ------------------------------------------------
    FeatureDef{"client_ports", S::group, T::number, "ports", "distinct destination ports the client touched", {}},
    FeatureDef{"client_hosts", S::group, T::number, "hosts", "distinct destination hosts the client touched", {}},
    FeatureDef{"client_flows", S::group, T::number, "flows", "connections the client opened", {}},
    FeatureDef{"client_unanswered_ratio",
               S::group,
               T::number,
               "ratio",
               "share of the client's connections (all services) that got no answer",
               {}},
    FeatureDef{"client_open_ports",
               S::group,
               T::number,
               "ports",
               "distinct destination ports that accepted or answered the client (all hosts)",
               {}},
    FeatureDef{"client_scanner", S::group, T::boolean, "", "scan detection found the client scanning", {}},
    FeatureDef{"scan_then_session",
               S::group,
               T::boolean,
               "",
               "the client is a scanner, this port answered one of its probes, and later the client held a session "
               "on it",
               {}},
    FeatureDef{"scan_tool", S::group, T::text, "", "tool fingerprinted on the client's probes", kScanTools},
    FeatureDef{"scan_ports",
               S::group,
               T::number,
               "ports",
               "distinct ports scan detection counted the client probing, as the scan report shows them (0 when it "
               "is no scanner)",
               {}},
    FeatureDef{"scan_hosts",
               S::group,
               T::number,
               "hosts",
               "distinct hosts scan detection counted the client probing (0 when it is no scanner)",
               {}},
    FeatureDef{"client_research_scanner",
               S::group,
               T::boolean,
               "",
               "the client is on a known-scanner list: published research and search-engine scanning networks "
               "(rules/scanners/), or the site's own [[scanner]] entries",
               {}},
    FeatureDef{"known_scanner",
               S::group,
               T::text,
               "",
               "name of the known-scanner list entry that holds the client (`none` when it is on no list)",
               {}},
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
std::span<const std::string_view> protocol_vocabulary() { return kProtocols; }
std::span<const std::string_view> scan_tool_vocabulary() { return kScanTools; }

std::optional<FeatureId> find_feature(std::string_view name) {
  // Feature computation looks every value up by name, per conversation: hash, not scan.
  static const std::unordered_map<std::string_view, FeatureId> index = [] {
    std::unordered_map<std::string_view, FeatureId> m;
    for (std::size_t i = 0; i < kCatalog.size(); ++i) m.emplace(kCatalog[i].name, static_cast<FeatureId>(i));
    return m;
  }();
  const auto it = index.find(name);
  return it == index.end() ? std::nullopt : std::optional<FeatureId>(it->second);
}

const FeatureDef& feature_def(FeatureId id) {
  if (id >= kCatalog.size()) throw std::out_of_range("feature id");
  return kCatalog[id];
}

}  // namespace gp
