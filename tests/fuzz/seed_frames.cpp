// Writes seeds for the decoder fuzz target from real captures: for each capture, its link
// type's index and its first frames in the target's length-prefixed format.
//
// usage: gp_fuzz_seed_frames OUT_DIR CAPTURE...
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/source/packet_source.hpp"
#include "tests/fuzz/fuzz_link_types.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: gp_fuzz_seed_frames OUT_DIR CAPTURE...\n");
    return 2;
  }
  constexpr std::size_t kFramesPerSeed = 16;
  const std::filesystem::path out_dir(argv[1]);
  std::filesystem::create_directories(out_dir);
  int written = 0;
  for (int i = 2; i < argc; ++i) {
    try {
      auto source = gp::open_file_source({argv[i], ""});
      const auto index = gp::fuzz::link_type_index(source->link_type());
      if (!index) continue;
      std::vector<std::uint8_t> seed{static_cast<std::uint8_t>(*index)};
      gp::RawFrame frame;
      for (std::size_t n = 0; n < kFramesPerSeed && source->next(frame) == gp::ReadStatus::frame;) {
        if (frame.bytes.size() > 0xffff) continue;
        seed.push_back(static_cast<std::uint8_t>(frame.bytes.size() >> 8));
        seed.push_back(static_cast<std::uint8_t>(frame.bytes.size()));
        seed.insert(seed.end(), frame.bytes.begin(), frame.bytes.end());
        ++n;
      }
      std::ofstream out(out_dir / ("seed-" + std::to_string(i)), std::ios::binary);
      out.write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
      ++written;
    } catch (const std::exception&) {
      // Unreadable seeds are simply not used.
    }
  }
  std::printf("%d seeds\n", written);
  return 0;
}
