// `glassland minimize`: relax the snapshot to its inherent structure.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "glassland/config/stage_options.hpp"
#include "glassland/core/interrupt.hpp"
#include "glassland/io/io.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "progress.hpp"
#include "stages.hpp"
#include "system.hpp"

namespace glassland::app {

void runMinimize(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const MinimizeOptions options = minimizeOptions(config);
  System system = loadSystem(config);
  Structure& structure = system.structure;

  const auto start = std::chrono::steady_clock::now();
  // FIRE and L-BFGS have no known iteration count in advance: show fmax
  // falling on a log scale from the first value to the target instead.
  ProgressBar bar("minimize", 100, "%", args.quiet || options.max_iterations == 0);
  double fmax_start = -1.0;
  auto progress = [&](const MinimizeProgress& p) {
    if (fmax_start < 0) fmax_start = p.fmax;
    if (fmax_start > options.fmax && p.fmax > 0) {
      const double done = std::log(fmax_start / p.fmax) / std::log(fmax_start / options.fmax);
      bar.update(std::clamp(static_cast<long>(100 * done), 0L, 100L));
    }
    return !interruptRequested();  // Ctrl-C: stop, and write nothing
  };
  const MinimizeResult result = relax(*system.potential, structure, options, {}, progress);
  bar.finish();
  throwIfInterrupted();
  // A non-finite energy (overlapping atoms, say) is no inherent structure:
  // nothing is written, so no later stage can start from it.
  if (!std::isfinite(result.value)) {
    throw InputError(config.structure.string(), 0,
                     "the energy of the structure is not finite (" + std::to_string(result.value) +
                         ") after " + std::to_string(result.iterations) +
                         " minimisation steps: atoms overlap or the potential does not fit the structure");
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto path = config.output / "minimized.data";
  lockOutput(config);  // (one output directory, one process: stages.hpp)
  io::writeStructure(path.string(), structure);

  nlohmann::json out;
  out["natoms"] = structure.size();
  out["energy"] = result.value;
  out["energy_per_atom"] = result.value / structure.size();
  out["fmax"] = result.fmax;
  out["fmax_target"] = options.fmax;
  out["converged"] = result.converged || options.max_iterations == 0;
  out["stop_reason"] = std::string(stopReasonName(result.reason));
  out["method"] = std::string(methodName(options.method));
  out["iterations"] = result.iterations;
  out["force_calls"] = result.force_calls;
  out["timing"] = {{"wall_seconds", wall}};
  out["potential"] = system.potential->name();
  out["units"] = config.units;
  out["structure"] = path.filename().string();
  writeStageJson(config, "minimize", out);

  if (!args.quiet) {
    fmt::print(
        "minimize: {} atoms, E = {:.10f} ({:.10f} per atom), fmax = {:.3e}, {} iterations, "
        "{} force calls, {:.2f} s -> {}\n",
        structure.size(), result.value, result.value / structure.size(), result.fmax, result.iterations,
        result.force_calls, wall, path.string());
  }
  if (!result.converged && options.max_iterations != 0) {
    throw InputError(config.file.string(), 0,
                     "minimize did not converge (" + result.message + "; fmax " +
                         std::to_string(result.fmax) + ", target " + std::to_string(options.fmax) +
                         "): raise minimize.max_iterations or loosen minimize.fmax");
  }
}

}  // namespace glassland::app
