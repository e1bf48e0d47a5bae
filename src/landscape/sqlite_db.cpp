#include "sqlite_db.hpp"

#include "glassland/core/error.hpp"

namespace glassland::landscape::sql {

namespace {
// Result codes that mean the file itself is unusable as a store: the user
// gave the wrong file or it was damaged, so it is an input error.
bool isFileProblem(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN ||
         primary == SQLITE_FORMAT || primary == SQLITE_PERM || primary == SQLITE_READONLY ||
         primary == SQLITE_AUTH;
}
}  // namespace

Database::Database(const std::string& path, bool read_only, bool create)
    : path_(path), read_only_(read_only) {
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path, 0, "cannot open the landscape store: " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another process (a reader, a second writer) may hold the lock briefly.
  sqlite3_busy_timeout(db_, 10000);
}

Database::~Database() {
  // A writer leaves the file in rollback-journal mode: the WAL is checkpointed
  // into it and deleted, so after a clean exit the store is one file (no
  // -wal/-shm beside it, which readers would otherwise recreate). Without
  // waiting: when another connection is open the switch fails and the WAL
  // stays, as it must; the next writer switches back to WAL on opening.
  if (db_ && !read_only_) {
    sqlite3_busy_timeout(db_, 0);
    sqlite3_exec(db_, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  }
  sqlite3_close_v2(db_);
}

void Database::fail(int rc, const std::string& what) const {
  std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if (isFileProblem(rc)) {
    throw InputError(
        path_, 0,
        "the landscape store is damaged or is not a glassland store (" + what + ": " + message + ")");
  }
  throw Error(path_ + ": SQLite error in " + what + ": " + message);
}

void Database::exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    sqlite3_free(error);
    fail(rc, sql.substr(0, 60));
  }
}

Statement::Statement(Database& db, const std::string& sql) : db_(&db) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "preparing '" + sql.substr(0, 60) + "'");
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, long value) {
  sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value));
  return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bindBlob(int index, const std::vector<unsigned char>& value) {
  // A zero-length blob must stay a blob, not NULL: pass a non-null pointer.
  static const unsigned char empty = 0;
  sqlite3_bind_blob(stmt_, index, value.empty() ? &empty : value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, std::optional<double> value) {
  return value ? bind(index, *value) : bindNull(index);
}
Statement& Statement::bind(int index, std::optional<long> value) {
  return value ? bind(index, *value) : bindNull(index);
}
Statement& Statement::bindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_->fail(rc, std::string("executing '") + std::string(sqlite3_sql(stmt_)).substr(0, 60) + "'");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int Statement::columnType(int col) const { return sqlite3_column_type(stmt_, col); }
double Statement::getDouble(int col) const { return sqlite3_column_double(stmt_, col); }
long Statement::getLong(int col) const { return static_cast<long>(sqlite3_column_int64(stmt_, col)); }
std::string Statement::getText(int col) const {
  const auto* text = sqlite3_column_text(stmt_, col);
  const int bytes = sqlite3_column_bytes(stmt_, col);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes))
              : std::string();
}
std::optional<double> Statement::getOptionalDouble(int col) const {
  if (isNull(col)) return std::nullopt;
  return getDouble(col);
}
std::optional<long> Statement::getOptionalLong(int col) const {
  if (isNull(col)) return std::nullopt;
  return getLong(col);
}
std::pair<const void*, std::size_t> Statement::getBlob(int col) const {
  const void* data = sqlite3_column_blob(stmt_, col);
  const int bytes = sqlite3_column_bytes(stmt_, col);
  return {data, static_cast<std::size_t>(bytes)};
}

}  // namespace glassland::landscape::sql
