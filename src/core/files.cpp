#include "glassland/core/files.hpp"

#include <fstream>
#include <system_error>

#include "glassland/core/error.hpp"

namespace glassland {

// Failures here are the user's to fix (an unwritable or misnamed output
// directory, a full disk): InputError, so the program exits with 2 and names
// the path. The temporary file never outlives a failure.
void writeFileAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec || !fs::is_directory(path.parent_path()))
      throw InputError(path.parent_path().string(), 0,
                       "cannot create the output directory" + (ec ? ": " + ec.message() : std::string()));
  }
  if (fs::is_directory(path, ec))
    throw InputError(path.string(), 0, "is a directory; cannot write a file there");
  fs::path temporary = path;
  temporary += ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(temporary.string(), 0, "cannot open for writing (is the directory writable?)");
    try {
      write(out);
    } catch (...) {
      out.close();
      fs::remove(temporary, ec);
      throw;
    }
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temporary, ec);
      throw InputError(path.string(), 0, "error while writing (disk full?)");
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw InputError(path.string(), 0, "cannot move " + temporary.string() + " into place: " + ec.message());
  }
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& content) {
  writeFileAtomically(path, [&](std::ostream& out) { out << content; });
}

}  // namespace glassland
