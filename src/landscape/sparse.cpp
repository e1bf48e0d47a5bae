#include "glassland/landscape/sparse.hpp"

#include <bit>
#include <cstring>

#include "glassland/core/error.hpp"

namespace glassland::landscape {

namespace {
// Byte order is written explicitly with shifts, so the layout is little-endian
// on any host (the store file is portable).
void putU64(std::vector<unsigned char>& out, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) out.push_back(static_cast<unsigned char>(v >> (8 * b)));
}
void putU32(std::vector<unsigned char>& out, std::uint32_t v) {
  for (int b = 0; b < 4; ++b) out.push_back(static_cast<unsigned char>(v >> (8 * b)));
}
std::uint64_t getU64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int b = 0; b < 8; ++b) v |= static_cast<std::uint64_t>(p[b]) << (8 * b);
  return v;
}
std::uint32_t getU32(const unsigned char* p) {
  std::uint32_t v = 0;
  for (int b = 0; b < 4; ++b) v |= static_cast<std::uint32_t>(p[b]) << (8 * b);
  return v;
}
void putDouble(std::vector<unsigned char>& out, double v) { putU64(out, std::bit_cast<std::uint64_t>(v)); }
double getDouble(const unsigned char* p) { return std::bit_cast<double>(getU64(p)); }

[[noreturn]] void corrupt(const std::string& what, const std::string& why) {
  throw InputError("the landscape store holds a malformed blob (" + what + "): " + why);
}

void checkCount(std::size_t bytes, std::size_t unit, long expected, const std::string& what) {
  if (bytes % unit != 0)
    corrupt(what, std::to_string(bytes) + " bytes is not a multiple of " + std::to_string(unit));
  if (expected >= 0 && bytes / unit != static_cast<std::size_t>(expected)) {
    corrupt(what, "expected " + std::to_string(expected) + " values, found " + std::to_string(bytes / unit));
  }
}
}  // namespace

std::vector<unsigned char> encodeSparse(const SparseVectors& sparse) {
  std::vector<unsigned char> out;
  out.reserve(sparse.atoms.size() * kSparseEntryBytes);
  for (std::size_t k = 0; k < sparse.atoms.size(); ++k) {
    putU32(out, sparse.atoms[k]);
    for (int d = 0; d < 3; ++d) putDouble(out, sparse.vectors(d, static_cast<Eigen::Index>(k)));
  }
  return out;
}

SparseVectors decodeSparse(const void* data, std::size_t bytes, int num_atoms, const std::string& what) {
  checkCount(bytes, kSparseEntryBytes, -1, what);
  const auto* p = static_cast<const unsigned char*>(data);
  const std::size_t n = bytes / kSparseEntryBytes;
  SparseVectors out;
  out.atoms.resize(n);
  out.vectors.resize(3, static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < n; ++k, p += kSparseEntryBytes) {
    const std::uint32_t atom = getU32(p);
    if (atom >= static_cast<std::uint32_t>(num_atoms)) {
      corrupt(what,
              "atom index " + std::to_string(atom) + " out of range (N = " + std::to_string(num_atoms) + ")");
    }
    if (k > 0 && atom <= out.atoms[k - 1]) corrupt(what, "atom indices are not ascending");
    out.atoms[k] = atom;
    for (int d = 0; d < 3; ++d) out.vectors(d, static_cast<Eigen::Index>(k)) = getDouble(p + 4 + 8 * d);
  }
  return out;
}

std::vector<unsigned char> encodeDoubles(const double* values, std::size_t count) {
  std::vector<unsigned char> out;
  out.reserve(count * 8);
  for (std::size_t i = 0; i < count; ++i) putDouble(out, values[i]);
  return out;
}

std::vector<double> decodeDoubles(const void* data, std::size_t bytes, long expected,
                                  const std::string& what) {
  checkCount(bytes, 8, expected, what);
  const auto* p = static_cast<const unsigned char*>(data);
  std::vector<double> out(bytes / 8);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = getDouble(p + 8 * i);
  return out;
}

std::vector<unsigned char> encodeInts(const std::vector<long>& values) {
  std::vector<unsigned char> out;
  out.reserve(values.size() * 8);
  for (long v : values) putU64(out, static_cast<std::uint64_t>(v));
  return out;
}

std::vector<long> decodeInts(const void* data, std::size_t bytes, long expected, const std::string& what) {
  checkCount(bytes, 8, expected, what);
  const auto* p = static_cast<const unsigned char*>(data);
  std::vector<long> out(bytes / 8);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<long>(getU64(p + 8 * i));
  return out;
}

}  // namespace glassland::landscape
