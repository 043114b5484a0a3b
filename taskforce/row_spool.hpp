// Inspected files parked in an anonymous temporary file between aggregate's two steps: every file is
// verified and read once, but which ones count is known only after the last (a later file can replace
// an earlier one), so rows are spooled to disk and the outputs written from the spool. Memory stays flat
// in the number of files; the disk holds about one row's worth per file.
#pragma once

#include <cstdio>
#include <memory>

#include "taskforce/file_inspection.hpp"
#include "util/result.hpp"

namespace klarmeld::taskforce {

class RowSpool {
public:
  static Result<RowSpool> create();
  Status append(const InspectedFile& file);
  Status rewind(); // then next() returns the files in the order appended
  Result<InspectedFile> next();

private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  explicit RowSpool(std::FILE* file) : m_file(file) {}
  std::unique_ptr<std::FILE, Closer> m_file;
};

} // namespace klarmeld::taskforce
