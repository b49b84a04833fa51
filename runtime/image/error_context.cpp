#include "runtime/image/error_context.h"

namespace gyrus::image {

ErrorContext::ErrorContext(std::string_view origin, std::string part)
    : origin_(origin), part_(std::move(part)) {}

ErrorContext::Scope ErrorContext::enter(std::string_view what, uint64_t index) {
  path_.push_back(std::string(what) + " " + std::to_string(index));
  return Scope(*this);
}

void ErrorContext::fail(std::string_view message) const {
  std::string text = origin_ + ": " + part_;
  for (const std::string& step : path_)
    text += ", " + step;
  text += ": ";
  text += message;
  throw ImageError(text);
}

void ErrorContext::check_range(std::string_view field, int64_t value, int64_t min,
                               int64_t max) const {
  if (value < min || value > max)
    fail(std::string(field) + " = " + std::to_string(value) + " is outside [" +
         std::to_string(min) + ", " + std::to_string(max) + "]");
}

} // namespace gyrus::image
