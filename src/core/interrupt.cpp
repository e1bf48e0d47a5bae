#include "glassland/core/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace glassland {

namespace {
// Lock-free, so setting it is async-signal-safe.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onInterruptSignal(int) { g_interrupted.store(true, std::memory_order_relaxed); }
}  // namespace

void installInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = onInterruptSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interruptRequested() { return g_interrupted.load(std::memory_order_relaxed); }

void requestInterrupt() { g_interrupted.store(true, std::memory_order_relaxed); }

void throwIfInterrupted() {
  if (interruptRequested()) throw Interrupted();
}

}  // namespace glassland
