#pragma once
/// \file
/// Exceptions glassland throws. Everything a user can get wrong ends in an
/// InputError that names the file, the line (when known) and what was expected;
/// the app prints it and exits non-zero.

#include <stdexcept>
#include <string>

namespace glassland {

/// Base of all glassland errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad user input: a file, a config key, a value. `line` is 1-based; 0 = unknown.
class InputError : public Error {
 public:
  InputError(std::string file, int line, const std::string& message);
  /// Without a file (a command-line value, say).
  explicit InputError(const std::string& message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  /// The message without the "file:line: " prefix.
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  int line_ = 0;
  std::string reason_;
};

}  // namespace glassland
