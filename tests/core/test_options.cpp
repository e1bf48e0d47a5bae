#include <doctest/doctest.h>

#include "glassland/core/options.hpp"

using glassland::InputError;
using glassland::OptionsReader;

TEST_CASE("options: defaults kept, values read, unknown keys listed") {
  YAML::Node node = YAML::Load("fmax: 1.0e-6\nmethod: lbfgs\nmax_itrations: 5\n");
  OptionsReader reader(node, "minimize", "config.yaml");
  double fmax = 1.0;
  std::string method = "fire";
  long max_iterations = 100;
  reader.get("fmax", fmax).get("method", method).get("max_iterations", max_iterations);
  CHECK(fmax == 1.0e-6);
  CHECK(method == "lbfgs");
  CHECK(max_iterations == 100);
  CHECK_THROWS_WITH_AS(reader.finish(),
                       "config.yaml:3: unknown key 'minimize.max_itrations' (valid keys in 'minimize': "
                       "fmax, max_iterations, method)",
                       InputError);
}

TEST_CASE("options: a value of the wrong type names file, line and key") {
  YAML::Node node = YAML::Load("a: 1\nfmax: lots\n");
  OptionsReader reader(node, "minimize", "c.yaml");
  double fmax = 0;
  CHECK_THROWS_WITH_AS(reader.get("fmax", fmax), doctest::Contains("c.yaml:2: key 'minimize.fmax'"),
                       InputError);
}
