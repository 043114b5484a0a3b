#include "report/zip_reader.hpp"

#include <zip.h>

#include <algorithm>
#include <array>

namespace klarmeld::report {
namespace {

struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;

std::string describe(zip_error_t& error) {
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

} // namespace

void ZipReader::Closer::operator()(zip* archive) const {
  zip_discard(archive);
}

Result<ZipReader> ZipReader::open(std::string_view bytes, std::string name_for_errors, ZipLimits limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    return input_error("workbook.not-zip", name_for_errors + ": " + describe(error));
  }
  // ZIP_CHECKCONS: reject archives whose central directory and local headers disagree.
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return input_error("workbook.not-zip", name_for_errors + ": not a readable xlsx (ZIP) file: " + describe(error));
  }
  zip_error_fini(&error);
  ZipReader reader(archive, std::move(name_for_errors), limits);
  zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0 || static_cast<std::size_t>(entries) > limits.max_entries) {
    return input_error("workbook.too-large", reader.m_name + ": too many ZIP entries (" + std::to_string(entries) +
                                                 ", at most " + std::to_string(limits.max_entries) + ")");
  }
  return reader;
}

bool ZipReader::has(const std::string& part) const {
  return zip_name_locate(m_archive.get(), part.c_str(), 0) >= 0;
}

Result<std::string> ZipReader::read(const std::string& part) const {
  zip_int64_t index = zip_name_locate(m_archive.get(), part.c_str(), 0);
  if (index < 0) {
    return input_error("workbook.missing-part", m_name + ": part '" + part + "' is missing");
  }
  ZipFilePtr file(zip_fopen_index(m_archive.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) {
    return input_error("workbook.bad-part",
                       m_name + ": cannot open part '" + part + "': " + zip_strerror(m_archive.get()));
  }
  // Count what actually inflates rather than trusting the declared size (zip bombs lie).
  std::string content;
  zip_stat_t stat;
  if (zip_stat_index(m_archive.get(), static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
      (stat.valid & ZIP_STAT_SIZE) != 0) {
    content.reserve(std::min<std::size_t>(stat.size, m_limits.max_part_bytes)); // a hint only
  }
  std::array<char, 64 * 1024> buffer; // NOLINT: filled by zip_fread before use
  while (true) {
    zip_int64_t got = zip_fread(file.get(), buffer.data(), buffer.size());
    if (got < 0) {
      return input_error("workbook.bad-part",
                         m_name + ": cannot read part '" + part + "': " + zip_file_strerror(file.get()));
    }
    if (got == 0) {
      break;
    }
    if (content.size() + static_cast<std::size_t>(got) > m_limits.max_part_bytes) {
      return input_error("workbook.too-large", m_name + ": part '" + part + "' inflates to more than " +
                                                   std::to_string(m_limits.max_part_bytes) + " bytes");
    }
    content.append(buffer.data(), static_cast<std::size_t>(got));
  }
  return content;
}

} // namespace klarmeld::report
