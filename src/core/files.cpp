#include "glassland/core/files.hpp"

#include <fstream>
#include <system_error>

#include "glassland/core/error.hpp"

namespace glassland {

void writeFileAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  if (path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw Error("cannot create directory " + path.parent_path().string() + ": " + ec.message());
  }
  fs::path temporary = path;
  temporary += ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot open " + temporary.string() + " for writing");
    write(out);
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temporary);
      throw Error("error while writing " + path.string());
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throw Error("cannot move " + temporary.string() + " to " + path.string() + ": " + ec.message());
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& content) {
  writeFileAtomically(path, [&](std::ostream& out) { out << content; });
}

}  // namespace glassland
