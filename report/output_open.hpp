// Opening an output file so that a failed run can take back what it made, and only that:
// the file is created with O_EXCL when it is new, and its device and inode are noted, so a
// later removal never touches a device node, a FIFO, a symlink's target or a file that
// existed before the run (or was put in its place since).
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>

namespace gp::report {

struct OutputFile {
  std::FILE* file = nullptr;  // the caller closes it
  bool created = false;       // this run made the file
  dev_t device = 0;
  ino_t inode = 0;
};

struct OpenOutputOptions {
  bool no_follow = false;  // refuse a symlink as the last component (files we name in a directory)
};

// Opens `path` for writing: created if absent, else truncated when it is a regular file and
// written as it is otherwise (a FIFO, /dev/stdout). file == nullptr with `why` on failure.
OutputFile open_output(const std::string& path, OpenOutputOptions options, std::string& why);

// Removes `path` if it is still the regular file `out` created; true when removed.
bool remove_if_created(const std::string& path, const OutputFile& out);

}  // namespace gp::report
