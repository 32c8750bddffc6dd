#include "live/privileges.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <fstream>
#include <stdexcept>

namespace gp::live {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

void clear_capability_sets() {
  __user_cap_header_struct header{};
  header.version = _LINUX_CAPABILITY_VERSION_3;
  header.pid = 0;
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capset, &header, data) != 0) {
    fail(fmt::format("cannot drop capabilities: capset: {}", std::strerror(errno)));
  }
  // Ambient capabilities follow permitted ones, but clear them explicitly (Linux 4.3+).
  (void)::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

void set_no_new_privs() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    fail(fmt::format("cannot set no_new_privs: {}", std::strerror(errno)));
  }
}

// Empties the bounding set while we still have CAP_SETPCAP; without it (a setcap'd binary)
// the bounding set stays, which no_new_privs makes harmless.
void drop_bounding_set() {
  for (unsigned long cap = 0; cap <= 63; ++cap) {
    if (::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) break;  // past the kernel's last capability
    (void)::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  }
}

}  // namespace

void drop_to_user(const std::string& user) {
  errno = 0;
  const passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr) {
    fail(fmt::format("-Z {}: no such user{}; name an unprivileged account (e.g. nobody)", user,
                     errno != 0 ? fmt::format(" ({})", std::strerror(errno)) : std::string()));
  }
  const uid_t uid = pw->pw_uid;
  const gid_t gid = pw->pw_gid;
  const std::string name = pw->pw_name;
  if (uid == 0) fail(fmt::format("-Z {}: that is root; name an unprivileged account (e.g. nobody)", user));
  drop_bounding_set();
  if (::initgroups(name.c_str(), gid) != 0) {
    fail(fmt::format("-Z {}: cannot set its groups: {} (run as root, or give the binary cap_setgid)", user,
                     std::strerror(errno)));
  }
  if (::setresgid(gid, gid, gid) != 0) {
    fail(fmt::format("-Z {}: cannot change group to {}: {} (needs root or cap_setgid)", user, gid,
                     std::strerror(errno)));
  }
  if (::setresuid(uid, uid, uid) != 0) {
    fail(
        fmt::format("-Z {}: cannot change user to {}: {} (needs root or cap_setuid)", user, uid, std::strerror(errno)));
  }
  clear_capability_sets();
  set_no_new_privs();
  if (::setuid(0) == 0 || ::geteuid() != uid || ::getuid() != uid || ::getegid() != gid) {
    fail(fmt::format("-Z {}: privileges were not dropped completely; refusing to run", user));
  }
}

void drop_capabilities() {
  if (::geteuid() == 0) drop_bounding_set();
  clear_capability_sets();
  set_no_new_privs();
}

std::string effective_capabilities() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      const auto pos = line.find_first_not_of(" \t", 7);
      return pos == std::string::npos ? std::string() : line.substr(pos);
    }
  }
  return "unknown";
}

}  // namespace gp::live
