#pragma once
// Reads a structure file with ASE (`ase.io.read(path, index=':')`, Debian's
// python3-ase under /usr/bin/python3) and hands back what ASE saw, frame by
// frame, so tests can compare it with what glassland wrote. ASE is an
// independent reader: if it reads our files right, other tools that follow the
// extxyz and LAMMPS conventions do too. scripts/setup.sh installs python3-ase.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace asetest {

struct Frame {
  Eigen::Matrix3d cell;  ///< columns are the lattice vectors (glassland's Cell::h())
  bool pbc[3] = {false, false, false};
  std::vector<std::string> symbols;     ///< ASE's chemical symbols
  std::vector<std::string> type_names;  ///< the type_name array, when the file has one
  Eigen::Matrix3Xd positions;
};

inline bool aseAvailable() {
  return std::system("/usr/bin/python3 -c 'import ase.io' > /dev/null 2>&1") == 0;
}

/// `python_kwargs` are passed to ase.io.read verbatim, e.g.
/// "format='lammps-data', style='atomic'". `scratch` is a writable directory.
inline std::vector<Frame> read(const std::string& path, const std::string& python_kwargs,
                               const std::filesystem::path& scratch) {
  REQUIRE_MESSAGE(aseAvailable(),
                  "/usr/bin/python3 cannot import ase: install python3-ase (scripts/setup.sh)");
  const auto script = scratch / "ase_read.py";
  const auto out = scratch / "ase_read.txt";
  {
    std::ofstream s(script);
    s << "import sys, ase.io\n"
         "frames = ase.io.read(sys.argv[1], index=':'"
      << (python_kwargs.empty() ? "" : ", " + python_kwargs)
      << ")\n"
         "with open(sys.argv[2], 'w') as f:\n"
         "    print(len(frames), file=f)\n"
         "    for a in frames:\n"
         "        print(' '.join(repr(float(x)) for x in a.cell.array.ravel()), file=f)\n"
         "        print(' '.join('1' if p else '0' for p in a.pbc), file=f)\n"
         "        names = a.arrays.get('type_name')\n"
         "        print(len(a), 1 if names is not None else 0, file=f)\n"
         "        for i, (sym, p) in enumerate(zip(a.get_chemical_symbols(), a.positions)):\n"
         "            print(sym, names[i] if names is not None else '-', "
         "' '.join(repr(float(x)) for x in p), file=f)\n";
  }
  const std::string command = "/usr/bin/python3 " + script.string() + " '" + path + "' " + out.string();
  REQUIRE_MESSAGE(std::system(command.c_str()) == 0, "ASE could not read " << path);
  std::ifstream in(out);
  int nframes = 0;
  in >> nframes;
  std::vector<Frame> frames(static_cast<std::size_t>(nframes));
  for (Frame& f : frames) {
    Eigen::Matrix3d rows;  // ASE: one lattice vector per row
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) in >> rows(i, j);
    f.cell = rows.transpose();
    for (bool& p : f.pbc) {
      int v = 0;
      in >> v;
      p = v != 0;
    }
    int n = 0, has_names = 0;
    in >> n >> has_names;
    f.positions.resize(3, n);
    for (int a = 0; a < n; ++a) {
      std::string sym, name;
      in >> sym >> name >> f.positions(0, a) >> f.positions(1, a) >> f.positions(2, a);
      f.symbols.push_back(sym);
      if (has_names) f.type_names.push_back(name);
    }
  }
  REQUIRE_MESSAGE(static_cast<bool>(in), "unexpected output of the ASE script for " << path);
  return frames;
}

}  // namespace asetest
