// Where a writer's bytes go. Writers hand over whole lines (or a whole header), so a sink can
// be a FILE*, a string in a test, or later a rotating file, without the writers knowing.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace gp::report {

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual void flush() {}
  // False once a write failed (disk full, closed pipe): the CLI turns it into an exit status.
  virtual bool ok() const { return true; }
};

// Does not own the FILE*; stdout stays open for whoever else writes to it.
class FileSink final : public LogSink {
 public:
  explicit FileSink(std::FILE* f) : f_(f) {}
  void write(std::string_view bytes) override;
  void flush() override;
  bool ok() const override { return ok_; }

 private:
  std::FILE* f_;
  bool ok_ = true;
};

class StringSink final : public LogSink {
 public:
  void write(std::string_view bytes) override { text_.append(bytes); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace gp::report
