#include <doctest/doctest.h>

#include <set>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/saddle/outcome.hpp"
#include "glassland/saddle/saddle_search.hpp"

using namespace glassland;

TEST_CASE("outcomes: names are distinct and parse back") {
  std::set<std::string> names;
  for (SearchOutcome o : kAllOutcomes) {
    names.insert(std::string(outcomeName(o)));
    CHECK(parseOutcome(outcomeName(o)) == o);
    CHECK(!outcomeDescription(o).empty());
  }
  CHECK(names.size() == kAllOutcomes.size());
  CHECK(outcomeName(SearchOutcome::NotConnected) == "not_connected");
  CHECK_THROWS_AS(parseOutcome("convergd"), InputError);
  CHECK(parseMethod("dimer") == SaddleMethod::Dimer);
  CHECK(methodName(SaddleMethod::Artn) == "artn");
  CHECK_THROWS_AS(parseMethod("neb"), InputError);
}
