#include "glassland/core/error.hpp"

namespace glassland {

namespace {
std::string located(const std::string& file, int line, const std::string& message) {
  if (file.empty()) return message;
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}
}  // namespace

InputError::InputError(std::string file, int line, const std::string& message)
    : Error(located(file, line, message)), file_(std::move(file)), line_(line), reason_(message) {}

InputError::InputError(const std::string& message) : Error(message), reason_(message) {}

}  // namespace glassland
