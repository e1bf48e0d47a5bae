#include <doctest/doctest.h>

#include <filesystem>

#include "glassland/io/lammps_data.hpp"

using namespace glassland;

TEST_CASE("read ka1000") {
  Structure s = io::readStructure(GLASSLAND_SOURCE_DIR "/data/ka1000_quenched.data");
  CHECK(s.size() == 1000);
}
