#pragma once
/// \file
/// What every fuzz target shares: the input bytes go to a scratch file (the
/// readers take paths, as users give them), the reader runs, and the only
/// acceptable outcomes are a result or glassland::InputError. Any other
/// exception escapes and libFuzzer reports it as a crash; so do sanitizer
/// reports, unbounded allocations (-malloc_limit_mb) and hangs (-timeout).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "glassland/core/error.hpp"

namespace fuzz {

/// Writes `data` to a file private to this process whose name ends in
/// `extension` (".data", ".yaml", ...) and returns its path. /dev/shm when
/// there is one: the file is rewritten for every input.
inline std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& extension) {
  static const std::filesystem::path dir = std::filesystem::exists("/dev/shm")
                                               ? std::filesystem::path("/dev/shm")
                                               : std::filesystem::temp_directory_path();
  const std::string path = (dir / ("glassland_fuzz_" + std::to_string(::getpid()) + extension)).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

/// Runs `read` and swallows InputError: bad input must end there.
template <class F>
void expectInputErrorOnly(F&& read) {
  try {
    read();
  } catch (const glassland::InputError&) {
  }
}

}  // namespace fuzz
