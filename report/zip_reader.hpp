// Read-only access to a ZIP archive held in memory (libzip), with caps so a hostile file (zip bomb,
// huge entry count) ends in an error, never in exhausted memory. The one ZIP reader: workbooks here,
// OPC packages in sign/package.cpp. Each caller words the errors for its users (ZipWording).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/digest.hpp"
#include "util/result.hpp"

struct zip;
struct zip_stat;

namespace klarmeld::report {

struct ZipLimits {
  std::size_t max_entries = 10000;
  std::size_t max_part_bytes = 32u << 20; // uncompressed, per part, counted while inflating
  // An entry must inflate to exactly the size the central directory declares (no more, no less).
  bool exact_declared_size = false;
};

// What went wrong. `detail` carries libzip's words, the entry count or the entry index.
enum class ZipFault {
  NoBufferSource,      // libzip could not wrap the bytes
  NotZip,              // not a readable ZIP archive
  TooManyEntries,      // more than max_entries
  EntryUnlisted,       // an entry without name or size in the central directory
  MissingPart,         // no entry of that name
  CannotOpen,          // the entry cannot be opened (unsupported method, encrypted)
  CannotRead,          // inflating failed (damaged data, CRC mismatch)
  TooLarge,            // inflates beyond max_part_bytes (or beyond its declared size, when exact)
  ShorterThanDeclared, // inflates to less than its declared size (when exact)
};
using ZipWording = Error (*)(ZipFault fault, const std::string& archive, const std::string& entry,
                             const std::string& detail, const ZipLimits& limits);

// The wording for spreadsheets (codes workbook.not-zip, workbook.too-large, workbook.missing-part,
// workbook.bad-part).
Error workbook_zip_error(ZipFault fault, const std::string& archive, const std::string& entry,
                         const std::string& detail, const ZipLimits& limits);

// One entry as the central directory lists it: a directory's name ends in '/'.
struct ZipEntry {
  std::uint64_t index = 0;
  std::string name;
  std::uint64_t declared_size = 0;  // uncompressed, as declared; never trusted for reading
  std::optional<std::uint32_t> crc; // the CRC-32 the central directory lists (checked when read)
};

class ZipReader {
public:
  // bytes must outlive the reader (libzip reads from the buffer without copying).
  static Result<ZipReader> open(std::string_view bytes, std::string name_for_errors, ZipLimits limits = {},
                                ZipWording wording = workbook_zip_error);

  bool has(const std::string& part) const;
  Result<std::string> read(const std::string& part) const;

  std::uint64_t entry_count() const;
  Result<ZipEntry> entry(std::uint64_t index) const;
  // With `digest`, each inflated chunk is also fed to it as it arrives: the part is hashed in the same
  // pass that inflates it (and while it is still in cache), not in a second pass over the bytes.
  Result<std::string> read(const ZipEntry& entry, Sha256Stream* digest = nullptr) const;

private:
  struct Closer {
    void operator()(zip* archive) const;
  };
  ZipReader(zip* archive, std::string name, ZipLimits limits, ZipWording wording)
      : m_archive(archive), m_name(std::move(name)), m_limits(limits), m_wording(wording) {}

  std::optional<Result<std::string>> inflate_whole(const ZipEntry& entry, const struct zip_stat& stat,
                                                   Sha256Stream* digest) const;
  Result<std::string> read_streaming(const ZipEntry& entry, Sha256Stream* digest) const;
  Error fail(ZipFault fault, const std::string& entry, const std::string& detail) const;

  std::unique_ptr<zip, Closer> m_archive;
  std::string m_name;
  ZipLimits m_limits;
  ZipWording m_wording;
};

} // namespace klarmeld::report
