#pragma once
// Internal to the kmc module: superbasins found on the fly, per trajectory,
// for providers whose states are complete but not enumerated (the adaptive
// provider). See dynamic_superbasin.cpp for the design.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "internal.hpp"

namespace glassland::kmc {

/// How on-the-fly superbasins join states.
struct DynamicSuperbasinSettings {
  SuperbasinSettings basin;  ///< min_rate (barrier criterion), max_states, position_tolerance
  bool by_barrier = true;    ///< join on a hop when the events between the two states are fast both ways
  bool by_count = true;      ///< join when the pair has been traversed `count` times each way
  int count = 10;            ///< round trips that join a pair (by_count)
};

/// The superbasin to leave the current state from, and the state's local index in it.
struct BasinEntry {
  const Superbasin* basin = nullptr;  ///< null: take a plain KMC step
  int entry = -1;
};

/// The on-the-fly superbasins of one trajectory. Not thread-safe: one object
/// per trajectory. Everything it iterates is ordered by StateId, so what it
/// builds depends only on the trajectory's hops and the provider's answers.
class DynamicSuperbasins {
 public:
  using RateFunction = std::function<double(const KmcEvent&)>;

  /// `provider` must have statesAreComplete(); `rate` gives an event's rate at
  /// the trajectory's temperature.
  DynamicSuperbasins(const EventProvider& provider, RateFunction rate, const HopMeasure& measure,
                     DynamicSuperbasinSettings settings);
  ~DynamicSuperbasins();
  DynamicSuperbasins(const DynamicSuperbasins&) = delete;
  DynamicSuperbasins& operator=(const DynamicSuperbasins&) = delete;

  /// The superbasin that `state` (the walker's state) belongs to, after the
  /// pending barrier check of the hop into it, solved against its members'
  /// current event lists (re-solved first when one of them changed; dissolved
  /// when it no longer solves), or {} when `state` is in none. The pointer stays
  /// valid until the next call of at() or recordHop().
  BasinEntry at(StateId state);

  /// The walker hopped from `from` by `event` (a plain hop or a superbasin
  /// exit): counts the traversal and joins the two states' superbasins when a
  /// criterion holds and the joined superbasin solves. The barrier criterion
  /// needs the events of the target, so it is checked by the next at(target).
  /// Reads `event` before it calls the provider, so the event may live in a
  /// list that call replaces.
  void recordHop(StateId from, const KmcEvent& event);

  /// Absorbing chains solved so far (new, joined and re-solved superbasins).
  std::int64_t solves() const { return solves_; }

 private:
  // A state's events as last read from the provider, with their rates.
  struct Member {
    std::uint64_t revision = 0;
    std::shared_ptr<const std::vector<KmcEvent>> events;
    std::vector<double> rates;
  };
  // A set of at least two states and its solved superbasin.
  struct Group {
    std::vector<StateId> states;                                     // ascending
    std::vector<std::uint64_t> revisions;                            // of each member when solved
    std::vector<std::shared_ptr<const std::vector<KmcEvent>>> keep;  // the lists basin's spans point into
    Superbasin basin;
  };
  // Traversals of the pair (low, high) in each direction.
  struct PairCount {
    std::int64_t up = 0, down = 0;  // low -> high, high -> low
    std::uint64_t refused = 0;      // signature of the last join that did not solve (0: none)
  };
  struct PairHash {
    std::size_t operator()(const std::pair<StateId, StateId>& p) const {
      return std::hash<StateId>()(p.first) * 0x9e3779b97f4a7c15ULL ^ std::hash<StateId>()(p.second);
    }
  };

  const Member& member(StateId state);
  // Solves a group over `states`; false when the superbasin cannot be used.
  bool solve(const std::vector<StateId>& states, Group& group);
  bool fresh(const Group& group) const;
  void join(StateId a, StateId b, PairCount& pair);
  std::vector<StateId> membersOf(StateId state) const;
  void dissolve(StateId key);

  const EventProvider& provider_;
  RateFunction rate_;
  HopMeasure measure_;
  DynamicSuperbasinSettings settings_;
  std::unordered_map<StateId, Member> members_;
  std::unordered_map<StateId, StateId> group_of_;  // member -> key of its group (its lowest state)
  std::unordered_map<StateId, std::unique_ptr<Group>> groups_;  // key -> group
  std::unordered_map<std::pair<StateId, StateId>, PairCount, PairHash> pairs_;
  std::optional<std::pair<StateId, StateId>> pending_;  // fast hop (from, to) whose way back is unchecked
  std::int64_t solves_ = 0;
};

}  // namespace glassland::kmc
