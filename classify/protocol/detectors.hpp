// Internal to classify/protocol: one detector per protocol (or family that shares a first
// line). Each looks at both first payloads, fills `out` and returns true when it recognises
// its protocol; identify.cpp holds the one table that orders them.
#pragma once

#include "classify/protocol/payload.hpp"

namespace gp::protocol_detail {

using Detector = bool (*)(const FlowPayloads&, ProtocolGuess&);

bool detect_tls(const FlowPayloads& f, ProtocolGuess& out);         // tls_dtls.cpp
bool detect_dtls(const FlowPayloads& f, ProtocolGuess& out);        // tls_dtls.cpp
bool detect_quic(const FlowPayloads& f, ProtocolGuess& out);        // quic.cpp
bool detect_http(const FlowPayloads& f, ProtocolGuess& out);        // http_sip.cpp
bool detect_sip(const FlowPayloads& f, ProtocolGuess& out);         // http_sip.cpp
bool detect_dns(const FlowPayloads& f, ProtocolGuess& out);         // dns.cpp
bool detect_ssh(const FlowPayloads& f, ProtocolGuess& out);         // remote_access.cpp
bool detect_telnet(const FlowPayloads& f, ProtocolGuess& out);      // remote_access.cpp
bool detect_shell(const FlowPayloads& f, ProtocolGuess& out);       // remote_access.cpp
bool detect_rdp(const FlowPayloads& f, ProtocolGuess& out);         // remote_access.cpp
bool detect_smb(const FlowPayloads& f, ProtocolGuess& out);         // remote_access.cpp
bool detect_socks4(const FlowPayloads& f, ProtocolGuess& out);      // tunnels.cpp
bool detect_socks5(const FlowPayloads& f, ProtocolGuess& out);      // tunnels.cpp
bool detect_openvpn(const FlowPayloads& f, ProtocolGuess& out);     // tunnels.cpp
bool detect_mqtt(const FlowPayloads& f, ProtocolGuess& out);        // data_stores.cpp
bool detect_redis(const FlowPayloads& f, ProtocolGuess& out);       // data_stores.cpp
bool detect_postgresql(const FlowPayloads& f, ProtocolGuess& out);  // data_stores.cpp
bool detect_mysql(const FlowPayloads& f, ProtocolGuess& out);       // data_stores.cpp
bool detect_ntp(const FlowPayloads& f, ProtocolGuess& out);         // udp_services.cpp
bool detect_syslog(const FlowPayloads& f, ProtocolGuess& out);      // udp_services.cpp
bool detect_irc(const FlowPayloads& f, ProtocolGuess& out);         // mail_ftp_irc.cpp
bool detect_mail_ftp(const FlowPayloads& f, ProtocolGuess& out);    // mail_ftp_irc.cpp (SMTP, POP3, IMAP, FTP)

}  // namespace gp::protocol_detail
