// Which allocator the CLI runs on, and its setup. With mimalloc (GHOSTPORT_MIMALLOC, the
// default build) the heap is asked for transparent huge pages: analyze touches a few hundred
// MB of flow, model and conversation memory once, and on 4 KiB pages the page faults alone
// were a sixth of its time (docs/performance.md).
#pragma once

#include <string>

namespace gp::cli {

// Call first thing in main(). MIMALLOC_LARGE_OS_PAGES=0 in the environment keeps 4 KiB pages.
void configure_allocator();

// "mimalloc 2.0.9, large OS pages", or "glibc malloc": for --version.
std::string allocator_description();

}  // namespace gp::cli
