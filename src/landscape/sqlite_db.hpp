#pragma once
// A minimal RAII wrapper over the SQLite3 C API (private to the landscape module).
// Errors that mean "this file is not a usable store" (SQLITE_CORRUPT,
// SQLITE_NOTADB, SQLITE_CANTOPEN, ...) become InputError naming the file;
// anything else becomes glassland::Error.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace glassland::landscape::sql {

class Database;

/// A prepared statement; reset and reused by the store.
class Statement {
 public:
  Statement() = default;
  Statement(Database& db, const std::string& sql);
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, double value);
  Statement& bind(int index, long value);
  Statement& bind(int index, int value) { return bind(index, static_cast<long>(value)); }
  Statement& bind(int index, const std::string& value);
  Statement& bindBlob(int index, const std::vector<unsigned char>& value);
  Statement& bind(int index, std::optional<double> value);
  Statement& bind(int index, std::optional<long> value);
  Statement& bindNull(int index);

  /// Steps once: true when a row is available, false when done.
  bool step();
  /// Steps to completion, expecting no rows.
  void run();
  /// Resets and clears bindings for reuse.
  void reset();

  bool isNull(int col) const;
  double getDouble(int col) const;
  long getLong(int col) const;
  std::string getText(int col) const;
  std::optional<double> getOptionalDouble(int col) const;
  std::optional<long> getOptionalLong(int col) const;
  /// Pointer and size of a blob column (valid until the next step/reset).
  std::pair<const void*, std::size_t> getBlob(int col) const;
  int columnType(int col) const;

 private:
  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

/// An open database connection.
class Database {
 public:
  Database(const std::string& path, bool read_only, bool create);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  void exec(const std::string& sql);
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  long lastInsertId() const { return static_cast<long>(sqlite3_last_insert_rowid(db_)); }
  /// Throws the appropriate error for result code `rc` with context `what`.
  [[noreturn]] void fail(int rc, const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
};

}  // namespace glassland::landscape::sql
