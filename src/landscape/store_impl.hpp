#pragma once
// Internal to the landscape module: the state behind EventStore. Its methods
// are defined in three files: store_open.cpp (schema, creating, opening,
// checking and upgrading a file), event_store.cpp (transactions and rows),
// and, through StoreIdentity, store_identity.cpp (which structures are the same).

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "glassland/landscape/event_store.hpp"
#include "sqlite_db.hpp"
#include "store_identity.hpp"

namespace glassland::landscape {

/// `v` with `digits` significant digits, -0 printed as 0 (event_store.cpp).
std::string formatNumber(double v, int digits);

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

  // searches.centre and transitions.max_disp_atom hold the structure file's
  // atom id (what users see everywhere else); records carry the 0-based index.
  // Schema version 1 stored the index; such a store is upgraded when opened for
  // writing and read as it is otherwise (stored_atom_indices).
  bool stored_atom_indices = false;
  std::unordered_map<long, long> index_of_id;

  Impl(const std::string& path, bool ro, bool create) : db(path, ro, create), read_only(ro) {}

  int numAtoms() const { return header.root.size(); }
  /// The identity rule on this store's root.
  StoreIdentity rule() const { return {header.root, identity, db.path()}; }

  // ---- opening (store_open.cpp) ----
  long countTables();
  bool hasTable(const std::string& name);
  void checkIntegrity();
  void create(const StoreHeader& h, const IdentityOptions& id);
  void readMeta();
  [[noreturn]] void notOurs(const std::string& why) const;
  /// Schema 1 -> 2: atom indices become the file's atom ids, in one transaction.
  void upgradeAtomColumns();
  void prepareStatements();
  void loadIndices();

  // ---- atom columns ----
  long atomColumn(long index) const;
  long atomIndex(long column);

  // ---- transactions ----
  void begin();
  void commit();
  void rollback() noexcept;
  /// One transaction, rolled back unless committed.
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

  // ---- rows ----
  SparseVectors loadDelta(sql::Statement& stmt, long id, const char* what);
  std::optional<MinimumId> findMinimum(double energy, const SparseVectors& delta);
  std::pair<MinimumId, bool> addMinimum(double energy, const Positions& positions);
  std::pair<TransitionId, bool> addTransition(MinimumId from, MinimumId to, double saddle_energy,
                                              const Positions& saddle_positions, std::optional<double> pf,
                                              std::optional<double> pr);
  bool searchExists(long index);
  void insertSearch(const SearchRecord& r);

 private:
  void writeMeta(sql::Statement& s, const std::string& key, const std::string& text);
  void writeMetaBlob(sql::Statement& s, const std::string& key, const std::vector<unsigned char>& blob);
  void writeMetaNumber(sql::Statement& s, const std::string& key, double v);
};

}  // namespace glassland::landscape
