// The registry as ghostport ships it (the IANA snapshot under rules/registry, the shipped
// layers), loaded once per test process; a load error fails the test that asked.
#pragma once

#include <gtest/gtest.h>

#include "classify/registry/load.hpp"

namespace gp::test {

inline const registry::PortRegistry& shipped_registry() {
  static const registry::LoadResult loaded = [] {
    registry::LoadOptions o;
    o.registry_csv = GP_IANA_CSV;
    registry::LoadResult r = registry::load_registry(o);
    EXPECT_EQ(r.diagnostics.error_count(), 0U);
    return r;
  }();
  return loaded.registry;
}

}  // namespace gp::test
