#include "report/log_sink.hpp"

namespace gp::report {

void FileSink::write(std::string_view bytes) {
  if (!ok_) return;  // report the first failure only; later writes would fail the same way
  if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) ok_ = false;
}

void FileSink::flush() {
  if (std::fflush(f_) != 0) ok_ = false;
}

}  // namespace gp::report
