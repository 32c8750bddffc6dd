// Exit statuses scripts can rely on (documented in docs/robustness.md, "Exit status"); the
// CLI returns them, and so do the library runs it hands over to (live::run_live_capture).
#pragma once

namespace gp::exit_code {
inline constexpr int kOk = 0;
inline constexpr int kError = 1;         // could not do the job: bad input file, filter, …
inline constexpr int kUsage = 2;         // bad command line
inline constexpr int kPartialInput = 3;  // input truncated/corrupt: results read so far written
inline constexpr int kChanged = 4;       // diff: the two results differ (1 stays "could not compare")
}  // namespace gp::exit_code
