#include "annotate/expected_connections.hpp"

#include <fmt/format.h>

namespace gp {
namespace {

// A data connection opens within seconds of its announcement; a range match (the ring
// overflowed) also has to start while the control connection is alive, plus this slack for
// a transfer that starts as the control channel closes.
constexpr TimeNs kSlackNs = 30'000'000'000;

}  // namespace

void ExpectedConnections::note(const Flow& flow, const ConversationKey& control) {
  if (flow.evidence.announced.total == 0) return;
  add(ExpectedSource{control, flow.orig_h, flow.resp_h, flow.start, flow.last, flow.evidence.announced});
}

void ExpectedConnections::add(const ExpectedSource& source) {
  // The same control flow noted while open (live) is updated, not added again.
  const auto [first, end] = by_endpoint_.equal_range(source.orig);
  for (auto it = first; it != end; ++it) {
    ExpectedSource& s = sources_[it->second];
    // The control conversation names both ends, so this is the same flow, whichever
    // way it was oriented when noted.
    if (s.start == source.start && s.control == source.control) {
      s = source;
      return;
    }
  }
  if (sources_.size() >= kMaxSources) {
    ++dropped_;
    return;
  }
  const auto index = static_cast<std::uint32_t>(sources_.size());
  sources_.push_back(source);
  by_endpoint_.emplace(source.orig, index);
  if (!(source.resp == source.orig)) by_endpoint_.emplace(source.resp, index);
}

const ExpectedSource* ExpectedConnections::find(const IpAddress& client, const IpAddress& server, std::uint16_t port,
                                                TimeNs start) const {
  const auto [first, end] = by_endpoint_.equal_range(server);
  for (auto it = first; it != end; ++it) {
    const ExpectedSource& s = sources_[it->second];
    // The announcer listens (server of the data connection); its control peer connects.
    const bool by_orig = s.orig == server && s.resp == client;
    const bool by_resp = s.resp == server && s.orig == client;
    if (!by_orig && !by_resp) continue;
    if (start + kSlackNs < s.start || start > s.last + kSlackNs) continue;
    if (s.control.server == server && s.control.port == port) continue;  // the control connection itself
    if (s.announced.covers(by_orig, port)) return &s;
  }
  return nullptr;
}

std::string expected_reason(const ExpectedSource& source, const IpAddress& server, std::uint16_t port,
                            std::optional<rules::Label> control_label) {
  const std::string_view announcer =
      source.announced.announcer == Announcer::ftp ? "FTP" : to_string(source.announced.announcer);
  const std::string control = fmt::format("control connection {} -> {}:{}", source.control.client.to_string(),
                                          source.control.server.to_string(), source.control.port);
  const std::string_view verb = source.announced.verb_of(source.orig == server, port);
  if (!control_label) {
    return fmt::format(
        "connection announced by {} {} on {}, still open; it takes that connection's verdict "
        "when it ends",
        announcer, verb, control);
  }
  return fmt::format("connection announced by {} {} on {}; it takes that connection's verdict ({})", announcer, verb,
                     control, rules::to_string(*control_label));
}

}  // namespace gp
