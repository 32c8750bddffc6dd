#include "tools/ghostport/allocator.hpp"

#include <cstdlib>
#include <fmt/core.h>

#ifdef GHOSTPORT_WITH_MIMALLOC
#include <mimalloc.h>
#else
#include <malloc.h>
#endif

namespace gp::cli {

#ifdef GHOSTPORT_WITH_MIMALLOC

void configure_allocator() {
  // mimalloc reads its options from the environment before main(); a user's explicit
  // setting wins over ours.
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) mi_option_enable(mi_option_large_os_pages);
}

// Forced: collects the heaps the reading threads abandoned when they ended, too.
void return_free_memory() { mi_collect(true); }

std::string allocator_description() {
  const int v = mi_version();
  return fmt::format("mimalloc {}.{}.{}{}", v / 100, v / 10 % 10, v % 10,
                     mi_option_is_enabled(mi_option_large_os_pages) ? ", large OS pages" : "");
}

#else

void configure_allocator() {}
void return_free_memory() { malloc_trim(0); }
std::string allocator_description() { return "glibc malloc"; }

#endif

}  // namespace gp::cli
