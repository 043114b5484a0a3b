// Read-only access to the parts of a ZIP package held in memory (libzip), with caps so a hostile
// file (zip bomb, huge entry count) ends in an error, never in exhausted memory.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"

struct zip;

namespace klarmeld::report {

struct ZipLimits {
  std::size_t max_entries = 10000;
  std::size_t max_part_bytes = 32u << 20; // uncompressed, per part, counted while inflating
};

class ZipReader {
public:
  // bytes must outlive the reader (libzip reads from the buffer without copying).
  static Result<ZipReader> open(std::string_view bytes, std::string name_for_errors, ZipLimits limits = {});

  bool has(const std::string& part) const;
  Result<std::string> read(const std::string& part) const;

private:
  struct Closer {
    void operator()(zip* archive) const;
  };
  ZipReader(zip* archive, std::string name, ZipLimits limits)
      : m_archive(archive), m_name(std::move(name)), m_limits(limits) {}

  std::unique_ptr<zip, Closer> m_archive;
  std::string m_name;
  ZipLimits m_limits;
};

} // namespace klarmeld::report
