// Agreement with nDPI on the captures nDPI ships with its own ndpiReader output (.out):
// for every flow nDPI identified by payload inspection ("Confidence: DPI") with a protocol
// in our vocabulary, and that we identified too, do we name the same protocol?
//
// Excluded: flows nDPI names by port only ("Match by port"), by IP address or custom rule,
// flows it leaves Unknown, and protocols outside our vocabulary. "X.Y" (master.app, e.g.
// TLS.RDP or HTTP.Google) agrees when we name either X or Y.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/ip_address.hpp"
#include "tests/unit/classify/protocol/capture_flows.hpp"

namespace gp {
namespace {

// nDPI protocol names (ndpi_protocol_ids.h / ndpi_content_match.c.inc) onto ours.
const std::map<std::string, std::string>& ndpi_names() {
  static const std::map<std::string, std::string> m{
      {"HTTP", "http"},       {"HTTP_Proxy", "http"}, {"HTTP_Connect", "http"}, {"TLS", "tls"},
      {"DTLS", "dtls"},       {"SSH", "ssh"},         {"DNS", "dns"},           {"MDNS", "dns"},
      {"LLMNR", "dns"},       {"SMTP", "smtp"},       {"POP3", "pop3"},         {"IMAP", "imap"},
      {"FTP_CONTROL", "ftp"}, {"SOCKS", "socks"},     {"RDP", "rdp"},           {"SMBv1", "smb"},
      {"SMBv23", "smb"},      {"MQTT", "mqtt"},       {"Redis", "redis"},       {"PostgreSQL", "postgresql"},
      {"MySQL", "mysql"},     {"QUIC", "quic"},       {"NTP", "ntp"},           {"Syslog", "syslog"},
      {"SIP", "sip"},         {"Telnet", "telnet"},   {"IRC", "irc"},           {"OpenVPN", "openvpn"},
  };
  return m;
}

struct NdpiFlow {
  std::uint8_t ip_proto = 0;
  std::string a_host;
  std::uint16_t a_port = 0;
  std::string b_host;
  std::uint16_t b_port = 0;
  std::string proto;       // "7.126/HTTP.Google" -> "HTTP.Google"
  std::string confidence;  // "DPI", "Match by port", ...
};

// "[2001:db8::1]:53" or "10.0.0.1:80" -> normalised host text and port.
bool parse_endpoint(const std::string& text, std::string& host, std::uint16_t& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string h = text.substr(0, colon);
  if (h.size() > 2 && h.front() == '[') h = h.substr(1, h.size() - 2);
  const std::optional<IpAddress> a = IpAddress::parse(h);
  if (!a) return false;
  host = a->to_string();
  port = static_cast<std::uint16_t>(std::stoul(text.substr(colon + 1)));
  return true;
}

std::string bracketed(const std::string& line, const std::string& key) {
  const auto at = line.find("[" + key + ": ");
  if (at == std::string::npos) return {};
  const auto from = at + key.size() + 3;
  return line.substr(from, line.find(']', from) - from);
}

// One flow line of ndpiReader: "\t1\tTCP a:p <-> b:q [proto: 7/HTTP][...][Confidence: DPI]..."
std::vector<NdpiFlow> read_ndpi_out(const std::filesystem::path& path) {
  std::vector<NdpiFlow> flows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string index, transport, a, arrow, b;
    if (!(words >> index >> transport >> a >> arrow >> b)) continue;
    if (!std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if ((transport != "TCP" && transport != "UDP") || (arrow != "<->" && arrow != "->")) continue;
    NdpiFlow f;
    f.ip_proto = transport == "TCP" ? 6 : 17;
    if (!parse_endpoint(a, f.a_host, f.a_port) || !parse_endpoint(b, f.b_host, f.b_port)) continue;
    f.proto = bracketed(line, "proto");
    f.proto = f.proto.substr(f.proto.find('/') + 1);
    f.confidence = bracketed(line, "Confidence");
    flows.push_back(f);
  }
  return flows;
}

// Our names that nDPI's label accepts; empty when nDPI's label is outside our vocabulary.
std::set<std::string> accepted(const std::string& ndpi) {
  std::set<std::string> ours;
  std::size_t from = 0;
  while (from <= ndpi.size()) {
    const auto dot = std::min(ndpi.find('.', from), ndpi.size());
    const auto it = ndpi_names().find(ndpi.substr(from, dot - from));
    if (it != ndpi_names().end()) {
      if (it->second == "socks") {
        ours.insert("socks4");
        ours.insert("socks5");
      } else {
        ours.insert(it->second);
      }
    }
    from = dot + 1;
  }
  return ours;
}

bool same_flow(const NdpiFlow& n, const test::IdentifiedFlow& f) {
  if (n.ip_proto != f.ip_proto) return false;
  return (n.a_host == f.orig_h && n.a_port == f.orig_p && n.b_host == f.resp_h && n.b_port == f.resp_p) ||
         (n.b_host == f.orig_h && n.b_port == f.orig_p && n.a_host == f.resp_h && n.a_port == f.resp_p);
}

struct Tally {
  int ndpi_dpi = 0;  // nDPI identified by DPI, in our vocabulary
  int matched = 0;   // ... and we found the flow
  int both = 0;      // ... and we identified it too
  int agree = 0;
  int ours_only = 0;  // nDPI Unknown, we name a protocol
};

TEST(NdpiAgreement, IdentifiedFlowsAgree) {
  const std::filesystem::path dir = std::filesystem::path(GP_TEST_DATA_DIR) / "external/ndpi";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  std::vector<std::filesystem::path> outs;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".out") outs.push_back(e.path());
  }
  std::sort(outs.begin(), outs.end());
  ASSERT_FALSE(outs.empty());

  Tally total;
  std::printf("| capture | nDPI DPI flows | both identify | agree | %% | ours where nDPI Unknown |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  for (const auto& out : outs) {
    const std::string capture = out.stem().string();  // "x.pcap.out" -> "x.pcap"
    const auto ndpi = read_ndpi_out(out);
    const auto ours = test::identify_trace("ndpi/" + capture);
    Tally t;
    for (const NdpiFlow& n : ndpi) {
      // Our identification of the flow: the first of that 5-tuple that says something.
      const test::IdentifiedFlow* mine = nullptr;
      for (const auto& f : ours) {
        if (!same_flow(n, f)) continue;
        if (mine == nullptr || (mine->guess.protocol == Protocol::none && f.guess.protocol != Protocol::none))
          mine = &f;
      }
      const bool we_name =
          mine != nullptr && mine->guess.protocol != Protocol::none && mine->guess.protocol != Protocol::unknown;
      if (n.confidence == "Unknown" && n.proto == "Unknown") {
        if (we_name) {
          ++t.ours_only;
          std::printf("  ours only: %s %s:%u -> %s:%u = %s\n", capture.c_str(), mine->orig_h.c_str(), mine->orig_p,
                      mine->resp_h.c_str(), mine->resp_p, std::string(to_string(mine->guess.protocol)).c_str());
        }
        continue;
      }
      const auto names = accepted(n.proto);
      if (n.confidence != "DPI" || names.empty()) continue;
      ++t.ndpi_dpi;
      if (mine == nullptr) continue;
      ++t.matched;
      if (!we_name) {
        std::printf("  missed: %s %s:%u -> %s:%u nDPI %s, ours %s\n", capture.c_str(), mine->orig_h.c_str(),
                    mine->orig_p, mine->resp_h.c_str(), mine->resp_p, n.proto.c_str(),
                    std::string(to_string(mine->guess.protocol)).c_str());
        continue;
      }
      ++t.both;
      const std::string mine_name(to_string(mine->guess.protocol));
      if (names.count(mine_name) != 0) {
        ++t.agree;
      } else {
        std::printf("  disagree: %s %s:%u -> %s:%u nDPI %s, ours %s\n", capture.c_str(), mine->orig_h.c_str(),
                    mine->orig_p, mine->resp_h.c_str(), mine->resp_p, n.proto.c_str(), mine_name.c_str());
      }
    }
    if (t.ndpi_dpi > 0 || t.ours_only > 0) {
      std::printf("| %s | %d | %d | %d | %.1f | %d |\n", capture.c_str(), t.ndpi_dpi, t.both, t.agree,
                  t.both > 0 ? 100.0 * t.agree / t.both : 0.0, t.ours_only);
    }
    total.ndpi_dpi += t.ndpi_dpi;
    total.matched += t.matched;
    total.both += t.both;
    total.agree += t.agree;
    total.ours_only += t.ours_only;
  }
  const double agreement = total.both > 0 ? 100.0 * total.agree / total.both : 0.0;
  const double coverage = total.ndpi_dpi > 0 ? 100.0 * total.both / total.ndpi_dpi : 0.0;
  std::printf("| **all** | %d | %d | %d | %.1f | %d |\n", total.ndpi_dpi, total.both, total.agree, agreement,
              total.ours_only);
  std::printf("coverage: we identify %.1f%% of nDPI's DPI flows (%d of %d; %d found as flows)\n", coverage, total.both,
              total.ndpi_dpi, total.matched);
  EXPECT_EQ(total.matched, total.ndpi_dpi) << "every nDPI flow should be one of ours";
  EXPECT_GE(agreement, 95.0);
  EXPECT_GE(coverage, 90.0);
}

}  // namespace
}  // namespace gp
