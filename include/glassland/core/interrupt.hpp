#pragma once
/// \file
/// Ctrl-C (SIGINT) and SIGTERM: the handler only sets a flag; the long loops
/// (searches, KMC trajectories, minimisation) look at it between units of work
/// and stop, and the stage then throws Interrupted instead of writing its
/// output. Everything already committed (one store transaction per search)
/// stays, so rerunning the same command resumes.

#include "glassland/core/error.hpp"

namespace glassland {

/// Thrown by a stage that stopped because of an interrupt request.
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

/// Installs the SIGINT and SIGTERM handlers that set the flag.
void installInterruptHandlers();
/// True once SIGINT or SIGTERM arrived (or requestInterrupt() was called).
bool interruptRequested();
/// Sets the flag (what the handlers do; also for tests).
void requestInterrupt();
/// Throws Interrupted when the flag is set.
void throwIfInterrupted();

}  // namespace glassland
