// Connections a control channel announced (annotate's half of capture/flow/announcements.hpp):
// the analyzer notes every control flow that announced ports, and after judging gives each
// announced connection its control connection's verdict, with a reason naming it. Like
// Zeek's expected connections, but matched after the fact, so the order in which the flows
// ended (a data connection usually ends before its control connection) does not matter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/flow/flow.hpp"
#include "classify/features/conversation.hpp"
#include "classify/features/traffic_model.hpp"
#include "rules/label.hpp"

namespace gp {

struct ExpectedSource {
  ConversationKey control;  // the announcing conversation (client -> server:21)
  IpAddress orig;           // the control flow's endpoints, as its announcements name them
  IpAddress resp;
  TimeNs start = 0;  // the control flow's life: announced connections start inside it
  TimeNs last = 0;
  Announcements announced;
};

class ExpectedConnections {
 public:
  // Bounded: control flows past the cap are counted in dropped(), their data connections
  // judged on their own (a miss, never a false "expected").
  static constexpr std::size_t kMaxSources = 65536;

  // A flow that announced something, finished or still open (live hears each announcement
  // as it is made): a flow noted again replaces what it announced before.
  void note(const Flow& flow, const ConversationKey& control);
  // One noted elsewhere (a sensor's summary, ghostport collect); the same control flow
  // twice (same control conversation and start) is kept once, the later copy winning.
  void add(const ExpectedSource& source);
  const std::vector<ExpectedSource>& sources() const { return sources_; }
  // The control flow that announced a connection from `client` to `server`:`port` (TCP)
  // starting at `start`; null when none did.
  const ExpectedSource* find(const IpAddress& client, const IpAddress& server, std::uint16_t port, TimeNs start) const;
  std::size_t size() const { return sources_.size(); }
  std::uint64_t dropped() const { return dropped_; }

 private:
  std::vector<ExpectedSource> sources_;
  // Either control endpoint -> indices into sources_: a lookup touches only the sessions of
  // the data connection's server, however many FTP sessions the capture holds.
  std::unordered_multimap<IpAddress, std::uint32_t, IpAddressHash> by_endpoint_;
  std::uint64_t dropped_ = 0;
};

// The reason an expected connection (listening `server`:`port`) carries: "connection
// announced by FTP 227 on control connection 10.0.0.1 -> 10.0.0.2:21; it takes that
// connection's verdict (unknown)". No `control_label`: the control connection is still
// open and not judged yet (live), which the reason says.
std::string expected_reason(const ExpectedSource& source, const IpAddress& server, std::uint16_t port,
                            std::optional<rules::Label> control_label);

}  // namespace gp
