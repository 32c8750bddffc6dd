#include "classify/registry/port_card.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "classify/registry/load.hpp"

namespace gp::registry {
namespace {

const PortRegistry& reg() {
  static const LoadResult r = [] {
    LoadOptions o;
    o.registry_csv = GP_IANA_CSV;
    o.nmap_services = "/usr/share/nmap/nmap-services";
    o.folklore_dir = GP_SOURCE_DIR "/rules/ports";
    return load_registry(o);
  }();
  return r.registry;
}

TEST(PortCard, WebMail2) {
  const auto v = describe(reg(), 3511, Transport::tcp);
  EXPECT_EQ(v.name, "webmail-2");
  EXPECT_EQ(v.description, "WebMail/2");
  EXPECT_EQ(v.assignee, "[Dimitris_Michelinaki]");
  EXPECT_EQ(v.registration_date, "2002-05");
  EXPECT_EQ(v.standing, Standing::orphaned);
  const auto card = render_card(v);
  EXPECT_NE(card.find("Port 3511/tcp — webmail-2"), std::string::npos);
  EXPECT_NE(card.find("Standing     orphaned"), std::string::npos);
  EXPECT_NE(card.find("Registered   2002-05"), std::string::npos);
  EXPECT_NE(card.find("OS/2"), std::string::npos);  // folklore note
}

TEST(PortCard, Semaphore) {
  const auto v = describe(reg(), 3255, Transport::udp);
  EXPECT_EQ(v.name, "semaphore");
  EXPECT_EQ(v.description, "Semaphore Connection Port");
  EXPECT_EQ(v.assignee, "[Jay_Eckles]");
  EXPECT_EQ(v.registration_date, "2002-02");
  EXPECT_EQ(v.standing, Standing::orphaned);
  EXPECT_EQ(v.previous_assigned, 3254);
  EXPECT_EQ(v.next_assigned, 3256);
}

TEST(PortCard, IronMailReportsTheRegistryNotTheSeedPage) {
  const auto v = describe(reg(), 3206, Transport::tcp);
  EXPECT_EQ(v.status, RegistryStatus::assigned);
  EXPECT_EQ(v.name, "ironmail");
  EXPECT_EQ(v.description, "IronMail POP Proxy");
  EXPECT_EQ(v.assignee, "[Mike_Hudack]");
  EXPECT_EQ(v.registration_date, "");
  ASSERT_EQ(v.folklore.size(), 1U);
  EXPECT_EQ(v.folklore[0]->vendor, "CipherTrust");
  EXPECT_EQ(v.folklore[0]->ended, "2008");
  const auto card = render_card(v);
  EXPECT_NE(card.find("Registered   - (no date in the registry)"), std::string::npos);
  EXPECT_NE(card.find("(vendor: CipherTrust), ended 2008"), std::string::npos);
}

TEST(PortCard, JsonCarriesLayersAndEvidence) {
  const auto j = to_json(describe(reg(), 3206, Transport::tcp));
  EXPECT_EQ(j["standing"], "orphaned");
  EXPECT_EQ(j["registry"]["layer"], "iana");
  EXPECT_TRUE(j["registry"]["registration_date"].is_null());
  EXPECT_EQ(j["folklore"][0]["layer"], "folklore");
  EXPECT_EQ(j["folklore"][0]["vendor"], "CipherTrust");
  EXPECT_EQ(j["evidence"][0]["layer"], "iana");
  EXPECT_EQ(j["range_context"]["class"], "registered (1024-49151)");
}

TEST(PortCard, UnassignedRangeContext) {
  const auto v = describe(reg(), 4338, Transport::tcp);
  EXPECT_EQ(v.standing, Standing::unassigned);
  EXPECT_EQ(v.registry_range, "Unassigned 4337-4339");
}

TEST(PortCard, CsvRowQuotesCommas) {
  PortView v;
  v.port = 1;
  v.name = "a";
  v.description = "x, y";
  EXPECT_EQ(to_csv_row(v), "1,tcp,unassigned,a,\"x, y\",,,");
}

}  // namespace
}  // namespace gp::registry
