#include "glassland/neighbor/neighbor_list.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>

#include "glassland/core/error.hpp"

namespace glassland {

namespace {

/// Bounds of one build (see the stencil check in build()): a normal list
/// visits some 27-125 bins of ~10 atoms per centre, a few hundred candidates
/// (a million atoms: ~10^9 in all). Past these the build would run for hours
/// or exhaust memory.
constexpr double kMaxStencilReach = 1.0e4;
constexpr double kMaxCandidatesPerCentre = 1.0e6;
constexpr double kMaxCandidates = 4.0e9;

double minWidth(const Cell& cell) {
  return std::min({cell.perpendicularWidth(0), cell.perpendicularWidth(1), cell.perpendicularWidth(2)});
}

/// Floor division for possibly negative bin offsets.
int floorDiv(int a, int b) {
  int q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/// Packs an integer image triple into one key (each component in 21 bits).
std::int64_t imageKey(int a, int b, int c) {
  constexpr std::int64_t kOffset = 1 << 20;
  return ((a + kOffset) << 42) | ((b + kOffset) << 21) | (c + kOffset);
}

/// Bin b + offset along a dimension of nb bins: the bin c in the cell and the
/// image m it lies in; false when a non-periodic dimension ends first.
inline bool stencilBin(int b, int offset, int nb, bool periodic, int& c, int& m) {
  c = b + offset;
  m = 0;
  if (periodic) {
    m = floorDiv(c, nb);
    c -= m * nb;
    return true;
  }
  return c >= 0 && c < nb;
}

/// Squared list radii per type pair (LAMMPS's cutneighsq): fewer pairs for
/// short-ranged type pairs. Empty without pair cutoffs.
struct TypePairRadii {
  int ntypes = 0;
  std::vector<double> list2;
};

TypePairRadii typePairRadii(const NeighborSettings& settings, std::span<const int> types,
                            std::span<const double> pair_cutoffs, int n) {
  TypePairRadii radii;
  if (pair_cutoffs.empty()) return radii;
  const int ntypes = static_cast<int>(std::lround(std::sqrt(static_cast<double>(pair_cutoffs.size()))));
  if (static_cast<std::size_t>(ntypes * ntypes) != pair_cutoffs.size()) {
    throw Error("neighbour list: pair_cutoffs must hold ntypes x ntypes values");
  }
  if (static_cast<int>(types.size()) != n) {
    throw Error("neighbour list: pair_cutoffs need one type per atom (got " + std::to_string(types.size()) +
                " types for " + std::to_string(n) + " atoms)");
  }
  for (int t : types) {
    if (t < 0 || t >= ntypes) {
      throw Error("neighbour list: atom type index " + std::to_string(t) + " outside the cutoff table of " +
                  std::to_string(ntypes) + " types");
    }
  }
  radii.ntypes = ntypes;
  radii.list2.resize(pair_cutoffs.size());
  for (std::size_t k = 0; k < radii.list2.size(); ++k) {
    const double r = std::min(pair_cutoffs[k], settings.cutoff) + settings.skin;
    radii.list2[k] = r * r;
  }
  return radii;
}

/// Centres: all atoms (`centres` empty), or a sorted set of distinct indices.
void assignCentres(std::span<const int> centres, int n, std::vector<int>& out) {
  if (centres.empty()) {
    out.resize(n);
    std::iota(out.begin(), out.end(), 0);
    return;
  }
  out.assign(centres.begin(), centres.end());
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k] < 0 || out[k] >= n || (k > 0 && out[k] <= out[k - 1])) {
      throw Error("neighbour list: centre atoms must be sorted, distinct indices below " + std::to_string(n));
    }
  }
}

/// Fractional coordinates, wrapped into [0, 1) along periodic dimensions. The
/// whole lattice vectors removed (wrap_n) are added back into each pair's image
/// shift, so pair vectors refer to the positions exactly as given.
struct WrappedPositions {
  std::vector<Eigen::Vector3d> frac;
  std::vector<std::array<int, 3>> wrap_n;
  Positions xw;  ///< Cartesian positions of the wrapped atoms
  bool any_wrapped = false;
};

WrappedPositions wrapPositions(const Cell& cell, const Positions& x) {
  const int n = static_cast<int>(x.cols());
  const Eigen::Matrix3d& h = cell.h();
  const Eigen::Matrix3d& hinv = cell.hInverse();
  WrappedPositions w{std::vector<Eigen::Vector3d>(n), std::vector<std::array<int, 3>>(n, {0, 0, 0}),
                     Positions(3, n), false};
  for (int i = 0; i < n; ++i) {
    const Eigen::Vector3d r = x.col(i);
    if (!r.allFinite()) {
      throw Error("neighbour list: atom " + std::to_string(i) + " has a non-finite position");
    }
    Eigen::Vector3d s = hinv * (r - cell.lo());
    for (int d = 0; d < 3; ++d) {
      if (!cell.periodic(d)) continue;
      double fl = std::floor(s[d]);
      s[d] -= fl;
      if (s[d] >= 1.0) {  // -1e-17 floors to -1 and leaves 1.0 behind
        s[d] -= 1.0;
        fl += 1.0;
      }
      if (std::abs(fl) > 1.0e6) {
        throw Error("neighbour list: atom " + std::to_string(i) +
                    " lies more than 10^6 cell lengths outside the cell");
      }
      w.wrap_n[i][d] = static_cast<int>(fl);
    }
    w.frac[i] = s;
    const auto& m = w.wrap_n[i];
    if (m[0] || m[1] || m[2]) {
      w.any_wrapped = true;
      w.xw.col(i) = r - h * Eigen::Vector3d(m[0], m[1], m[2]);
    } else {
      w.xw.col(i) = r;
    }
  }
  return w;
}

/// Bins in fractional space and how far the stencil reaches.
struct BinGrid {
  std::array<int, 3> nb{1, 1, 1};
  std::array<int, 3> reach{0, 0, 0};
  std::array<double, 3> s_lo{0.0, 0.0, 0.0};
  std::array<double, 3> s_span{1.0, 1.0, 1.0};
};

/// Along d a sphere of radius rlist spans a fractional range rlist /
/// perpendicularWidth(d) (exact for tilted cells), so the stencil reaches
/// ceil(that / bin width) bins each way. Periodic stencil bins beyond the cell
/// are images of cell bins; the map offset -> (bin, image) is one-to-one, so no
/// (bin, image) pair is visited twice even when the box is smaller than the
/// cutoff. Throws InputError when the stencil would be unreasonably large.
BinGrid chooseBins(const Cell& cell, const std::vector<Eigen::Vector3d>& frac, double rlist,
                   std::size_t ncentres) {
  const int n = static_cast<int>(frac.size());
  BinGrid g;
  std::array<double, 3> frac_range{};
  for (int d = 0; d < 3; ++d) {
    const double width = cell.perpendicularWidth(d);
    frac_range[d] = rlist / width;
    if (!cell.periodic(d)) {
      double lo = 0.0, hi = 0.0;
      if (n > 0) {
        lo = hi = frac[0][d];
        for (int i = 1; i < n; ++i) {
          lo = std::min(lo, frac[i][d]);
          hi = std::max(hi, frac[i][d]);
        }
      }
      g.s_lo[d] = lo;
      g.s_span[d] = std::max(hi - lo, 1e-12);
    }
    const double extent = g.s_span[d] * width;
    g.nb[d] = static_cast<int>(std::clamp(std::floor(extent / rlist), 1.0, 1.0e6));
  }
  // Keep the bin count of the order of the atom count (a large box with few atoms).
  const long max_bins = std::max<long>(64, 4L * n);
  while (static_cast<long>(g.nb[0]) * g.nb[1] * g.nb[2] > max_bins) {
    const int d = static_cast<int>(std::max_element(g.nb.begin(), g.nb.end()) - g.nb.begin());
    g.nb[d] = std::max(1, g.nb[d] / 2);
  }
  // A list radius of many cell widths makes the stencil (2 reach + 1)^3 bins of
  // periodic images: the work per centre grows as (rlist / width)^3 and the
  // bin offsets overflow int. Bounded, in doubles, before any of it happens.
  double stencil = 1.0;
  bool too_far = false;
  for (int d = 0; d < 3; ++d) {
    const double bin_frac = g.s_span[d] / g.nb[d];
    double r = std::ceil(frac_range[d] / bin_frac - 1e-12);
    if (!cell.periodic(d)) r = std::min(r, static_cast<double>(g.nb[d] - 1));
    stencil *= 2.0 * r + 1.0;
    too_far |= !(r <= kMaxStencilReach);
    g.reach[d] = too_far ? 0 : static_cast<int>(r);  // (refused below)
  }
  const double candidates =
      stencil * static_cast<double>(n) / (static_cast<double>(g.nb[0]) * g.nb[1] * g.nb[2]);
  const double total = candidates * static_cast<double>(ncentres);
  if (too_far || !(candidates <= kMaxCandidatesPerCentre) || !(total <= kMaxCandidates)) {
    char text[512];
    std::snprintf(
        text, sizeof text,
        "neighbour list: cutoff + skin = %g is %.3g times the cell's smallest width (%g): it would give "
        "about %.3g neighbour candidates per atom, %.3g in all (at most %g and %g); use a smaller "
        "cutoff or potential.skin",
        rlist, rlist / minWidth(cell), minWidth(cell), candidates, total, kMaxCandidatesPerCentre,
        kMaxCandidates);
    throw InputError(text);
  }
  return g;
}

/// Atoms sorted into bins (counting sort), with positions (and types) in bin
/// order so the candidates of a stencil bin are read from contiguous memory.
struct BinnedAtoms {
  std::vector<int> bin_of;     ///< bin of each atom
  std::vector<int> bin_start;  ///< first position of each bin in bin order (and the end)
  std::vector<int> bin_atoms;  ///< atom at each position in bin order
  std::vector<int> pos_of;     ///< position of each atom in bin order
  std::vector<double> xb;      ///< wrapped positions in bin order
  std::vector<int> tb;         ///< types in bin order (with pair cutoffs)
};

BinnedAtoms sortIntoBins(const BinGrid& g, const WrappedPositions& w, std::span<const int> types,
                         bool by_type) {
  const int n = static_cast<int>(w.frac.size());
  const auto& nb = g.nb;
  const int nbins = nb[0] * nb[1] * nb[2];
  BinnedAtoms a;
  a.bin_of.resize(n);
  a.bin_start.assign(nbins + 1, 0);
  for (int i = 0; i < n; ++i) {
    int b[3];
    for (int d = 0; d < 3; ++d) {
      const double u = (w.frac[i][d] - g.s_lo[d]) / g.s_span[d] * nb[d];
      b[d] = std::clamp(static_cast<int>(u), 0, nb[d] - 1);
    }
    a.bin_of[i] = (b[2] * nb[1] + b[1]) * nb[0] + b[0];
    ++a.bin_start[a.bin_of[i] + 1];
  }
  for (int b = 0; b < nbins; ++b) a.bin_start[b + 1] += a.bin_start[b];
  a.bin_atoms.resize(n);
  {
    std::vector<int> fill(a.bin_start.begin(), a.bin_start.end() - 1);
    for (int i = 0; i < n; ++i) a.bin_atoms[fill[a.bin_of[i]]++] = i;
  }
  a.xb.resize(3 * static_cast<std::size_t>(n));
  a.tb.resize(by_type ? n : 0);
  for (int p = 0; p < n; ++p) {
    const int j = a.bin_atoms[p];
    a.xb[3 * p] = w.xw(0, j);
    a.xb[3 * p + 1] = w.xw(1, j);
    a.xb[3 * p + 2] = w.xw(2, j);
    if (by_type) a.tb[p] = types[j];
  }
  // Where each atom sits in bin order; within a bin atoms are in index order.
  a.pos_of.resize(n);
  for (int p = 0; p < n; ++p) a.pos_of[a.bin_atoms[p]] = p;
  return a;
}

/// The candidate loops: for each centre, the atoms of its stencil bins within
/// the list radius, written into `entries` with their image shifts.
class PairSearch {
 public:
  PairSearch(const Cell& cell, const BinGrid& grid, const WrappedPositions& wrapped, const BinnedAtoms& bins,
             const TypePairRadii& radii, std::span<const int> types, double rlist2,
             const std::vector<char>& is_centre, std::vector<NeighborEntry>& entries,
             std::vector<Eigen::Vector3d>& shifts)
      : cell_(cell),
        h_(cell.h()),
        g_(grid),
        w_(wrapped),
        a_(bins),
        radii_(radii),
        types_(types),
        rlist2_(rlist2),
        by_type_(!radii.list2.empty()),
        is_centre_(is_centre),
        entries_(entries),
        shifts_(shifts) {}

  /// Fills the list: centres' entries one after the other, offsets at each end.
  void run(std::span<const int> centres, bool full, bool all_centres, std::vector<int>& offsets) {
    full_ = full;
    half_stencil_ = !full && all_centres;
    offsets.assign(1, 0);
    offsets.reserve(centres.size() + 1);
    // entries_ grows geometrically and `used_` counts the valid entries, so the
    // candidate loops can write every candidate and keep it or not without a branch.
    used_ = 0;
    if (entries_.size() < 16 * centres.size()) entries_.resize(16 * centres.size());
    // Entries come in stencil order, which is deterministic; sorting them by j
    // cost a quarter of the build and did not speed up the pair loops.
    for (int i : centres) {
      addCentre(i);
      offsets.push_back(static_cast<int>(used_));
    }
    entries_.resize(used_);
  }

 private:
  // Image shifts: index 0 is the zero shift; others are found through a map.
  int indexOf(int a, int b, int c) {
    if (a == 0 && b == 0 && c == 0) return 0;
    auto [it, inserted] = shift_index_.try_emplace(imageKey(a, b, c), static_cast<int>(shifts_.size()));
    if (inserted) shifts_.push_back(h_ * Eigen::Vector3d(a, b, c));
    return it->second;
  }

  void room(std::size_t extra) {
    if (used_ + extra > entries_.size()) entries_.resize(std::max(2 * entries_.size(), used_ + extra));
  }

  void addCentre(int i) {
    const auto& nb = g_.nb;
    const auto& reach = g_.reach;
    const int bi = a_.bin_of[i];
    const int b0 = bi % nb[0];
    const int b1 = (bi / nb[0]) % nb[1];
    const int b2 = bi / (nb[0] * nb[1]);
    const Eigen::Vector3d xi = w_.xw.col(i);
    int c0, c1, c2, m0, m1, m2;
    for (int o2 = -reach[2]; o2 <= reach[2]; ++o2) {
      if (!stencilBin(b2, o2, nb[2], cell_.periodic(2), c2, m2)) continue;
      for (int o1 = -reach[1]; o1 <= reach[1]; ++o1) {
        if (!stencilBin(b1, o1, nb[1], cell_.periodic(1), c1, m1)) continue;
        for (int o0 = -reach[0]; o0 <= reach[0]; ++o0) {
          if (!stencilBin(b0, o0, nb[0], cell_.periodic(0), c0, m0)) continue;
          // Half stencil (every atom a centre, half list): of the offsets o and
          // -o, which see the same pairs from either end, only the positive one
          // is visited; o = 0 keeps j > i.
          if (half_stencil_ && (o2 < 0 || (o2 == 0 && (o1 < 0 || (o1 == 0 && o0 < 0))))) continue;
          const bool zero_offset = (o0 == 0 && o1 == 0 && o2 == 0);
          addBin(i, xi, (c2 * nb[1] + c1) * nb[0] + c0, zero_offset, {m0, m1, m2});
        }
      }
    }
  }

  // Inlined into the stencil loops, as when they were one function (a call per bin cost ~6% of a build).
  [[gnu::always_inline]] void addBin(int i, const Eigen::Vector3d& xi, int bin, bool zero_offset,
                                     std::array<int, 3> m) {
    const auto& wrap_n = w_.wrap_n;
    const bool any_wrapped = w_.any_wrapped;
    const std::vector<int>& bin_start = a_.bin_start;
    const std::vector<int>& bin_atoms = a_.bin_atoms;
    const std::vector<double>& xb = a_.xb;
    const std::vector<int>& tb = a_.tb;
    const bool by_type = by_type_;
    const double rlist2 = rlist2_;
    const bool zero_image = (m[0] == 0 && m[1] == 0 && m[2] == 0);
    // Positive image triples (first non-zero component > 0) keep one of
    // the two equivalent self-image pairs (m, -m) in half lists.
    const bool positive_image = m[0] > 0 || (m[0] == 0 && (m[1] > 0 || (m[1] == 0 && m[2] > 0)));
    const Eigen::Vector3d shift =
        zero_image ? Eigen::Vector3d::Zero() : Eigen::Vector3d(h_ * Eigen::Vector3d(m[0], m[1], m[2]));
    const double bx = shift[0] - xi[0], by = shift[1] - xi[1], bz = shift[2] - xi[2];
    // Without wrapped atoms the image index is the same for the whole bin.
    const int bin_image = (zero_image || any_wrapped) ? 0 : indexOf(m[0], m[1], m[2]);
    const double* list2_row =
        by_type ? radii_.list2.data() + static_cast<std::ptrdiff_t>(types_[i]) * radii_.ntypes : nullptr;
    auto imageOf = [&](int j) {
      return any_wrapped ? indexOf(m[0] - wrap_n[j][0] + wrap_n[i][0], m[1] - wrap_n[j][1] + wrap_n[i][1],
                                   m[2] - wrap_n[j][2] + wrap_n[i][2])
                         : bin_image;
    };
    if (full_ || half_stencil_) {
      // Candidates p in [lo, hi): in the centre's own bin (zero offset)
      // skip i itself, and for the half stencil take only j > i.
      auto scan = [&](int lo, int hi) {
        if (hi <= lo) return;
        room(static_cast<std::size_t>(hi - lo));
        NeighborEntry* out = entries_.data() + used_;
        std::size_t kept = 0;
        for (int p = lo; p < hi; ++p) {
          const double dx = xb[3 * p] + bx, dy = xb[3 * p + 1] + by, dz = xb[3 * p + 2] + bz;
          const double r2 = dx * dx + dy * dy + dz * dz;
          out[kept] = {bin_atoms[p], bin_image};
          kept += static_cast<std::size_t>(r2 < (by_type ? list2_row[tb[p]] : rlist2));
        }
        if (any_wrapped) {
          for (std::size_t q = 0; q < kept; ++q) out[q].image = imageOf(out[q].j);
        }
        used_ += kept;
      };
      if (zero_offset) {
        if (full_) scan(bin_start[bin], a_.pos_of[i]);
        scan(a_.pos_of[i] + 1, bin_start[bin + 1]);
      } else {
        scan(bin_start[bin], bin_start[bin + 1]);
      }
      return;
    }
    for (int p = bin_start[bin]; p < bin_start[bin + 1]; ++p) {
      const double dx = xb[3 * p] + bx, dy = xb[3 * p + 1] + by, dz = xb[3 * p + 2] + bz;
      const double r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= (by_type ? list2_row[tb[p]] : rlist2)) continue;
      const int j = bin_atoms[p];
      if (j == i && zero_image) continue;
      // Half list over a subset: a pair with one centre is listed under
      // that centre; a pair of two centres under the lower index.
      if (is_centre_[j] && (j < i || (j == i && !positive_image))) continue;
      room(1);
      entries_[used_++] = {j, imageOf(j)};
    }
  }

  const Cell& cell_;
  const Eigen::Matrix3d& h_;
  const BinGrid& g_;
  const WrappedPositions& w_;
  const BinnedAtoms& a_;
  const TypePairRadii& radii_;
  std::span<const int> types_;
  const double rlist2_;
  const bool by_type_;
  const std::vector<char>& is_centre_;
  std::vector<NeighborEntry>& entries_;
  std::vector<Eigen::Vector3d>& shifts_;
  std::unordered_map<std::int64_t, int> shift_index_;
  std::size_t used_ = 0;
  bool full_ = false;
  bool half_stencil_ = false;
};

}  // namespace

bool NeighborList::update(const Cell& cell, const Positions& x, const NeighborSettings& settings,
                          std::span<const int> centres) {
  return update(cell, x, settings, centres, {}, {});
}

bool NeighborList::update(const Cell& cell, const Positions& x, const NeighborSettings& settings,
                          std::span<const int> centres, std::span<const int> types,
                          std::span<const double> pair_cutoffs) {
  if (!needsRebuild(cell, x, settings, centres, types, pair_cutoffs)) return false;
  build(cell, x, settings, centres, types, pair_cutoffs);
  return true;
}

bool NeighborList::needsRebuild(const Cell& cell, const Positions& x, const NeighborSettings& settings,
                                std::span<const int> centres, std::span<const int> types,
                                std::span<const double> pair_cutoffs) const {
  if (!valid_) return true;
  if (!(settings == settings_at_build_) || !(cell == cell_at_build_)) return true;
  if (x.cols() != x_at_build_.cols()) return true;
  if (!std::equal(pair_cutoffs.begin(), pair_cutoffs.end(), pair_cutoffs_at_build_.begin(),
                  pair_cutoffs_at_build_.end())) {
    return true;
  }
  if (!pair_cutoffs.empty() &&
      !std::equal(types.begin(), types.end(), types_at_build_.begin(), types_at_build_.end())) {
    return true;
  }
  if (centres.empty() != all_centres_) return true;
  if (!all_centres_ && !std::equal(centres.begin(), centres.end(), centres_.begin(), centres_.end())) {
    return true;
  }
  // Verlet's criterion: a pair now inside the cutoff was inside cutoff + skin at
  // the build as long as no atom moved more than skin/2 (LAMMPS `neigh_modify check yes`).
  const double limit2 = 0.25 * settings.skin * settings.skin;
  const double* now = x.data();
  const double* then = x_at_build_.data();
  const Eigen::Index n3 = 3 * x.cols();
  for (Eigen::Index k = 0; k < n3; k += 3) {
    const double dx = now[k] - then[k];
    const double dy = now[k + 1] - then[k + 1];
    const double dz = now[k + 2] - then[k + 2];
    if (dx * dx + dy * dy + dz * dz > limit2) return true;
  }
  return false;
}

void NeighborList::build(const Cell& cell, const Positions& x, const NeighborSettings& settings,
                         std::span<const int> centres, std::span<const int> types,
                         std::span<const double> pair_cutoffs) {
  const int n = static_cast<int>(x.cols());
  const double rlist = settings.cutoff + settings.skin;
  if (!(settings.cutoff > 0.0) || !(settings.skin >= 0.0) || !std::isfinite(rlist)) {
    throw Error("neighbour list: cutoff must be positive and skin non-negative (got cutoff " +
                std::to_string(settings.cutoff) + ", skin " + std::to_string(settings.skin) + ")");
  }
  const double rlist2 = rlist * rlist;
  const TypePairRadii radii = typePairRadii(settings, types, pair_cutoffs, n);
  const bool by_type = !pair_cutoffs.empty();

  all_centres_ = centres.empty();
  assignCentres(centres, n, centres_);
  std::vector<char> is_centre;
  if (!all_centres_) {
    is_centre.assign(n, 0);
    for (int i : centres_) is_centre[i] = 1;
  }

  const WrappedPositions wrapped = wrapPositions(cell, x);
  const BinGrid grid = chooseBins(cell, wrapped.frac, rlist, centres_.size());
  const BinnedAtoms bins = sortIntoBins(grid, wrapped, types, by_type);
  shifts_.assign(1, Eigen::Vector3d::Zero());
  PairSearch search(cell, grid, wrapped, bins, radii, types, rlist2, is_centre, entries_, shifts_);
  search.run(centres_, settings.full, all_centres_, offsets_);

  x_at_build_ = x;
  cell_at_build_ = cell;
  settings_at_build_ = settings;
  pair_cutoffs_at_build_.assign(pair_cutoffs.begin(), pair_cutoffs.end());
  if (by_type)
    types_at_build_.assign(types.begin(), types.end());
  else
    types_at_build_.clear();
  valid_ = true;
  ++builds_;
}

std::vector<int> atomsWithin(const Cell& cell, const Positions& x, std::span<const int> subset,
                             double radius) {
  std::vector<int> result(subset.begin(), subset.end());
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  if (result.empty() || !(radius > 0.0)) return result;
  // A radius beyond the atoms' bounding-box diagonal takes every atom (the
  // minimum-image distance is never longer than the direct one); a list of
  // that radius would visit needless periodic images, or be refused as too
  // large (an active_radius of 100 means "all atoms").
  if (x.cols() > 0 && radius >= (x.rowwise().maxCoeff() - x.rowwise().minCoeff()).norm()) {
    result.resize(static_cast<std::size_t>(x.cols()));
    std::iota(result.begin(), result.end(), 0);
    return result;
  }
  NeighborList list;
  NeighborSettings settings;
  settings.cutoff = radius;
  settings.skin = 0.0;
  settings.full = true;
  list.update(cell, x, settings, result);
  std::vector<char> mark(x.cols(), 0);
  for (int i : result) mark[i] = 1;
  for (std::size_t k = 0; k < list.centres().size(); ++k) {
    for (const NeighborEntry& e : list.neighbors(static_cast<int>(k))) mark[e.j] = 1;
  }
  result.clear();
  for (int i = 0; i < static_cast<int>(mark.size()); ++i) {
    if (mark[i]) result.push_back(i);
  }
  return result;
}

}  // namespace glassland
