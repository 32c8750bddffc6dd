// Zeek's conn.log for ghostport flows: the columns ghostport can fill, in Zeek's order
// (local_orig and local_resp are left out: we know no site networks), tunnel_parents (the
// uids of the flows that carried a tunnelled flow's packets), then ip_proto and
// community_id as Zeek appends them.
// Later stages append their own columns (gp_label, gp_confidence, …) after these via
// `extra_fields`; the Zeek columns keep their indices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "capture/flow/conn_record.hpp"
#include "common/ip_protocol.hpp"
#include "report/log_writer.hpp"
#include "report/time_format.hpp"

namespace gp::report {

// Column indices of the Zeek part of the schema.
namespace conn_col {
enum : std::size_t {
  ts,
  uid,
  orig_h,
  orig_p,
  resp_h,
  resp_p,
  proto,
  service,
  duration,
  orig_bytes,
  resp_bytes,
  conn_state,
  missed_bytes,
  history,
  orig_pkts,
  orig_ip_bytes,
  resp_pkts,
  resp_ip_bytes,
  tunnel_parents,
  ip_proto,
  community_id,
  count  // first index free for extra columns
};
}  // namespace conn_col

// Zeek's transport names: gp::zeek_transport_name (common/ip_protocol.hpp).
using gp::zeek_transport_name;

LogSchema conn_log_schema(std::span<const LogField> extra_fields = {});

// Sets the Zeek columns of `row` from `r`, with Zeek's rules (base/protocols/conn/main.zeek):
// duration, orig_bytes and resp_bytes only when the duration is above zero; history and
// tunnel_parents and service only when not empty. Leaves
// extra columns alone.
void fill_conn_row(const ConnRecord& r, LogRow& row);

class ConnLogWriter {
 public:
  // Writes the header immediately (TSV); open_time is the #open stamp.
  ConnLogWriter(LogFormat format, LogSink& sink, std::span<const LogField> extra_fields = {},
                TimeNs open_time = wall_clock_now());
  ~ConnLogWriter();  // closes with the current time if close() was not called
  ConnLogWriter(const ConnLogWriter&) = delete;
  ConnLogWriter& operator=(const ConnLogWriter&) = delete;

  const LogSchema& schema() const { return schema_; }

  // The row the next write() sends: set extra columns here before write(); write() resets
  // them to unset afterwards, so one record's label never leaks into the next.
  LogRow& extra() { return row_; }

  void write(const ConnRecord& r);
  void close(TimeNs close_time = wall_clock_now());

 private:
  LogSchema schema_;
  LogRow row_;
  std::unique_ptr<LogWriter> writer_;
  bool closed_ = false;
};

}  // namespace gp::report
