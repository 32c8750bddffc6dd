#include "classify/scan/scan_episode.hpp"

#include <array>

namespace gp::scan {
namespace {

constexpr std::array<std::string_view, 5> kTypeNames{"none", "vertical", "horizontal", "block", "backscatter"};
constexpr std::array<std::string_view, 3> kEventNames{"scan_started", "scan_updated", "scan_ended"};
constexpr std::array<std::string_view, 5> kEndNames{"open", "quiet", "capture_end", "evicted", "tool_changed"};

}  // namespace

std::string_view to_string(ScanType t) noexcept { return kTypeNames[static_cast<std::size_t>(t)]; }
std::string_view to_string(EpisodeEvent e) noexcept { return kEventNames[static_cast<std::size_t>(e)]; }
std::string_view to_string(EpisodeEnd e) noexcept { return kEndNames[static_cast<std::size_t>(e)]; }

}  // namespace gp::scan
