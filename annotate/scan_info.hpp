// What the rules learn about a client from scan detection (ClientScanInfo), decided in one
// place for analyze, live and scan-report: which sources count as scanners, and their counts.
#pragma once

#include "classify/features/conversation_features.hpp"
#include "classify/scan/scan_detector.hpp"

namespace gp {

// A source of backscatter answers someone else's forged flood: it is the victim, and its own
// sessions are not part of any scan (the backscatter rule covers the replies). A listed
// scanner is one by publication: the research rule speaks for it. `s` may be null (the
// source never probed).
ClientScanInfo scan_info_of(const scan::SourceSummary* s);

}  // namespace gp
