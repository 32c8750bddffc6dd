// Fuzz target: the IANA registry CSV loader (RFC 4180 quoting, ranges, dates), including the
// overlap check that runs on what it loaded. Bad rows must become diagnostics, never crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "classify/registry/iana_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gp::Diagnostics diags;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gp::registry::IanaTable table = gp::registry::parse_iana_csv("fuzz.csv", text, diags);
  gp::registry::check_iana_overlaps(table, diags);
  return 0;
}
