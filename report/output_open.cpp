#include "report/output_open.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gp::report {

OutputFile open_output(const std::string& path, OpenOutputOptions options, std::string& why) {
  OutputFile out;
  const int follow = options.no_follow ? O_NOFOLLOW : 0;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY | follow, 0666);
  if (fd >= 0) {
    out.created = true;
  } else if (errno == EEXIST) {
    fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | follow);
  }
  if (fd < 0) {
    why =
        errno == ELOOP && options.no_follow ? "is a symbolic link; refusing to write through it" : std::strerror(errno);
    return {};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && !out.created && ::ftruncate(fd, 0) != 0)) {
    why = std::strerror(errno);
    ::close(fd);
    return {};
  }
  out.device = st.st_dev;
  out.inode = st.st_ino;
  out.file = ::fdopen(fd, "wb");
  if (out.file == nullptr) {
    why = std::strerror(errno);
    ::close(fd);
    return {};
  }
  return out;
}

bool remove_if_created(const std::string& path, const OutputFile& out) {
  if (!out.created) return false;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != out.device || st.st_ino != out.inode) {
    return false;
  }
  return ::unlink(path.c_str()) == 0;
}

}  // namespace gp::report
