#include "glassland/landscape/event_store.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <unordered_map>

#include "glassland/core/error.hpp"
#include "sqlite_db.hpp"

namespace glassland::landscape {

// ---------------------------------------------------------------------------
// Options

IdentityOptions IdentityOptions::fromYaml(OptionsReader& reader) {
  IdentityOptions o;
  reader.get("energy_tolerance", o.energy_tolerance)
      .get("distance_tolerance", o.distance_tolerance)
      .get("delta_tolerance", o.delta_tolerance);
  reader.finish();
  try {
    o.validate();
  } catch (const InputError& e) {
    reader.fail(e.what());
  }
  return o;
}

void IdentityOptions::validate() const {
  if (!(energy_tolerance > 0.0)) throw InputError("landscape.energy_tolerance must be > 0");
  if (!(distance_tolerance > 0.0)) throw InputError("landscape.distance_tolerance must be > 0");
  if (!(delta_tolerance >= 0.0) || !(delta_tolerance < 0.1 * distance_tolerance)) {
    // Atoms within delta_tolerance of the root are stored as the root, so two
    // structures compared after storage may differ by up to 2 delta_tolerance
    // more than before: keep that far below the identity tolerance.
    throw InputError("landscape.delta_tolerance must be >= 0 and below distance_tolerance / 10");
  }
}

// ---------------------------------------------------------------------------
// Schema

namespace {

constexpr const char* kFormat = "glassland-landscape";

// Table definitions (schema version 1). Blob layouts: see sparse.hpp.
constexpr const char* kSchemaSql = R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB  -- BLOB affinity: values keep their type (text, integer, real, blob)
) WITHOUT ROWID;
CREATE TABLE minima (
  id          INTEGER PRIMARY KEY,
  energy      REAL NOT NULL,
  fingerprint TEXT NOT NULL,
  num_delta   INTEGER NOT NULL
);
-- Positions live apart from the scalar columns, so loading the graph scans
-- small rows only.
CREATE TABLE minimum_positions (
  minimum_id INTEGER PRIMARY KEY REFERENCES minima(id),
  delta      BLOB NOT NULL
);
CREATE INDEX minima_energy ON minima(energy);
CREATE TABLE transitions (
  id            INTEGER PRIMARY KEY,
  from_min      INTEGER NOT NULL REFERENCES minima(id),
  to_min        INTEGER NOT NULL REFERENCES minima(id),
  saddle_energy REAL NOT NULL,
  e_fwd         REAL NOT NULL,
  e_rev         REAL NOT NULL,
  prefactor_fwd REAL,
  prefactor_rev REAL,
  max_disp      REAL NOT NULL,
  max_disp_atom INTEGER NOT NULL,
  times_found   INTEGER NOT NULL
);
CREATE TABLE transition_geometry (
  transition_id INTEGER PRIMARY KEY REFERENCES transitions(id),
  displacements BLOB NOT NULL,
  saddle_delta  BLOB NOT NULL
);
CREATE TABLE searches (
  id            INTEGER PRIMARY KEY,
  seed          INTEGER NOT NULL,
  centre        INTEGER NOT NULL,
  method        TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  force_calls   INTEGER NOT NULL,
  wall_seconds  REAL NOT NULL,
  transition_id INTEGER REFERENCES transitions(id)
);
)SQL";

std::string joinSpecies(const std::vector<std::string>& species) {
  std::string out;
  for (std::size_t i = 0; i < species.size(); ++i) out += (i ? "\n" : "") + species[i];
  return out;
}

std::vector<std::string> splitSpecies(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::string::size_type start = 0;
  while (true) {
    const auto end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string formatNumber(double v, int digits) {
  if (v == 0.0) v = 0.0;  // print -0 as 0: a negated zero displacement is no difference
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  return buffer;
}

}  // namespace

// ---------------------------------------------------------------------------
// Implementation

struct EventStore::Impl {
  sql::Database db;
  StoreHeader header;
  IdentityOptions identity;
  bool read_only = false;

  // In-memory indices, rebuilt on open: energy-ordered minima for the
  // identity look-up within an energy window, and transitions by the unordered
  // pair of minima they join.
  std::multimap<double, MinimumId> minima_by_energy;
  std::unordered_map<MinimumId, double> minimum_energy;
  std::map<std::pair<MinimumId, MinimumId>, std::vector<std::pair<double, TransitionId>>> transitions_by_pair;

  // Undo log of in-memory index changes made inside the open transaction.
  struct Undo {
    bool is_minimum;
    double energy;
    long id;
    std::pair<MinimumId, MinimumId> pair;
  };
  std::vector<Undo> undo;
  int depth = 0;
  bool aborted = false;

  sql::Statement insert_minimum, insert_minimum_positions, select_minimum_delta, insert_transition,
      insert_geometry, select_saddle_delta, select_displacements, bump_times_found, insert_search,
      search_exists;

  Impl(const std::string& path, bool ro, bool create) : db(path, ro, create), read_only(ro) {}

  int numAtoms() const { return header.root.size(); }

  // ---- atom columns ----
  // searches.centre and transitions.max_disp_atom hold the structure file's
  // atom id (what users see everywhere else); records carry the 0-based index.
  // Schema version 1 stored the index; such a store is upgraded when opened for
  // writing and read as it is otherwise (stored_atom_indices).
  bool stored_atom_indices = false;
  std::unordered_map<long, long> index_of_id;

  long atomColumn(long index) const {
    if (index < 0) return -1;
    const auto& ids = header.root.ids;
    return ids.empty() ? index + 1 : ids.at(static_cast<std::size_t>(index));
  }
  long atomIndex(long column) {
    if (column < 0 || stored_atom_indices) return column;
    const auto& ids = header.root.ids;
    if (ids.empty()) return column - 1;
    if (index_of_id.empty()) {
      for (std::size_t i = 0; i < ids.size(); ++i) index_of_id.emplace(ids[i], static_cast<long>(i));
    }
    const auto it = index_of_id.find(column);
    if (it == index_of_id.end()) notOurs("atom id " + std::to_string(column) + " is not an atom of the root");
    return it->second;
  }

  /// Schema 1 -> 2: atom indices become the file's atom ids, in one transaction.
  void upgradeAtomColumns() {
    db.exec("BEGIN IMMEDIATE");
    db.exec("CREATE TEMP TABLE atom_ids(idx INTEGER PRIMARY KEY, id INTEGER NOT NULL)");
    {
      sql::Statement insert(db, "INSERT INTO atom_ids(idx, id) VALUES (?1, ?2)");
      for (long i = 0; i < numAtoms(); ++i) {
        insert.bind(1, i).bind(2, atomColumn(i));
        insert.run();
      }
    }
    db.exec(
        "UPDATE transitions SET max_disp_atom = (SELECT id FROM atom_ids WHERE idx = max_disp_atom) "
        "WHERE max_disp_atom >= 0");
    db.exec("UPDATE searches SET centre = (SELECT id FROM atom_ids WHERE idx = centre) WHERE centre >= 0");
    db.exec("DROP TABLE temp.atom_ids");
    {
      sql::Statement version(db, "UPDATE meta SET value = ?1 WHERE key = 'schema_version'");
      version.bind(1, kSchemaVersion);
      version.run();
    }
    db.exec("COMMIT");
    stored_atom_indices = false;
  }

  // ---- transactions ----
  void begin() {
    if (depth++ == 0) {
      db.exec("BEGIN IMMEDIATE");
      undo.clear();
      aborted = false;
    }
  }
  void commit() {
    if (aborted) throw Error(db.path() + ": a write inside this batch failed; the batch was rolled back");
    if (--depth == 0) {
      db.exec("COMMIT");
      undo.clear();
    }
  }
  void rollback() noexcept {
    if (depth == 0) return;
    depth = 0;
    aborted = true;
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
      if (it->is_minimum) {
        auto range = minima_by_energy.equal_range(it->energy);
        for (auto m = range.first; m != range.second; ++m) {
          if (m->second == it->id) {
            minima_by_energy.erase(m);
            break;
          }
        }
        minimum_energy.erase(it->id);
      } else {
        auto& list = transitions_by_pair[it->pair];
        std::erase_if(list, [&](const auto& e) { return e.second == it->id; });
      }
    }
    undo.clear();
  }
  struct Tx {
    Impl& s;
    bool done = false;
    explicit Tx(Impl& store) : s(store) { s.begin(); }
    void commit() {
      s.commit();
      done = true;
    }
    ~Tx() {
      if (!done) s.rollback();
    }
  };

  // ---- positions ----
  void checkShape(const Positions& p, const char* what) const {
    if (p.cols() != numAtoms()) {
      throw Error(db.path() + ": " + what + " has " + std::to_string(p.cols()) +
                  " atoms, the store's root has " + std::to_string(numAtoms()));
    }
    // A NaN coordinate would compare as "within tolerance" of anything.
    if (!p.allFinite()) throw Error(db.path() + ": " + what + " has a non-finite coordinate");
  }

  // Atoms farther than delta_tolerance from their root position, stored as
  // the periodic image nearest the root (so stored positions minus root
  // positions are true displacements).
  SparseVectors deltaFromRoot(const Positions& p) const {
    const Cell& cell = header.root.cell;
    const Positions& root = header.root.positions;
    SparseVectors out;
    std::vector<Eigen::Vector3d> values;
    for (int i = 0; i < numAtoms(); ++i) {
      const Eigen::Vector3d d = cell.minimumImage(p.col(i) - root.col(i));
      if (d.norm() > identity.delta_tolerance) {
        out.atoms.push_back(static_cast<std::uint32_t>(i));
        values.push_back(root.col(i) + d);
      }
    }
    out.vectors.resize(3, static_cast<Eigen::Index>(values.size()));
    for (std::size_t k = 0; k < values.size(); ++k) out.vectors.col(static_cast<Eigen::Index>(k)) = values[k];
    return out;
  }

  std::string fingerprint(const SparseVectors& delta) const {
    std::string out;
    for (int k = 0; k < delta.size(); ++k) {
      const auto i = delta.atoms[static_cast<std::size_t>(k)];
      if ((delta.vectors.col(k) - header.root.positions.col(i)).norm() > identity.distance_tolerance) {
        out += (out.empty() ? "" : ",") + std::to_string(i);
      }
    }
    return out;
  }

  // Calls f(atom, position in a, position in b) for every atom in either
  // delta; atoms in neither are at the root in both and contribute nothing.
  template <class F>
  void mergeDeltas(const SparseVectors& a, const SparseVectors& b, F&& f) const {
    const Positions& root = header.root.positions;
    std::size_t i = 0, j = 0;
    while (i < a.atoms.size() || j < b.atoms.size()) {
      const auto ai = i < a.atoms.size() ? a.atoms[i] : UINT32_MAX;
      const auto bj = j < b.atoms.size() ? b.atoms[j] : UINT32_MAX;
      if (ai == bj) {
        f(ai, a.vectors.col(static_cast<Eigen::Index>(i)), b.vectors.col(static_cast<Eigen::Index>(j)));
        ++i, ++j;
      } else if (ai < bj) {
        f(ai, a.vectors.col(static_cast<Eigen::Index>(i)), root.col(ai));
        ++i;
      } else {
        f(bj, root.col(bj), b.vectors.col(static_cast<Eigen::Index>(j)));
        ++j;
      }
    }
  }

  // True when no atom differs by more than distance_tolerance (minimum image).
  bool sameStructure(const SparseVectors& a, const SparseVectors& b) const {
    const Cell& cell = header.root.cell;
    const double tol2 = identity.distance_tolerance * identity.distance_tolerance;
    bool same = true;
    mergeDeltas(a, b, [&](std::uint32_t, const auto& pa, const auto& pb) {
      if (same && cell.minimumImage(pb - pa).squaredNorm() > tol2) same = false;
    });
    return same;
  }

  SparseVectors loadDelta(sql::Statement& stmt, long id, const char* what) {
    stmt.bind(1, id);
    if (!stmt.step()) {
      stmt.reset();
      throw Error(db.path() + ": no " + what + " with id " + std::to_string(id));
    }
    auto [data, bytes] = stmt.getBlob(0);
    SparseVectors out = decodeSparse(data, bytes, numAtoms(), std::string(what) + " " + std::to_string(id));
    stmt.reset();
    return out;
  }

  Positions expand(const SparseVectors& delta) const {
    Positions p = header.root.positions;
    for (int k = 0; k < delta.size(); ++k)
      p.col(delta.atoms[static_cast<std::size_t>(k)]) = delta.vectors.col(k);
    return p;
  }

  // ---- identity look-ups ----
  std::optional<MinimumId> findMinimum(double energy, const SparseVectors& delta) {
    const double tol = identity.energy_tolerance;
    for (auto it = minima_by_energy.lower_bound(energy - tol);
         it != minima_by_energy.end() && it->first <= energy + tol; ++it) {
      if (sameStructure(delta, loadDelta(select_minimum_delta, it->second, "minimum"))) return it->second;
    }
    return std::nullopt;
  }

  std::pair<MinimumId, bool> addMinimum(double energy, const Positions& positions) {
    checkShape(positions, "the minimum");
    if (!std::isfinite(energy)) throw Error(db.path() + ": a minimum's energy is not finite");
    const SparseVectors delta = deltaFromRoot(positions);
    if (auto existing = findMinimum(energy, delta)) return {*existing, false};
    insert_minimum.bind(1, energy).bind(2, fingerprint(delta)).bind(3, delta.size());
    insert_minimum.run();
    const MinimumId id = db.lastInsertId();
    insert_minimum_positions.bind(1, id).bindBlob(2, encodeSparse(delta));
    insert_minimum_positions.run();
    minima_by_energy.emplace(energy, id);
    minimum_energy.emplace(id, energy);
    undo.push_back({true, energy, id, {}});
    return {id, true};
  }

  std::pair<TransitionId, bool> addTransition(MinimumId from, MinimumId to, double saddle_energy,
                                              const Positions& saddle_positions, std::optional<double> pf,
                                              std::optional<double> pr) {
    if (from == to) throw Error(db.path() + ": a transition must join two different minima");
    const auto ef = minimum_energy.find(from);
    const auto et = minimum_energy.find(to);
    if (ef == minimum_energy.end() || et == minimum_energy.end()) {
      throw Error(db.path() + ": addTransition with an unknown minimum id");
    }
    checkShape(saddle_positions, "the saddle");
    if (!std::isfinite(saddle_energy)) throw Error(db.path() + ": a saddle energy is not finite");
    const SparseVectors saddle = deltaFromRoot(saddle_positions);
    const std::pair<MinimumId, MinimumId> key{std::min(from, to), std::max(from, to)};
    auto& candidates = transitions_by_pair[key];
    for (const auto& [energy, id] : candidates) {
      if (std::abs(energy - saddle_energy) > identity.energy_tolerance) continue;
      if (sameStructure(saddle, loadDelta(select_saddle_delta, id, "transition"))) {
        bump_times_found.bind(1, id);
        bump_times_found.run();
        return {id, false};
      }
    }
    // Displacements from -> to from the stored positions of both minima, so
    // they agree exactly with what positions() returns for either state.
    const SparseVectors a = loadDelta(select_minimum_delta, from, "minimum");
    const SparseVectors b = loadDelta(select_minimum_delta, to, "minimum");
    const Cell& cell = header.root.cell;
    SparseVectors disp;
    std::vector<Eigen::Vector3d> values;
    double max_disp = 0.0;
    long max_atom = -1;
    mergeDeltas(a, b, [&](std::uint32_t atom, const auto& pa, const auto& pb) {
      const Eigen::Vector3d d = cell.minimumImage(pb - pa);
      const double n = d.norm();
      if (n > identity.delta_tolerance) {
        disp.atoms.push_back(atom);
        values.push_back(d);
      }
      if (n > max_disp) {
        max_disp = n;
        max_atom = atom;
      }
    });
    disp.vectors.resize(3, static_cast<Eigen::Index>(values.size()));
    for (std::size_t k = 0; k < values.size(); ++k)
      disp.vectors.col(static_cast<Eigen::Index>(k)) = values[k];

    insert_transition.bind(1, from)
        .bind(2, to)
        .bind(3, saddle_energy)
        .bind(4, saddle_energy - ef->second)
        .bind(5, saddle_energy - et->second)
        .bind(6, pf)
        .bind(7, pr)
        .bind(8, max_disp)
        .bind(9, atomColumn(max_atom));
    insert_transition.run();
    const TransitionId id = db.lastInsertId();
    insert_geometry.bind(1, id).bindBlob(2, encodeSparse(disp)).bindBlob(3, encodeSparse(saddle));
    insert_geometry.run();
    candidates.emplace_back(saddle_energy, id);
    undo.push_back({false, saddle_energy, id, key});
    return {id, true};
  }

  bool searchExists(long index) {
    search_exists.bind(1, index);
    const bool found = search_exists.step();
    search_exists.reset();
    return found;
  }

  void insertSearch(const SearchRecord& r) {
    insert_search.bind(1, r.index)
        .bind(2, std::bit_cast<long>(r.seed))
        .bind(3, atomColumn(r.centre))
        .bind(4, r.method)
        .bind(5, r.outcome)
        .bind(6, r.force_calls)
        .bind(7, r.wall_seconds)
        .bind(8, r.transition);
    insert_search.run();
  }

  // ---- opening ----
  void prepareStatements() {
    insert_minimum =
        sql::Statement(db, "INSERT INTO minima(energy, fingerprint, num_delta) VALUES (?1, ?2, ?3)");
    insert_minimum_positions =
        sql::Statement(db, "INSERT INTO minimum_positions(minimum_id, delta) VALUES (?1, ?2)");
    select_minimum_delta = sql::Statement(db, "SELECT delta FROM minimum_positions WHERE minimum_id = ?1");
    insert_transition = sql::Statement(
        db,
        "INSERT INTO transitions(from_min, to_min, saddle_energy, e_fwd, e_rev, prefactor_fwd, "
        "prefactor_rev, "
        "max_disp, max_disp_atom, times_found) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)");
    insert_geometry = sql::Statement(
        db,
        "INSERT INTO transition_geometry(transition_id, displacements, saddle_delta) VALUES (?1, ?2, ?3)");
    select_saddle_delta =
        sql::Statement(db, "SELECT saddle_delta FROM transition_geometry WHERE transition_id = ?1");
    select_displacements =
        sql::Statement(db, "SELECT displacements FROM transition_geometry WHERE transition_id = ?1");
    bump_times_found =
        sql::Statement(db, "UPDATE transitions SET times_found = times_found + 1 WHERE id = ?1");
    insert_search = sql::Statement(db,
                                   "INSERT INTO searches(id, seed, centre, method, outcome, force_calls, "
                                   "wall_seconds, transition_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    search_exists = sql::Statement(db, "SELECT 1 FROM searches WHERE id = ?1");
  }

  void loadIndices() {
    sql::Statement m(db, "SELECT id, energy FROM minima");
    while (m.step()) {
      minima_by_energy.emplace(m.getDouble(1), m.getLong(0));
      minimum_energy.emplace(m.getLong(0), m.getDouble(1));
    }
    sql::Statement t(db, "SELECT id, from_min, to_min, saddle_energy FROM transitions");
    while (t.step()) {
      const MinimumId from = t.getLong(1), to = t.getLong(2);
      transitions_by_pair[{std::min(from, to), std::max(from, to)}].emplace_back(t.getDouble(3),
                                                                                 t.getLong(0));
    }
  }

  bool hasTable(const std::string& name) {
    sql::Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    s.bind(1, name);
    return s.step();
  }

  long countTables() {
    sql::Statement s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    s.step();
    return s.getLong(0);
  }

  void writeMeta(sql::Statement& s, const std::string& key, const std::string& text) {
    s.bind(1, key).bind(2, text);
    s.run();
  }
  void writeMetaBlob(sql::Statement& s, const std::string& key, const std::vector<unsigned char>& blob) {
    s.bind(1, key).bindBlob(2, blob);
    s.run();
  }
  void writeMetaNumber(sql::Statement& s, const std::string& key, double v) {
    s.bind(1, key).bind(2, v);
    s.run();
  }

  void create(const StoreHeader& h, const IdentityOptions& id) {
    const Structure& r = h.root;
    if (static_cast<int>(r.types.size()) != r.size()) throw Error("store root: one type per atom required");
    db.exec("BEGIN IMMEDIATE");
    db.exec(kSchemaSql);
    {
      sql::Statement s(db, "INSERT INTO meta(key, value) VALUES (?1, ?2)");
      writeMeta(s, "format", kFormat);
      s.bind(1, std::string("schema_version")).bind(2, kSchemaVersion);
      s.run();
      writeMeta(s, "units", h.units);
      writeMeta(s, "potential", h.potential);
      writeMeta(s, "config_hash", h.config_hash);
      writeMetaNumber(s, "energy_tolerance", id.energy_tolerance);
      writeMetaNumber(s, "distance_tolerance", id.distance_tolerance);
      writeMetaNumber(s, "delta_tolerance", id.delta_tolerance);
      s.bind(1, std::string("num_atoms")).bind(2, r.size());
      s.run();
      writeMetaBlob(s, "root_positions",
                    encodeDoubles(r.positions.data(), static_cast<std::size_t>(3 * r.size())));
      const Eigen::Vector3d lo = r.cell.lo(), hi = r.cell.hi();
      const double cell[9] = {lo[0], lo[1],       lo[2],       hi[0],      hi[1],
                              hi[2], r.cell.xy(), r.cell.xz(), r.cell.yz()};
      writeMetaBlob(s, "root_cell", encodeDoubles(cell, 9));
      writeMeta(s, "root_periodic",
                std::string() + (r.cell.periodic(0) ? '1' : '0') + (r.cell.periodic(1) ? '1' : '0') +
                    (r.cell.periodic(2) ? '1' : '0'));
      writeMetaBlob(s, "root_types", encodeInts(std::vector<long>(r.types.begin(), r.types.end())));
      writeMetaBlob(s, "root_ids", encodeInts(r.ids));
      writeMetaBlob(s, "root_masses", encodeDoubles(r.masses.data(), r.masses.size()));
      writeMeta(s, "root_species", joinSpecies(r.species));
    }
    db.exec("COMMIT");
  }

  [[noreturn]] void notOurs(const std::string& why) const {
    throw InputError(db.path(), 0, "not a glassland landscape store: " + why);
  }

  void readMeta() {
    if (!hasTable("meta")) {
      notOurs("it has no 'meta' table (an SQLite file written by something else?)");
    }
    std::map<std::string, int> seen;
    sql::Statement s(db, "SELECT key, value, typeof(value) FROM meta");
    std::map<std::string, std::vector<unsigned char>> blobs;
    std::map<std::string, std::string> texts;
    std::map<std::string, double> numbers;
    while (s.step()) {
      const std::string key = s.getText(0);
      const std::string type = s.getText(2);
      if (type == "blob") {
        auto [data, bytes] = s.getBlob(1);
        const auto* p = static_cast<const unsigned char*>(data);
        blobs[key] = std::vector<unsigned char>(p, p + bytes);
      } else if (type == "text") {
        texts[key] = s.getText(1);
      } else {
        numbers[key] = s.getDouble(1);
      }
    }
    if (texts["format"] != kFormat) notOurs("its meta table has no format '" + std::string(kFormat) + "'");
    if (!numbers.count("schema_version")) notOurs("its meta table has no schema_version");
    const int version = static_cast<int>(numbers["schema_version"]);
    if (version > kSchemaVersion) {
      throw InputError(db.path(), 0,
                       "the store has schema version " + std::to_string(version) +
                           ", newer than this glassland understands (" + std::to_string(kSchemaVersion) +
                           "): use a newer glassland");
    }
    if (version < 1)
      throw InputError(db.path(), 0, "the store has unknown schema version " + std::to_string(version));
    stored_atom_indices = version == 1;
    auto text = [&](const char* key) {
      if (!texts.count(key)) notOurs(std::string("meta lacks '") + key + "'");
      return texts[key];
    };
    auto number = [&](const char* key) {
      if (!numbers.count(key)) notOurs(std::string("meta lacks '") + key + "'");
      return numbers[key];
    };
    auto blob = [&](const char* key) -> const std::vector<unsigned char>& {
      if (!blobs.count(key)) notOurs(std::string("meta lacks '") + key + "'");
      return blobs[key];
    };
    header.units = text("units");
    header.potential = text("potential");
    header.config_hash = text("config_hash");
    identity.energy_tolerance = number("energy_tolerance");
    identity.distance_tolerance = number("distance_tolerance");
    identity.delta_tolerance = number("delta_tolerance");
    const long n = static_cast<long>(number("num_atoms"));
    Structure& r = header.root;
    const auto& pos = blob("root_positions");
    const auto xyz = decodeDoubles(pos.data(), pos.size(), 3 * n, "root_positions");
    r.positions = Eigen::Map<const Positions>(xyz.data(), 3, n);
    const auto& cb = blob("root_cell");
    const auto c = decodeDoubles(cb.data(), cb.size(), 9, "root_cell");
    const std::string periodic = text("root_periodic");
    if (periodic.size() != 3) notOurs("malformed root_periodic");
    try {
      r.cell = Cell::triclinic({c[0], c[1], c[2]}, {c[3], c[4], c[5]}, c[6], c[7], c[8],
                               {periodic[0] == '1', periodic[1] == '1', periodic[2] == '1'});
    } catch (const InputError& e) {
      notOurs(std::string("malformed root cell: ") + e.what());
    }
    const auto& tb = blob("root_types");
    const auto types = decodeInts(tb.data(), tb.size(), n, "root_types");
    r.types.assign(types.begin(), types.end());
    const auto& ib = blob("root_ids");
    r.ids = decodeInts(ib.data(), ib.size(), -1, "root_ids");
    const auto& mb = blob("root_masses");
    r.masses = decodeDoubles(mb.data(), mb.size(), -1, "root_masses");
    r.species = splitSpecies(text("root_species"));
    for (int t : r.types) {
      if (t < 0 || (t >= r.numTypes() && r.numTypes() > 0)) notOurs("root type index out of range");
    }
    for (const char* table :
         {"minima", "minimum_positions", "transitions", "transition_geometry", "searches"}) {
      if (!hasTable(table)) notOurs(std::string("it has no '") + table + "' table");
    }
  }

  void checkIntegrity() {
    sql::Statement s(db, "PRAGMA quick_check");
    std::string problems;
    while (s.step()) {
      const std::string line = s.getText(0);
      if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
    }
    if (!problems.empty()) {
      throw InputError(
          db.path(), 0,
          "the landscape store is damaged (SQLite integrity check: " + problems.substr(0, 300) + ")");
    }
  }
};

namespace {

void requireSame(const std::string& path, const char* what, const std::string& stored,
                 const std::string& given, const char* hint) {
  if (stored == given) return;
  throw InputError(path, 0,
                   std::string("this store was written with a different ") + what + " (store: '" + stored +
                       "', this run: '" + given + "'); " + hint);
}

constexpr const char* kHint = "use a new store file, or the configuration that wrote this one";

std::unique_ptr<EventStore::Impl> openImpl(const std::string& path, const OpenOptions& options,
                                           bool allow_create, bool& created) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (!exists && !allow_create) throw InputError(path, 0, "the landscape store does not exist");
  if (exists && fs::is_directory(path, ec))
    throw InputError(path, 0, "the landscape store path is a directory");
  auto impl = std::make_unique<EventStore::Impl>(path, options.read_only, allow_create);
  created = false;
  try {
    // The first statement reads the header page: random bytes fail here with
    // SQLITE_NOTADB, which Database::fail turns into an InputError.
    const long tables = impl->countTables();
    if (options.verify_integrity && tables > 0) impl->checkIntegrity();
    if (tables == 0) {
      if (!allow_create)
        throw InputError(path, 0, "not a glassland landscape store: the file holds no tables");
      created = true;
    }
    if (!options.read_only) {
      // 16 KiB pages pack the kilobyte-sized position blobs with little slack
      // (settable only while the file is empty, i.e. before WAL mode).
      if (created) impl->db.exec("PRAGMA page_size = 16384");
      impl->db.exec("PRAGMA journal_mode = WAL");
      impl->db.exec("PRAGMA synchronous = NORMAL");
    }
    impl->db.exec("PRAGMA foreign_keys = ON");
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(path, 0, std::string("cannot read the landscape store: ") + e.what());
  }
  return impl;
}

void finishOpen(EventStore::Impl& impl) {
  try {
    impl.readMeta();
    if (impl.stored_atom_indices && !impl.read_only) impl.upgradeAtomColumns();
    impl.prepareStatements();
    impl.loadIndices();
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(impl.db.path(), 0, std::string("not a valid glassland landscape store: ") + e.what());
  }
}

}  // namespace

EventStore EventStore::openOrCreate(const std::string& path, const StoreHeader& header,
                                    const IdentityOptions& identity, const OpenOptions& options) {
  identity.validate();
  if (options.read_only) throw Error("EventStore::openOrCreate needs write access");
  bool created = false;
  auto impl = openImpl(path, options, true, created);
  if (created) impl->create(header, identity);
  finishOpen(*impl);
  if (!created) {
    const StoreHeader& s = impl->header;
    requireSame(path, "unit system", s.units, header.units, kHint);
    requireSame(path, "potential", s.potential, header.potential, kHint);
    requireSame(
        path, "config hash", s.config_hash, header.config_hash,
        "the potential, the structure or the exploration parameters changed; use a new store file, or "
        "the configuration that wrote this one");
    requireSame(path, "number of atoms", std::to_string(s.root.size()), std::to_string(header.root.size()),
                kHint);
    if (s.root.types != header.root.types) {
      throw InputError(
          path, 0, std::string("this store was written for a structure with different atom types; ") + kHint);
    }
    if (s.root.species != header.root.species) {
      throw InputError(path, 0, std::string("this store was written with different species names; ") + kHint);
    }
    auto tol = [&](const char* what, double a, double b) {
      if (a != b) {
        throw InputError(path, 0,
                         std::string("this store was written with a different landscape.") + what +
                             " (store: " + formatNumber(a, 17) + ", this run: " + formatNumber(b, 17) +
                             "); the tolerances decide which rows exist and cannot change");
      }
    };
    tol("energy_tolerance", impl->identity.energy_tolerance, identity.energy_tolerance);
    tol("distance_tolerance", impl->identity.distance_tolerance, identity.distance_tolerance);
    tol("delta_tolerance", impl->identity.delta_tolerance, identity.delta_tolerance);
  }
  return EventStore(std::move(impl));
}

EventStore EventStore::openExisting(const std::string& path, const OpenOptions& options) {
  bool created = false;
  auto impl = openImpl(path, options, false, created);
  finishOpen(*impl);
  return EventStore(std::move(impl));
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStore::EventStore(EventStore&&) noexcept = default;
EventStore& EventStore::operator=(EventStore&&) noexcept = default;
EventStore::~EventStore() = default;

const std::string& EventStore::path() const { return impl_->db.path(); }
const StoreHeader& EventStore::header() const { return impl_->header; }
const IdentityOptions& EventStore::identity() const { return impl_->identity; }

MinimumId EventStore::addMinimum(double energy, const Positions& positions) {
  Impl::Tx tx(*impl_);
  const auto result = impl_->addMinimum(energy, positions);
  tx.commit();
  return result.first;
}

std::optional<MinimumId> EventStore::findMinimum(double energy, const Positions& positions) const {
  impl_->checkShape(positions, "the minimum");
  return impl_->findMinimum(energy, impl_->deltaFromRoot(positions));
}

TransitionId EventStore::addTransition(MinimumId from, MinimumId to, double saddle_energy,
                                       const Positions& saddle_positions, std::optional<double> prefactor_fwd,
                                       std::optional<double> prefactor_rev) {
  Impl::Tx tx(*impl_);
  const auto result =
      impl_->addTransition(from, to, saddle_energy, saddle_positions, prefactor_fwd, prefactor_rev);
  tx.commit();
  return result.first;
}

void EventStore::recordSearch(const SearchRecord& record) {
  Impl::Tx tx(*impl_);
  if (impl_->searchExists(record.index)) {
    throw Error(path() + ": search " + std::to_string(record.index) + " is already recorded");
  }
  // A transition id that does not exist fails SQLite's foreign-key check.
  impl_->insertSearch(record);
  tx.commit();
}

SearchInsertResult EventStore::insertSearchResult(const SearchRecord& record,
                                                  const std::optional<FoundTransition>& found) {
  SearchInsertResult result;
  Impl::Tx tx(*impl_);
  if (impl_->searchExists(record.index)) {
    result.already_recorded = true;
    tx.commit();
    return result;
  }
  SearchRecord row = record;
  row.transition.reset();
  if (found) {
    const auto a = impl_->addMinimum(found->energy_a, found->positions_a);
    const auto b = impl_->addMinimum(found->energy_b, found->positions_b);
    result.minimum_a = a.first;
    result.minimum_b = b.first;
    result.new_minimum_a = a.second;
    result.new_minimum_b = b.second;
    // Both sides relaxed into the same minimum: a search that went nowhere,
    // recorded without a transition.
    if (a.first != b.first) {
      const auto t = impl_->addTransition(a.first, b.first, found->saddle_energy, found->saddle_positions,
                                          found->prefactor_fwd, found->prefactor_rev);
      result.transition = t.first;
      result.new_transition = t.second;
      row.transition = t.first;
    }
  }
  impl_->insertSearch(row);
  tx.commit();
  return result;
}

EventStore::Batch::Batch(EventStore& store) : store_(&store) { store_->impl_->begin(); }
EventStore::Batch::~Batch() {
  if (!done_) store_->impl_->rollback();
}
void EventStore::Batch::commit() {
  done_ = true;
  store_->impl_->commit();
}

std::set<long> EventStore::completedSearches() const {
  std::set<long> out;
  sql::Statement s(impl_->db, "SELECT id FROM searches");
  while (s.step()) out.insert(s.getLong(0));
  return out;
}

namespace {
long countRows(sql::Database& db, const char* table) {
  sql::Statement s(db, std::string("SELECT count(*) FROM ") + table);
  s.step();
  return s.getLong(0);
}
}  // namespace

long EventStore::numMinima() const { return countRows(impl_->db, "minima"); }
long EventStore::numTransitions() const { return countRows(impl_->db, "transitions"); }
long EventStore::numSearches() const { return countRows(impl_->db, "searches"); }

std::vector<MinimumSummary> EventStore::minima() const {
  std::vector<MinimumSummary> out;
  sql::Statement s(impl_->db, "SELECT id, energy, fingerprint, num_delta FROM minima ORDER BY id");
  while (s.step()) {
    out.push_back({s.getLong(0), s.getDouble(1), s.getText(2), static_cast<int>(s.getLong(3))});
  }
  return out;
}

std::vector<TransitionSummary> EventStore::transitions() const {
  std::vector<TransitionSummary> out;
  sql::Statement s(impl_->db,
                   "SELECT id, from_min, to_min, saddle_energy, e_fwd, e_rev, prefactor_fwd, prefactor_rev, "
                   "max_disp, max_disp_atom, times_found FROM transitions ORDER BY id");
  while (s.step()) {
    TransitionSummary t;
    t.id = s.getLong(0);
    t.from_min = s.getLong(1);
    t.to_min = s.getLong(2);
    t.saddle_energy = s.getDouble(3);
    t.e_fwd = s.getDouble(4);
    t.e_rev = s.getDouble(5);
    t.prefactor_fwd = s.getOptionalDouble(6);
    t.prefactor_rev = s.getOptionalDouble(7);
    t.max_displacement = s.getDouble(8);
    t.max_displacement_atom = impl_->atomIndex(s.getLong(9));
    t.times_found = s.getLong(10);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<SearchRecord> EventStore::searches() const {
  std::vector<SearchRecord> out;
  sql::Statement s(
      impl_->db,
      "SELECT id, seed, centre, method, outcome, force_calls, wall_seconds, transition_id FROM searches "
      "ORDER BY id");
  while (s.step()) {
    SearchRecord r;
    r.index = s.getLong(0);
    r.seed = std::bit_cast<std::uint64_t>(s.getLong(1));
    r.centre = impl_->atomIndex(s.getLong(2));
    r.method = s.getText(3);
    r.outcome = s.getText(4);
    r.force_calls = s.getLong(5);
    r.wall_seconds = s.getDouble(6);
    r.transition = s.getOptionalLong(7);
    out.push_back(std::move(r));
  }
  return out;
}

Positions EventStore::minimumPositions(MinimumId id) const {
  return impl_->expand(impl_->loadDelta(impl_->select_minimum_delta, id, "minimum"));
}

Positions EventStore::saddlePositions(TransitionId id) const {
  return impl_->expand(impl_->loadDelta(impl_->select_saddle_delta, id, "transition"));
}

SparseVectors EventStore::displacements(TransitionId id) const {
  return impl_->loadDelta(impl_->select_displacements, id, "transition");
}

std::string EventStore::canonicalDump(int digits) const {
  auto num = [&](double v) { return formatNumber(v, digits); };
  auto sparseText = [&](const SparseVectors& s, double sign) {
    std::string out;
    for (int k = 0; k < s.size(); ++k) {
      out += " " + std::to_string(s.atoms[static_cast<std::size_t>(k)]) + ":" + num(sign * s.vectors(0, k)) +
             "," + num(sign * s.vectors(1, k)) + "," + num(sign * s.vectors(2, k));
    }
    return out;
  };
  std::ostringstream out;
  // Minima renumbered by (energy, stored delta): independent of insertion order.
  struct M {
    MinimumId id;
    double energy;
    std::string text;
  };
  std::vector<M> minima;
  for (const auto& m : this->minima()) {
    minima.push_back({m.id, m.energy,
                      num(m.energy) + " [" + m.fingerprint + "]" +
                          sparseText(impl_->loadDelta(impl_->select_minimum_delta, m.id, "minimum"), 1.0)});
  }
  std::sort(minima.begin(), minima.end(), [](const M& a, const M& b) {
    return a.energy != b.energy ? a.energy < b.energy : a.text < b.text;
  });
  std::unordered_map<MinimumId, std::size_t> canon;
  out << "minima " << minima.size() << "\n";
  for (std::size_t k = 0; k < minima.size(); ++k) {
    canon[minima[k].id] = k;
    out << "m" << k << " " << minima[k].text << "\n";
  }
  // Transitions oriented from the lower canonical minimum.
  std::vector<std::pair<std::string, TransitionId>> transitions;
  for (const auto& t : this->transitions()) {
    std::size_t a = canon.at(t.from_min), b = canon.at(t.to_min);
    const bool flip = a > b;
    double e_fwd = t.e_fwd, e_rev = t.e_rev;
    auto pf = t.prefactor_fwd, pr = t.prefactor_rev;
    if (flip) {
      std::swap(a, b);
      std::swap(e_fwd, e_rev);
      std::swap(pf, pr);
    }
    std::string text = "m" + std::to_string(a) + " m" + std::to_string(b) + " Es " + num(t.saddle_energy) +
                       " fwd " + num(e_fwd) + " rev " + num(e_rev) + " pf " + (pf ? num(*pf) : "-") + " pr " +
                       (pr ? num(*pr) : "-") + " found " + std::to_string(t.times_found) + " maxd " +
                       num(t.max_displacement) + "@" + std::to_string(t.max_displacement_atom) + " disp" +
                       sparseText(displacements(t.id), flip ? -1.0 : 1.0) + " saddle" +
                       sparseText(impl_->loadDelta(impl_->select_saddle_delta, t.id, "transition"), 1.0);
    transitions.emplace_back(std::move(text), t.id);
  }
  std::sort(transitions.begin(), transitions.end());
  std::unordered_map<TransitionId, std::size_t> tcanon;
  out << "transitions " << transitions.size() << "\n";
  for (std::size_t k = 0; k < transitions.size(); ++k) {
    tcanon[transitions[k].second] = k;
    out << "t" << k << " " << transitions[k].first << "\n";
  }
  // Searches by index; wall time is left out (it differs between runs).
  const auto searches = this->searches();
  out << "searches " << searches.size() << "\n";
  for (const auto& s : searches) {
    out << "s" << s.index << " seed " << s.seed << " centre " << s.centre << " " << s.method << " "
        << s.outcome << " calls " << s.force_calls << " -> "
        << (s.transition ? "t" + std::to_string(tcanon.at(*s.transition)) : "-") << "\n";
  }
  return out.str();
}

}  // namespace glassland::landscape
