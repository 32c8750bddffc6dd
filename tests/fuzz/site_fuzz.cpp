// Fuzz target: the site file (`--site`, TOML): networks, applications, notes. toml++ parse
// errors and semantic errors alike must come back as diagnostics with a position.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "classify/registry/site.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gp::Diagnostics diags;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gp::registry::Site site = gp::registry::parse_site("fuzz.toml", text, diags);
  // Exercise the lookups the classifier makes with what was loaded.
  const gp::IpAddress probe{};
  (void)site.is_internal(probe);
  (void)site.is_allowed_scanner(probe);
  for (const auto& app : site.applications) (void)app.serves(probe);
  return 0;
}
