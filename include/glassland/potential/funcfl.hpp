#pragma once
/// \file
/// DYNAMO funcfl files (LAMMPS `pair_style eam`): one element per file, with an
/// effective charge Z(r) in place of a pair potential. LAMMPS interpolates the
/// files onto one common grid and mixes the pair terms as
/// r*phi_ab(r) = 27.2 * 0.529 * Z_a(r) * Z_b(r) (Hartree times Bohr radius, in
/// eV*Angstrom; Foiles, Baskes & Daw, PRB 33, 7983 (1986)). funcflToSetfl does
/// the same, so that the EAM evaluation (eam.hpp) reproduces `pair_style eam`.

#include <string>
#include <vector>

#include "glassland/potential/setfl.hpp"

namespace glassland {

/// The tables of one funcfl file, in metal units, on the file's own grid.
struct FuncflFile {
  std::string path;               ///< file name, for messages
  double atomic_number = 0.0;     ///< line 2, as written
  double mass = 0.0;              ///< line 2, g/mol
  int nrho = 0;                   ///< embedding grid points
  double drho = 0.0;              ///< embedding grid spacing
  int nr = 0;                     ///< distance grid points
  double dr = 0.0;                ///< distance grid spacing (Angstrom)
  double cutoff = 0.0;            ///< interaction cutoff (Angstrom)
  std::vector<double> embedding;  ///< F(rho), nrho values (eV)
  std::vector<double> charge;     ///< Z(r), nr values (sqrt(Hartree*Bohr))
  std::vector<double> density;    ///< rho(r), nr values
};

/// Reads a funcfl file: a comment line; "Z mass a0 lattice"; "Nrho drho Nr dr
/// cutoff"; then F (Nrho values), Z (Nr values) and rho (Nr values), which may
/// wrap over lines anyhow. InputError names the file and line of any problem.
FuncflFile readFuncfl(const std::string& path);

/// The tables LAMMPS `pair_style eam` builds from funcfl files
/// (PairEAM::file2array): `files[e]` becomes element `names[e]`. The common
/// grid takes the largest spacings and table ends of all files, every table is
/// interpolated onto it with LAMMPS's four-point Lagrange formula, the cutoff
/// is the largest file cutoff and the pair terms mix as 27.2*0.529*Z_a*Z_b.
SetflFile funcflToSetfl(const std::vector<FuncflFile>& files, const std::vector<std::string>& names);

}  // namespace glassland
