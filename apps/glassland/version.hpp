#pragma once
#include <string_view>

namespace glassland::app {
/// The program version, written into every OUTPUT/<stage>.json.
inline constexpr std::string_view kVersion = "0.1.0";
}  // namespace glassland::app
