// An OPC package (a .xlsx is one) held entirely in memory: every zip entry's bytes by name.
// Read defensively — the file may come from anyone: caps on entry count and sizes (zip bombs),
// no names that could escape a directory when extracted, no duplicate part names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::sign {

struct PackageLimits {
  size_t max_entries = 4096;
  std::uint64_t max_part_bytes = 64ull << 20;
  std::uint64_t max_total_bytes = 256ull << 20; // sum of uncompressed sizes
};

class Package {
public:
  // Entry names as stored in the zip: no leading '/', e.g. "xl/workbook.xml", "[Content_Types].xml".
  std::vector<std::string> names() const;
  const std::string* find(std::string_view name) const;
  // OPC part names compare case-insensitively (ECMA-376-2 §9.1.1.1); used when resolving URIs.
  const std::string* find_part(std::string_view part_name) const;
  // Adds or replaces; a replaced entry keeps its place, a new one goes last.
  void put(std::string name, std::string bytes);
  // The SHA-256 (lowercase hex) of a part's bytes, taken while parse_package inflated it; nullptr for
  // a part put() since, or not digested (only parts a signature must cover are: sign/coverage.hpp).
  // Exact entry name, as find().
  const std::string* sha256_hex(std::string_view name) const;
  bool remove(std::string_view name);
  size_t size() const { return m_entries.size(); }

  // The CRC-32 the zip parse_package read listed for a part still as read; nullopt otherwise.
  std::optional<std::uint32_t> crc_as_read(std::string_view name) const;

private:
  struct AsRead {
    std::string name;
    std::string sha256_hex; // taken while inflating; empty for a part no signature covers
    std::optional<std::uint32_t> crc;
  };
  std::vector<std::pair<std::string, std::string>> m_entries;
  std::vector<AsRead> m_as_read; // parts whose bytes are still those parse_package inflated
  const AsRead* as_read(std::string_view name) const;

  friend Result<Package> parse_package(std::string_view zip_bytes, const std::string& origin,
                                       const PackageLimits& limits);
};

Result<Package> parse_package(std::string_view zip_bytes, const std::string& origin, const PackageLimits& limits = {});
Result<Package> read_package(const std::string& path, const PackageLimits& limits = {});
// `read_from`: the zip bytes parse_package made `package` from, if at hand. A part still as read whose
// entry there has the same name, CRC-32 and size is copied compressed as it is, not deflated again:
// signing changes two small parts and adds one, and deflating the others anew was most of its time
// (docs/performance.md). Every other part is deflated from the package's bytes.
Result<std::string> serialize_package(const Package& package, std::string_view read_from = {});
// Writes a unique temporary beside PATH, then renames it over PATH (util/files): a reader never sees
// half a package.
Status write_package(const std::string& path, const Package& package);

// True for names a zip may not carry into an OPC package: absolute, "..", ".", empty segments, '\\'.
bool is_unsafe_entry_name(std::string_view name);

} // namespace klarmeld::sign
