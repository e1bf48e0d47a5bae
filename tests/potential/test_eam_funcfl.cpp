// EAM from DYNAMO funcfl files (`type: eam`, LAMMPS `pair_style eam`): the
// reader, the conversion onto LAMMPS's common grid, and energies and forces
// against LAMMPS for one file and for two files with different grids.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "eam_test_support.hpp"
#include "glassland/core/error.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/eam.hpp"
#include "glassland/potential/funcfl.hpp"
#include "glassland/potential/registry.hpp"

using namespace glassland;
using namespace eam_test;

namespace {

// Foiles' universal-3 Cu and Ni files as Debian's lammps-data ships them; their
// distance grids differ (dr 0.01 and 0.0097 A), so the conversion interpolates.
const std::string kDir = kData + "/eam_funcfl";
const std::string kCuU3 = kDir + "/Cu_u3.eam";
const std::string kNiU3 = kDir + "/Ni_u3.eam";

std::unique_ptr<Potential> funcflPotential(const std::string& yaml, const std::vector<std::string>& species) {
  return makePotential(OptionsReader(YAML::Load(yaml), "potential", "c.yaml"), species, Units::metal(), kDir);
}

}  // namespace

TEST_CASE("funcfl reader: Cu_u3.eam header and tables") {
  const FuncflFile cu = readFuncfl(kCuU3);
  CHECK(cu.atomic_number == 29);
  CHECK(cu.mass == 63.55);
  CHECK(cu.nrho == 500);
  CHECK(cu.drho == 5.0100200400801306e-04);
  CHECK(cu.nr == 500);
  CHECK(cu.dr == 1.0000000000000009e-02);
  CHECK(cu.cutoff == 4.9499999999999886);
  REQUIRE(cu.embedding.size() == 500);
  REQUIRE(cu.charge.size() == 500);
  REQUIRE(cu.density.size() == 500);
  CHECK(cu.embedding[0] == 0.0);
  CHECK(cu.embedding[1] == -3.1561636903424350e-01);
  // The last table value is the file's last number (rho(r) at the end of the grid).
  CHECK(cu.density.back() == firstAndLastNumber(kCuU3, 3).second);
}

TEST_CASE("funcfl conversion: LAMMPS's common grid, exact at the knots of a single file") {
  const FuncflFile cu = readFuncfl(kCuU3);
  const FuncflFile ni = readFuncfl(kNiU3);
  {
    const SetflFile one = funcflToSetfl({cu}, {"Cu"});
    // PairEAM::file2array: one point fewer than the file, F continued past (nrho_file-1)*drho.
    CHECK(one.nr == 499);
    CHECK(one.nrho == 499);
    CHECK(one.rho_max == doctest::Approx(499 * cu.drho).epsilon(1e-15));
    CHECK(one.cutoff == cu.cutoff);
    CHECK(one.masses == std::vector<double>{63.55});
    // On the file's own grid the four-point formula returns the table values.
    for (int k : {0, 1, 2, 250, 497, 498}) {
      CAPTURE(k);
      CHECK(one.embedding[0][static_cast<std::size_t>(k)] ==
            doctest::Approx(cu.embedding[static_cast<std::size_t>(k)]).epsilon(1e-13));
      CHECK(one.density[0][static_cast<std::size_t>(k)] ==
            doctest::Approx(cu.density[static_cast<std::size_t>(k)]).epsilon(1e-13));
      const double z = cu.charge[static_cast<std::size_t>(k)];
      CHECK(one.r_phi[0][static_cast<std::size_t>(k)] ==
            doctest::Approx(27.2 * 0.529 * z * z).epsilon(1e-13));
    }
  }
  {
    const SetflFile two = funcflToSetfl({ni, cu}, {"Ni", "Cu"});
    CHECK(two.dr == cu.dr);          // the larger spacing
    CHECK(two.cutoff == cu.cutoff);  // the larger cutoff
    CHECK(two.nr == 499);
    REQUIRE(two.r_phi.size() == 3);  // Ni-Ni, Cu-Ni, Cu-Cu
    REQUIRE(two.density.size() == 4);
    CHECK(two.density[0 * 2 + 1] == two.density[0 * 2 + 0]);  // depends on the source atom only
    // Cu-Ni at a Cu knot: the geometric mean of the like pairs.
    const std::size_t k = 250;
    CHECK(two.r_phi[1][k] * two.r_phi[1][k] ==
          doctest::Approx(two.r_phi[0][k] * two.r_phi[2][k]).epsilon(1e-12));
  }
}

TEST_CASE("eam (funcfl) Cu-Ni structures equal LAMMPS pair_style eam") {
  // tests/data/eam_funcfl/README.md: in.sp_eam_funcfl run on the eam_alloy structures.
  struct Case {
    std::string structure;
    std::string yaml;
    std::string forces;
    double energy;
  };
  const std::vector<Case> cases{
      {"cuni256", "{type: eam, file: {Ni: Ni_u3.eam, Cu: Cu_u3.eam}}", "cuni256.forces", -938.34082615857494},
      {"cuni108_tri", "{type: eam, file: Cu_u3.eam}", "cuni108_tri_cu.forces", -339.52738377052822},
  };
  for (const Case& c : cases) {
    CAPTURE(c.structure);
    const auto pot = funcflPotential(c.yaml, {"Ni", "Cu"});
    CHECK(pot->name() == "eam");
    const Structure s = readData(kData + "/eam_alloy/" + c.structure + ".data", {"Ni", "Cu"});
    const Positions f_ref = readForces(kDir + "/" + c.forces, s);
    const Comparison cmp = compareWithLammps(*pot, s, c.energy, f_ref);
    MESSAGE(c.structure << " eam (funcfl) vs LAMMPS: relative energy error " << cmp.energy_rel
                        << ", max force difference " << cmp.force_max << " eV/A");
    CHECK(cmp.energy_rel < 1e-10);
    CHECK(cmp.force_max < 1e-8);
  }
}

TEST_CASE("eam (funcfl): masses from the files, errors name the key or the file line") {
  {
    const auto pot = funcflPotential("{type: eam, file: {Ni: Ni_u3.eam, Cu: Cu_u3.eam}}", {"Ni", "Cu"});
    CHECK(dynamic_cast<const EamPotential&>(*pot).masses() == std::vector<double>{58.71, 63.55});
  }
  auto error = [](const std::string& yaml, const std::vector<std::string>& species) {
    return inputErrorOf([&] { funcflPotential(yaml, species); });
  };
  CHECK(error("{type: eam,\n file: {Ni: Ni_u3.eam}}", {"Ni", "Cu"}).find("c.yaml:2:") == 0);
  CHECK(error("{type: eam, file: {Ni: Ni_u3.eam}}", {"Ni", "Cu"}).find("no funcfl file for species 'Cu'") !=
        std::string::npos);
  CHECK(error("{type: eam, file: {Ni: Ni_u3.eam, Cu: Cu_u3.eam, Zr: Cu_u3.eam}}", {"Ni", "Cu"})
            .find("'Zr' is not one of the config's species (Ni, Cu)") != std::string::npos);
  CHECK(error("{type: eam, file: missing.eam}", {"Cu"}).find("missing.eam") != std::string::npos);
  CHECK(error("{type: eam, file: {}}", {"Cu"}).find("names no funcfl file") != std::string::npos);
  CHECK(inputErrorOf([] {
          makePotential(OptionsReader(YAML::Load("{type: eam, file: Cu_u3.eam}"), "potential", "c.yaml"),
                        {"Cu"}, Units::lj(), kDir);
        }).find("EAM funcfl files are in metal units") != std::string::npos);

  // The file itself: a malformed number names the file and its line; a header
  // announcing more values than the file can hold is refused before allocation.
  const std::string text = slurp(kCuU3);
  const std::string bad_mass = tempFile(
      "bad_mass.eam", "comment\n29 x63.5 3.6 FCC\n" + text.substr(text.find('\n', text.find('\n') + 1) + 1));
  CHECK(inputErrorOf([&] { readFuncfl(bad_mass); }).find(bad_mass + ":2: cannot read 'x63.5'") == 0);
  const std::string huge =
      tempFile("huge.eam", "comment\n29 63.5 3.6 FCC\n2000000000 0.01 500 0.01 4.9\n0 1 2\n");
  CHECK(inputErrorOf([&] {
          readFuncfl(huge);
        }).find(huge + ":3: the header announces 2000001000 table values") == 0);
  const std::string cut = tempFile("cut.eam", text.substr(0, text.size() / 2));
  CHECK(inputErrorOf([&] { readFuncfl(cut); }).find("values of Z(r)") != std::string::npos);
}
