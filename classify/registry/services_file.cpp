#include "classify/registry/services_file.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "common/file_text.hpp"

namespace gp::registry {

std::string_view to_string(ServicesFormat f) noexcept {
  switch (f) {
    case ServicesFormat::nmap: return "nmap-services";
    case ServicesFormat::wireshark: return "wireshark-services";
    case ServicesFormat::etc_services: return "etc-services";
  }
  return "?";
}

namespace {

struct Token {
  std::string_view text;
  std::uint32_t column = 0;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Whitespace-separated tokens before the '#', with 1-based columns.
std::vector<Token> tokens_of(std::string_view line, std::string_view& comment) {
  std::vector<Token> out;
  const auto hash = line.find('#');
  comment = {};
  if (hash != std::string_view::npos) {
    comment = line.substr(hash + 1);
    while (!comment.empty() && is_space(comment.front())) comment.remove_prefix(1);
    while (!comment.empty() && is_space(comment.back())) comment.remove_suffix(1);
    line = line.substr(0, hash);
  }
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start) out.push_back({line.substr(start, i - start), static_cast<std::uint32_t>(start + 1)});
  }
  return out;
}

std::optional<double> parse_frequency(std::string_view text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value < 0.0 || value > 1.0) return std::nullopt;
  return value;
}

}  // namespace

ServicesTable parse_services(std::string file, ServicesFormat format, std::string_view content, Diagnostics& diags) {
  ServicesTable out;
  out.file = std::move(file);
  out.format = format;
  out.entries.reserve(format == ServicesFormat::nmap ? 28000 : 6500);
  std::uint32_t line_no = 0;
  while (!content.empty()) {
    ++line_no;
    const auto nl = content.find('\n');
    const std::string_view line = content.substr(0, nl);
    content.remove_prefix(nl == std::string_view::npos ? content.size() : nl + 1);
    std::string_view comment;
    const auto tok = tokens_of(line, comment);
    if (tok.empty()) continue;
    const SourceLocation at_line{out.file, line_no, 1};
    if (tok.size() < 2) {
      diags.error(at_line, "expected 'name port/protocol'");
      continue;
    }
    const auto slash = tok[1].text.find('/');
    if (slash == std::string_view::npos) {
      diags.error({out.file, line_no, tok[1].column}, fmt::format("expected port/protocol, found '{}'", tok[1].text));
      continue;
    }
    ServiceEntry e;
    e.line = line_no;
    std::string why;
    const auto range = parse_port_range(tok[1].text.substr(0, slash), why);
    if (!range) {
      diags.error({out.file, line_no, tok[1].column}, why);
      continue;
    }
    e.ports = *range;
    const auto proto = tok[1].text.substr(slash + 1);
    const auto set = parse_transport_set(proto);
    if (!set) {
      // /etc/services still lists AppleTalk's ddp ports: not IP, so not ours to report.
      if (format == ServicesFormat::etc_services && proto == "ddp") continue;
      diags.error({out.file, line_no, static_cast<std::uint32_t>(tok[1].column + slash + 1)},
                  fmt::format("unknown transport protocol '{}'", proto));
      continue;
    }
    e.transports = *set;
    if (format == ServicesFormat::nmap) {
      if (tok.size() < 3) {
        diags.error({out.file, line_no, static_cast<std::uint32_t>(line.size() + 1)}, "missing open-frequency column");
        continue;
      }
      const auto freq = parse_frequency(tok[2].text);
      if (!freq) {
        diags.error({out.file, line_no, tok[2].column},
                    fmt::format("invalid open-frequency '{}' (expected a number in [0, 1])", tok[2].text));
        continue;
      }
      e.open_frequency = *freq;
    }
    e.name = std::string(tok[0].text);
    e.comment = std::string(comment);
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::optional<ServicesTable> load_services(const std::string& path, ServicesFormat format, Diagnostics& diags) {
  std::string why;
  const auto text = read_file_text(path, why);
  if (!text) {
    diags.error({path, 0, 0}, fmt::format("cannot read {}: {}", to_string(format), why));
    return std::nullopt;
  }
  return parse_services(path, format, *text, diags);
}

}  // namespace gp::registry
