// DLT_RAW (12, 14 on OpenBSD), LINKTYPE_RAW (101), DLT_IPV4 (228), DLT_IPV6 (229): the frame
// is the IP packet. The version nibble decides, as libpcap's own filter code does.
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_raw_ip(Bytes bytes, LayerContext& ctx) { return dispatch_ip_version(bytes, ctx); }

}  // namespace gp
