// The bad-input corpus (issue 16): hundreds of broken inputs, generated here by
// mutating one valid config and one valid structure (every key with a wrong
// type, a negative, zero, infinite, NaN or huge value; truncated and garbled
// LAMMPS data, dump and extxyz files; bad command-line words). Each case runs
// the real program and must end with exit code 2, a message that starts with
// `glassland: error:`, no crash and no `.partial` file left behind.

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <sstream>

#include "cli_support.hpp"

using cli_test::run;
using cli_test::ScratchDir;

namespace {

namespace fs = std::filesystem;

/// A perfect 3x3x3 fcc LJ crystal (108 atoms) near its zero-pressure lattice
/// constant: forces vanish by symmetry, so a minimisation of it is one step.
struct Crystal {
  static constexpr int kCells = 3;
  static constexpr double kA = 1.55;
  double box() const { return kCells * kA; }
  std::vector<std::array<double, 3>> positions() const {
    const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
    std::vector<std::array<double, 3>> out;
    for (int i = 0; i < kCells; ++i)
      for (int j = 0; j < kCells; ++j)
        for (int k = 0; k < kCells; ++k)
          for (const auto& b : basis) out.push_back({(i + b[0]) * kA, (j + b[1]) * kA, (k + b[2]) * kA});
    return out;
  }
};

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& l : v) out += l + "\n";
  return out;
}

std::string num(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

/// The crystal as LAMMPS data lines (header lines 0-11, atoms from line 12).
std::vector<std::string> dataLines() {
  const Crystal c;
  const auto x = c.positions();
  std::vector<std::string> l = {"LAMMPS data file (test crystal)",
                                "",
                                std::to_string(x.size()) + " atoms",
                                "1 atom types",
                                "",
                                "0 " + num(c.box()) + " xlo xhi",
                                "0 " + num(c.box()) + " ylo yhi",
                                "0 " + num(c.box()) + " zlo zhi",
                                "",
                                "Masses",
                                "",
                                "1 1",
                                "",
                                "Atoms # atomic",
                                ""};
  for (std::size_t i = 0; i < x.size(); ++i)
    l.push_back(std::to_string(i + 1) + " 1 " + num(x[i][0]) + " " + num(x[i][1]) + " " + num(x[i][2]));
  return l;
}
constexpr int kFirstDataAtom = 15;  // index in dataLines()

std::vector<std::string> dumpLines() {
  const Crystal c;
  const auto x = c.positions();
  std::vector<std::string> l = {"ITEM: TIMESTEP",
                                "0",
                                "ITEM: NUMBER OF ATOMS",
                                std::to_string(x.size()),
                                "ITEM: BOX BOUNDS pp pp pp",
                                "0 " + num(c.box()),
                                "0 " + num(c.box()),
                                "0 " + num(c.box()),
                                "ITEM: ATOMS id type x y z"};
  for (std::size_t i = 0; i < x.size(); ++i)
    l.push_back(std::to_string(i + 1) + " 1 " + num(x[i][0]) + " " + num(x[i][1]) + " " + num(x[i][2]));
  return l;
}
constexpr int kFirstDumpAtom = 9;

std::vector<std::string> xyzLines() {
  const Crystal c;
  const auto x = c.positions();
  const std::string b = num(c.box());
  std::vector<std::string> l = {
      std::to_string(x.size()),
      "Lattice=\"" + b + " 0 0 0 " + b + " 0 0 0 " + b + "\" Properties=species:S:1:pos:R:3 pbc=\"T T T\""};
  for (const auto& r : x) l.push_back("A " + num(r[0]) + " " + num(r[1]) + " " + num(r[2]));
  return l;
}
constexpr int kFirstXyzAtom = 2;

/// A valid config over `structure` (shifted-force LJ, a cheap minimisation).
YAML::Node baseConfig(const std::string& structure = "crystal.data") {
  return YAML::Load("units: lj\nstructure: " + structure +
                    "\nspecies: [A]\npotential:\n  type: lj\n"
                    "  pairs: {A-A: {epsilon: 1.0, sigma: 1.0, cutoff: 2.5}}\n  shift: force\n"
                    "output: out\nminimize: {method: lbfgs, fmax: 1.0e-6}\n");
}

std::string emit(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

/// `root` with the value at the dotted `path` replaced by the YAML `value`.
std::string withValue(YAML::Node root, const std::string& path, const std::string& value) {
  std::vector<std::string> keys;
  std::stringstream in(path);
  for (std::string k; std::getline(in, k, '.');) keys.push_back(k);
  YAML::Node node = root;
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    if (!node[keys[i]] || !node[keys[i]].IsMap()) node[keys[i]] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[keys[i]]);
  }
  node[keys.back()] = YAML::Load(value);
  return emit(root);
}

struct Case {
  std::string name;
  std::string config;                                      // config.yaml (empty: none written)
  std::vector<std::pair<std::string, std::string>> files;  // more files in the directory
  std::string args = "minimize config.yaml --quiet";       // command line after `glassland`
  std::string expect;                                      // a substring of the message ("" = any)
};

/// Runs every case in its own directory and checks exit code 2, the message,
/// and that nothing half-written is left.
void runCorpus(const std::string& label, const std::vector<Case>& cases) {
  ScratchDir root("corpus_" + label);
  int index = 0;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const fs::path dir = root.path / std::to_string(index++);
    fs::create_directories(dir);
    if (!c.config.empty()) std::ofstream(dir / "config.yaml") << c.config;
    for (const auto& [name, text] : c.files) {
      if (name.back() == '/') {
        fs::create_directories(dir / name);
      } else {
        fs::create_directories((dir / name).parent_path());
        std::ofstream(dir / name) << text;
      }
    }
    const auto result = run(dir, c.args);
    CAPTURE(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.rfind("glassland: error:", 0) == 0);
    CHECK(result.output.find("terminate called") == std::string::npos);
    if (!c.expect.empty()) CHECK(result.output.find(c.expect) != std::string::npos);
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      CHECK_MESSAGE(entry.path().extension() != ".partial", entry.path().string());
    CHECK_FALSE(fs::exists(dir / "out" / "minimize.json"));
  }
  MESSAGE(label << ": " << cases.size() << " bad inputs, each exit 2 with a glassland: error message");
}

// Mutations by the kind of value a key takes; every one of them is invalid.
const std::vector<std::string> kNotANumber = {"abc", "[1, 2]", "{a: 1}", ".inf", "-.inf", ".nan"};
std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
const std::vector<std::string> kPositiveReal = plus(kNotANumber, {"-1", "0"});
const std::vector<std::string> kNonNegativeReal = plus(kNotANumber, {"-1", "-1e300"});
const std::vector<std::string> kPositiveInt = {"abc", "[1]", "{a: 1}", "1.5", "-1", "0", "1e30", ".nan"};
const std::vector<std::string> kNonNegativeInt = {"abc", "[1]", "1.5", "-1", "1e30", ".inf"};
const std::vector<std::string> kThreads = plus(kNonNegativeInt, {"100000", "2147483648"});
const std::vector<std::string> kWord = {"nonsense", "[1]", "{a: 1}", "3"};
const std::vector<std::string> kFraction = {"abc", ".nan", ".inf", "0", "1", "-0.5", "1.5"};

struct KeyMutations {
  std::string key;
  std::vector<std::string> values;
};

const std::vector<KeyMutations> kKeys = {
    {"units", kWord},
    {"species", {"[A, A]", "['']", "[]", "{a: 1}", "[B]"}},
    {"output", {"''", "[1]", "{a: 1}"}},
    {"minimize.fmax", kPositiveReal},
    {"minimize.max_iterations", kNonNegativeInt},
    {"minimize.method", kWord},
    {"minimize.max_step", kPositiveReal},
    {"minimize.fire.dt", {"0", "-1", ".inf", ".nan"}},
    {"minimize.lbfgs.memory", {"0", "-1", "1000000000", "abc"}},
    {"explore.searches", plus(kNonNegativeInt, {"1000000000000", "10000001"})},
    {"explore.threads", kThreads},
    {"explore.method", kWord},
    {"explore.seed", {"abc", "[1]", "1.5"}},
    {"explore.centres", {"nonsense", "[]", "[abc]", "{kind: Q}", "3"}},
    {"explore.push_norm", kPositiveReal},
    {"explore.push_radius", kNonNegativeReal},
    {"explore.saddle_fmax", kPositiveReal},
    {"explore.max_force_calls", kPositiveInt},
    {"explore.max_energy_rise", {"0", "-1", ".inf", ".nan"}},
    {"explore.same_distance", {"0", "-1", ".nan"}},
    {"explore.artn.basin_step", {"0", "-1", ".inf", ".nan"}},
    {"explore.artn.max_basin_steps", {"0", "-1", "abc"}},
    {"explore.artn.eigenvalue_threshold", {"0", "1", ".nan", "-.inf"}},
    {"explore.lanczos.tolerance", {"0", "-1", ".nan"}},
    {"kmc.temperatures", {"abc", "[]", "[-1]", "[0]", "[.inf]", "[.nan]", "[0.3, 0.3]", "{a: 1}", "[1e400]"}},
    {"kmc.prefactor", {"abc", "-1", ".inf", ".nan", "[1]", "-.inf"}},
    {"kmc.trajectories", plus(kPositiveInt, {"2000000000"})},
    {"kmc.steps", plus(kPositiveInt, {"9000000000000000000"})},
    {"kmc.threads", kThreads},
    {"kmc.max_steps", {"-1", "abc", "1.5"}},
    {"kmc.target_msd", {"-1", ".inf", ".nan", "abc"}},
    {"kmc.duration", {"0", "-1", ".inf", ".nan", "abc", "[]", "[1, 2, 3]"}},
    {"kmc.provider", kWord},
    {"kmc.superbasin_kt", {"0", "-1", ".nan"}},
    {"kmc.superbasin_max_states", {"1", "0", "-1", "abc"}},
    {"kmc.superbasin_scheme", kWord},
    {"kmc.adaptive.min_searches", {"0", "-1", "abc"}},
    {"kmc.adaptive.confidence", kFraction},
    {"kmc.adaptive.window_kt", {"0", "-1", ".inf", ".nan"}},
    {"kmc.adaptive.threads", kThreads},
    {"kmc.adaptive.random_centres", {"-0.1", "1.5", ".nan", "abc"}},
    {"graph.disconnectivity_levels", {"1", "0", "-1", "abc", "1.5", "1000000000"}},
    {"kmc.provider",
     {"{type: lattice-vacancy, cells: 100000}", "{type: lattice-vacancy, cells: 1}",
      "{type: lattice-vacancy, barrier: .nan}", "{type: lattice-vacancy, barrier: -1}",
      "{type: lattice-vacancy, lattice_constant: 0}", "{type: lattice-vacancy, lattice: hcp}",
      "{type: lattice-vacancy, cells: abc}", "{type: graph}", "{cells: 4}"}},
    {"landscape", {"abc", "[1]"}},
    {"report", {"abc", "[1]"}},
};

/// Keys checked when the potential is built (the minimize stage, after the
/// structure is read): the potential section and the neighbour list bounds.
const std::vector<KeyMutations> kPotentialKeys = {
    {"potential.type", kWord},
    {"potential.shift", kWord},
    {"potential.skin", plus(kNonNegativeReal, {"1e9", "1e300"})},
    {"potential.pairs.A-A.epsilon", {"-1", ".inf", ".nan", "abc"}},
    {"potential.pairs.A-A.sigma", {"0", "-1", ".inf", ".nan"}},
    {"potential.pairs.A-A.cutoff", {"0", "-1", ".inf", ".nan", "1e6", "1e12", "1e300"}},
    {"potential.pairs", {"abc", "[1]", "{}"}},
};

std::vector<Case> keyCases(const std::vector<KeyMutations>& keys) {
  std::vector<Case> cases;
  const std::string data = lines(dataLines());
  for (const auto& k : keys) {
    for (const auto& v : k.values) {
      cases.push_back({k.key + ": " + v,
                       withValue(baseConfig(), k.key, v),
                       {{"crystal.data", data}},
                       "minimize config.yaml --quiet",
                       ""});
    }
  }
  return cases;
}

/// `base` with line `at` replaced by `text`.
std::string edited(std::vector<std::string> base, int at, const std::string& text) {
  base[static_cast<std::size_t>(at)] = text;
  return lines(base);
}
/// The first `count` lines of `base`.
std::string truncated(const std::vector<std::string>& base, int count) {
  return lines(std::vector<std::string>(base.begin(), base.begin() + count));
}

std::vector<Case> structureCases() {
  std::vector<Case> cases;
  auto add = [&](const std::string& name, const std::string& file, const std::string& text,
                 const std::string& expect = "") {
    cases.push_back({name, emit(baseConfig(file)), {{file, text}}, "minimize config.yaml --quiet", expect});
  };
  const auto data = dataLines();
  const auto dump = dumpLines();
  const auto xyz = xyzLines();

  // Truncated files: every header line, and every 10th atom line (the last atom never there).
  for (int n = 0; n < static_cast<int>(data.size()); n += n < kFirstDataAtom + 1 ? 1 : 10)
    add("data truncated to " + std::to_string(n) + " lines", "crystal.data", truncated(data, n));
  for (int n = 0; n < static_cast<int>(dump.size()); n += n < kFirstDumpAtom + 1 ? 1 : 10)
    add("dump truncated to " + std::to_string(n) + " lines", "crystal.dump", truncated(dump, n));
  for (int n = 0; n < static_cast<int>(xyz.size()); n += n < kFirstXyzAtom + 1 ? 1 : 10)
    add("extxyz truncated to " + std::to_string(n) + " lines", "crystal.xyz", truncated(xyz, n));

  // Garbled coordinates, types and ids of one atom, in each format.
  const std::vector<std::string> bad_numbers = {"nan", "inf", "-inf", "1e300", "abc", "1e400", "0x"};
  for (const auto& v : bad_numbers) {
    add("data x = " + v, "crystal.data", edited(data, kFirstDataAtom + 3, "4 1 " + v + " 0.1 0.2"));
    add("dump y = " + v, "crystal.dump", edited(dump, kFirstDumpAtom + 3, "4 1 0.1 " + v + " 0.2"));
    add("extxyz z = " + v, "crystal.xyz", edited(xyz, kFirstXyzAtom + 3, "A 0.1 0.2 " + v));
  }
  for (const auto& t : {"0", "2", "-1", "abc", "1.5"}) {
    add(std::string("data type ") + t, "crystal.data",
        edited(data, kFirstDataAtom, std::string("1 ") + t + " 0 0 0"));
    add(std::string("dump type ") + t, "crystal.dump",
        edited(dump, kFirstDumpAtom, std::string("1 ") + t + " 0 0 0"));
  }
  add("data duplicate id", "crystal.data", edited(data, kFirstDataAtom + 1, "1 1 0.7 0.7 0"));
  add("data id abc", "crystal.data", edited(data, kFirstDataAtom + 1, "abc 1 0.7 0.7 0"));
  add("data too few columns", "crystal.data", edited(data, kFirstDataAtom + 1, "2 1 0.7 0.7"));
  add("dump too few columns", "crystal.dump", edited(dump, kFirstDumpAtom + 1, "2 1 0.7 0.7"));
  add("extxyz too few columns", "crystal.xyz", edited(xyz, kFirstXyzAtom + 1, "A 0.7 0.7"));

  // Headers: atom counts, type counts, boxes, masses, sections.
  for (const auto& n : {"0", "-1", "abc", "1000000000000", "109", "107"}) {
    add(std::string("data ") + n + " atoms", "crystal.data", edited(data, 2, std::string(n) + " atoms"),
        std::string(n) == "0" ? "0 atoms" : "");
    add(std::string("dump ") + n + " atoms", "crystal.dump", edited(dump, 3, n));
    add(std::string("extxyz ") + n + " atoms", "crystal.xyz", edited(xyz, 0, n));
  }
  for (const auto& n : {"0", "-1", "abc"})
    add(std::string("data ") + n + " atom types", "crystal.data",
        edited(data, 3, std::string(n) + " atom types"));
  for (const auto& box : {"0 nan xlo xhi", "5 0 xlo xhi", "0 0 xlo xhi", "abc 1 xlo xhi", "0 inf xlo xhi"})
    add(std::string("data box ") + box, "crystal.data", edited(data, 5, box));
  for (const auto& box : {"0 nan", "5 0", "abc", "0"})
    add(std::string("dump box ") + box, "crystal.dump", edited(dump, 5, box));
  for (const auto& mass : {"1 0", "1 -1", "1 nan", "1 abc", "2 1"})
    add(std::string("data mass ") + mass, "crystal.data", edited(data, 11, mass));
  add("data without Atoms section", "crystal.data", edited(data, 13, "Atomz # atomic"));
  add("dump ATOMS without x", "crystal.dump", edited(dump, 8, "ITEM: ATOMS id type q r s"));
  add("dump without NUMBER OF ATOMS", "crystal.dump", edited(dump, 2, "ITEM: NUMBER OF THINGS"));
  for (const auto& lattice : {"Lattice=\"1 0 0\" Properties=species:S:1:pos:R:3",
                              "Lattice=\"nan 0 0 0 1 0 0 0 1\" Properties=species:S:1:pos:R:3",
                              "Lattice=\"0 0 0 0 0 0 0 0 0\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"",
                              "Lattice=\"4.65 0 0 0 4.65 0 0 0 4.65\" Properties=species:S:1:pos:R:2",
                              "Lattice=\"4.65 0 0 0 4.65 0 0 0 4.65\" Properties=species:S:1",
                              "Lattice=\"4.65 0 0 0 4.65 0 0 0 4.65 Properties=species:S:1:pos:R:3"})
    add(std::string("extxyz comment ") + lattice, "crystal.xyz", edited(xyz, 1, lattice));
  add("empty data file", "crystal.data", "");
  add("binary garbage as data", "crystal.data",
      std::string("\x7f"
                  "ELF\x01\x02\x00\xff\xfe",
                  9) +
          "\n\n");
  add("unknown extension", "crystal.pdb", lines(data));
  return cases;
}

/// Broken YAML, duplicate keys, --set, CLI words, paths and output problems.
std::vector<Case> commandCases() {
  std::vector<Case> cases;
  const std::string data = lines(dataLines());
  const std::string good = emit(baseConfig());
  const std::vector<std::pair<std::string, std::string>> files = {{"crystal.data", data}};
  auto add = [&](const std::string& name, const std::string& config, const std::string& args,
                 const std::string& expect = "", std::vector<std::pair<std::string, std::string>> more = {}) {
    auto all = files;
    all.insert(all.end(), more.begin(), more.end());
    cases.push_back({name, config, all, args, expect});
  };
  // YAML that does not parse or is not a mapping.
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"unclosed bracket", "units: lj\nspecies: [A\n"},
           {"tab indentation", "potential:\n\ttype: lj\n"},
           {"key: value: value", "units: lj: metal\n"},
           {"a list at the top", "- units\n- lj\n"},
           {"a scalar at the top", "just words\n"},
           {"empty file", ""},
           {"only a comment", "# nothing\n"},
           {"binary", std::string("\x00\x01\x02\xff", 4)},
           {"a list as a key", "? [a, b]\n: 1\n"},
           {"a mapping as a nested key", "minimize:\n  ? {a: 1}\n  : 2\n"},
       }) {
    add("yaml: " + name, text, "minimize config.yaml --quiet");
  }
  // yaml-cpp reads an unclosed quote to the end of the file; the error must
  // point at the quote, not at a key the string swallowed.
  add("unclosed quote on line 2",
      "units: lj\nstructure: \"crystal.data\nspecies: [A]\npotential: {type: lj}\n",
      "minimize config.yaml --quiet", "config.yaml:2: not valid YAML");
  add("duplicate top-level key", "units: lj\n" + good, "minimize config.yaml --quiet", "appears twice");
  add("duplicate nested key", good + "explore: {searches: 2, searches: 3}\n", "minimize config.yaml --quiet",
      "appears twice");
  // --set values: the message names the --set argument.
  for (const auto& set : {"explore.searches=abc", "kmc.temperatures=[.inf]", "minimize.fmax=-1",
                          "explore.threads=100000", "species=[A, A]", "output=''"})
    add(std::string("--set ") + set, good, std::string("minimize config.yaml --quiet --set \"") + set + "\"",
        std::string("--set '") + set + "'");
  for (const auto& set : {"=1", "explore.=1", "noequals", "units.x=1", ".a=1"})
    add(std::string("malformed --set ") + set, good,
        std::string("minimize config.yaml --quiet --set '") + set + "'");
  // Command-line words.
  add("misspelt stage", good, "minimise config.yaml", "did you mean 'minimize'");
  add("misspelt explore", good, "explor config.yaml", "did you mean 'explore'");
  add("misspelt kmc", good, "kcm config.yaml", "kmc");
  add("unknown word", good, "frobnicate config.yaml", "is not a stage");
  add("no stage", good, "");
  add("no config", good, "minimize");
  add("two configs", good, "minimize config.yaml config.yaml");
  add("unknown option", good, "minimize config.yaml --bogus");
  add("--set without a value", good, "minimize config.yaml --set");
  add("unknown global option", good, "--frobnicate");
  add("missing config", "", "minimize absent.yaml --quiet", "not found");
  add("config is a directory", "", "minimize confdir --quiet", "directory", {{"confdir/", ""}});
  // Output problems: a file where the output directory goes, a directory where a file goes.
  add("output under a file", emit(YAML::Load(good)) + "",
      "minimize config.yaml --quiet --set output=afile/out", "afile", {{"afile", "x"}});
  add("minimized.data is a directory", good, "minimize config.yaml --quiet", "directory",
      {{"out/minimized.data/", ""}});
  // Stages that need earlier output.
  add("graph without a store", good, "graph config.yaml --quiet", "explore");
  add("kmc graph without a store", good, "kmc config.yaml --quiet", "explore");
  return cases;
}

}  // namespace

/// The keys of kKeys whose dotted name starts with one of `include` (all when
/// empty) and with none of `exclude`: the corpus in pieces of a few seconds each.
static std::vector<KeyMutations> keysOf(const std::vector<std::string>& include,
                                        const std::vector<std::string>& exclude = {}) {
  auto starts = [](const std::string& key, const std::vector<std::string>& prefixes) {
    for (const auto& p : prefixes)
      if (key.rfind(p, 0) == 0) return true;
    return false;
  };
  std::vector<KeyMutations> out;
  for (const auto& k : kKeys)
    if ((include.empty() || starts(k.key, include)) && !starts(k.key, exclude)) out.push_back(k);
  return out;
}

TEST_CASE("bad-input corpus: explore keys with wrong types and out-of-range values") {
  runCorpus("explore_keys", keyCases(keysOf({"explore."})));
}

TEST_CASE("bad-input corpus: kmc keys with wrong types and out-of-range values") {
  runCorpus("kmc_keys", keyCases(keysOf({"kmc."}, {"kmc.adaptive.", "kmc.provider"})));
}

TEST_CASE("bad-input corpus: kmc.adaptive keys and lattice-vacancy providers") {
  runCorpus("kmc_more_keys", keyCases(keysOf({"kmc.adaptive.", "kmc.provider"})));
}

TEST_CASE("bad-input corpus: top-level, minimize, graph and other keys with wrong values") {
  runCorpus("other_keys", keyCases(keysOf({}, {"explore.", "kmc."})));
}

TEST_CASE("bad-input corpus: potential keys, cutoffs and skins the neighbour list cannot take") {
  runCorpus("potential", keyCases(kPotentialKeys));
}

/// The cases whose name starts with `prefix` (or, with `others`, does not).
static std::vector<Case> named(const std::vector<Case>& cases, const std::string& prefix,
                               bool others = false) {
  std::vector<Case> out;
  for (const auto& c : cases)
    if ((c.name.rfind(prefix, 0) == 0) != others) out.push_back(c);
  return out;
}

TEST_CASE("bad-input corpus: truncated and garbled LAMMPS data files") {
  runCorpus("data_files", named(structureCases(), "data"));
}

TEST_CASE("bad-input corpus: truncated and garbled LAMMPS dump and extxyz files, and other files") {
  runCorpus("other_files", named(structureCases(), "data", true));
}

TEST_CASE("bad-input corpus: broken YAML, --set, command-line words and output paths") {
  runCorpus("commands", commandCases());
}

TEST_CASE("bad-input corpus: at least 150 generated cases") {
  const std::size_t total = keyCases(kKeys).size() + keyCases(kPotentialKeys).size() +
                            structureCases().size() + commandCases().size();
  MESSAGE("corpus size " << total);
  CHECK(total >= 150);
}
