#pragma once
/// \file
/// Mean-squared displacement over many time origins, and the test of the
/// diffusive regime (issue 11, part 4).
///
/// A trajectory of simulated length t_run records every atom's unwrapped
/// position on the regular grid t_k = k t_run / S, k = 0..S (S = kMsdSamples).
/// MSD(lag) = < |R_i(t_k + lag) - R_i(t_k)|^2 > averages over all origins t_k
/// of the grid, so one trajectory gives a smooth curve instead of the single
/// point MSD(t_run) of one origin.
///
/// D comes from the ordinary least-squares line MSD = 2 d D lag + c (d = 3, or 2
/// in lateral mode) over the decade of lags [t_run / 20, t_run / 2]. The offset
/// c absorbs the bounded part of the motion (a flicker between neighbouring
/// minima, the first and last correlated hops), which biases MSD(t) / (2 d t)
/// by O(1/t); the slope does not see it.
///
/// Linearity is tested on the same decade: the slopes over its two halves,
/// [t_run / 20, t_run / 6.3] and [t_run / 6.3, t_run / 2] (on the grid: lags
/// 5..16 and 16..50 of 100 steps), must agree within 3 standard errors of their
/// difference, the error taken from the spread of the difference over
/// independent trajectories (so the correlation between the two halves is
/// accounted for; 3 rather than 2 sigma because a sweep tests ~8 points and
/// would call a truly linear one non-linear in one sweep of three). A bounded motion has MSD levelling off:
/// its late slope falls below its early one (the test fails), or, once levelled off over the whole decade,
/// both slopes and D are zero within errors (the 3-sigma test on D fails).
///
/// Over times much shorter than its relaxation a bounded motion cannot be told
/// from diffusion by the shape of the MSD (a few hops at random times give a
/// linear MSD whatever comes later). So a third test asks that the motion has
/// gone beyond single hops by the start of the window: the mobile atoms (those
/// found farther than the hop threshold from their start at some grid time)
/// must have an MSD at lag t_run / 20 larger than the mean squared hop length
/// <lambda^2>. A flicker between two minima never passes it (its MSD per
/// moving atom is at most lambda^2 / 2 at any lag), and any bounded cluster of
/// a few hops has levelled off inside the window by then, where the two other
/// tests see it. See SpeciesEstimate::diffusive in kmc.hpp.

#include <Eigen/Core>
#include <limits>
#include <vector>

namespace glassland::kmc {

/// Grid intervals over t_run: 101 recorded positions per atom that moved.
inline constexpr int kMsdSamples = 100;
/// The fit window in grid steps: [t_run / 20, t_run / 2], one decade of lag.
inline constexpr int kFitFirstLag = kMsdSamples / 20;
inline constexpr int kFitLastLag = kMsdSamples / 2;
/// The geometric middle of the window, round(5 sqrt 10) = 16: the two half-decades meet here.
inline constexpr int kFitSplitLag = 16;

/// The lags (in grid steps, 1..samples / 2) at which the MSD is evaluated:
/// about ten per decade, round(10^(i / 10)) without repeats. For samples = 100:
/// 1 2 3 4 5 6 8 10 13 16 20 25 32 40 50 (the window [5, 50] has 11 of them).
std::vector<int> msdLagSteps(int samples);

/// Ordinary least-squares slope of y against x over the points whose lag step
/// lies in [first, last]; NaN with fewer than two such points.
double windowSlope(const std::vector<int>& lag_steps, const std::vector<double>& x, const double* y,
                   int first, int last);

/// Records the unwrapped positions of the atoms on the time grid of one
/// trajectory. Only atoms that have moved at a grid point get storage (most
/// atoms of a glass never move), so memory is (moved atoms) x (S + 1) vectors.
/// The trajectory loop calls advanceTo() before each event with the time the
/// event happens: a comparison per step, the positions are copied only when a
/// grid point is crossed (S + 1 times per trajectory, O(N) each).
class MsdRecorder {
 public:
  /// Grid t_k = k duration / samples, k = 0..samples. A recorder with a
  /// non-finite or non-positive duration, or samples < 2, records nothing.
  MsdRecorder(double duration, int samples, int natoms);

  bool enabled() const { return samples_ > 0; }

  /// `positions` were held from the previous call until `time`: records every
  /// grid point t_k < time not yet recorded.
  void advanceTo(double time, const std::vector<Eigen::Vector3d>& positions) {
    if (time > next_time_) recordBefore(time, positions);
  }

  /// The run ends at t = duration with `positions`: records the grid points left.
  void finish(const std::vector<Eigen::Vector3d>& positions);

  /// Grid points recorded so far.
  int recorded() const { return recorded_; }

  /// Per species a and lag l (index a * lag_steps.size() + l): the sum over the
  /// atoms of species a of |R_i(t_k + lag) - R_i(t_k)|^2 (x and y only when
  /// `lateral`), averaged over the origins k = 0..samples - lag. Call after finish().
  std::vector<double> speciesMsd(const std::vector<int>& lag_steps, const std::vector<int>& atom_species,
                                 int nspecies, bool lateral) const;

  /// Per species: the mobile atoms (|R_i(t_k)|^2 > threshold_sq at some grid
  /// point) and the sum of their MSD at lag `lag_step` (averaged over origins).
  struct Mobile {
    std::vector<double> atoms, msd;
  };
  Mobile mobile(int lag_step, double threshold_sq, const std::vector<int>& atom_species, int nspecies,
                bool lateral) const;

 private:
  void recordBefore(double time, const std::vector<Eigen::Vector3d>& positions);
  void record(const std::vector<Eigen::Vector3d>& positions);
  double gridTime(int k) const { return duration_ * static_cast<double>(k) / static_cast<double>(samples_); }

  double duration_ = 0.0;
  int samples_ = 0;
  int recorded_ = 0;  // grid points recorded: t_0 .. t_{recorded - 1}
  double next_time_ = std::numeric_limits<double>::infinity();  // t_recorded, or infinity when done
  std::vector<int> slot_of_;              // atom -> storage slot, -1 while it has not moved
  std::vector<int> atom_of_;              // slot -> atom
  std::vector<Eigen::Vector3d> history_;  // [slot * (samples + 1) + k]
};

}  // namespace glassland::kmc
