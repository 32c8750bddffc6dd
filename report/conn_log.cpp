#include "report/conn_log.hpp"

#include "capture/flow/community_id.hpp"

namespace gp::report {

LogSchema conn_log_schema(std::span<const LogField> extra_fields) {
  LogSchema s("conn");
  // Order and types as in Zeek's Conn::Info; the indices must match conn_col.
  s.add("ts", ZeekType::time);
  s.add("uid", ZeekType::string);
  s.add("id.orig_h", ZeekType::addr);
  s.add("id.orig_p", ZeekType::port);
  s.add("id.resp_h", ZeekType::addr);
  s.add("id.resp_p", ZeekType::port);
  s.add("proto", ZeekType::enum_);
  s.add("service", ZeekType::string);
  s.add("duration", ZeekType::interval);
  s.add("orig_bytes", ZeekType::count);
  s.add("resp_bytes", ZeekType::count);
  s.add("conn_state", ZeekType::string);
  s.add("missed_bytes", ZeekType::count);
  s.add("history", ZeekType::string);
  s.add("orig_pkts", ZeekType::count);
  s.add("orig_ip_bytes", ZeekType::count);
  s.add("resp_pkts", ZeekType::count);
  s.add("resp_ip_bytes", ZeekType::count);
  s.add("tunnel_parents", ZeekType::string_set);
  s.add("ip_proto", ZeekType::count);
  s.add("community_id", ZeekType::string);
  s.append(extra_fields);
  return s;
}

void fill_conn_row(const ConnRecord& r, LogRow& row) {
  row.set_time(conn_col::ts, r.start);
  if (r.uid.empty()) {
    row.unset(conn_col::uid);
  } else {
    row.set_string(conn_col::uid, r.uid);
  }
  row.set_addr(conn_col::orig_h, r.orig_h);
  row.set_port(conn_col::orig_p, r.orig_p);
  row.set_addr(conn_col::resp_h, r.resp_h);
  row.set_port(conn_col::resp_p, r.resp_p);
  row.set_string(conn_col::proto, zeek_transport_name(r.ip_proto));
  if (r.service.empty()) {
    row.unset(conn_col::service);
  } else {
    row.set_string(conn_col::service, r.service);
  }
  // Zeek leaves these unset for a connection whose first and last packet share a timestamp
  // (a lone SYN, one UDP datagram), rather than claiming a zero duration.
  if (r.duration() > 0) {
    row.set_interval(conn_col::duration, r.duration());
    row.set_count(conn_col::orig_bytes, r.orig_bytes);
    row.set_count(conn_col::resp_bytes, r.resp_bytes);
  } else {
    row.unset(conn_col::duration);
    row.unset(conn_col::orig_bytes);
    row.unset(conn_col::resp_bytes);
  }
  row.set_string(conn_col::conn_state, to_string(r.state));
  row.set_count(conn_col::missed_bytes, r.missed_bytes);
  if (r.history.empty()) {
    row.unset(conn_col::history);
  } else {
    row.set_string(conn_col::history, r.history);
  }
  row.set_count(conn_col::orig_pkts, r.orig_pkts);
  row.set_count(conn_col::orig_ip_bytes, r.orig_ip_bytes);
  row.set_count(conn_col::resp_pkts, r.resp_pkts);
  row.set_count(conn_col::resp_ip_bytes, r.resp_ip_bytes);
  if (r.tunnel_parents.empty()) {
    row.unset(conn_col::tunnel_parents);
  } else {
    row.set_string_set(conn_col::tunnel_parents, r.tunnel_parents);
  }
  row.set_count(conn_col::ip_proto, r.ip_proto);
  // ICMP: orig_p/resp_p hold Zeek's (type, counterpart-or-code), which community_id_v1 maps
  // exactly like (type, code).
  row.set_string(conn_col::community_id, community_id_v1(r.orig_h, r.orig_p, r.resp_h, r.resp_p, r.ip_proto));
}

ConnLogWriter::ConnLogWriter(LogFormat format, LogSink& sink, std::span<const LogField> extra_fields, TimeNs open_time)
    : schema_(conn_log_schema(extra_fields)), row_(schema_), writer_(make_log_writer(format, schema_, sink)) {
  writer_->open(open_time);
}

ConnLogWriter::~ConnLogWriter() {
  if (!closed_) {
    try {
      close();
    } catch (...) {  // a destructor must not throw; the sink records write failures itself
    }
  }
}

void ConnLogWriter::write(const ConnRecord& r) {
  fill_conn_row(r, row_);
  writer_->write(row_);
  for (std::size_t i = conn_col::count; i < schema_.size(); ++i) row_.unset(i);
}

void ConnLogWriter::close(TimeNs close_time) {
  if (closed_) return;
  closed_ = true;
  writer_->close(close_time);
}

}  // namespace gp::report
