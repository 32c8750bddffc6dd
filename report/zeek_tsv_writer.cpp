#include "report/zeek_tsv_writer.hpp"

#include <iterator>
#include <type_traits>

#include "report/time_format.hpp"
#include "report/zeek_escape.hpp"

namespace gp::report {
namespace {

void append_value(fmt::memory_buffer& out, const LogValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Unset>) {
          out.push_back('-');
        } else if constexpr (std::is_same_v<T, TimeNs>) {
          append_seconds(out, v);
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          fmt::format_to(std::back_inserter(out), "{}", v);
        } else if constexpr (std::is_same_v<T, bool>) {
          out.push_back(v ? 'T' : 'F');
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_tsv_escaped(out, v, false);
        } else if constexpr (std::is_same_v<T, IpAddress>) {
          out.append(v.to_string());
        } else if constexpr (std::is_same_v<T, double>) {
          // Zeek's ASCII writer: six decimals, trailing zeros dropped (modp_dtoa2).
          const auto start = out.size();
          fmt::format_to(std::back_inserter(out), "{:.6f}", v);
          auto end = out.size();
          while (end > start + 1 && out[end - 1] == '0') --end;
          if (end > start + 1 && out[end - 1] == '.') --end;
          out.resize(end);
        } else if constexpr (std::is_same_v<T, StringSet>) {
          if (v.empty()) {
            out.append(std::string_view("(empty)"));
            return;
          }
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_tsv_escaped(out, v[i], true);
          }
        }
      },
      value);
}

}  // namespace

void ZeekTsvWriter::open(TimeNs open_time) {
  line_.clear();
  auto out = std::back_inserter(line_);
  // The separator line cannot use the separator itself, hence the space and the escape.
  fmt::format_to(out, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n");
  fmt::format_to(out, "#path\t{}\n#open\t", schema_.path());
  append_header_stamp(line_, open_time);
  fmt::format_to(out, "\n#fields");
  for (const auto& f : schema_.fields()) fmt::format_to(out, "\t{}", f.name);
  fmt::format_to(out, "\n#types");
  for (const auto& f : schema_.fields()) fmt::format_to(out, "\t{}", to_string(f.type));
  line_.push_back('\n');
  sink_.write(std::string_view(line_.data(), line_.size()));
}

void ZeekTsvWriter::write(const LogRow& row) {
  line_.clear();
  for (std::size_t i = 0; i < schema_.size(); ++i) {
    if (i > 0) line_.push_back('\t');
    append_value(line_, row[i]);
  }
  line_.push_back('\n');
  sink_.write(std::string_view(line_.data(), line_.size()));
}

void ZeekTsvWriter::close(TimeNs close_time) {
  line_.clear();
  fmt::format_to(std::back_inserter(line_), "#close\t");
  append_header_stamp(line_, close_time);
  line_.push_back('\n');
  sink_.write(std::string_view(line_.data(), line_.size()));
}

}  // namespace gp::report
