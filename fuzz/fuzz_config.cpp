// libFuzzer target: Config::load on arbitrary bytes as a config file, then
// every stage's options (see fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "glassland/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::writeInput(data, size, ".yaml");
  fuzz::expectInputErrorOnly([&] {
    const glassland::Config config = glassland::Config::load(path);
    (void)config.effectiveYaml();
    (void)config.hashOf({"potential", "minimize", "explore", "kmc"});
  });
  return 0;
}
