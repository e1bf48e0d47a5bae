#include "glassland/core/structure.hpp"

namespace glassland {

std::vector<int> Structure::countByType() const {
  std::vector<int> counts(species.size(), 0);
  for (int t : types) ++counts.at(t);
  return counts;
}

int Structure::typeOf(const std::string& name) const {
  for (int t = 0; t < numTypes(); ++t) {
    if (species[t] == name) return t;
  }
  return -1;
}

}  // namespace glassland
