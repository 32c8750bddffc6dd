// Giving up privileges once the capture socket is open (tcpdump's -Z): the socket keeps
// working, and nothing else ghostport live does needs root or any capability.
// Errors throw std::runtime_error with a message that says what to do.
#pragma once

#include <string>

namespace gp::live {

// Becomes `user` (its uid, primary gid and supplementary groups), having first emptied the
// capability bounding set and set no_new_privs, so neither root nor any capability can come
// back (not even through a setuid or file-capability binary). Then checks that setuid(0)
// fails. Needs root or CAP_SETUID+CAP_SETGID.
void drop_to_user(const std::string& user);

// Clears every capability the process holds (effective, permitted, inheritable, ambient)
// and sets no_new_privs. For a run without -Z: a binary given cap_net_raw by setcap keeps
// nothing once the interface is open; root keeps its uid (file ownership) but no
// capability.
void drop_capabilities();

// The current effective capability set as /proc/self/status shows it (hex), for messages.
std::string effective_capabilities();

}  // namespace gp::live
