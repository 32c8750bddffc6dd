// One record of a log, as typed values indexed like the schema's columns. A writer reuses one
// row for every record: setters assign in place, so strings keep their capacity and a steady
// stream of records allocates nothing in the row itself.
// Setting a value whose kind does not match the column's Zeek type is a programming error and
// throws std::logic_error naming the column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/ip_address.hpp"
#include "common/time.hpp"
#include "report/log_schema.hpp"

namespace gp::report {

struct Unset {};
using StringSet = std::vector<std::string>;

// time and interval: nanoseconds (TimeNs); count and port: unsigned; string and enum: text.
using LogValue = std::variant<Unset, TimeNs, std::uint64_t, bool, std::string, IpAddress, StringSet, double>;

class LogRow {
 public:
  explicit LogRow(const LogSchema& schema) : schema_(&schema), values_(schema.size()) {}

  const LogSchema& schema() const { return *schema_; }
  const LogValue& operator[](std::size_t i) const { return values_[i]; }
  bool is_set(std::size_t i) const { return !std::holds_alternative<Unset>(values_[i]); }

  void unset(std::size_t i) { values_[i] = Unset{}; }
  void clear();  // every column unset

  void set_time(std::size_t i, TimeNs t);
  void set_interval(std::size_t i, TimeNs d);
  void set_count(std::size_t i, std::uint64_t v);
  void set_port(std::size_t i, std::uint16_t p);
  void set_bool(std::size_t i, bool b);
  void set_string(std::size_t i, std::string_view s);  // string or enum columns
  void set_addr(std::size_t i, const IpAddress& a);
  void set_string_set(std::size_t i, StringSet s);
  void set_double(std::size_t i, double v);

 private:
  void check(std::size_t i, ZeekType a, ZeekType b) const;
  void check(std::size_t i, ZeekType a) const { check(i, a, a); }

  const LogSchema* schema_;
  std::vector<LogValue> values_;
};

}  // namespace gp::report
