#pragma once
/// \file
/// What every stage starts from: the structure and the potential of the config.

#include <memory>

#include "glassland/config/config.hpp"
#include "glassland/core/structure.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland::app {

/// The snapshot of `structure:` and the potential of `potential:`.
struct System {
  Structure structure;
  std::unique_ptr<Potential> potential;
};

/// Reads the structure and builds the potential; throws InputError.
System loadSystem(const Config& config);

}  // namespace glassland::app
