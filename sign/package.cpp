#include "sign/package.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include <zip.h>

#include "report/zip_reader.hpp"
#include "sign/coverage.hpp"
#include "sign/part_names.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"

namespace klarmeld::sign {
namespace {

struct ZipDeleter {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDeleter>;
struct ZipSourceDeleter {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using ZipSourcePtr = std::unique_ptr<zip_source_t, ZipSourceDeleter>;

std::string strip_leading_slash(std::string_view name) {
  return std::string(name.starts_with('/') ? name.substr(1) : name);
}

Error package_error(const std::string& origin, const std::string& message) {
  return input_error("package.invalid", "'" + origin + "': " + message);
}

// Package errors name the file in quotes and keep the words OPC users see (code package.invalid).
Error package_zip_error(report::ZipFault fault, const std::string& origin, const std::string& entry,
                        const std::string& detail, const report::ZipLimits& /*limits*/) {
  using report::ZipFault;
  switch (fault) {
  case ZipFault::NoBufferSource:
    return internal_error("package.zip", "libzip cannot create a buffer source");
  case ZipFault::NotZip:
    return package_error(origin, "not a readable zip (OPC) package: " + detail);
  case ZipFault::TooManyEntries:
    return package_error(origin, "too many entries (" + detail + ")");
  case ZipFault::EntryUnlisted:
    return package_error(origin, "entry " + detail + " has no name or size");
  case ZipFault::MissingPart:
    return package_error(origin, "part '" + entry + "' is missing");
  case ZipFault::CannotOpen:
    return package_error(origin, "cannot open entry '" + entry + "': " + detail);
  case ZipFault::CannotRead:
    return package_error(origin, "cannot read entry '" + entry + "' (damaged or encrypted)");
  case ZipFault::TooLarge:
    return package_error(origin, "entry '" + entry + "' inflates beyond its declared size or the limit");
  case ZipFault::ShorterThanDeclared:
    return package_error(origin, "entry '" + entry + "' is shorter than its declared size");
  }
  return package_error(origin, "unreadable");
}

} // namespace

bool is_unsafe_entry_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos) {
    return true;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    std::string_view segment = name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return true;
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20; });
}

std::vector<std::string> Package::names() const {
  std::vector<std::string> result;
  result.reserve(m_entries.size());
  for (const auto& [name, bytes] : m_entries) {
    result.push_back(name);
  }
  return result;
}

const std::string* Package::find(std::string_view name) const {
  for (const auto& [entry, bytes] : m_entries) {
    if (entry == name) {
      return &bytes;
    }
  }
  return nullptr;
}

const std::string* Package::find_part(std::string_view part_name) const {
  std::string wanted = strip_leading_slash(part_name);
  if (const std::string* exact = find(wanted)) {
    return exact;
  }
  for (const auto& [entry, bytes] : m_entries) {
    if (same_part_name(entry, wanted)) {
      return &bytes;
    }
  }
  return nullptr;
}

const Package::AsRead* Package::as_read(std::string_view name) const {
  for (const AsRead& part : m_as_read) {
    if (part.name == name) {
      return &part;
    }
  }
  return nullptr;
}

const std::string* Package::sha256_hex(std::string_view name) const {
  const AsRead* part = as_read(name);
  return part != nullptr && !part->sha256_hex.empty() ? &part->sha256_hex : nullptr;
}

std::optional<std::uint32_t> Package::crc_as_read(std::string_view name) const {
  const AsRead* part = as_read(name);
  return part != nullptr ? part->crc : std::nullopt;
}

void Package::put(std::string name, std::string bytes) {
  std::erase_if(m_as_read, [&](const AsRead& known) { return known.name == name; }); // bytes no longer as read
  for (auto& [entry, existing] : m_entries) {
    if (entry == name) {
      existing = std::move(bytes);
      return;
    }
  }
  m_entries.emplace_back(std::move(name), std::move(bytes));
}

bool Package::remove(std::string_view name) {
  auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& entry) { return entry.first == name; });
  if (it == m_entries.end()) {
    return false;
  }
  std::erase_if(m_as_read, [&](const AsRead& known) { return known.name == name; });
  m_entries.erase(it);
  return true;
}

Result<Package> parse_package(std::string_view zip_bytes, const std::string& origin, const PackageLimits& limits) {
  report::ZipLimits zip_limits;
  zip_limits.max_entries = limits.max_entries;
  zip_limits.max_part_bytes = static_cast<size_t>(limits.max_part_bytes);
  // Never trust the declared size: a crafted header may understate what the stream inflates to.
  zip_limits.exact_declared_size = true;
  TRY_ASSIGN(report::ZipReader archive, report::ZipReader::open(zip_bytes, origin, zip_limits, package_zip_error));
  Package package;
  std::set<std::string> seen;
  std::uint64_t total = 0;
  for (std::uint64_t index = 0; index < archive.entry_count(); ++index) {
    TRY_ASSIGN(report::ZipEntry entry, archive.entry(index));
    const std::string& name = entry.name;
    if (name.ends_with('/')) {
      continue; // a directory entry is not a part
    }
    if (is_unsafe_entry_name(name)) {
      return package_error(origin, "unsafe entry name '" + name + "'");
    }
    if (!seen.insert(folded_part_name(name)).second) {
      return package_error(origin, "duplicate part name '" + name + "'");
    }
    total += entry.declared_size;
    if (entry.declared_size > limits.max_part_bytes || total > limits.max_total_bytes) {
      return package_error(origin, "uncompressed size exceeds the limit (entry '" + name + "')");
    }
    // Digested in the inflate pass, for Manifest references that digest a part's bytes as they are
    // (signature_verifier.cpp); a relationships part's digest names its bytes for the cache of
    // references xmlsec verified (sign/reference_cache.hpp), its signed digest being taken after the
    // RelationshipTransform. Only parts a signature must cover (sign/coverage.hpp): the signature
    // parts and [Content_Types].xml are not in a valid Manifest, and a Manifest that names one anyway
    // is checked by xmlsec, as any reference without a digest here.
    std::optional<Sha256Stream> digest;
    if (must_be_signed(name)) {
      digest.emplace();
    }
    TRY_ASSIGN(std::string bytes, archive.read(entry, digest ? &*digest : nullptr));
    package.m_as_read.push_back({name, digest ? digest->finish_hex() : std::string(), entry.crc});
    package.m_entries.emplace_back(std::move(entry.name), std::move(bytes)); // names are unique (checked above)
  }
  return package;
}

Result<Package> read_package(const std::string& path, const PackageLimits& limits) {
  TRY_ASSIGN(std::string bytes, read_file(path));
  return parse_package(bytes, path, limits);
}

namespace {

// The zip a package was read from, opened read-only, to copy its unchanged entries compressed.
class OriginalZip {
public:
  explicit OriginalZip(std::string_view bytes) {
    if (bytes.empty()) {
      return;
    }
    zip_error_t error;
    zip_error_init(&error);
    ZipSourcePtr source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
    if (source) {
      m_archive.reset(zip_open_from_source(source.get(), ZIP_RDONLY, &error));
      if (m_archive) {
        source.release(); // the archive owns it now
      }
    }
    zip_error_fini(&error);
  }

  // The entry holding `name` exactly as the package read it (same CRC-32 and size), if any.
  std::optional<zip_uint64_t> same_entry(const Package& package, const std::string& name, size_t size) const {
    std::optional<std::uint32_t> crc = package.crc_as_read(name);
    if (!m_archive || !crc) {
      return std::nullopt;
    }
    zip_int64_t index = zip_name_locate(m_archive.get(), name.c_str(), 0); // as parse_package named it
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (index < 0 || zip_stat_index(m_archive.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
        (stat.valid & (ZIP_STAT_CRC | ZIP_STAT_SIZE)) != (ZIP_STAT_CRC | ZIP_STAT_SIZE) || stat.crc != *crc ||
        stat.size != size) {
      return std::nullopt;
    }
    return static_cast<zip_uint64_t>(index);
  }

  zip_t* archive() const { return m_archive.get(); }

private:
  ZipPtr m_archive;
};

} // namespace

Result<std::string> serialize_package(const Package& package, std::string_view read_from) {
  OriginalZip original(read_from); // outlives the target's zip_close, which reads from it
  zip_error_t error;
  zip_error_init(&error);
  ZipSourcePtr target(zip_source_buffer_create(nullptr, 0, 0, &error));
  zip_error_fini(&error);
  if (!target) {
    return internal_error("package.zip", "libzip cannot create an output buffer");
  }
  zip_error_init(&error);
  ZipPtr archive(zip_open_from_source(target.get(), ZIP_TRUNCATE, &error));
  zip_error_fini(&error);
  if (!archive) {
    return internal_error("package.zip", "libzip cannot open the output buffer");
  }
  zip_source_keep(target.get()); // we read the bytes back after zip_close
  // [Content_Types].xml first, as office suites write it (some readers stream the zip).
  std::vector<std::string> order = package.names();
  std::stable_partition(order.begin(), order.end(),
                        [](const std::string& name) { return name == "[Content_Types].xml"; });
  for (const std::string& name : order) {
    const std::string* bytes = package.find(name);
    std::optional<zip_uint64_t> same = original.same_entry(package, name, bytes->size());
    // start 0 and length -1: libzip copies the entry's compressed data as it is (zip_source_zip(3)).
    zip_source_t* entry = same ? zip_source_zip(archive.get(), original.archive(), *same, 0, 0, -1)
                               : zip_source_buffer(archive.get(), bytes->data(), bytes->size(), 0);
    if (entry == nullptr || zip_file_add(archive.get(), name.c_str(), entry, ZIP_FL_ENC_UTF_8) < 0) {
      if (entry != nullptr) {
        zip_source_free(entry);
      }
      return internal_error("package.zip", "cannot add '" + name + "': " + zip_strerror(archive.get()));
    }
  }
  if (zip_close(archive.get()) != 0) {
    return internal_error("package.zip", std::string("cannot finish the zip: ") + zip_strerror(archive.get()));
  }
  archive.release(); // zip_close freed it

  if (zip_source_open(target.get()) != 0) {
    return internal_error("package.zip", "cannot reopen the output buffer");
  }
  zip_source_seek(target.get(), 0, SEEK_END);
  zip_int64_t size = zip_source_tell(target.get());
  zip_source_seek(target.get(), 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(std::max<zip_int64_t>(size, 0)), '\0');
  zip_int64_t read = zip_source_read(target.get(), bytes.data(), bytes.size());
  zip_source_close(target.get());
  if (size < 0 || read != size) {
    return internal_error("package.zip", "cannot read back the written zip");
  }
  return bytes;
}

Status write_package(const std::string& path, const Package& package) {
  TRY_ASSIGN(std::string bytes, serialize_package(package));
  return write_file_atomically(path, bytes);
}

} // namespace klarmeld::sign
