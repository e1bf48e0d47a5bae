#pragma once
/// \file
/// Each stage's section of the config, read by the options struct of the
/// module that owns the stage.

#include "glassland/config/config.hpp"
#include "glassland/optimize/minimize.hpp"

namespace glassland {

/// `minimize:` (method, fmax, max_iterations, ...).
MinimizeOptions minimizeOptions(const Config& config);

/// Reads every stage section once so that a typo anywhere fails at load time,
/// before any work is done. Throws InputError.
void validateStageOptions(const Config& config);

}  // namespace glassland
