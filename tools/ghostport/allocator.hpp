// Which allocator the CLI runs on, and its setup. With mimalloc (GHOSTPORT_MIMALLOC, the
// default build) the heap is asked for transparent huge pages: analyze touches a few hundred
// MB of flow, model and conversation memory once, and on 4 KiB pages the page faults alone
// were a sixth of its time (docs/performance.md).
#pragma once

#include <string>

namespace gp::cli {

// Call first thing in main(). MIMALLOC_LARGE_OS_PAGES=0 in the environment keeps 4 KiB pages.
void configure_allocator();

// Gives the pages of memory freed so far back to the system. Call between reading a capture
// and judging it: the flow table, the read-ahead buffers and the reading threads' heaps are
// freed by then, and mimalloc keeps those pages resident (and, on huge pages, committed)
// while the judgement allocates fresh ones; analyze on the scan-heavy profile peaked about
// 30 MB higher without it.
void return_free_memory();

// "mimalloc 2.0.9, large OS pages", or "glibc malloc": for --version.
std::string allocator_description();

}  // namespace gp::cli
