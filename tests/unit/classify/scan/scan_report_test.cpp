// The scan report: JSON and HTML carry the same findings, and capture-controlled text
// (payload samples, file names) is escaped — a scanner whose first payload is an HTTP
// request with a <script> Host header and an attribute-breaking string cannot inject markup.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "tests/unit/classify/scan/scan_runner.hpp"
#include "report/html/html_escape.hpp"
#include "report/html/scan_report.hpp"

namespace gp::scan {
namespace {

constexpr const char* kHostile = "GET / HTTP/1.1\r\nHost: <script>alert(1)</script>\"><img src=x onerror=alert(2)>'";

void hostile_flow(ScanDetector& d, std::uint16_t port, bool with_payload) {
  ConnRecord r;
  r.orig_h = test::addr("198.51.100.66");
  r.resp_h = test::addr("10.0.0.1");
  r.orig_p = 40000;
  r.resp_p = port;
  r.ip_proto = 6;
  r.history = "Sr";
  r.orig_pkts = 1;
  r.resp_pkts = 1;
  r.start = 1'000'000'000LL * port;
  r.last = r.start;
  FlowEvidence e;
  e.first_orig_segment.present = true;
  e.first_orig_segment.flags = 0x02;
  e.first_orig_segment.window = 29200;
  if (with_payload) {
    const std::string text(kHostile);
    auto& sample = e.first_payload[0];
    sample.size = static_cast<std::uint8_t>(std::min(text.size(), PayloadSample::kCapacity));
    sample.length = static_cast<std::uint32_t>(text.size());
    std::copy_n(text.begin(), sample.size, sample.bytes.begin());
  }
  d.observe(r, e);
}

TEST(HtmlEscape, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(report::html::escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(ScanReport, HostilePayloadAndFileNameAreEscaped) {
  ScanDetector d;
  hostile_flow(d, 80, true);
  for (std::uint16_t p = 81; p < 100; ++p) hostile_flow(d, p, false);
  d.finish();
  ASSERT_TRUE(d.is_scanner(test::addr("198.51.100.66")));
  ASSERT_NE(d.source(test::addr("198.51.100.66"))->first_payload.find("<script>"), std::string::npos);
  report::html::ScanReportMeta meta;
  meta.capture_file = "evil<script>alert(3)</script>.pcap";
  const auto json = report::html::build_scan_report(d, meta);
  const std::string page = report::html::render_scan_report_html(json);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("onerror=alert(2)>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"), std::string::npos);
  EXPECT_NE(page.find("evil&lt;script&gt;"), std::string::npos);
  // The page is also rendered by headless Chromium in scan_report_chromium.
  std::ofstream(std::string(GP_BINARY_DIR) + "/scan_report_hostile.html") << page;
}

TEST(ScanReport, JsonAndHtmlCarryTheSameScanners) {
  ScanDetector d;
  test::run_scan(std::string(GP_SOURCE_DIR) + "/pcaps/mixed.pcap", d);
  report::html::ScanReportMeta meta;
  meta.capture_file = "mixed.pcap";
  const auto json = report::html::build_scan_report(d, meta);
  const std::string page = report::html::render_scan_report_html(json);
  ASSERT_EQ(json["scanners"].size(), 3U);
  for (const auto& s : json["scanners"]) {
    EXPECT_NE(page.find(s["address"].get<std::string>()), std::string::npos);
    EXPECT_NE(page.find("<b>" + s["tool"].get<std::string>() + "</b>"), std::string::npos);
  }
  EXPECT_EQ(json["scanners"][0]["address"], "203.0.113.245");
  // Three charts: timeline, ports bar chart, heat map; no script, no external resource.
  EXPECT_NE(page.find("class=\"chart timeline\""), std::string::npos);
  EXPECT_NE(page.find("class=\"chart bar-chart\""), std::string::npos);
  EXPECT_NE(page.find("class=\"chart heat-map\""), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http://"), page.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(page.find("https://"), std::string::npos);
}

}  // namespace
}  // namespace gp::scan
