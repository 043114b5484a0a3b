#include "report/zip_reader.hpp"

#include <libdeflate.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <optional>

namespace klarmeld::report {
namespace {

struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;

struct DecompressorFree {
  void operator()(libdeflate_decompressor* decompressor) const { libdeflate_free_decompressor(decompressor); }
};

// One decompressor per worker thread: it holds only tables, reset by every call.
// The largest buffer allocated for a part before its bytes have inflated (a zip bomb declares any size).
constexpr std::uint64_t trusted_declaration = 8u << 20;

libdeflate_decompressor* thread_decompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor(libdeflate_alloc_decompressor());
  return decompressor.get();
}

std::string describe(zip_error_t& error) {
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

} // namespace

Error workbook_zip_error(ZipFault fault, const std::string& archive, const std::string& entry,
                         const std::string& detail, const ZipLimits& limits) {
  switch (fault) {
  case ZipFault::NoBufferSource:
    return input_error("workbook.not-zip", archive + ": " + detail);
  case ZipFault::NotZip:
    return input_error("workbook.not-zip", archive + ": not a readable xlsx (ZIP) file: " + detail);
  case ZipFault::TooManyEntries:
    return input_error("workbook.too-large", archive + ": too many ZIP entries (" + detail + ", at most " +
                                                 std::to_string(limits.max_entries) + ")");
  case ZipFault::MissingPart:
    return input_error("workbook.missing-part", archive + ": part '" + entry + "' is missing");
  case ZipFault::CannotOpen:
    return input_error("workbook.bad-part", archive + ": cannot open part '" + entry + "': " + detail);
  case ZipFault::CannotRead:
    return input_error("workbook.bad-part", archive + ": cannot read part '" + entry + "': " + detail);
  case ZipFault::TooLarge:
    return input_error("workbook.too-large", archive + ": part '" + entry + "' inflates to more than " +
                                                 std::to_string(limits.max_part_bytes) + " bytes");
  case ZipFault::EntryUnlisted:
    return input_error("workbook.bad-part", archive + ": entry " + detail + " has no name or size");
  case ZipFault::ShorterThanDeclared:
    return input_error("workbook.bad-part", archive + ": part '" + entry + "' is shorter than its declared size");
  }
  return input_error("workbook.bad-part", archive + ": unreadable");
}

void ZipReader::Closer::operator()(zip* archive) const {
  zip_discard(archive);
}

Error ZipReader::fail(ZipFault fault, const std::string& entry, const std::string& detail) const {
  return m_wording(fault, m_name, entry, detail, m_limits);
}

Result<ZipReader> ZipReader::open(std::string_view bytes, std::string name_for_errors, ZipLimits limits,
                                  ZipWording wording) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    return wording(ZipFault::NoBufferSource, name_for_errors, {}, describe(error), limits);
  }
  // ZIP_CHECKCONS: reject archives whose central directory and local headers disagree.
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return wording(ZipFault::NotZip, name_for_errors, {}, describe(error), limits);
  }
  zip_error_fini(&error);
  ZipReader reader(archive, std::move(name_for_errors), limits, wording);
  zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0 || static_cast<std::size_t>(entries) > limits.max_entries) {
    return reader.fail(ZipFault::TooManyEntries, {}, std::to_string(entries));
  }
  return reader;
}

bool ZipReader::has(const std::string& part) const {
  return zip_name_locate(m_archive.get(), part.c_str(), 0) >= 0;
}

std::uint64_t ZipReader::entry_count() const {
  zip_int64_t entries = zip_get_num_entries(m_archive.get(), 0);
  return entries < 0 ? 0 : static_cast<std::uint64_t>(entries);
}

Result<ZipEntry> ZipReader::entry(std::uint64_t index) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(m_archive.get(), index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_NAME) == 0 ||
      (stat.valid & ZIP_STAT_SIZE) == 0) {
    return fail(ZipFault::EntryUnlisted, {}, std::to_string(index));
  }
  ZipEntry entry{index, stat.name, stat.size, std::nullopt};
  if ((stat.valid & ZIP_STAT_CRC) != 0) {
    entry.crc = stat.crc;
  }
  return entry;
}

Result<std::string> ZipReader::read(const std::string& part) const {
  zip_int64_t index = zip_name_locate(m_archive.get(), part.c_str(), 0);
  if (index < 0) {
    return fail(ZipFault::MissingPart, part, {});
  }
  ZipEntry found{static_cast<zip_uint64_t>(index), part, 0, std::nullopt};
  zip_stat_t stat;
  if (zip_stat_index(m_archive.get(), found.index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) {
    found.declared_size = stat.size;
  }
  return read(found);
}

Result<std::string> ZipReader::read(const ZipEntry& entry, Sha256Stream* digest) const {
  std::uint64_t cap = m_limits.max_part_bytes;
  if (m_limits.exact_declared_size) {
    cap = std::min(cap, entry.declared_size);
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  constexpr zip_uint64_t needed =
      ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD;
  // The common case — a deflated, unencrypted part whose declared size is within the cap — inflates
  // in one libdeflate call into a buffer of exactly that size (zlib's streaming inflate was the largest
  // single cost of `aggregate`, docs/performance.md). The buffer is allocated on the declaration alone,
  // so only up to trusted_declaration; anything else takes libzip's streaming path, as before.
  if (zip_stat_index(m_archive.get(), entry.index, 0, &stat) == 0 && (stat.valid & needed) == needed &&
      stat.comp_method == ZIP_CM_DEFLATE && stat.encryption_method == ZIP_EM_NONE && stat.size <= cap &&
      stat.size <= trusted_declaration && thread_decompressor() != nullptr) {
    std::optional<Result<std::string>> whole = inflate_whole(entry, stat, digest);
    if (whole) {
      return std::move(*whole);
    }
  }
  return read_streaming(entry, digest);
}

// The deflate stream of a part, inflated in one call. nullopt when it inflates to more than declared
// and the declaration is not binding (then the streaming path counts it against the cap).
std::optional<Result<std::string>> ZipReader::inflate_whole(const ZipEntry& entry, const zip_stat_t& stat,
                                                            Sha256Stream* digest) const {
  // ZIP_FL_COMPRESSED: the raw deflate bytes, as stored. Their extent was checked against the local
  // header and the central directory when the archive was opened (ZIP_CHECKCONS), so they lie within
  // the archive held in memory.
  ZipFilePtr file(zip_fopen_index(m_archive.get(), entry.index, ZIP_FL_COMPRESSED));
  if (!file) {
    return fail(ZipFault::CannotOpen, entry.name, zip_strerror(m_archive.get()));
  }
  thread_local std::string compressed;
  compressed.resize(static_cast<std::size_t>(stat.comp_size));
  zip_int64_t got = zip_fread(file.get(), compressed.data(), compressed.size());
  if (got < 0 || static_cast<zip_uint64_t>(got) != stat.comp_size) {
    return fail(ZipFault::CannotRead, entry.name, got < 0 ? zip_file_strerror(file.get()) : "truncated entry");
  }
  std::string content(static_cast<std::size_t>(stat.size), '\0');
  std::size_t produced = 0;
  libdeflate_result result = libdeflate_deflate_decompress_ex(
      thread_decompressor(), compressed.data(), compressed.size(), content.data(), content.size(), nullptr, &produced);
  if (compressed.capacity() > trusted_declaration) {
    std::string().swap(compressed); // a worker does not keep an outsized buffer for good
  }
  if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
    if (m_limits.exact_declared_size) {
      return fail(ZipFault::TooLarge, entry.name, {});
    }
    return std::nullopt;
  }
  if (result != LIBDEFLATE_SUCCESS) {
    return fail(ZipFault::CannotRead, entry.name, "damaged deflate data");
  }
  content.resize(produced);
  // The CRC-32 the central directory declares (APPNOTE.TXT §4.4.7), as libzip checks it when it inflates.
  if (libdeflate_crc32(0, content.data(), content.size()) != stat.crc) {
    return fail(ZipFault::CannotRead, entry.name, "CRC error");
  }
  if (m_limits.exact_declared_size && content.size() != entry.declared_size) {
    return fail(ZipFault::ShorterThanDeclared, entry.name, {});
  }
  if (digest != nullptr) {
    digest->update(content);
  }
  return content;
}

Result<std::string> ZipReader::read_streaming(const ZipEntry& entry, Sha256Stream* digest) const {
  ZipFilePtr file(zip_fopen_index(m_archive.get(), entry.index, 0));
  if (!file) {
    return fail(ZipFault::CannotOpen, entry.name, zip_strerror(m_archive.get()));
  }
  // Count what actually inflates rather than trusting the declared size (zip bombs lie).
  std::uint64_t cap = m_limits.max_part_bytes;
  if (m_limits.exact_declared_size) {
    cap = std::min(cap, entry.declared_size);
  }
  // Inflate straight into the part's own buffer (sized by the declaration, capped): no bounce
  // buffer and no copy. A part that outgrows it grows it, up to the cap; a declaration beyond
  // trusted_declaration is not taken on trust before the bytes arrive.
  std::string content(static_cast<std::size_t>(std::min({entry.declared_size, cap, trusted_declaration})), '\0');
  std::size_t filled = 0;
  std::array<char, 4096> overflow; // NOLINT: filled by zip_fread before use
  while (true) {
    bool spare = filled < content.size();
    char* target = spare ? content.data() + filled : overflow.data();
    std::size_t room = spare ? content.size() - filled : overflow.size();
    // Reading on to the end (a zero-length read) is what makes libzip check the entry's CRC-32.
    zip_int64_t got = zip_fread(file.get(), target, room);
    if (got < 0) {
      return fail(ZipFault::CannotRead, entry.name, zip_file_strerror(file.get()));
    }
    if (got == 0) {
      break;
    }
    auto count = static_cast<std::size_t>(got);
    if (filled + count > cap) {
      return fail(ZipFault::TooLarge, entry.name, {});
    }
    if (!spare) {
      content.append(overflow.data(), count);
    }
    if (digest != nullptr) {
      digest->update(std::string_view(content.data() + filled, count));
    }
    filled += count;
  }
  content.resize(filled);
  if (m_limits.exact_declared_size && content.size() != entry.declared_size) {
    return fail(ZipFault::ShorterThanDeclared, entry.name, {});
  }
  return content;
}

} // namespace klarmeld::report
