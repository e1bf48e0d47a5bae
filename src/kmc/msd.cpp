#include "glassland/kmc/msd.hpp"

#include <algorithm>
#include <cmath>

namespace glassland::kmc {

std::vector<int> msdLagSteps(int samples) {
  std::vector<int> lags;
  const int last = samples / 2;
  for (int i = 0;; ++i) {
    const int m = static_cast<int>(std::lround(std::pow(10.0, 0.1 * i)));
    if (m > last) break;
    if (lags.empty() || m != lags.back()) lags.push_back(m);
  }
  // The window's ends and middle are always on the list.
  for (int m : {samples / 20, kFitSplitLag * samples / kMsdSamples, last}) {
    if (m >= 1 && std::find(lags.begin(), lags.end(), m) == lags.end()) lags.push_back(m);
  }
  std::sort(lags.begin(), lags.end());
  return lags;
}

double windowSlope(const std::vector<int>& lag_steps, const std::vector<double>& x, const double* y,
                   int first, int last) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t l = 0; l < lag_steps.size(); ++l) {
    if (lag_steps[l] < first || lag_steps[l] > last) continue;
    n += 1.0;
    sx += x[l];
    sy += y[l];
    sxx += x[l] * x[l];
    sxy += x[l] * y[l];
  }
  const double delta = n * sxx - sx * sx;
  if (n < 2.0 || !(delta > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return (n * sxy - sx * sy) / delta;
}

MsdRecorder::MsdRecorder(double duration, int samples, int natoms) {
  if (!(std::isfinite(duration) && duration > 0.0) || samples < 2) return;
  duration_ = duration;
  samples_ = samples;
  slot_of_.assign(static_cast<std::size_t>(natoms), -1);
  next_time_ = 0.0;  // t_0 = 0: recorded at the first call
}

void MsdRecorder::recordBefore(double time, const std::vector<Eigen::Vector3d>& positions) {
  while (recorded_ <= samples_ && gridTime(recorded_) < time) record(positions);
  next_time_ = recorded_ <= samples_ ? gridTime(recorded_) : std::numeric_limits<double>::infinity();
}

void MsdRecorder::finish(const std::vector<Eigen::Vector3d>& positions) {
  if (!enabled()) return;
  while (recorded_ <= samples_) record(positions);
  next_time_ = std::numeric_limits<double>::infinity();
}

void MsdRecorder::record(const std::vector<Eigen::Vector3d>& positions) {
  const std::size_t stride = static_cast<std::size_t>(samples_) + 1;
  // An atom gets storage the first time it is found displaced; its earlier
  // grid positions were zero (history_ grows with zeros).
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (slot_of_[i] >= 0 || positions[i].isZero(0.0)) continue;
    slot_of_[i] = static_cast<int>(atom_of_.size());
    atom_of_.push_back(static_cast<int>(i));
    history_.resize(atom_of_.size() * stride, Eigen::Vector3d::Zero());
  }
  for (std::size_t s = 0; s < atom_of_.size(); ++s) {
    history_[s * stride + static_cast<std::size_t>(recorded_)] =
        positions[static_cast<std::size_t>(atom_of_[s])];
  }
  ++recorded_;
}

std::vector<double> MsdRecorder::speciesMsd(const std::vector<int>& lag_steps,
                                            const std::vector<int>& atom_species, int nspecies,
                                            bool lateral) const {
  const std::size_t nl = lag_steps.size();
  std::vector<double> out(static_cast<std::size_t>(nspecies) * nl, 0.0);
  if (!enabled()) return out;
  const std::size_t stride = static_cast<std::size_t>(samples_) + 1;
  for (std::size_t s = 0; s < atom_of_.size(); ++s) {
    const Eigen::Vector3d* h = history_.data() + s * stride;
    const auto a = static_cast<std::size_t>(atom_species[static_cast<std::size_t>(atom_of_[s])]);
    for (std::size_t l = 0; l < nl; ++l) {
      const int m = lag_steps[l];
      if (m < 1 || m > samples_) continue;
      double sum = 0.0;
      for (int k = 0; k + m <= samples_; ++k) {
        const Eigen::Vector3d d = h[k + m] - h[k];
        sum += lateral ? d.x() * d.x() + d.y() * d.y() : d.squaredNorm();
      }
      out[a * nl + l] += sum / static_cast<double>(samples_ - m + 1);
    }
  }
  return out;
}

MsdRecorder::Mobile MsdRecorder::mobile(int lag_step, double threshold_sq,
                                        const std::vector<int>& atom_species, int nspecies,
                                        bool lateral) const {
  Mobile out;
  out.atoms.assign(static_cast<std::size_t>(nspecies), 0.0);
  out.msd.assign(static_cast<std::size_t>(nspecies), 0.0);
  if (!enabled() || lag_step < 1 || lag_step > samples_) return out;
  const std::size_t stride = static_cast<std::size_t>(samples_) + 1;
  auto norm = [lateral](const Eigen::Vector3d& d) {
    return lateral ? d.x() * d.x() + d.y() * d.y() : d.squaredNorm();
  };
  for (std::size_t s = 0; s < atom_of_.size(); ++s) {
    const Eigen::Vector3d* h = history_.data() + s * stride;
    bool moved = false;
    for (int k = 0; k <= samples_ && !moved; ++k) moved = norm(h[k]) > threshold_sq;
    if (!moved) continue;
    const auto a = static_cast<std::size_t>(atom_species[static_cast<std::size_t>(atom_of_[s])]);
    double sum = 0.0;
    for (int k = 0; k + lag_step <= samples_; ++k) sum += norm(h[k + lag_step] - h[k]);
    out.atoms[a] += 1.0;
    out.msd[a] += sum / static_cast<double>(samples_ - lag_step + 1);
  }
  return out;
}

}  // namespace glassland::kmc
