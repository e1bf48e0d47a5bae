#pragma once

#include <string>

namespace glassland {

/// `text` with &, <, > and " replaced by their XML entities (for HTML, SVG and
/// GraphML attribute values and text).
std::string escapeXml(const std::string& text);

}  // namespace glassland
