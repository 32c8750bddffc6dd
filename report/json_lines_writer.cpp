#include "report/json_lines_writer.hpp"

#include <nlohmann/json.hpp>

#include <type_traits>

#include "report/time_format.hpp"
#include "report/zeek_escape.hpp"

namespace gp::report {
namespace {

// ordered_json keeps the schema's column order, as Zeek's writer does.
nlohmann::ordered_json to_json(const LogValue& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Unset>) {
          return nullptr;  // never reached: unset fields are skipped
        } else if constexpr (std::is_same_v<T, TimeNs>) {
          return to_seconds(v);
        } else if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, bool> || std::is_same_v<T, double>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return json_safe_utf8(v);
        } else if constexpr (std::is_same_v<T, IpAddress>) {
          return v.to_string();
        } else if constexpr (std::is_same_v<T, StringSet>) {
          auto arr = nlohmann::ordered_json::array();
          for (const auto& e : v) arr.push_back(json_safe_utf8(e));
          return arr;
        }
      },
      value);
}

}  // namespace

void JsonLinesWriter::write(const LogRow& row) {
  nlohmann::ordered_json obj = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < schema_.size(); ++i) {
    if (!row.is_set(i)) continue;
    obj[schema_[i].name] = to_json(row[i]);
  }
  std::string line = obj.dump();
  line.push_back('\n');
  sink_.write(line);
}

}  // namespace gp::report
