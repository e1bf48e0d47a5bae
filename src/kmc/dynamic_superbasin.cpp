// Superbasins on the fly (EON's MCAMC with the transition-counting and rate
// schemes; Novotny, Phys. Rev. Lett. 74, 1 (1995); Xu & Henkelman,
// J. Chem. Phys. 129, 114104 (2008)), for providers whose states are complete
// but not enumerated: the adaptive provider discovers its states as the
// walker enters them, so superbasins cannot be tabulated up front.
//
// Per trajectory, every hop s -> t (plain, or the exit of a superbasin step)
// is counted for the unordered pair {s, t}. The superbasins of s and t (a
// state in none is a superbasin of one) join when
//   - count:   the pair has been traversed at least `count` times each way, or
//   - barrier: the hop was faster than the threshold rate and t has an event
//              back to s that is too (the criterion of the static table;
//              checked when the walker is about to leave t, so that t's
//              events are asked for no earlier than plain KMC asks),
// provided the joined set has at most max_states states and its absorbing
// chain solves (solveSuperbasin in superbasin.cpp: a self-loop, a closed cycle
// with net displacement or a set without exit refuses the join). Members are
// states whose events() the walker has asked for, so with the adaptive
// provider they are explored; exits may lead to unexplored states.
//
// While the walker is in a superbasin it leaves it in one step exactly as with
// the static table. Each member's event list is copied together with the
// provider's eventsRevision() when read; before a superbasin step every
// member's revision is compared with the provider's, and the chain is solved
// again when one changed (the adaptive provider adds events to a state when a
// neighbour's searches find transitions touching it). A superbasin that no
// longer solves is dissolved into single states, which may join again later.
//
// Joining is a heuristic of efficiency only: whatever the walker has joined,
// each superbasin step samples the exit event with its exact probability and
// the exit time with its exact mean, so D, D_rw, f and the back-hop fraction
// keep their plain-KMC expectations (kmc.hpp).
#include "dynamic_superbasin.hpp"

#include <algorithm>
#include <iterator>

namespace glassland::kmc {

DynamicSuperbasins::DynamicSuperbasins(const EventProvider& provider, RateFunction rate,
                                       const HopMeasure& measure, DynamicSuperbasinSettings settings)
    : provider_(provider), rate_(std::move(rate)), measure_(measure), settings_(settings) {}

DynamicSuperbasins::~DynamicSuperbasins() = default;

const DynamicSuperbasins::Member& DynamicSuperbasins::member(StateId state) {
  const auto it = members_.find(state);
  if (it != members_.end() && it->second.revision == provider_.eventsRevision(state)) return it->second;
  const auto list = provider_.events(state, nullptr);  // explores the state when needed
  Member m;
  m.events = std::make_shared<const std::vector<KmcEvent>>(list.begin(), list.end());
  // Read after events(): an exploration inside that call changes the revision.
  m.revision = provider_.eventsRevision(state);
  m.rates.reserve(m.events->size());
  for (const auto& event : *m.events) m.rates.push_back(rate_(event));
  return members_[state] = std::move(m);
}

bool DynamicSuperbasins::solve(const std::vector<StateId>& states, Group& group) {
  group.states = states;
  group.revisions.clear();
  group.keep.clear();
  std::vector<std::span<const KmcEvent>> lists;
  std::vector<std::vector<double>> rates;
  for (StateId s : states) {
    const Member& m = member(s);
    group.revisions.push_back(m.revision);
    group.keep.push_back(m.events);
    lists.emplace_back(m.events->data(), m.events->size());
    rates.push_back(m.rates);
  }
  ++solves_;
  return solveSuperbasin(states, std::move(lists), std::move(rates), measure_, settings_.basin, group.basin);
}

bool DynamicSuperbasins::fresh(const Group& group) const {
  for (std::size_t l = 0; l < group.states.size(); ++l) {
    if (provider_.eventsRevision(group.states[l]) != group.revisions[l]) return false;
  }
  return true;
}

std::vector<StateId> DynamicSuperbasins::membersOf(StateId state) const {
  const auto it = group_of_.find(state);
  if (it == group_of_.end()) return {state};
  return groups_.at(it->second)->states;
}

void DynamicSuperbasins::dissolve(StateId key) {
  const auto it = groups_.find(key);
  if (it == groups_.end()) return;
  for (StateId s : it->second->states) group_of_.erase(s);
  groups_.erase(it);
}

BasinEntry DynamicSuperbasins::at(StateId state) {
  if (pending_ && pending_->second == state) {
    // The barrier criterion of the last hop, checked now that the walker needs
    // the events of `state` anyway (no exploration ahead of plain KMC).
    const StateId from = pending_->first;
    pending_.reset();
    const Member& back = member(state);
    bool joins = false;
    for (std::size_t k = 0; k < back.events->size() && !joins; ++k) {
      joins = (*back.events)[k].target == from && back.rates[k] >= settings_.basin.min_rate;
    }
    if (joins) join(from, state, pairs_.at({std::min(from, state), std::max(from, state)}));
  }
  pending_.reset();
  const auto it = group_of_.find(state);
  if (it == group_of_.end()) return {};
  const StateId key = it->second;
  Group& group = *groups_.at(key);
  if (!fresh(group)) {
    const std::vector<StateId> states = group.states;
    if (!solve(states, group)) {
      dissolve(key);
      return {};
    }
  }
  return {&group.basin, group.basin.localOf(state)};
}

void DynamicSuperbasins::join(StateId a, StateId b, PairCount& pair) {
  const auto ga = group_of_.find(a), gb = group_of_.find(b);
  if (ga != group_of_.end() && gb != group_of_.end() && ga->second == gb->second) return;  // joined already
  const std::vector<StateId> in_a = membersOf(a), in_b = membersOf(b);
  if (static_cast<int>(in_a.size() + in_b.size()) > settings_.basin.max_states) return;
  std::vector<StateId> states;
  std::merge(in_a.begin(), in_a.end(), in_b.begin(), in_b.end(), std::back_inserter(states));
  // A join that did not solve is not tried again until a member's events change.
  std::uint64_t signature = 1469598103934665603ULL;  // FNV-1a over (state, revision)
  for (StateId s : states) {
    for (std::uint64_t v : {static_cast<std::uint64_t>(s), provider_.eventsRevision(s)}) {
      signature = (signature ^ v) * 1099511628211ULL;
    }
  }
  signature = std::max<std::uint64_t>(signature, 1);
  if (pair.refused == signature) return;
  auto group = std::make_unique<Group>();
  if (!solve(states, *group)) {
    pair.refused = signature;
    return;
  }
  if (const auto now_a = group_of_.find(a); now_a != group_of_.end()) dissolve(now_a->second);
  if (const auto now_b = group_of_.find(b); now_b != group_of_.end()) dissolve(now_b->second);
  for (StateId s : states) group_of_[s] = states.front();
  groups_[states.front()] = std::move(group);
}

void DynamicSuperbasins::recordHop(StateId from, const KmcEvent& event) {
  pending_.reset();
  const StateId to = event.target;
  if (to == from) return;
  const double rate = rate_(event);
  PairCount& pair = pairs_[{std::min(from, to), std::max(from, to)}];
  ++(from < to ? pair.up : pair.down);
  if (settings_.by_count && std::min(pair.up, pair.down) >= settings_.count) {
    join(from, to, pair);
  } else if (settings_.by_barrier && rate >= settings_.basin.min_rate) {
    pending_ = std::make_pair(from, to);  // needs the events of `to`: checked by at(to)
  }
}

}  // namespace glassland::kmc
