#pragma once

#include "temp_dir.hpp"
// Small deterministic structures and a temporary directory for the landscape tests.

#include <filesystem>
#include <random>
#include <string>

#include "glassland/landscape/event_store.hpp"

namespace glassland::landscape::testing {

/// n^3 atoms on a simple cubic grid of spacing 1.5 in a periodic cube of edge
/// 1.5 n, origin 0; types alternate A, B.
inline Structure gridStructure(int n) {
  Structure s;
  const double a = 1.5;
  s.cell = Cell::orthorhombic({0, 0, 0}, {a * n, a * n, a * n});
  s.positions.resize(3, n * n * n);
  int k = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      for (int l = 0; l < n; ++l, ++k) {
        s.positions.col(k) << a * (i + 0.25), a * (j + 0.25), a * (l + 0.25);
        s.types.push_back(k % 2);
        s.ids.push_back(k + 1);
      }
    }
  }
  s.species = {"A", "B"};
  s.masses = {1.0, 0.5};
  return s;
}

inline StoreHeader gridHeader(int n, std::string hash = "hash-1") {
  return StoreHeader{"lj", "lj/cut 2.5 (Kob-Andersen)", std::move(hash), gridStructure(n)};
}

using glassland_test::TempDir;

}  // namespace glassland::landscape::testing
