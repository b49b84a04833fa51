// Where the loader or the validator is while it reads an image, so that every ImageError
// names the origin, the part of the file and the path to the field:
// "model.gimg: section 'synapses', core 2, block 0, axon 5: ...".
#pragma once

#include "runtime/image/image_error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::image {

class ErrorContext {
public:
  /// `part`: "header", "section table" or "section 'cores'".
  ErrorContext(std::string_view origin, std::string part);

  /// Appends "<what> <index>" to the path until the returned guard is destroyed.
  class Scope {
  public:
    explicit Scope(ErrorContext& context) : context_(context) {}
    ~Scope() { context_.path_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

  private:
    ErrorContext& context_;
  };
  [[nodiscard]] Scope enter(std::string_view what, uint64_t index);

  /// Throws ImageError: "<origin>: <part>, <path>: <message>".
  [[noreturn]] void fail(std::string_view message) const;

  /// Fails with "<field> = <value> is outside [<min>, <max>]" unless min <= value <= max.
  void check_range(std::string_view field, int64_t value, int64_t min, int64_t max) const;

private:
  std::string origin_;
  std::string part_;
  std::vector<std::string> path_;
};

} // namespace gyrus::image
