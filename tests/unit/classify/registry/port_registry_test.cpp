#include "classify/registry/port_registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "classify/registry/load.hpp"
#include "tests/support/addresses.hpp"
#include "tests/support/temp_path.hpp"

namespace gp::registry {
namespace {

constexpr const char* kIana = GP_IANA_CSV;
constexpr const char* kNmap = "/usr/share/nmap/nmap-services";

// One load for the whole suite: the registry is immutable once built.
const LoadResult& loaded() {
  static const LoadResult r = [] {
    if (!std::filesystem::exists(kNmap)) {
      ADD_FAILURE() << kNmap << " missing: install nmap-common (tools/install-deps)";
    }
    LoadOptions o;
    o.registry_csv = kIana;
    o.nmap_services = kNmap;
    o.folklore_dir = GP_SOURCE_DIR "/rules/ports";
    return load_registry(o);
  }();
  return r;
}
const PortRegistry& reg() { return loaded().registry; }

TEST(PortRegistry, LoadsRealSourcesWithoutErrors) { EXPECT_EQ(loaded().diagnostics.error_count(), 0U); }

TEST(PortRegistry, DefaultOrphanThresholdIsOneHostOfNmapsSample) {
  EXPECT_DOUBLE_EQ(reg().orphan_threshold(Transport::tcp), 0.000076);
  EXPECT_DOUBLE_EQ(reg().orphan_threshold(Transport::udp), 0.00033);
}

TEST(PortRegistry, WebMail2Port3511IsOrphaned) {
  for (const auto t : {Transport::tcp, Transport::udp}) {
    EXPECT_EQ(reg().standing(3511, t), Standing::orphaned);
    EXPECT_EQ(reg().registry_status(3511, t), RegistryStatus::assigned);
    EXPECT_EQ(reg().registered_name(3511, t), "webmail-2");
  }
  EXPECT_DOUBLE_EQ(*reg().observed_frequency(3511, Transport::tcp), 0.000076);
}

TEST(PortRegistry, SemaphorePort3255IsOrphaned) {
  EXPECT_EQ(reg().standing(3255, Transport::tcp), Standing::orphaned);
  EXPECT_EQ(reg().standing(3255, Transport::udp), Standing::orphaned);
  EXPECT_DOUBLE_EQ(*reg().observed_frequency(3255, Transport::tcp), 0.0);
}

TEST(PortRegistry, IronMailPort3206IsRegisteredNotUnassigned) {
  EXPECT_EQ(reg().registry_status(3206, Transport::tcp), RegistryStatus::assigned);
  EXPECT_EQ(reg().standing(3206, Transport::tcp), Standing::orphaned);
  bool folklore = false;
  for (const auto& f : reg().facts(3206, Transport::tcp)) {
    if (f.layer == Layer::folklore && reg().folklore(f.index).vendor == "CipherTrust") folklore = true;
  }
  EXPECT_TRUE(folklore);
}

// Issue 22: infrastructure ports that Internet scans rarely see open but current software
// runs (VPN, STUN, push, MQTT, Kubernetes, etcd, MongoDB, Kafka, overlays, memcached). Without
// the in-use layer (rules/ports/in_use.toml) nmap's frequencies call every one orphaned.
TEST(PortRegistry, InUseLayerKeepsModernInfrastructurePortsFromBeingOrphaned) {
  const std::vector<std::pair<std::uint16_t, Transport>> in_use{
      {1194, Transport::udp}, {3478, Transport::udp}, {5228, Transport::tcp}, {1883, Transport::tcp},
      {8883, Transport::tcp}, {6443, Transport::tcp}, {2379, Transport::tcp}, {27017, Transport::tcp},
      {9092, Transport::tcp}, {4789, Transport::udp}, {6081, Transport::udp}, {11211, Transport::tcp},
      {11211, Transport::udp}};
  for (const auto& [port, t] : in_use) {
    EXPECT_NE(reg().standing(port, t), Standing::orphaned) << port << "/" << to_string(t);
    EXPECT_EQ(reg().standing(port, t), Standing::active_service) << port << "/" << to_string(t);
    bool says_why = false;
    for (const auto& e : reg().evidence(port, t)) {
      says_why = says_why || (e.layer == Layer::folklore && e.text.starts_with("in use: "));
    }
    EXPECT_TRUE(says_why) << port << "/" << to_string(t);
  }
}

TEST(PortRegistry, WithoutTheInUseLayerNmapCallsThemOrphaned) {
  // The control for the test above: the same ports with every layer but in_use.toml.
  const auto dir = test::temp_path("folklore-without-in-use");
  std::filesystem::create_directories(dir);
  for (const auto& f : std::filesystem::directory_iterator(GP_SOURCE_DIR "/rules/ports")) {
    if (f.path().filename() != "in_use.toml") std::filesystem::copy(f.path(), dir / f.path().filename());
  }
  LoadOptions o;
  o.registry_csv = kIana;
  o.nmap_services = kNmap;
  o.folklore_dir = dir.string();
  const auto r = load_registry(o);
  EXPECT_EQ(r.registry.standing(1883, Transport::tcp), Standing::orphaned);
  EXPECT_EQ(r.registry.standing(2379, Transport::tcp), Standing::orphaned);
  EXPECT_EQ(r.registry.standing(4789, Transport::udp), Standing::orphaned);
}

TEST(PortRegistry, InUseLayerLeavesTheSeedOrphansAlone) {
  for (const std::uint16_t port : {std::uint16_t{3206}, std::uint16_t{3255}, std::uint16_t{3511}}) {
    EXPECT_EQ(reg().standing(port, Transport::tcp), Standing::orphaned) << port;
  }
}

TEST(PortRegistry, HttpAndHttpsAreActive) {
  EXPECT_EQ(reg().standing(80, Transport::tcp), Standing::active_service);
  EXPECT_EQ(reg().standing(443, Transport::tcp), Standing::active_service);
  EXPECT_EQ(reg().registered_name(443, Transport::tcp), "https");
}

TEST(PortRegistry, QuietSystemPortIsStillActiveNotOrphaned) {
  // rje (5/tcp) was never seen open by nmap, but system ports skip the orphan test.
  EXPECT_DOUBLE_EQ(*reg().observed_frequency(5, Transport::tcp), 0.0);
  EXPECT_EQ(reg().standing(5, Transport::tcp), Standing::active_service);
  // An Unassigned system port stays unassigned (IANA: 272-279 Unassigned).
  EXPECT_EQ(reg().standing(275, Transport::tcp), Standing::unassigned);
}

TEST(PortRegistry, UnassignedRange) {
  // IANA line ",4337-4339,,Unassigned".
  for (std::uint16_t p = 4337; p <= 4339; ++p) {
    EXPECT_EQ(reg().registry_status(p, Transport::tcp), RegistryStatus::unassigned);
    EXPECT_EQ(reg().standing(p, Transport::tcp), Standing::unassigned);
  }
}

TEST(PortRegistry, ReservedPort) {
  EXPECT_EQ(reg().registry_status(49151, Transport::tcp), RegistryStatus::reserved);
  EXPECT_EQ(reg().standing(49151, Transport::tcp), Standing::reserved);
  EXPECT_EQ(reg().standing(0, Transport::udp), Standing::reserved);
}

TEST(PortRegistry, DynamicPorts) {
  EXPECT_EQ(reg().standing(49152, Transport::tcp), Standing::dynamic);
  EXPECT_EQ(reg().standing(65535, Transport::udp), Standing::dynamic);
  EXPECT_EQ(reg().standing(54320, Transport::tcp), Standing::dynamic);  // BO2K folklore stays a note
}

TEST(PortRegistry, FolkloreOnAnUnregisteredPortIsUnofficial) {
  EXPECT_EQ(reg().registry_status(8291, Transport::tcp), RegistryStatus::unassigned);
  EXPECT_EQ(reg().standing(8291, Transport::tcp), Standing::unofficial);  // MikroTik Winbox
}

TEST(PortRegistry, NamedObservedUseOnAnUnregisteredPortIsUnofficial) {
  // 5800/tcp: IANA unassigned, nmap 'vnc-http' at 0.005947.
  EXPECT_EQ(reg().standing(5800, Transport::tcp), Standing::unofficial);
}

TEST(PortRegistry, SiteOverridesEveryOtherLayer) {
  const auto dir = gp::test::temp_path("registry_site_test");
  std::filesystem::create_directories(dir);
  const auto site = (dir / "site.toml").string();
  {
    FILE* f = std::fopen(site.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "internal_networks = [\"10.0.0.0/8\"]\n"
        "[[application]]\nport = 3255\ntransport = \"tcp\"\nname = \"build-cache\"\n"
        "networks = [\"10.0.0.0/8\"]\n",
        f);
    std::fclose(f);
  }
  LoadOptions o;
  o.registry_csv = kIana;
  o.nmap_services = kNmap;
  o.site = site;
  const auto r = load_registry(o);
  EXPECT_EQ(r.diagnostics.error_count(), 0U);
  EXPECT_EQ(r.registry.standing(3255, Transport::tcp), Standing::site_known);
  EXPECT_EQ(r.registry.standing(3255, Transport::udp), Standing::orphaned);  // tcp only
  const auto ev = r.registry.evidence(3255, Transport::tcp);
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev.front().layer, Layer::site);
  const IpAddress inside = test::ip("10.1.1.1");
  const IpAddress outside = test::ip("192.0.2.1");
  EXPECT_EQ(r.registry.site_applications(3255, Transport::tcp, &inside).size(), 1U);
  EXPECT_TRUE(r.registry.site_applications(3255, Transport::tcp, &outside).empty());
  std::filesystem::remove_all(dir);
}

TEST(PortRegistry, StandingsOfTheRegisteredRangeAddUpTo48128PerTransport) {
  for (const auto t : kAllTransports) {
    const auto c = reg().counts(kRegisteredPorts, t);
    EXPECT_EQ(c.total(), 48128U) << to_string(t);
    EXPECT_EQ(c.by_standing[static_cast<std::size_t>(Standing::dynamic)], 0U);
  }
}

TEST(PortRegistry, EveryRegisteredTcpAssignmentIsActiveOrOrphaned) {
  const auto tcp = reg().counts(kRegisteredPorts, Transport::tcp);
  EXPECT_EQ(tcp.by_standing[static_cast<std::size_t>(Standing::active_service)] +
                tcp.by_standing[static_cast<std::size_t>(Standing::orphaned)],
            5460U);  // every TCP assignment in 1024-49151 is active or orphaned
}

TEST(PortRegistry, OrphanThresholdOptionOverridesTheDerivedOne) {
  LoadOptions o;
  o.registry_csv = kIana;
  o.nmap_services = kNmap;
  o.orphan_threshold = 0.0;
  const auto r = load_registry(o);
  EXPECT_EQ(r.registry.standing(3511, Transport::tcp), Standing::active_service);  // 0.000076 > 0
  EXPECT_EQ(r.registry.standing(3255, Transport::tcp), Standing::orphaned);        // 0 <= 0
}

TEST(PortRegistry, FallsBackToSystemServicesAndSaysWhatItLacks) {
  LoadOptions o;
  o.default_iana = std::nullopt;  // no shipped snapshot either
  o.nmap_services = kNmap;
  o.fallback_registries = {{"/nonexistent/services", ServicesFormat::wireshark}, {kNmap, ServicesFormat::nmap}};
  const auto r = load_registry(o);
  EXPECT_EQ(r.registry_source, kNmap);
  ASSERT_FALSE(r.notices.empty());
  EXPECT_NE(r.notices.front().find("no --registry given; using /usr/share/nmap/nmap-services"), std::string::npos);
  EXPECT_NE(r.notices.front().find("no assignees, contacts or registration dates"), std::string::npos);
  EXPECT_EQ(r.registry.registry_status(3255, Transport::tcp), RegistryStatus::assigned);
  EXPECT_EQ(r.registry.standing(3255, Transport::tcp), Standing::orphaned);
  EXPECT_EQ(r.registry.standing(80, Transport::tcp), Standing::active_service);
}

TEST(PortRegistry, LookupsAreDenseTableReads) {
  // O(1): every (port, transport) has a slot, including ones no source mentions.
  std::size_t n = 0;
  for (const auto t : kAllTransports) {
    for (std::uint32_t p = 0; p < 65536; ++p) {
      n += reg().standing(static_cast<std::uint16_t>(p), t) == Standing::dynamic ? 1U : 0U;
    }
  }
  EXPECT_EQ(n, 4U * 16384U);
}

TEST(StandingNames, RoundTrip) {
  for (const auto s : kAllStandings) EXPECT_EQ(parse_standing(to_string(s)), s);
  EXPECT_EQ(parse_standing("site-known"), Standing::site_known);
  EXPECT_FALSE(parse_standing("orphan").has_value());
  EXPECT_EQ(parse_layer("folklore"), Layer::folklore);
}

}  // namespace
}  // namespace gp::registry
