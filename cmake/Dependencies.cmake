# Every dependency comes from Debian packages (see tools/install-deps).
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd) # .zst captures (capture/source/compressed_file)
find_package(ZLIB REQUIRED) # .pcap.gz captures
pkg_check_modules(NATS REQUIRED IMPORTED_TARGET libnats) # NATS JetStream client (ghostport collect, --publish)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(absl REQUIRED) # flat hash maps for the traffic model (one allocation per table, not per entry)
find_package(OpenSSL REQUIRED) # SHA-1 for Community ID
if(GHOSTPORT_MIMALLOC)
  # The CLI's allocator (tools/ghostport/allocator.cpp): transparent huge pages for the flow
  # table, model and conversations (README, Performance). -DGHOSTPORT_MIMALLOC=OFF: glibc's.
  find_package(mimalloc 2.0 REQUIRED)
endif()
if(GHOSTPORT_TESTS)
  find_package(GTest REQUIRED)
  find_package(benchmark QUIET)
endif()

# Everything the CLI links: libraries add themselves here with target_link_libraries.
add_library(gp_cli_deps INTERFACE)
target_link_libraries(gp_cli_deps INTERFACE fmt::fmt CLI11::CLI11 nlohmann_json::nlohmann_json)
find_package(Threads REQUIRED)
