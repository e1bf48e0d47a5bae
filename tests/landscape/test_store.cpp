#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "fixtures.hpp"
#include "glassland/core/error.hpp"
#include "glassland/landscape/event_store.hpp"

using namespace glassland;
using namespace glassland::landscape;
using glassland::landscape::testing::gridHeader;
using glassland::landscape::testing::TempDir;

namespace {

Positions moved(const Positions& root, int atom, const Eigen::Vector3d& by) {
  Positions p = root;
  p.col(atom) += by;
  return p;
}

// Raw SQL on a store file, bypassing EventStore (to damage it or inspect blobs).
void rawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO(sql << ": " << (error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

std::vector<unsigned char> rawBlob(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, 0));
  std::vector<unsigned char> out(data, data + sqlite3_column_bytes(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

long rawLong(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const long value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

FoundTransition hop(const Positions& a, double ea, const Positions& s, double es, const Positions& b,
                    double eb) {
  FoundTransition t;
  t.positions_a = a;
  t.energy_a = ea;
  t.saddle_positions = s;
  t.saddle_energy = es;
  t.positions_b = b;
  t.energy_b = eb;
  return t;
}

SearchRecord search(long k, const std::string& outcome = "converged") {
  SearchRecord r;
  r.index = k;
  r.seed = 0xfedcba9876543210ULL + static_cast<std::uint64_t>(k);  // above INT64_MAX: stored bit-for-bit
  r.centre = k % 7;
  r.method = "artn";
  r.outcome = outcome;
  r.force_calls = 100 + k;
  r.wall_seconds = 0.25 * static_cast<double>(k);
  return r;
}

}  // namespace

TEST_CASE("store: header, records and positions survive a close and reopen") {
  TempDir dir("store_rt");
  const std::string path = dir.file("l.db");
  const StoreHeader header = gridHeader(3);
  const Positions& root = header.root.positions;
  const Positions pa = moved(root, 4, {0.4, -0.2, 0.1});
  // Atom 9 moved by 0.5 and also shifted by a whole box length: stored as the image near the root.
  Positions pb = moved(root, 9, {0.5, 0.0, 0.0});
  pb(1, 9) += 4.5;
  const Positions ps = moved(moved(root, 4, {0.2, -0.1, 0.05}), 9, {0.25, 0, 0});
  std::vector<MinimumSummary> minima;
  std::vector<TransitionSummary> transitions;
  std::vector<SearchRecord> searches;
  {
    auto store = EventStore::openOrCreate(path, header);
    FoundTransition t = hop(pa, -10.0, ps, -9.0, pb, -9.5);
    t.prefactor_fwd = 2.5;
    const auto r = store.insertSearchResult(search(0), t);
    CHECK(r.new_minimum_a);
    CHECK(r.new_minimum_b);
    CHECK(r.new_transition);
    CHECK_FALSE(r.already_recorded);
    store.insertSearchResult(search(1, "not_connected"), std::nullopt);
    minima = store.minima();
    transitions = store.transitions();
    searches = store.searches();
  }
  auto store = EventStore::openExisting(dir.file("l.db"));
  CHECK(store.header().units == "lj");
  CHECK(store.header().potential == header.potential);
  CHECK(store.header().config_hash == "hash-1");
  CHECK(store.root().positions == root);  // bit-identical
  CHECK(store.root().cell == header.root.cell);
  CHECK(store.root().types == header.root.types);
  CHECK(store.root().ids == header.root.ids);
  CHECK(store.root().masses == header.root.masses);
  CHECK(store.root().species == header.root.species);
  CHECK(store.minima() == minima);
  CHECK(store.transitions() == transitions);
  CHECK(store.searches() == searches);
  REQUIRE(minima.size() == 2);
  CHECK(minima[0].energy == -10.0);
  CHECK(minima[0].fingerprint == "4");
  CHECK(minima[0].num_delta_atoms == 1);
  REQUIRE(transitions.size() == 1);
  const TransitionSummary& t = transitions[0];
  CHECK(t.e_fwd == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(t.e_rev == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(t.prefactor_fwd == 2.5);
  CHECK_FALSE(t.prefactor_rev.has_value());
  CHECK(t.times_found == 1);
  // Atom 4 moves back by 0.458, atom 9 forward by 0.5: the most displaced is 9.
  CHECK(t.max_displacement_atom == 9);
  CHECK(t.max_displacement == doctest::Approx(0.5).epsilon(1e-12));
  REQUIRE(searches.size() == 2);
  CHECK(searches[0].seed == 0xfedcba9876543210ULL);
  CHECK(searches[0].transition == t.id);
  CHECK_FALSE(searches[1].transition.has_value());
  CHECK(searches[1].outcome == "not_connected");

  CHECK(store.minimumPositions(minima[0].id) == pa);
  Positions pb_near_root = pb;
  pb_near_root(1, 9) -= 4.5;
  CHECK((store.minimumPositions(minima[1].id) - pb_near_root).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(store.saddlePositions(t.id) == ps);
  const SparseVectors d = store.displacements(t.id);
  REQUIRE(d.atoms == std::vector<std::uint32_t>{4, 9});
  CHECK((d.vectors.col(0) - Eigen::Vector3d(-0.4, 0.2, -0.1)).norm() < 1e-12);
  CHECK((d.vectors.col(1) - Eigen::Vector3d(0.5, 0, 0)).norm() < 1e-12);

  // The blob layout is explicit little-endian: uint32 index then 3 binary64.
  const auto blob =
      rawBlob(path, "SELECT delta FROM minimum_positions WHERE minimum_id = " + std::to_string(minima[0].id));
  REQUIRE(blob.size() == kSparseEntryBytes);
  CHECK(blob[0] == 4);
  CHECK(blob[1] == 0);
  CHECK(blob[2] == 0);
  CHECK(blob[3] == 0);
  std::uint64_t bits = 0;
  for (int b = 0; b < 8; ++b) bits |= static_cast<std::uint64_t>(blob[4 + b]) << (8 * b);
  double x = 0;
  std::memcpy(&x, &bits, 8);
  CHECK(x == pa(0, 4));
}

TEST_CASE(
    "store: atom columns hold the file's atom ids; a schema-1 store is read as it is, upgraded on write") {
  TempDir dir("store_ids");
  const std::string path = dir.file("l.db");
  StoreHeader header = gridHeader(3);
  for (std::size_t i = 0; i < header.root.ids.size(); ++i)
    header.root.ids[i] = 1000 + 3 * static_cast<long>(i);
  const Positions& root = header.root.positions;
  const Positions pa = moved(root, 4, {0.1, 0.0, 0.0});
  const Positions pb = moved(root, 9, {0.5, 0.0, 0.0});
  SearchRecord found = search(0);
  found.centre = 5;
  {
    auto store = EventStore::openOrCreate(path, header);
    store.insertSearchResult(found, hop(pa, -10.0, moved(pa, 9, {0.25, 0, 0}), -9.0, pb, -9.5));
    // What users see with sqlite3: the file's ids of atoms 9 and 5.
    CHECK(rawLong(path, "SELECT max_disp_atom FROM transitions") == 1027);
    CHECK(rawLong(path, "SELECT centre FROM searches") == 1015);
    CHECK(store.transitions().at(0).max_displacement_atom == 9);
    CHECK(store.searches().at(0).centre == 5);
  }
  // Turn it into a store as schema 1 wrote it (0-based indices in the atom columns).
  rawExec(path,
          "UPDATE transitions SET max_disp_atom = 9; UPDATE searches SET centre = 5; "
          "UPDATE meta SET value = 1 WHERE key = 'schema_version'");
  {
    OpenOptions read_only;
    read_only.read_only = true;
    const auto old = EventStore::openExisting(path, read_only);
    CHECK(old.transitions().at(0).max_displacement_atom == 9);
    CHECK(old.searches().at(0).centre == 5);
    CHECK(rawLong(path, "SELECT value FROM meta WHERE key = 'schema_version'") == 1);
  }
  {
    const auto upgraded = EventStore::openOrCreate(path, header);
    CHECK(upgraded.transitions().at(0).max_displacement_atom == 9);
    CHECK(upgraded.searches().at(0).centre == 5);
  }
  CHECK(rawLong(path, "SELECT value FROM meta WHERE key = 'schema_version'") == kSchemaVersion);
  CHECK(rawLong(path, "SELECT max_disp_atom FROM transitions") == 1027);
  CHECK(rawLong(path, "SELECT centre FROM searches") == 1015);
}

TEST_CASE("store: the same saddle found by two searches is one transition found twice") {
  TempDir dir("store_dedup");
  const StoreHeader header = gridHeader(3);
  const Positions& root = header.root.positions;
  auto store = EventStore::openOrCreate(dir.file("l.db"), header);
  const Positions pa = root;
  const Positions pb = moved(root, 13, {0.7, 0, 0});
  const Positions ps = moved(root, 13, {0.35, 0.1, 0});
  const auto r0 = store.insertSearchResult(search(0), hop(pa, -5.0, ps, -4.0, pb, -4.8));
  // Found again from another search, with round-off-sized differences.
  const Positions ps2 = moved(ps, 2, {1e-7, 0, 0});
  const auto r1 = store.insertSearchResult(search(1), hop(pa, -5.0 + 1e-9, ps2, -4.0 - 1e-8, pb, -4.8));
  CHECK(r1.transition == r0.transition);
  CHECK_FALSE(r1.new_transition);
  CHECK_FALSE(r1.new_minimum_a);
  CHECK_FALSE(r1.new_minimum_b);
  CHECK(store.numTransitions() == 1);
  CHECK(store.numMinima() == 2);
  CHECK(store.transitions()[0].times_found == 2);
  // Found in the other direction (b -> a): still the same transition.
  const auto r2 = store.insertSearchResult(search(2), hop(pb, -4.8, ps, -4.0, pa, -5.0));
  CHECK(r2.transition == r0.transition);
  CHECK(store.transitions()[0].times_found == 3);
  CHECK(store.transitions()[0].from_min == *r0.minimum_a);  // orientation of the first find kept
  // The same pair through a different saddle (another atom path) is a second transition.
  const Positions ps_other = moved(moved(root, 13, {0.35, -0.4, 0}), 12, {0.0, 0.3, 0});
  const auto r3 = store.insertSearchResult(search(3), hop(pa, -5.0, ps_other, -4.0, pb, -4.8));
  CHECK(*r3.transition != *r0.transition);
  CHECK(r3.new_transition);
  // ... and through a saddle of the same structure but another energy.
  const auto r4 = store.addTransition(*r0.minimum_a, *r0.minimum_b, -3.5, ps);
  CHECK(r4 != *r0.transition);
  CHECK(store.numTransitions() == 3);
  CHECK(store.searches().size() == 4);
  CHECK(store.searches()[1].transition == r0.transition);
}

TEST_CASE("store: minima identity by energy window and per-atom distance under minimum image") {
  TempDir dir("store_identity");
  const StoreHeader header = gridHeader(3);  // box edge 4.5, distance tolerance 0.1
  const Positions& root = header.root.positions;
  auto store = EventStore::openOrCreate(dir.file("l.db"), header);
  const Positions p = moved(root, 5, {0.3, 0.3, 0});
  const MinimumId m = store.addMinimum(-7.0, p);
  SUBCASE("a minimum reached twice is one row") {
    CHECK(store.addMinimum(-7.0 + 5e-5, moved(p, 20, {0.05, -0.05, 0.02})) == m);
    CHECK(store.numMinima() == 1);
  }
  SUBCASE("one atom moved by more than the tolerance is another minimum") {
    const MinimumId other = store.addMinimum(-7.0, moved(p, 20, {0.11, 0, 0}));
    CHECK(other != m);
    CHECK(store.numMinima() == 2);
    // Each of the two is then found again.
    CHECK(store.addMinimum(-7.0, p) == m);
    CHECK(store.addMinimum(-7.0, moved(p, 20, {0.11, 0, 0})) == other);
  }
  SUBCASE("energies outside the window are different minima even with the same structure") {
    CHECK(store.addMinimum(-7.0 + 2e-4, p) != m);
  }
  SUBCASE("a periodic image is the same minimum") {
    // Atom 0 sits at 0.375 near the lower x face; its image one box length away
    // and the whole structure wrapped into the cell are the same minimum.
    Positions image = p;
    image(0, 0) += 4.5;
    image(2, 7) -= 9.0;
    CHECK(store.addMinimum(-7.0, image) == m);
    Positions wrapped = p;
    for (int i = 0; i < wrapped.cols(); ++i)
      wrapped.col(i) =
          header.root.cell.wrap(wrapped.col(i) + Eigen::Vector3d(4.4, 0, 0)) - Eigen::Vector3d(4.4, 0, 0);
    CHECK(store.addMinimum(-7.0, wrapped) == m);
    // An atom crossing the boundary by a real small move: 0.375 -> -0.375 is
    // 0.75 away, a different minimum.
    CHECK(store.addMinimum(-7.0, moved(p, 0, {-0.75, 0, 0})) != m);
    CHECK(store.numMinima() == 2);
  }
  CHECK(store.findMinimum(-7.0, p) == m);
  CHECK_FALSE(store.findMinimum(-8.0, p).has_value());
}

TEST_CASE("store: resume skips recorded searches and keeps the rest") {
  TempDir dir("store_resume");
  const StoreHeader header = gridHeader(2);
  const Positions& root = header.root.positions;
  const std::string path = dir.file("l.db");
  {
    auto store = EventStore::openOrCreate(path, header);
    for (long k : {0L, 1L, 2L, 5L}) {
      store.insertSearchResult(
          search(k), hop(root, -1.0, moved(root, 1, {0.2, 0, 0}), 0.0, moved(root, 1, {0.4, 0, 0}), -0.5));
    }
  }
  auto store = EventStore::openOrCreate(path, header);
  CHECK(store.completedSearches() == std::set<long>{0, 1, 2, 5});
  CHECK(store.transitions()[0].times_found == 4);
  const auto again = store.insertSearchResult(
      search(2), hop(root, -1.0, moved(root, 1, {0.2, 0, 0}), 0.0, moved(root, 1, {0.4, 0, 0}), -0.5));
  CHECK(again.already_recorded);
  CHECK(store.transitions()[0].times_found == 4);
  CHECK_THROWS_AS(store.recordSearch(search(5)), glassland::Error);
  store.recordSearch(search(3, "too_many_force_calls"));
  CHECK(store.completedSearches() == std::set<long>{0, 1, 2, 3, 5});
}

TEST_CASE("store: a failed search insert leaves nothing behind") {
  TempDir dir("store_atomic");
  const StoreHeader header = gridHeader(2);
  const Positions& root = header.root.positions;
  auto store = EventStore::openOrCreate(dir.file("l.db"), header);
  FoundTransition bad = hop(moved(root, 1, {0.3, 0, 0}), -1.0, root, 0.0, Positions(3, 3), -0.5);
  CHECK_THROWS_AS(store.insertSearchResult(search(0), bad), glassland::Error);
  CHECK(store.numMinima() == 0);
  CHECK(store.numSearches() == 0);
  // The in-memory identity index was rolled back too: the minimum is new again.
  CHECK_FALSE(store.findMinimum(-1.0, moved(root, 1, {0.3, 0, 0})).has_value());
  CHECK(store.addMinimum(-1.0, moved(root, 1, {0.3, 0, 0})) == 1);
  {
    EventStore::Batch batch(store);
    store.addMinimum(-2.0, moved(root, 2, {0.3, 0, 0}));
    // Destroyed without commit: rolled back.
  }
  CHECK(store.numMinima() == 1);
  {
    EventStore::Batch batch(store);
    store.addMinimum(-2.0, moved(root, 2, {0.3, 0, 0}));
    store.addMinimum(-3.0, moved(root, 3, {0.3, 0, 0}));
    batch.commit();
  }
  CHECK(store.numMinima() == 3);
  CHECK_THROWS_AS(store.addTransition(1, 1, 0.0, root), glassland::Error);
  CHECK_THROWS_AS(store.addTransition(1, 99, 0.0, root), glassland::Error);
  CHECK(store.numTransitions() == 0);
  Positions nan = root;
  nan(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(store.addMinimum(-4.0, nan), glassland::Error);
  CHECK(store.numMinima() == 3);
}

TEST_CASE("store: a store of another landscape is refused, naming what differs") {
  TempDir dir("store_refuse");
  const std::string path = dir.file("l.db");
  { EventStore::openOrCreate(path, gridHeader(2)); }
  CHECK_THROWS_WITH_AS(EventStore::openOrCreate(path, gridHeader(2, "hash-2")),
                       doctest::Contains("different config hash (store: 'hash-1', this run: 'hash-2')"),
                       InputError);
  StoreHeader h = gridHeader(2);
  h.units = "metal";
  CHECK_THROWS_WITH_AS(EventStore::openOrCreate(path, h), doctest::Contains("different unit system"),
                       InputError);
  h = gridHeader(2);
  h.potential = "eam/fs CuZr_mm.eam.fs";
  CHECK_THROWS_WITH_AS(EventStore::openOrCreate(path, h), doctest::Contains("different potential"),
                       InputError);
  CHECK_THROWS_WITH_AS(EventStore::openOrCreate(path, gridHeader(3)), doctest::Contains("number of atoms"),
                       InputError);
  IdentityOptions looser;
  looser.distance_tolerance = 0.2;
  CHECK_THROWS_WITH_AS(EventStore::openOrCreate(path, gridHeader(2), looser),
                       doctest::Contains("landscape.distance_tolerance"), InputError);
  CHECK_NOTHROW(EventStore::openOrCreate(path, gridHeader(2)));
}

TEST_CASE("store: damaged, truncated and foreign files give a clear InputError") {
  TempDir dir("store_damage");
  SUBCASE("random bytes") {
    const std::string path = dir.file("random.db");
    std::ofstream out(path, std::ios::binary);
    std::mt19937_64 rng(42);
    for (int i = 0; i < 20000; ++i) out.put(static_cast<char>(rng() & 0xff));
    out.close();
    CHECK_THROWS_WITH_AS(EventStore::openExisting(path), doctest::Contains("not a glassland store"),
                         InputError);
    CHECK_THROWS_AS(EventStore::openOrCreate(path, gridHeader(2)), InputError);
  }
  SUBCASE("a text file") {
    const std::string path = dir.file("text.db");
    std::ofstream(path) << "minima:\n  - 1\n";
    CHECK_THROWS_AS(EventStore::openExisting(path), InputError);
  }
  SUBCASE("a cut-off file") {
    const std::string path = dir.file("cut.db");
    {
      const StoreHeader header = gridHeader(4);
      auto store = EventStore::openOrCreate(path, header);
      EventStore::Batch batch(store);
      for (int k = 0; k < 400; ++k) {
        Positions p = moved(header.root.positions, k % 64, {0.3 + 0.001 * k, 0.1, 0});
        store.addMinimum(-1.0 - 0.01 * k, p);
      }
      batch.commit();
    }  // closing the last connection checkpoints the WAL into the main file
    const auto size = std::filesystem::file_size(path);
    REQUIRE(size > 16384);
    std::filesystem::resize_file(path, size / 2);
    CHECK_THROWS_WITH_AS(EventStore::openExisting(path), doctest::Contains("damaged"), InputError);
    std::filesystem::resize_file(path, 100);  // not even the header page
    CHECK_THROWS_AS(EventStore::openExisting(path), InputError);
  }
  SUBCASE("an SQLite file written by something else") {
    const std::string path = dir.file("foreign.db");
    rawExec(path, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('x');");
    CHECK_THROWS_WITH_AS(EventStore::openExisting(path), doctest::Contains("no 'meta' table"), InputError);
    CHECK_THROWS_WITH_AS(EventStore::openOrCreate(path, gridHeader(2)), doctest::Contains("not a glassland"),
                         InputError);
    const std::string other = dir.file("other_meta.db");
    rawExec(other, "CREATE TABLE meta(key TEXT, value); INSERT INTO meta VALUES ('format', 'something');");
    CHECK_THROWS_WITH_AS(EventStore::openExisting(other), doctest::Contains("not a glassland"), InputError);
  }
  SUBCASE("a newer schema version") {
    const std::string path = dir.file("new.db");
    { EventStore::openOrCreate(path, gridHeader(2)); }
    rawExec(path, "UPDATE meta SET value = 99 WHERE key = 'schema_version'");
    CHECK_THROWS_WITH_AS(EventStore::openExisting(path), doctest::Contains("schema version 99, newer"),
                         InputError);
  }
  SUBCASE("a malformed blob") {
    const std::string path = dir.file("blob.db");
    {
      auto store = EventStore::openOrCreate(path, gridHeader(2));
      store.addMinimum(-1.0, moved(gridHeader(2).root.positions, 1, {0.3, 0, 0}));
    }
    rawExec(path, "UPDATE minimum_positions SET delta = x'0102030405' WHERE minimum_id = 1");
    auto store = EventStore::openExisting(path);
    CHECK_THROWS_WITH_AS(store.minimumPositions(1), doctest::Contains("malformed blob"), InputError);
    rawExec(path, "DELETE FROM meta WHERE key = 'root_positions'");
    CHECK_THROWS_WITH_AS(EventStore::openExisting(path), doctest::Contains("meta lacks 'root_positions'"),
                         InputError);
  }
  SUBCASE("missing and empty files") {
    CHECK_THROWS_WITH_AS(EventStore::openExisting(dir.file("none.db")), doctest::Contains("does not exist"),
                         InputError);
    const std::string path = dir.file("empty.db");
    std::ofstream(path).close();
    CHECK_THROWS_WITH_AS(EventStore::openExisting(path), doctest::Contains("holds no tables"), InputError);
    // openOrCreate initialises an empty file.
    CHECK(EventStore::openOrCreate(path, gridHeader(2)).numMinima() == 0);
  }
}

TEST_CASE("store: identity options from YAML") {
  YAML::Node node = YAML::Load("energy_tolerance: 0.01\ndistance_tolerance: 0.2\n");
  OptionsReader reader(node, "landscape", "c.yaml");
  const IdentityOptions o = IdentityOptions::fromYaml(reader);
  CHECK(o.energy_tolerance == 0.01);
  CHECK(o.distance_tolerance == 0.2);
  CHECK(o.delta_tolerance == 1e-6);
  YAML::Node bad = YAML::Load("distance_tolerance: 0.2\ndelta_tolerance: 0.05\n");
  OptionsReader bad_reader(bad, "landscape", "c.yaml");
  CHECK_THROWS_WITH_AS(IdentityOptions::fromYaml(bad_reader), doctest::Contains("delta_tolerance"),
                       InputError);
  YAML::Node unknown = YAML::Load("energy_tol: 0.01\n");
  OptionsReader unknown_reader(unknown, "landscape", "c.yaml");
  CHECK_THROWS_WITH_AS(IdentityOptions::fromYaml(unknown_reader), doctest::Contains("unknown key"),
                       InputError);
}
