// libFuzzer target: the EAM potential files (see fuzz_support.hpp). The same
// bytes are read as an eam/alloy and an eam/fs setfl file and as a funcfl file;
// tables that read are turned into a potential, as the config loader does.
#include "fuzz_support.hpp"
#include "glassland/potential/eam.hpp"
#include "glassland/potential/funcfl.hpp"
#include "glassland/potential/setfl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::writeInput(data, size, ".eam");
  using glassland::SetflFile;
  for (const auto style : {SetflFile::Style::Alloy, SetflFile::Style::FinnisSinclair}) {
    fuzz::expectInputErrorOnly([&] {
      const SetflFile file = glassland::readSetfl(path, style);
      glassland::EamPotential potential(file, file.elements);
    });
  }
  fuzz::expectInputErrorOnly([&] {
    const glassland::FuncflFile file = glassland::readFuncfl(path);
    const SetflFile tables = glassland::funcflToSetfl({file, file}, {"A", "B"});
    glassland::EamPotential potential(tables, {"A", "B"});
  });
  return 0;
}
