#include "report/log_row.hpp"

#include <stdexcept>

namespace gp::report {

void LogRow::clear() {
  for (auto& v : values_) v = Unset{};
}

void LogRow::check(std::size_t i, ZeekType a, ZeekType b) const {
  if (i >= values_.size()) {
    throw std::logic_error("log '" + schema_->path() + "': column " + std::to_string(i) + " out of range");
  }
  const ZeekType t = (*schema_)[i].type;
  if (t != a && t != b) {
    throw std::logic_error("log '" + schema_->path() + "': field '" + (*schema_)[i].name + "' is " +
                           std::string(to_string(t)) + ", not " + std::string(to_string(a)));
  }
}

void LogRow::set_time(std::size_t i, TimeNs t) {
  check(i, ZeekType::time);
  values_[i] = t;
}

void LogRow::set_interval(std::size_t i, TimeNs d) {
  check(i, ZeekType::interval);
  values_[i] = d;
}

void LogRow::set_count(std::size_t i, std::uint64_t v) {
  check(i, ZeekType::count);
  values_[i] = v;
}

void LogRow::set_port(std::size_t i, std::uint16_t p) {
  check(i, ZeekType::port);
  values_[i] = std::uint64_t{p};
}

void LogRow::set_bool(std::size_t i, bool b) {
  check(i, ZeekType::bool_);
  values_[i] = b;
}

void LogRow::set_string(std::size_t i, std::string_view s) {
  check(i, ZeekType::string, ZeekType::enum_);
  if (auto* existing = std::get_if<std::string>(&values_[i])) {
    existing->assign(s);  // keeps the capacity from the previous record
  } else {
    values_[i] = std::string(s);
  }
}

void LogRow::set_addr(std::size_t i, const IpAddress& a) {
  check(i, ZeekType::addr);
  values_[i] = a;
}

void LogRow::set_string_set(std::size_t i, StringSet s) {
  check(i, ZeekType::string_set);
  values_[i] = std::move(s);
}

void LogRow::set_double(std::size_t i, double v) {
  check(i, ZeekType::double_);
  values_[i] = v;
}

}  // namespace gp::report
