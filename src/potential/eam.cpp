#include "glassland/potential/eam.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "eam_kernels.hpp"
#include "glassland/core/error.hpp"
#include "glassland/potential/funcfl.hpp"

namespace glassland {

using eam_detail::kPrefetchAhead;
using eam_detail::pairForceOverR;
using eam_detail::pairPhi;
using eam_detail::prefetchForceKnot;

EamOptions EamOptions::fromYaml(OptionsReader& section, SetflFile::Style style) {
  EamOptions options;
  const YAML::Node file = section.child("file");
  if (style == SetflFile::Style::Funcfl && file && file.IsMap()) {
    OptionsReader per_species = section.section("file");
    for (const auto& entry : file) {
      const std::string name = entry.first.Scalar();
      std::string path;
      per_species.require(name, path);
      if (path.empty()) per_species.failAt(name, "the funcfl file name is empty");
      options.species_files[name] = path;
    }
    if (options.species_files.empty()) section.failAt("file", "names no funcfl file");
  } else {
    section.require("file", options.file);
    if (options.file.empty()) section.failAt("file", "the potential file name is empty");
  }
  section.get("skin", options.skin);
  if (!(options.skin >= 0.0)) section.failAt("skin", "must be >= 0 (Angstrom)");
  return options;
}

EamPotential::EamPotential(const SetflFile& file, const std::vector<std::string>& species, double skin)
    : name_(file.style == SetflFile::Style::Alloy            ? "eam/alloy"
            : file.style == SetflFile::Style::FinnisSinclair ? "eam/fs"
                                                             : "eam"),
      cutoff_(file.cutoff),
      cutoff_sq_(file.cutoff * file.cutoff),
      skin_(skin),
      num_types_(static_cast<int>(species.size())),
      nr_(file.nr),
      inverse_dr_(1.0 / file.dr),
      rho_max_(file.rho_max) {
  if (species.empty()) throw InputError(file.path, 4, "no species given to map onto the file's elements");
  std::vector<int> element(species.size());
  for (std::size_t t = 0; t < species.size(); ++t) {
    element[t] = file.elementIndex(species[t]);
    if (element[t] < 0) {
      std::string names;
      for (const auto& e : file.elements) names += (names.empty() ? "" : ", ") + e;
      throw InputError(file.path, 4,
                       "species '" + species[t] + "' (type " + std::to_string(t + 1) +
                           ") is not an element of this EAM file (it has: " + names + ")");
    }
    masses_.push_back(file.masses[static_cast<std::size_t>(element[t])]);
  }

  // Splines of the file's functions, as PairEAM::array2spline builds them.
  const int n = file.numElements();
  std::vector<EamSpline> density_splines;
  for (const auto& table : file.density) density_splines.emplace_back(table, file.dr);
  std::vector<EamSpline> r_phi_splines;
  for (const auto& table : file.r_phi) r_phi_splines.emplace_back(table, file.dr);
  for (int t = 0; t < num_types_; ++t) {
    embedding_.emplace_back(file.embedding[static_cast<std::size_t>(element[static_cast<std::size_t>(t)])],
                            file.drho);
  }

  // Interleave, per ordered type pair (t_i, t_j), the three functions a pair
  // needs, so one pair evaluation reads one knot record (one or two cache
  // lines) instead of three scattered tables.
  const auto nr = static_cast<std::size_t>(nr_);
  const auto num_pairs = static_cast<std::size_t>(num_types_ * num_types_);
  density_.resize(num_pairs * nr);
  force_.resize(num_pairs * nr);
  for (int ti = 0; ti < num_types_; ++ti) {
    for (int tj = 0; tj < num_types_; ++tj) {
      const int ei = element[static_cast<std::size_t>(ti)];
      const int ej = element[static_cast<std::size_t>(tj)];
      const EamSpline& into_i = density_splines[static_cast<std::size_t>(ej * n + ei)];
      const EamSpline& into_j = density_splines[static_cast<std::size_t>(ei * n + ej)];
      const int hi = std::max(ei, ej);
      const int lo = std::min(ei, ej);
      const EamSpline& z2 = r_phi_splines[static_cast<std::size_t>(hi * (hi + 1) / 2 + lo)];
      const std::size_t base = static_cast<std::size_t>(ti * num_types_ + tj) * nr;
      for (std::size_t k = 0; k < nr; ++k) {
        const auto& a = into_i.knot(static_cast<int>(k));
        const auto& b = into_j.knot(static_cast<int>(k));
        const auto& z = z2.knot(static_cast<int>(k));
        DensityKnot& d = density_[base + k];
        ForceKnot& f = force_[base + k];
        for (int c = 0; c < 4; ++c) {
          d.c[c] = a[static_cast<std::size_t>(3 + c)];
          d.c[4 + c] = b[static_cast<std::size_t>(3 + c)];
          f.c[9 + c] = z[static_cast<std::size_t>(3 + c)];
        }
        for (int c = 0; c < 3; ++c) {
          f.c[c] = a[static_cast<std::size_t>(c)];
          f.c[3 + c] = b[static_cast<std::size_t>(c)];
          f.c[6 + c] = z[static_cast<std::size_t>(c)];
        }
        f.c[13] = f.c[14] = f.c[15] = 0.0;
      }
    }
  }
}

double EamPotential::embed(int type, double rho, double& derivative) const {
  // PairEAM::compute: F and F' from the spline; past rhomax (two atoms pressed
  // together) the table ends, and LAMMPS continues F linearly with the slope
  // of the clamped spline so that energy stays consistent with the force.
  const EamSpline& spline = embedding_[static_cast<std::size_t>(type)];
  double p;
  const auto& c = spline.knot(spline.locate(rho, p));
  derivative = (c[0] * p + c[1]) * p + c[2];
  double value = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
  if (rho > rho_max_) value += derivative * (rho - rho_max_);
  return value;
}

void EamPotential::checkTypes(const Structure& s) const {
  if (s.numTypes() > num_types_ ||
      std::any_of(s.types.begin(), s.types.end(), [this](int t) { return t < 0 || t >= num_types_; })) {
    throw Error(name_ + ": the structure has atom types the potential was not built for (" +
                std::to_string(num_types_) + " species)");
  }
}

// Defined in eam_local.cpp.
extern template double EamPotential::computeLocal<true>(const Structure&, Positions*, Workspace&,
                                                        AtomSubset) const;
extern template double EamPotential::computeLocal<false>(const Structure&, Positions*, Workspace&,
                                                         AtomSubset) const;

double EamPotential::compute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active) const {
  checkTypes(s);
  if (!active.empty() && (active.front() < 0 || active.back() >= s.size() ||
                          std::adjacent_find(active.begin(), active.end(),
                                             [](int a, int b) { return a >= b; }) != active.end())) {
    throw Error(name_ + ": the active subset must hold sorted, distinct atom indices below " +
                std::to_string(s.size()));
  }
  const bool local = !active.empty() && static_cast<int>(active.size()) < s.size();
  if (local) {
    return forces != nullptr ? computeLocal<true>(s, forces, ws, active)
                             : computeLocal<false>(s, forces, ws, active);
  }
  return forces != nullptr ? computeAll<true>(s, forces, ws) : computeAll<false>(s, forces, ws);
}

template <bool kForces>
double EamPotential::computeAll(const Structure& s, Positions* forces, Workspace& ws) const {
  const int natoms = s.size();
  NeighborList& list = ws.neighbors;
  list.update(s.cell, s.positions, NeighborSettings{cutoff_, skin_, false});

  ws.per_atom_a.assign(static_cast<std::size_t>(natoms), 0.0);
  ws.per_atom_b.resize(static_cast<std::size_t>(natoms));
  double* rho = ws.per_atom_a.data();
  double* fp = ws.per_atom_b.data();
  const double* x = s.positions.data();
  const int* type = s.types.data();
  const std::span<const int> centres = list.centres();
  const std::size_t nr = static_cast<std::size_t>(nr_);
  const int ncentres = static_cast<int>(centres.size());

  std::vector<PairGeometry> pairs;
  auto keep_all = [](int) { return false; };
  // Density pass (half list: each pair feeds both densities).
  for (int k = 0; k < ncentres; ++k) {
    const int i = centres[static_cast<std::size_t>(k)];
    const int n = gatherPairs(list, k, x, type, false, keep_all, pairs);
    const DensityKnot* table_i = density_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    double rho_i = 0.0;
    for (int q = 0; q < n; ++q) {
      if (q + kPrefetchAhead < n)
        __builtin_prefetch(table_i + pairs[static_cast<std::size_t>(q + kPrefetchAhead)].knot);
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const double p = g.p;
      const double* c = table_i[g.knot].c;
      rho_i += ((c[0] * p + c[1]) * p + c[2]) * p + c[3];
      rho[g.j] += ((c[4] * p + c[5]) * p + c[6]) * p + c[7];
    }
    rho[i] += rho_i;
  }

  double energy = 0.0;
  for (int i = 0; i < natoms; ++i) energy += embed(type[i], rho[i], fp[i]);

  if constexpr (kForces) forces->setZero(3, natoms);
  double* f = kForces ? forces->data() : nullptr;
  double pair_energy = 0.0;
  for (int k = 0; k < ncentres; ++k) {
    const int i = centres[static_cast<std::size_t>(k)];
    const int n = gatherPairs(list, k, x, type, true, keep_all, pairs);
    const double fp_i = fp[i];
    const ForceKnot* table_i = force_.data() + static_cast<std::size_t>(type[i] * num_types_) * nr;
    double fxi = 0.0, fyi = 0.0, fzi = 0.0;
    for (int q = 0; q < n; ++q) {
      prefetchForceKnot(table_i, pairs, q, n);
      const PairGeometry& g = pairs[static_cast<std::size_t>(q)];
      const double p = g.p;
      const double recip = g.recip;
      const double* c = table_i[g.knot].c;
      const double phi = pairPhi(c, p, recip);
      pair_energy += phi;
      if constexpr (kForces) {
        const int j = g.j;
        const double fpair = pairForceOverR(c, p, recip, phi, fp_i, fp[j]);
        fxi += g.dx * fpair;
        fyi += g.dy * fpair;
        fzi += g.dz * fpair;
        f[3 * j] -= g.dx * fpair;
        f[3 * j + 1] -= g.dy * fpair;
        f[3 * j + 2] -= g.dz * fpair;
      }
    }
    if constexpr (kForces) {
      f[3 * i] += fxi;
      f[3 * i + 1] += fyi;
      f[3 * i + 2] += fzi;
    }
  }
  return energy + pair_energy;
}

std::unique_ptr<EamPotential> loadEam(const std::string& file, SetflFile::Style style,
                                      const std::vector<std::string>& species, double skin) {
  SetflFile tables;
  try {
    tables = readSetfl(file, style);
  } catch (const InputError& e) {
    // eam/alloy and eam/fs files differ only in the number of density tables,
    // so the wrong style fails somewhere in the numbers with a puzzling
    // message ("cannot read 'hcp' as a finite number"): name the right style
    // when the file reads in it.
    const bool alloy = style == SetflFile::Style::Alloy;
    try {
      (void)readSetfl(file, alloy ? SetflFile::Style::FinnisSinclair : SetflFile::Style::Alloy);
    } catch (const InputError&) {
      throw e;
    }
    // what() is "FILE:LINE: message"; keep the message, add the hint.
    const std::string located =
        e.line() > 0 ? e.file() + ":" + std::to_string(e.line()) + ": " : e.file() + ": ";
    std::string message = e.what();
    if (!e.file().empty() && message.rfind(located, 0) == 0) message.erase(0, located.size());
    throw InputError(
        e.file(), e.line(),
        message + (alloy ? "; the file reads as an eam/fs file (one density table per element pair): use "
                           "'type: eam/fs'"
                         : "; the file reads as an eam/alloy file (one density table per element): use "
                           "'type: eam/alloy'"));
  }
  return std::make_unique<EamPotential>(tables, species, skin);
}

namespace {

/// `file` resolved against the config's folder; InputError at `key` when it is not a file.
std::string potentialFile(const OptionsReader& section, std::string_view key, const std::string& file,
                          const std::string& config_dir) {
  std::filesystem::path path(file);
  if (path.is_relative() && !config_dir.empty()) path = std::filesystem::path(config_dir) / path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    section.failAt(key, "cannot open EAM potential file '" + path.string() + "'");
  }
  return path.string();
}

/// `type: eam`: the funcfl file of each species (one file for all, or a
/// mapping species -> file), converted as LAMMPS `pair_style eam` does.
SetflFile funcflTables(OptionsReader& section, const EamOptions& options,
                       const std::vector<std::string>& species, const std::string& config_dir) {
  for (const auto& [name, file] : options.species_files) {
    if (std::find(species.begin(), species.end(), name) == species.end()) {
      std::string names;
      for (const auto& s : species) names += (names.empty() ? "" : ", ") + s;
      section.failAt("file", "'" + name + "' is not one of the config's species (" + names + ")");
    }
  }
  std::vector<FuncflFile> files;
  for (const std::string& name : species) {
    std::string file = options.file;
    if (!options.species_files.empty()) {
      const auto it = options.species_files.find(name);
      if (it == options.species_files.end())
        section.failAt("file", "names no funcfl file for species '" + name + "'");
      file = it->second;
    }
    const std::string path = potentialFile(section, "file", file, config_dir);
    const auto read =
        std::find_if(files.begin(), files.end(), [&](const FuncflFile& f) { return f.path == path; });
    files.push_back(read != files.end() ? *read : readFuncfl(path));
  }
  return funcflToSetfl(files, species);
}

}  // namespace

std::unique_ptr<Potential> makeEam(OptionsReader& section, const std::vector<std::string>& species,
                                   const Units& units, const std::string& config_dir,
                                   SetflFile::Style style) {
  section.allow({"type"});
  const EamOptions options = EamOptions::fromYaml(section, style);
  section.finish();
  const bool funcfl = style == SetflFile::Style::Funcfl;
  if (units.name != "metal") {
    section.fail(std::string("EAM ") + (funcfl ? "funcfl" : "setfl") +
                 " files are in metal units (eV, Angstrom): set 'units: metal' (found '" + units.name + "')");
  }
  if (funcfl) {
    if (species.empty()) section.fail("type 'eam' needs the config's species");
    return std::make_unique<EamPotential>(funcflTables(section, options, species, config_dir), species,
                                          options.skin);
  }
  return loadEam(potentialFile(section, "file", options.file, config_dir), style, species, options.skin);
}

}  // namespace glassland
