#include "report/log_schema.hpp"

#include <stdexcept>

namespace gp::report {

std::size_t LogSchema::add(std::string name, ZeekType type) {
  for (const auto& f : fields_) {
    if (f.name == name) throw std::logic_error("log '" + path_ + "': duplicate field '" + name + "'");
  }
  fields_.push_back(LogField{std::move(name), type});
  return fields_.size() - 1;
}

void LogSchema::append(std::span<const LogField> fields) {
  for (const auto& f : fields) add(f.name, f.type);
}

}  // namespace gp::report
