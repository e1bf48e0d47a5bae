#pragma once
/// \file
/// Writing output files so that a crash never leaves a half-written file:
/// content goes to a temporary file beside the target, then rename(2) moves it
/// into place (atomic on POSIX file systems).

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace glassland {

/// Writes `path` by calling `write` on a stream to a temporary sibling file and
/// renaming it over `path` once the stream is flushed without error. Creates
/// missing parent directories. Throws Error when the file cannot be written.
void writeFileAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

/// Same, with the whole content as a string.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content);

}  // namespace glassland
