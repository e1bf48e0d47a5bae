// libFuzzer target: io::readExtxyz on arbitrary bytes (see fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "glassland/io/extxyz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::writeInput(data, size, ".xyz");
  using glassland::io::ReadOptions;
  // The first frame with the file's own type names, and the last frame with a
  // species list (another code path: types checked against the list).
  fuzz::expectInputErrorOnly([&] { glassland::io::readExtxyz(path); });
  ReadOptions last;
  last.frame = -1;
  fuzz::expectInputErrorOnly([&] { glassland::io::readExtxyz(path, {"A", "B"}, last); });
  return 0;
}
