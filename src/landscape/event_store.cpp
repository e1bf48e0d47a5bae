#include "glassland/landscape/event_store.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "glassland/core/error.hpp"
#include "store_impl.hpp"

namespace glassland::landscape {

std::string formatNumber(double v, int digits) {
  if (v == 0.0) v = 0.0;  // print -0 as 0: a negated zero displacement is no difference
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  return buffer;
}

long EventStore::Impl::atomColumn(long index) const {
  if (index < 0) return -1;
  const auto& ids = header.root.ids;
  return ids.empty() ? index + 1 : ids.at(static_cast<std::size_t>(index));
}

long EventStore::Impl::atomIndex(long column) {
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

void EventStore::Impl::begin() {
  if (depth++ == 0) {
    db.exec("BEGIN IMMEDIATE");
    undo.clear();
    aborted = false;
  }
}

void EventStore::Impl::commit() {
  if (aborted) throw Error(db.path() + ": a write inside this batch failed; the batch was rolled back");
  if (--depth == 0) {
    db.exec("COMMIT");
    undo.clear();
  }
}

void EventStore::Impl::rollback() noexcept {
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

SparseVectors EventStore::Impl::loadDelta(sql::Statement& stmt, long id, const char* what) {
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

std::optional<MinimumId> EventStore::Impl::findMinimum(double energy, const SparseVectors& delta) {
  const double tol = identity.energy_tolerance;
  for (auto it = minima_by_energy.lower_bound(energy - tol);
       it != minima_by_energy.end() && it->first <= energy + tol; ++it) {
    if (rule().sameStructure(delta, loadDelta(select_minimum_delta, it->second, "minimum")))
      return it->second;
  }
  return std::nullopt;
}

std::pair<MinimumId, bool> EventStore::Impl::addMinimum(double energy, const Positions& positions) {
  rule().checkShape(positions, "the minimum");
  if (!std::isfinite(energy)) throw Error(db.path() + ": a minimum's energy is not finite");
  const SparseVectors delta = rule().deltaFromRoot(positions);
  if (auto existing = findMinimum(energy, delta)) return {*existing, false};
  insert_minimum.bind(1, energy).bind(2, rule().fingerprint(delta)).bind(3, delta.size());
  insert_minimum.run();
  const MinimumId id = db.lastInsertId();
  insert_minimum_positions.bind(1, id).bindBlob(2, encodeSparse(delta));
  insert_minimum_positions.run();
  minima_by_energy.emplace(energy, id);
  minimum_energy.emplace(id, energy);
  undo.push_back({true, energy, id, {}});
  return {id, true};
}

std::pair<TransitionId, bool> EventStore::Impl::addTransition(MinimumId from, MinimumId to,
                                                              double saddle_energy,
                                                              const Positions& saddle_positions,
                                                              std::optional<double> pf,
                                                              std::optional<double> pr) {
  if (from == to) throw Error(db.path() + ": a transition must join two different minima");
  const auto ef = minimum_energy.find(from);
  const auto et = minimum_energy.find(to);
  if (ef == minimum_energy.end() || et == minimum_energy.end()) {
    throw Error(db.path() + ": addTransition with an unknown minimum id");
  }
  rule().checkShape(saddle_positions, "the saddle");
  if (!std::isfinite(saddle_energy)) throw Error(db.path() + ": a saddle energy is not finite");
  const SparseVectors saddle = rule().deltaFromRoot(saddle_positions);
  const std::pair<MinimumId, MinimumId> key{std::min(from, to), std::max(from, to)};
  auto& candidates = transitions_by_pair[key];
  for (const auto& [energy, id] : candidates) {
    if (std::abs(energy - saddle_energy) > identity.energy_tolerance) continue;
    if (rule().sameStructure(saddle, loadDelta(select_saddle_delta, id, "transition"))) {
      bump_times_found.bind(1, id);
      bump_times_found.run();
      return {id, false};
    }
  }
  // Displacements from -> to from the stored positions of both minima, so
  // they agree exactly with what positions() returns for either state.
  const SparseVectors a = loadDelta(select_minimum_delta, from, "minimum");
  const SparseVectors b = loadDelta(select_minimum_delta, to, "minimum");
  const StoreIdentity::Displacement disp = rule().displacement(a, b);

  insert_transition.bind(1, from)
      .bind(2, to)
      .bind(3, saddle_energy)
      .bind(4, saddle_energy - ef->second)
      .bind(5, saddle_energy - et->second)
      .bind(6, pf)
      .bind(7, pr)
      .bind(8, disp.max)
      .bind(9, atomColumn(disp.max_atom));
  insert_transition.run();
  const TransitionId id = db.lastInsertId();
  insert_geometry.bind(1, id).bindBlob(2, encodeSparse(disp.vectors)).bindBlob(3, encodeSparse(saddle));
  insert_geometry.run();
  candidates.emplace_back(saddle_energy, id);
  undo.push_back({false, saddle_energy, id, key});
  return {id, true};
}

bool EventStore::Impl::searchExists(long index) {
  search_exists.bind(1, index);
  const bool found = search_exists.step();
  search_exists.reset();
  return found;
}

void EventStore::Impl::insertSearch(const SearchRecord& r) {
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
  impl_->rule().checkShape(positions, "the minimum");
  return impl_->findMinimum(energy, impl_->rule().deltaFromRoot(positions));
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
  return impl_->rule().expand(impl_->loadDelta(impl_->select_minimum_delta, id, "minimum"));
}

Positions EventStore::saddlePositions(TransitionId id) const {
  return impl_->rule().expand(impl_->loadDelta(impl_->select_saddle_delta, id, "transition"));
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
