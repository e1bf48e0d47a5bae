// Creating, opening, checking and upgrading a store file: the schema and the
// meta table (the header), SQLite settings, the prepared statements.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "glassland/core/error.hpp"
#include "store_impl.hpp"

namespace glassland::landscape {

namespace {

constexpr const char* kFormat = "glassland-landscape";

// Table definitions (schema versions 1 and 2: the same tables; version 2 keeps
// file atom ids in the atom columns). Blob layouts: see sparse.hpp.
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

}  // namespace

void EventStore::Impl::upgradeAtomColumns() {
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

void EventStore::Impl::prepareStatements() {
  insert_minimum =
      sql::Statement(db, "INSERT INTO minima(energy, fingerprint, num_delta) VALUES (?1, ?2, ?3)");
  insert_minimum_positions =
      sql::Statement(db, "INSERT INTO minimum_positions(minimum_id, delta) VALUES (?1, ?2)");
  select_minimum_delta = sql::Statement(db, "SELECT delta FROM minimum_positions WHERE minimum_id = ?1");
  insert_transition =
      sql::Statement(db,
                     "INSERT INTO transitions(from_min, to_min, saddle_energy, e_fwd, e_rev, prefactor_fwd, "
                     "prefactor_rev, "
                     "max_disp, max_disp_atom, times_found) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)");
  insert_geometry = sql::Statement(
      db, "INSERT INTO transition_geometry(transition_id, displacements, saddle_delta) VALUES (?1, ?2, ?3)");
  select_saddle_delta =
      sql::Statement(db, "SELECT saddle_delta FROM transition_geometry WHERE transition_id = ?1");
  select_displacements =
      sql::Statement(db, "SELECT displacements FROM transition_geometry WHERE transition_id = ?1");
  bump_times_found = sql::Statement(db, "UPDATE transitions SET times_found = times_found + 1 WHERE id = ?1");
  insert_search = sql::Statement(db,
                                 "INSERT INTO searches(id, seed, centre, method, outcome, force_calls, "
                                 "wall_seconds, transition_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  search_exists = sql::Statement(db, "SELECT 1 FROM searches WHERE id = ?1");
}

void EventStore::Impl::loadIndices() {
  sql::Statement m(db, "SELECT id, energy FROM minima");
  while (m.step()) {
    minima_by_energy.emplace(m.getDouble(1), m.getLong(0));
    minimum_energy.emplace(m.getLong(0), m.getDouble(1));
  }
  sql::Statement t(db, "SELECT id, from_min, to_min, saddle_energy FROM transitions");
  while (t.step()) {
    const MinimumId from = t.getLong(1), to = t.getLong(2);
    transitions_by_pair[{std::min(from, to), std::max(from, to)}].emplace_back(t.getDouble(3), t.getLong(0));
  }
}

bool EventStore::Impl::hasTable(const std::string& name) {
  sql::Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  s.bind(1, name);
  return s.step();
}

long EventStore::Impl::countTables() {
  sql::Statement s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  s.step();
  return s.getLong(0);
}

void EventStore::Impl::writeMeta(sql::Statement& s, const std::string& key, const std::string& text) {
  s.bind(1, key).bind(2, text);
  s.run();
}
void EventStore::Impl::writeMetaBlob(sql::Statement& s, const std::string& key,
                                     const std::vector<unsigned char>& blob) {
  s.bind(1, key).bindBlob(2, blob);
  s.run();
}
void EventStore::Impl::writeMetaNumber(sql::Statement& s, const std::string& key, double v) {
  s.bind(1, key).bind(2, v);
  s.run();
}

void EventStore::Impl::create(const StoreHeader& h, const IdentityOptions& id) {
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
    const double cell[9] = {lo[0], lo[1], lo[2], hi[0], hi[1], hi[2], r.cell.xy(), r.cell.xz(), r.cell.yz()};
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

void EventStore::Impl::notOurs(const std::string& why) const {
  throw InputError(db.path(), 0, "not a glassland landscape store: " + why);
}

void EventStore::Impl::readMeta() {
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

void EventStore::Impl::checkIntegrity() {
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

}  // namespace glassland::landscape
