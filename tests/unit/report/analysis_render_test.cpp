// The renderings of an AnalysisResult. Reasons, service names and protocol words reach
// them from rule files, registry files and (through features) the capture itself, so they
// are treated as hostile: JSON must stay valid JSON, CSV valid RFC 4180, and the terminal
// views one row per record with no control characters let through. --explain leads with
// the port's own label and keeps scan noise to ten conversations.
#include "report/analysis_render.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/labels.hpp"
#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp::report {
namespace {

// Quotes, a comma, LF, CRLF, a lone CR, a tab, C0 controls (an ANSI colour sequence), a
// backslash, valid UTF-8 (é, …) and bytes that are not UTF-8 at all.
const std::string kHostile =
    "the client said \"hello, world\"\nthen \\x left\r\nlone\rcr\ttab \x01\x1b[31mred\x1b[0m "
    "caf\xc3\xa9 \xe2\x80\xa6 bad \xff\xfe\xc3 end";

ConversationResult conversation(std::string_view client, std::string_view server, std::uint16_t port, std::string label,
                                double confidence, std::string reason = "", std::uint8_t ip_proto = 6) {
  ConversationResult c;
  c.client = test::ip(client);
  c.server = test::ip(server);
  c.port = port;
  c.ip_proto = ip_proto;
  c.flows = 3;
  c.client_bytes = 100;
  c.server_bytes = 200;
  c.first_start = 1'700'000'000 * test::kSecond;
  c.last_end = c.first_start + 5 * test::kSecond;
  c.protocol = "http";
  c.verdict.label = test::label(label);
  c.verdict.confidence = confidence;
  if (!reason.empty()) c.verdict.evidence.push_back({"rule_x", c.verdict.label, 3.0, false, std::move(reason)});
  c.features = {{"flows", "3 flows"}, {"beacon_score", "-"}, {"protocol", "http"}};
  return c;
}

PortResult port(std::uint16_t number, std::string transport, std::string standing, std::string label,
                std::string reason, std::vector<std::size_t> conversations, std::uint8_t ip_proto = 6) {
  PortResult p;
  p.port = number;
  p.ip_proto = ip_proto;
  p.transport = std::move(transport);
  p.service = "svc" + std::to_string(number);
  p.standing = std::move(standing);
  p.flows = 3 * conversations.size();
  p.clients = conversations.size();
  p.servers = 1;
  p.bytes = 300 * conversations.size();
  p.label = test::label(label);
  p.confidence = 0.75;
  p.top_reason = std::move(reason);
  p.breakdown = {{p.label, conversations.size()}};
  p.conversation_count = conversations.size();
  p.conversations = std::move(conversations);
  return p;
}

// 3255/tcp (orphaned) with a hostile reason, 80/tcp (active), 3546/tcp (unassigned).
AnalysisResult hostile_result() {
  AnalysisResult r;
  r.conversations.push_back(conversation("10.0.0.5", "10.0.0.9", 3255, "custom_application", 0.75, kHostile));
  r.conversations.push_back(conversation("10.0.0.6", "10.0.0.9", 80, "unknown", 0.0));
  r.conversations.push_back(conversation("2001:db8::7", "2001:db8::9", 3546, "scanner_noise", 0.9, "probe"));
  r.ports.push_back(port(3255, "tcp", "orphaned", "custom_application", kHostile, {0}));
  r.ports.back().service = "semaphore, \"the\" one";
  r.ports.push_back(port(3546, "tcp", "unassigned", "scanner_noise", "probe", {2}));
  r.ports.push_back(port(80, "tcp", "active_service", "unknown", "", {1}));
  return r;
}

// RFC 4180, strictly: an unquoted field holds no comma, quote, CR or LF; a quoted field
// doubles its quotes and ends at a comma or the end of the record. Records end with LF or
// CRLF. Fails the test on any violation.
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::size_t i = 0;
  while (i < s.size()) {
    std::string field;
    if (s[i] == '"') {
      ++i;
      for (;;) {
        if (i >= s.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return records;
        }
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += s[i++];
      }
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '\n' && !(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) {
        if (s[i] == '"' || s[i] == '\r') {
          ADD_FAILURE() << "unquoted field with a quote or CR at byte " << i;
          return records;
        }
        field += s[i++];
      }
    }
    record.push_back(field);
    if (i >= s.size()) {
      records.push_back(record);
      break;
    }
    if (s[i] == ',') {
      ++i;
      continue;
    }
    if (s[i] == '\r') ++i;
    if (i >= s.size() || s[i] != '\n') {
      ADD_FAILURE() << "garbage after a quoted field at byte " << i;
      return records;
    }
    ++i;
    records.push_back(record);
    record.clear();
  }
  return records;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Replaces each byte that is not part of valid UTF-8 with U+FFFD, as the JSON output does.
const std::string kHostileAsUtf8 = [] {
  std::string s = kHostile;
  const std::string replacement = "\xef\xbf\xbd";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xff || c == 0xfe || (c == 0xc3 && i + 1 < s.size() && s[i + 1] == ' ')) {
      out += replacement;
    } else {
      out += s[i];
    }
  }
  return out;
}();

TEST(RenderJson, HostileTextStaysValidJson) {
  const AnalysisResult r = hostile_result();
  RenderOptions o;
  o.conversations = true;
  std::string text;
  ASSERT_NO_THROW(text = render_json(r, o));
  nlohmann::json doc;
  ASSERT_NO_THROW(doc = nlohmann::json::parse(text)) << text;
  ASSERT_EQ(doc["ports"].size(), 3U);
  EXPECT_EQ(doc["ports"][0]["port"], 3255);
  EXPECT_EQ(doc["ports"][0]["reason"], kHostileAsUtf8);
  EXPECT_EQ(doc["ports"][0]["service"], "semaphore, \"the\" one");
  EXPECT_EQ(doc["ports"][0]["conversations_by_label"]["custom_application"], 1);
  ASSERT_EQ(doc["conversations"].size(), 3U);
  // Conversations are listed by transport, port, server, client: 80, 3255, 3546.
  EXPECT_EQ(doc["conversations"][0]["port"], 80);
  EXPECT_EQ(doc["conversations"][1]["rules"][0]["reason"], kHostileAsUtf8);
  EXPECT_EQ(doc["conversations"][1]["first_start"], 1'700'000'000.0);
}

TEST(RenderJson, OnlyOrphanedKeepsOrphanLikePortsAndTheirConversations) {
  RenderOptions o;
  o.only_orphaned = true;
  o.conversations = true;
  const auto doc = nlohmann::json::parse(render_json(hostile_result(), o));
  ASSERT_EQ(doc["ports"].size(), 2U);
  for (const auto& p : doc["ports"]) EXPECT_NE(p["standing"], "active_service");
  ASSERT_EQ(doc["conversations"].size(), 2U);
  for (const auto& c : doc["conversations"]) EXPECT_NE(c["port"], 80);
}

TEST(RenderJson, ConversationsOnlyWithConversations) {
  const AnalysisResult r = hostile_result();
  const auto ports_only = nlohmann::json::parse(render_json(r, {}));
  EXPECT_FALSE(ports_only.contains("conversations"));
  EXPECT_EQ(ports_only["ports"].size(), 3U);
  EXPECT_TRUE(ports_only.contains("scans"));
  RenderOptions o;
  o.conversations = true;
  const auto both = nlohmann::json::parse(render_json(r, o));
  EXPECT_EQ(both["conversations"].size(), 3U);
  EXPECT_EQ(both["ports"], ports_only["ports"]);  // the ports are the same either way
}

TEST(RenderJsonl, OneValidRecordPerLine) {
  const AnalysisResult r = hostile_result();
  std::string ports_text;
  ASSERT_NO_THROW(ports_text = render_jsonl(r, {}));
  const auto port_lines = lines(ports_text);
  ASSERT_EQ(port_lines.size(), 3U) << ports_text;
  EXPECT_EQ(nlohmann::json::parse(port_lines[0])["reason"], kHostileAsUtf8);
  for (const auto& line : port_lines) EXPECT_TRUE(nlohmann::json::accept(line)) << line;

  RenderOptions o;
  o.conversations = true;
  std::string conv_text;
  ASSERT_NO_THROW(conv_text = render_jsonl(r, o));
  const auto conv_lines = lines(conv_text);
  ASSERT_EQ(conv_lines.size(), 3U);
  // Sorted by transport, port, server, client.
  EXPECT_EQ(nlohmann::json::parse(conv_lines[0])["port"], 80);
  EXPECT_EQ(nlohmann::json::parse(conv_lines[1])["port"], 3255);
  EXPECT_EQ(nlohmann::json::parse(conv_lines[1])["rules"][0]["reason"], kHostileAsUtf8);
  EXPECT_EQ(nlohmann::json::parse(conv_lines[2])["client"], "2001:db8::7");
}

TEST(RenderCsv, HostileTextIsValidRfc4180AndKeptByteForByte) {
  const auto records = parse_csv(render_csv(hostile_result(), {}));
  ASSERT_EQ(records.size(), 4U);
  EXPECT_EQ(records[0], (std::vector<std::string>{"port", "transport", "service", "standing", "flows", "clients",
                                                  "servers", "bytes", "label", "confidence", "protocol", "top_client",
                                                  "top_server", "reason"}));
  for (const auto& rec : records) EXPECT_EQ(rec.size(), 14U);
  EXPECT_EQ(records[1][0], "3255");
  EXPECT_EQ(records[1][2], "semaphore, \"the\" one");
  EXPECT_EQ(records[1][9], "0.750");
  EXPECT_EQ(records[1][13], kHostile);
  EXPECT_EQ(records[3][13], "");
}

TEST(RenderCsv, ConversationsToo) {
  RenderOptions o;
  o.conversations = true;
  const auto records = parse_csv(render_csv(hostile_result(), o));
  ASSERT_EQ(records.size(), 4U);
  for (const auto& rec : records) EXPECT_EQ(rec.size(), 11U);
  EXPECT_EQ(records[0][0], "client");
  EXPECT_EQ(records[2][0], "10.0.0.5");
  EXPECT_EQ(records[2][10], kHostile);
  EXPECT_EQ(records[3][0], "2001:db8::7");
}

TEST(RenderCsv, EveryLoneCrOrLfIsInsideQuotes) {
  AnalysisResult r;
  r.conversations.push_back(conversation("10.0.0.5", "10.0.0.9", 3255, "suspicious", 0.5, "x"));
  for (const std::string reason : {"a\rb", "a\nb", "a\r\nb", "\r", "tail\r"}) {
    r.ports = {port(3255, "tcp", "orphaned", "suspicious", reason, {0})};
    const auto records = parse_csv(render_csv(r, {}));
    ASSERT_EQ(records.size(), 2U) << reason;
    EXPECT_EQ(records[1][13], reason);
  }
}

TEST(RenderTable, OneLinePerRowAndNoControlCharacters) {
  const std::string table = render_table(hostile_result(), {});
  const auto rows = lines(table);
  ASSERT_EQ(rows.size(), 4U) << table;  // header + 3 ports
  EXPECT_TRUE(rows[0].starts_with("       PORT  LABEL              CONF  SERVICE"));
  EXPECT_NE(rows[1].find("3255/tcp"), std::string::npos);
  EXPECT_NE(rows[1].find("the client said \"hello, world\""), std::string::npos);
  EXPECT_NE(rows[1].find("caf\xc3\xa9 \xe2\x80\xa6"), std::string::npos);  // UTF-8 text stays readable
  for (const char c : table) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(c == '\n' || (u >= 0x20 && u != 0x7f)) << "control byte " << int{u} << " in the table";
  }
  RenderOptions o;
  o.conversations = true;
  const std::string conv = render_table(hostile_result(), o);
  EXPECT_EQ(lines(conv).size(), 4U) << conv;
  EXPECT_EQ(conv.find('\x1b'), std::string::npos);
  EXPECT_EQ(conv.find('\r'), std::string::npos);
}

TEST(RenderTable, LimitCountsRowsNotTheHeader) {
  const AnalysisResult r = hostile_result();
  RenderOptions o;
  o.limit = 2;
  const auto rows = lines(render_table(r, o));
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_NE(rows[1].find("3255/tcp"), std::string::npos);
  EXPECT_NE(rows[2].find("3546/tcp"), std::string::npos);
  o.limit = 0;
  EXPECT_EQ(lines(render_table(r, o)).size(), 4U);
  o.limit = 99;
  EXPECT_EQ(lines(render_table(r, o)).size(), 4U);
  o.limit = 1;
  o.conversations = true;
  EXPECT_EQ(lines(render_table(r, o)).size(), 2U);
}

// Ports in standing order (as the analyzer lists them) with every label, for the sort tests.
AnalysisResult labelled_ports() {
  AnalysisResult r;
  r.ports.push_back(port(3255, "tcp", "orphaned", "unknown", "no rule decided", {}));
  r.ports.push_back(port(3206, "tcp", "orphaned", "custom_application", "sessions", {}));
  r.ports.push_back(port(3511, "tcp", "orphaned", "scanner_noise", "scan", {}));
  r.ports.push_back(port(3772, "tcp", "orphaned", "suspicious", "beacon", {}));
  r.ports.back().confidence = 0.82;
  r.ports.push_back(port(3564, "udp", "orphaned", "misconfiguration", "refused", {}, 17));
  r.ports.push_back(port(443, "tcp", "active_service", "suspicious", "beacon", {}));
  r.ports.back().confidence = 0.71;
  r.ports.push_back(port(3233, "tcp", "orphaned", "suspicious", "beacon", {}));
  r.ports.back().confidence = 0.82;
  r.ports.back().flows = 40;  // same confidence as 3772, more evidence
  return r;
}

std::vector<std::uint16_t> csv_ports(const std::string& csv) {
  std::vector<std::uint16_t> out;
  const auto records = parse_csv(csv);
  for (std::size_t i = 1; i < records.size(); ++i) out.push_back(static_cast<std::uint16_t>(std::stoi(records[i][0])));
  return out;
}

TEST(RenderOrder, SeverityFirstThenConfidenceThenEvidence) {
  const AnalysisResult r = labelled_ports();
  const std::vector<std::uint16_t> triage{3233, 3772, 443, 3564, 3206, 3511, 3255};
  EXPECT_EQ(csv_ports(render_csv(r, {})), triage);
  const auto json = nlohmann::json::parse(render_json(r, {}));
  ASSERT_EQ(json["ports"].size(), triage.size());
  for (std::size_t i = 0; i < triage.size(); ++i) EXPECT_EQ(json["ports"][i]["port"], triage[i]) << i;
  const auto rows = lines(render_table(r, {}));
  ASSERT_EQ(rows.size(), triage.size() + 1);
  EXPECT_NE(rows[1].find("3233/tcp  suspicious"), std::string::npos) << rows[1];
  EXPECT_NE(rows.back().find("3255/tcp  unknown"), std::string::npos) << rows.back();
}

TEST(RenderOrder, SortChoosesStandingPortOrFlows) {
  AnalysisResult r = labelled_ports();
  RenderOptions o;
  o.sort = PortOrder::standing;
  EXPECT_EQ(csv_ports(render_csv(r, o)), (std::vector<std::uint16_t>{3255, 3206, 3511, 3772, 3564, 443, 3233}));
  o.sort = PortOrder::port;  // tcp before udp
  EXPECT_EQ(csv_ports(render_csv(r, o)), (std::vector<std::uint16_t>{443, 3206, 3233, 3255, 3511, 3772, 3564}));
  o.sort = PortOrder::flows;
  EXPECT_EQ(csv_ports(render_csv(r, o)).front(), 3233);
  EXPECT_EQ(parse_port_order("severity"), PortOrder::severity);
  EXPECT_EQ(parse_port_order("standing"), PortOrder::standing);
  EXPECT_FALSE(parse_port_order("label").has_value());
}

TEST(RenderTable, TopClientAndServerWithHowManyMoreAndTheProtocol) {
  AnalysisResult r;
  r.ports.push_back(port(3772, "tcp", "orphaned", "suspicious", "beacon", {}));
  PortResult& p = r.ports.back();
  p.has_top = true;
  p.top_client = test::ip("10.0.0.5");
  p.top_server = test::ip("198.51.100.7");
  p.clients = 3;
  p.servers = 1;
  p.protocol = "tls";
  const auto rows = lines(render_table(r, {}));
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_NE(rows[0].find("PROTOCOL"), std::string::npos) << rows[0];
  EXPECT_NE(rows[0].find("CLIENT (+MORE)"), std::string::npos) << rows[0];
  EXPECT_NE(rows[1].find(" tls "), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("10.0.0.5 (+2) "), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("198.51.100.7 "), std::string::npos) << rows[1];
  EXPECT_EQ(rows[1].find("198.51.100.7 (+"), std::string::npos) << rows[1];  // the only server: no "+0"
  const auto records = parse_csv(render_csv(r, {}));
  EXPECT_EQ(records[1][10], "tls");
  EXPECT_EQ(records[1][11], "10.0.0.5");
  EXPECT_EQ(records[1][12], "198.51.100.7");
  const auto json = nlohmann::json::parse(render_json(r, {}));
  EXPECT_EQ(json["ports"][0]["top_client"], "10.0.0.5");
  EXPECT_EQ(json["ports"][0]["top_server"], "198.51.100.7");
  EXPECT_EQ(json["ports"][0]["protocol"], "tls");
  r.ports.back().has_top = false;  // a port without conversations names nobody
  EXPECT_TRUE(nlohmann::json::parse(render_json(r, {}))["ports"][0]["top_client"].is_null());
}

TEST(RenderTable, OnlyOrphanedKeepsOrphanedUnofficialAndUnassigned) {
  AnalysisResult r;
  const char* standings[] = {"orphaned",   "active_service", "unofficial", "reserved",
                             "unassigned", "dynamic",        "site_known", "none"};
  std::uint16_t n = 3000;
  for (const char* s : standings) r.ports.push_back(port(n++, "tcp", s, "unknown", "", {}));
  RenderOptions o;
  o.only_orphaned = true;
  const auto rows = lines(render_table(r, o));
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_NE(rows[1].find("orphaned"), std::string::npos);
  EXPECT_NE(rows[2].find("unofficial"), std::string::npos);
  EXPECT_NE(rows[3].find("unassigned"), std::string::npos);
  o.limit = 1;
  EXPECT_EQ(lines(render_table(r, o)).size(), 2U);
}

TEST(RenderTable, BreakdownOnlyWhenThereIsMoreThanOneLabelAndBytesAreShort) {
  AnalysisResult r;
  r.ports.push_back(port(3255, "tcp", "orphaned", "custom_application", "sessions", {}));
  r.ports.back().breakdown = {{rules::Label::scanner_noise, 517}, {rules::Label::custom_application, 2}};
  r.ports.back().bytes = 33'000;
  r.ports.push_back(port(3492, "tcp", "orphaned", "suspicious", "upload", {}));
  r.ports.back().bytes = 1'292'000;
  r.ports.back().service = "a-very-long-service-name";
  r.ports.push_back(port(3772, "tcp", "orphaned", "suspicious", "-", {}));
  r.ports.back().bytes = 9'999;
  RenderOptions o;
  o.sort = PortOrder::standing;  // the order given
  const auto rows = lines(render_table(r, o));
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_TRUE(rows[1].ends_with("sessions [517 scanner_noise, 2 custom_application]")) << rows[1];
  EXPECT_NE(rows[1].find(" 33K "), std::string::npos);
  EXPECT_TRUE(rows[2].ends_with("upload")) << rows[2];
  EXPECT_NE(rows[2].find(" 1292K "), std::string::npos);
  EXPECT_NE(rows[2].find("a-very-long-ser~ "), std::string::npos);
  EXPECT_NE(rows[3].find(" 9999 "), std::string::npos);
}

// Port 3255/tcp: its own label custom_application (two conversations), one misconfiguration,
// fifteen scanner probes and three unknown conversations; 3255/udp beside it.
AnalysisResult busy_port() {
  AnalysisResult r;
  std::vector<std::size_t> tcp;
  const auto add = [&](std::string client, std::string label, double conf, std::string reason) {
    tcp.push_back(r.conversations.size());
    r.conversations.push_back(conversation(client, "10.0.0.9", 3255, std::move(label), conf, std::move(reason)));
  };
  for (int i = 0; i < 15; ++i) add("198.51.100." + std::to_string(i + 1), "scanner_noise", 0.9, "probe");
  add("10.0.0.30", "unknown", 0.0, "");
  add("10.0.0.21", "custom_application", 0.6, "sessions a");
  add("10.0.0.40", "misconfiguration", 0.95, "refused");
  add("10.0.0.31", "unknown", 0.0, "");
  add("10.0.0.22", "custom_application", 0.7, "sessions b");
  add("10.0.0.32", "unknown", 0.0, "");
  r.ports.push_back(port(3255, "tcp", "orphaned", "custom_application", "sessions b", tcp));
  r.ports.back().breakdown = {{rules::Label::scanner_noise, 15},
                              {rules::Label::unknown, 3},
                              {rules::Label::custom_application, 2},
                              {rules::Label::misconfiguration, 1}};
  r.conversations.push_back(conversation("10.0.0.50", "10.0.0.9", 3255, "misconfiguration", 0.8, "dns", 17));
  r.ports.push_back(port(3255, "udp", "orphaned", "misconfiguration", "dns", {r.conversations.size() - 1}, 17));
  return r;
}

std::vector<std::string> verdict_lines(const std::string& explain) {
  std::vector<std::string> out;
  for (const auto& line : lines(explain)) {
    const auto arrow = line.find("=> ");
    if (arrow != std::string::npos) out.push_back(line.substr(arrow + 3));
  }
  return out;
}

TEST(RenderExplain, OwnLabelFirstThenOtherLabelsThenCappedNoise) {
  const std::string text = render_explain(busy_port(), 3255, std::string("tcp"));
  const auto verdicts = verdict_lines(text);
  ASSERT_GE(verdicts.size(), 3U) << text;
  EXPECT_EQ(verdicts[0], "custom_application (0.70)");
  EXPECT_EQ(verdicts[1], "custom_application (0.60)");
  EXPECT_EQ(verdicts[2], "misconfiguration (0.95)");
  EXPECT_EQ(std::count(verdicts.begin(), verdicts.end(), "scanner_noise (0.90)"), 10);
  EXPECT_EQ(std::count(verdicts.begin(), verdicts.end(), "unknown (0.00)"), 3);
  EXPECT_EQ(verdicts.size(), 16U);
  EXPECT_NE(text.find("… and 5 more scanner_noise conversations"), std::string::npos) << text;
  EXPECT_EQ(text.find("more unknown"), std::string::npos);
  EXPECT_TRUE(text.starts_with("3255/tcp — svc3255 (orphaned):")) << text;
  EXPECT_NE(text.find("label custom_application (confidence 0.75); conversations: 15 scanner_noise, 3 unknown, "
                      "2 custom_application, 1 misconfiguration"),
            std::string::npos);
  EXPECT_EQ(text.find("3255/udp"), std::string::npos);
}

TEST(RenderExplain, EvidenceAndFeatures) {
  const std::string text = render_explain(busy_port(), 3255, std::string("tcp"));
  EXPECT_NE(text.find("    + rule_x"), std::string::npos);
  EXPECT_NE(text.find("no rule fired"), std::string::npos);  // the unknown conversations
  EXPECT_NE(text.find("    features: flows=3 flows protocol=http"), std::string::npos);
  EXPECT_EQ(text.find("beacon_score"), std::string::npos);  // unset values are left out
}

TEST(RenderExplain, EveryTransportUnlessOneIsGivenAndNothingForAQuietPort) {
  const AnalysisResult r = busy_port();
  const std::string both = render_explain(r, 3255, std::nullopt);
  EXPECT_NE(both.find("3255/tcp — "), std::string::npos);
  EXPECT_NE(both.find("3255/udp — "), std::string::npos);
  const std::string udp = render_explain(r, 3255, std::string("udp"));
  EXPECT_EQ(verdict_lines(udp), (std::vector<std::string>{"misconfiguration (0.80)"}));
  EXPECT_EQ(render_explain(r, 9, std::nullopt), "");
  EXPECT_EQ(render_explain(r, 3255, std::string("icmp")), "");
}

// A port only scanners touched is labelled scanner_noise; its explanation is still capped,
// or a swept port would print every one of hundreds of probes.
TEST(RenderExplain, NoiseIsCappedEvenWhenItIsThePortsLabel) {
  AnalysisResult r;
  std::vector<std::size_t> all;
  for (int i = 0; i < 25; ++i) {
    all.push_back(r.conversations.size());
    r.conversations.push_back(
        conversation("198.51.100." + std::to_string(i + 1), "10.0.0.9", 4, "scanner_noise", 0.9, "probe"));
  }
  r.ports.push_back(port(4, "tcp", "unassigned", "scanner_noise", "probe", all));
  const std::string text = render_explain(r, 4, std::nullopt);
  EXPECT_EQ(verdict_lines(text).size(), 10U) << text;
  EXPECT_NE(text.find("… and 15 more scanner_noise conversations"), std::string::npos) << text;
}

TEST(RenderExplain, HostileReasonsCannotForgeLines) {
  const std::string text = render_explain(hostile_result(), 3255, std::nullopt);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("the client said \"hello, world\""), std::string::npos);
  for (const auto& line : lines(text)) {
    EXPECT_FALSE(line.starts_with("then ")) << "a reason's newline started a line of its own";
  }
}

}  // namespace
}  // namespace gp::report
