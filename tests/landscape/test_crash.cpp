#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "fixtures.hpp"
#include "glassland/core/error.hpp"
#include "glassland/landscape/event_store.hpp"

using namespace glassland;
using namespace glassland::landscape;
using glassland::landscape::testing::TempDir;

namespace {

int runWriter(const std::string& store, long count) {
  const std::string command = std::string(LANDSCAPE_CRASH_WRITER) + " " + store + " " + std::to_string(count);
  return std::system(command.c_str());
}

pid_t startWriter(const std::string& store, long count) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string n = std::to_string(count);
    execl(LANDSCAPE_CRASH_WRITER, LANDSCAPE_CRASH_WRITER, store.c_str(), n.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Searches recorded so far, read through a second (read-only) connection;
// -1 while the writer has not yet created the store.
long recordedSoFar(const std::string& path) {
  try {
    OpenOptions options;
    options.read_only = true;
    options.verify_integrity = false;
    return EventStore::openExisting(path, options).numSearches();
  } catch (const glassland::Error&) {
    return -1;
  }
}

}  // namespace

TEST_CASE("store: SIGKILL mid-run loses nothing committed; resuming equals an uninterrupted run") {
  TempDir dir("crash");
  const long count = 10000;
  const std::string reference = dir.file("reference.db");
  REQUIRE(runWriter(reference, count) == 0);
  const auto ref = EventStore::openExisting(reference);
  REQUIRE(ref.numSearches() == count);
  CHECK(ref.numMinima() == 40);

  const std::string crashed = dir.file("crashed.db");
  const pid_t pid = startWriter(crashed, count);
  REQUIRE(pid > 0);
  // Kill once a few hundred searches are in: writes are continuous, so the
  // kill very likely lands inside a transaction.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  long seen = -1;
  while ((seen = recordedSoFar(crashed)) < 300 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(kill(pid, SIGKILL) == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  CHECK_MESSAGE(killed, "the writer finished before it was killed: the machine was too slow to poll");

  std::set<long> done;
  {
    const auto store = EventStore::openExisting(crashed);  // opens cleanly, integrity-checked
    done = store.completedSearches();
    MESSAGE("killed after " << done.size() << " of " << count << " searches");
    CHECK(done.size() >= 300);
    // Searches are written in index order: what survives is a prefix, each
    // row exactly as in the uninterrupted run.
    CHECK(*done.rbegin() == static_cast<long>(done.size()) - 1);
    const auto rows = store.searches();
    const auto ref_rows = ref.searches();
    for (std::size_t k = 0; k < rows.size(); ++k) CHECK(rows[k] == ref_rows[k]);
    // Every transition's times_found equals the searches that point at it.
    std::map<TransitionId, long> pointing;
    for (const auto& r : rows) {
      if (r.transition) ++pointing[*r.transition];
    }
    for (const auto& t : store.transitions()) CHECK(t.times_found == pointing[t.id]);
  }
  REQUIRE(runWriter(crashed, count) == 0);
  const auto resumed = EventStore::openExisting(crashed);
  CHECK(resumed.numSearches() == count);
  CHECK(resumed.searches() == ref.searches());
  CHECK(resumed.minima() == ref.minima());
  CHECK(resumed.transitions() == ref.transitions());
  CHECK(resumed.canonicalDump(17) == ref.canonicalDump(17));
}

TEST_CASE("store: the canonical dump ignores insertion order and orientation") {
  TempDir dir("canonical");
  const auto header = testing::gridHeader(2);
  const Positions& root = header.root.positions;
  Positions a = root, b = root, s = root;
  b(0, 1) += 0.5;
  s(0, 1) += 0.25;
  auto one = EventStore::openOrCreate(dir.file("one.db"), header);
  auto two = EventStore::openOrCreate(dir.file("two.db"), header);
  const MinimumId a1 = one.addMinimum(-1.0, a), b1 = one.addMinimum(-0.5, b);
  one.addTransition(a1, b1, 0.0, s, 3.0, 4.0);
  const MinimumId b2 = two.addMinimum(-0.5, b), a2 = two.addMinimum(-1.0, a);
  two.addTransition(b2, a2, 0.0, s, 4.0, 3.0);
  CHECK(one.transitions()[0].e_fwd != two.transitions()[0].e_fwd);  // stored in opposite orientations
  CHECK(one.canonicalDump() == two.canonicalDump());
  two.addTransition(b2, a2, 0.0, s);
  CHECK(one.canonicalDump() != two.canonicalDump());
}
