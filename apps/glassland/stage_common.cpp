#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "glassland/config/stage_options.hpp"
#include "glassland/core/error.hpp"
#include "glassland/core/files.hpp"
#include "glassland/io/io.hpp"
#include "stages.hpp"
#include "version.hpp"

namespace glassland::app {

namespace {
const std::vector<std::string> kStageOrder = {"minimize", "explore", "graph", "kmc", "report"};

/// Hash of the previous stage's JSON file without its `timing` object ("" for
/// the first stage or when it is absent or unreadable): a stage is stale when
/// the stage before it has been rerun with another result, not when the same
/// result took another time.
std::string upstreamDigest(const Config& config, const std::string& stage) {
  const auto it = std::find(kStageOrder.begin(), kStageOrder.end(), stage);
  if (it == kStageOrder.begin() || it == kStageOrder.end()) return "";
  std::ifstream in(config.output / (*(it - 1) + ".json"));
  if (!in) return "";
  try {
    nlohmann::json json = nlohmann::json::parse(in);
    json.erase("timing");
    return stableHash(json.dump());
  } catch (const nlohmann::json::exception&) {
    return "";
  }
}
}  // namespace

/// Keys that change how a result is computed but not the result (the thread
/// counts: results do not depend on them), so changing them reruns nothing.
const std::vector<std::string> kResultNeutralKeys = {"explore.threads", "kmc.threads",
                                                     "kmc.adaptive.threads"};

void lockOutput(const Config& config) {
  namespace fs = std::filesystem;
  static std::set<std::string> held;  // directories this process has locked
  std::error_code ec;
  fs::create_directories(config.output, ec);
  if (ec || !fs::is_directory(config.output))
    throw InputError(config.output.string(), 0,
                     "cannot create the output directory" + (ec ? ": " + ec.message() : std::string()));
  const fs::path path = config.output / ".lock";
  const std::string key = fs::weakly_canonical(path, ec).string();
  if (held.count(key)) return;
  // Kept open (never closed) until the process exits, which releases the lock
  // whatever way it ends, even SIGKILL.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(path.string(), 0, std::string("cannot open the output lock: ") + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char pid[32] = {0};
    const ssize_t got = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    if (error == EWOULDBLOCK) {
      std::string owner = got > 0 ? std::string(pid, static_cast<std::size_t>(got)) : std::string();
      owner.erase(std::remove(owner.begin(), owner.end(), '\n'), owner.end());
      throw InputError(config.output.string(), 0,
                       "another glassland process" +
                           (owner.empty() ? std::string() : " (pid " + owner + ")") +
                           " is working in this output directory; wait for it to finish, or use another "
                           "output");
    }
    throw InputError(path.string(), 0,
                     std::string("cannot lock the output directory: ") + std::strerror(error));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the message of a refused second process.
  }
  held.insert(key);
}

std::vector<std::string> stageInputs(const std::string& stage) {
  // A stage is up to date when the sections it reads are unchanged; each stage
  // also depends on everything its predecessors read.
  std::vector<std::string> inputs = {"units", "structure", "species", "potential"};
  for (const auto& s : kStageOrder) {
    inputs.push_back(s);
    if (s == "explore") inputs.push_back("landscape");
    if (s == stage) return inputs;
  }
  throw Error("unknown stage " + stage);
}

void writeStageJson(const Config& config, const std::string& stage, nlohmann::json payload) {
  payload["stage"] = stage;
  payload["version"] = std::string(kVersion);
  payload["config_hash"] = config.hashOf(stageInputs(stage), kResultNeutralKeys);
  payload["upstream"] = upstreamDigest(config, stage);
  writeFileAtomically(config.output / "config.yaml", config.effectiveYaml());
  writeFileAtomically(config.output / (stage + ".json"), payload.dump(2) + "\n");
}

std::optional<nlohmann::json> upToDateStageJson(const Config& config, const std::string& stage) {
  const auto path = config.output / (stage + ".json");
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    nlohmann::json json = nlohmann::json::parse(in);
    if (json.value("config_hash", "") != config.hashOf(stageInputs(stage), kResultNeutralKeys))
      return std::nullopt;
    if (json.value("upstream", "") != upstreamDigest(config, stage)) return std::nullopt;
    return json;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // unreadable: recompute
  }
}

RootMinimum inherentStructure(const Config& config, const StageArguments& args) {
  auto json = upToDateStageJson(config, "minimize");
  const auto data = config.output / "minimized.data";
  if (!json || !std::filesystem::exists(data)) {
    runMinimize(args);
    json = upToDateStageJson(config, "minimize");
    if (!json) throw Error("the minimize stage did not leave " + (config.output / "minimize.json").string());
  }
  // Every later stage starts from this minimum: one that did not converge, or
  // has no energy, is refused here rather than explored.
  const auto json_path = (config.output / "minimize.json").string();
  if (!json->value("converged", false)) {
    throw InputError(json_path, 0,
                     "the minimisation did not converge (fmax " +
                         json->value("fmax", nlohmann::json()).dump() + ", target " +
                         json->value("fmax_target", nlohmann::json()).dump() +
                         "): explore and kmc need an inherent structure; raise minimize.max_iterations or "
                         "loosen minimize.fmax and rerun");
  }
  const auto energy = json->find("energy");
  if (energy == json->end() || !energy->is_number() || !std::isfinite(energy->get<double>())) {
    throw InputError(json_path, 0, "no finite energy of the inherent structure: rerun `glassland minimize`");
  }
  io::ReadOptions read = config.read_options;
  read.frame = 0;
  return {io::readStructure(data.string(), config.species, read), energy->get<double>()};
}

std::filesystem::path storePath(const Config& config) {
  const ExploreOptions options = exploreOptions(config);
  const std::filesystem::path store(options.store);
  return store.is_absolute() ? store : config.output / store;
}

landscape::EventStore openStore(const Config& config, bool read_only) {
  const auto path = storePath(config);
  if (!std::filesystem::exists(path)) {
    throw InputError(path.string(), 0, "no landscape store: run `glassland explore` first");
  }
  landscape::OpenOptions open;
  open.read_only = read_only;
  return landscape::EventStore::openExisting(path.string(), open);
}

}  // namespace glassland::app
