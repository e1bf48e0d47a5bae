#pragma once
/// \file
/// The numbers of OUTPUT/kmc.json the report shows, read back from the JSON
/// written by kmc::toJson (layout documented in glassland/kmc/kmc.hpp). JSON
/// nulls (non-finite estimates) read as NaN.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace glassland::report {

/// One species at one temperature (length^2/time for D, dimensionless f).
struct KmcPoint {
  double D = 0.0, D_err = 0.0;
  double D_rw = 0.0, D_rw_err = 0.0;
  double f = 0.0, f_err = 0.0;
  int diffusive = -1;            ///< 1: diffusive regime shown, 0: not, -1: kmc.json does not say
  std::string diffusive_reason;  ///< why not (empty when diffusive)
};

/// One Arrhenius fit x(T) = prefactor exp(-E / k_B T).
struct ArrheniusEntry {
  double E = 0.0, E_err = 0.0;                  ///< energy units
  double prefactor = 0.0, prefactor_err = 0.0;  ///< units of x
  double chi2_per_dof = 0.0;                    ///< NaN when not defined (two points) or not given
};

/// Per species: one point per temperature and the three fits.
struct KmcSpecies {
  std::string name;
  std::vector<KmcPoint> points;  ///< indexed like KmcSummary::temperatures
  bool has_fit = false;          ///< false when kmc.json holds no "arrhenius" entry for it
  ArrheniusEntry D, rw, f;       ///< fits of D, D_rw and f
  std::string not_measured;      ///< why the energies could not be measured (empty when they were)
  std::vector<double> excluded_temperatures;  ///< left out of the fits (not diffusive, or no motion)
  std::vector<std::vector<double>>
      msd;  ///< per temperature: per-atom MSD at KmcSummary::msd_lag (may be empty)
};

/// What the report needs of kmc.json.
struct KmcSummary {
  std::string provider;
  std::vector<double> temperatures;
  std::vector<double> back_hop_fraction;  ///< per temperature (KMC's measured fraction of undone hops)
  std::vector<double> t_run;  ///< per temperature: simulated time of each trajectory (may be empty)
  std::vector<std::vector<double>> msd_lag;  ///< per temperature: lag times of the MSD curves (may be empty)
  std::vector<KmcSpecies> species;           ///< in kmc.json order

  /// Reads the kmc.json layout; throws glassland::Error naming the missing or
  /// malformed key.
  static KmcSummary fromJson(const nlohmann::json& json);
};

}  // namespace glassland::report
