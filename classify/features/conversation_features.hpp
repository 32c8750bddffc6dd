// The feature values of one conversation, as the rules see them (feature_catalog.cpp names
// each one). Computed once per conversation from the traffic model and its context.
#pragma once

#include <cstdint>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "classify/features/internal_networks.hpp"
#include "classify/features/traffic_model.hpp"
#include "classify/registry/port_registry.hpp"
#include "common/ip_protocol.hpp"  // transport_name: the catalogue's transport names

namespace gp {

// What scan detection concluded about the conversation's client.
struct ClientScanInfo {
  ClientScanInfo() = default;
  ClientScanInfo(bool is_scanner, std::string_view scan_tool, bool on_list = false, std::string_view list_name = {})
      : scanner(is_scanner), tool(scan_tool), listed(on_list), listed_name(list_name) {}

  bool scanner = false;
  std::string_view tool = "none";  // from scan_tool_vocabulary()
  // On a known-scanner list (registry::KnownScanner): its name must outlive the features
  // (the registry's entry does).
  bool listed = false;
  std::string_view listed_name;
  // Scan detection's own counts for a scanner (the numbers its scan report shows): distinct
  // (port, transport) pairs probed (exact, classify/scan/port_set.hpp) and hosts probed.
  std::uint64_t scan_ports = 0;
  std::uint64_t scan_hosts = 0;
};

// Answers "is protocol P registered or commonly used on port N?" (classify/protocol).
using StandardPortFn = bool (*)(std::string_view protocol, std::uint16_t port, std::uint8_t ip_proto);

struct FeatureContext {
  const TrafficModel& model;
  const registry::PortRegistry* registry = nullptr;  // null: standing "unassigned"
  const InternalNetworks& internal;
  StandardPortFn standard_port = nullptr;
};

class ConversationFeatures final : public FeatureValues {
 public:
  ConversationFeatures(const ConversationKey& key, const ConversationStats& stats, const FeatureContext& context,
                       const ClientScanInfo& scan);
  FeatureValue get(FeatureId id) const override;

 private:
  template <FeatureName Name>
  void set(FeatureValue value);
  std::vector<FeatureValue> values_;
};

// Index of the most common protocol among data flows (skipping "none"), and its share.
struct DominantProtocol {
  std::uint8_t index = 0;  // 0 = "none"
  double share = 0.0;
};
DominantProtocol dominant_protocol(const ProtocolCounts& counts);

// Whether a conversation, by its own behaviour, looks like probing (feature probe_like):
// no session with data, no repeated exchanges over a minute or more, and not five or more
// exchanges in one client protocol.
bool looks_like_probe(const ConversationStats& stats);

}  // namespace gp
