#include "sign/package.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include <zip.h>

#include "util/files.hpp"

namespace klarmeld::sign {
namespace {

struct ZipDeleter {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDeleter>;
struct ZipFileDeleter {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileDeleter>;
struct ZipSourceDeleter {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using ZipSourcePtr = std::unique_ptr<zip_source_t, ZipSourceDeleter>;

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::string strip_leading_slash(std::string_view name) {
  return std::string(name.starts_with('/') ? name.substr(1) : name);
}

Error package_error(const std::string& origin, const std::string& message) {
  return input_error("package.invalid", "'" + origin + "': " + message);
}

Result<std::string> read_entry(zip_t* archive, zip_uint64_t index, std::uint64_t declared_size, const std::string& name,
                               const std::string& origin, const PackageLimits& limits) {
  ZipFilePtr file(zip_fopen_index(archive, index, 0));
  if (!file) {
    return package_error(origin, "cannot open entry '" + name + "': " + zip_strerror(archive));
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(std::min<std::uint64_t>(declared_size, limits.max_part_bytes)));
  char buffer[64 * 1024];
  while (true) {
    zip_int64_t count = zip_fread(file.get(), buffer, sizeof buffer);
    if (count < 0) {
      return package_error(origin, "cannot read entry '" + name + "' (damaged or encrypted)");
    }
    if (count == 0) {
      break;
    }
    bytes.append(buffer, static_cast<size_t>(count));
    // Never trust the declared size: a crafted header may understate what the stream inflates to.
    if (bytes.size() > declared_size || bytes.size() > limits.max_part_bytes) {
      return package_error(origin, "entry '" + name + "' inflates beyond its declared size or the limit");
    }
  }
  if (bytes.size() != declared_size) {
    return package_error(origin, "entry '" + name + "' is shorter than its declared size");
  }
  return bytes;
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
  std::string wanted_lower = lower(wanted);
  for (const auto& [entry, bytes] : m_entries) {
    if (lower(entry) == wanted_lower) {
      return &bytes;
    }
  }
  return nullptr;
}

void Package::put(std::string name, std::string bytes) {
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
  m_entries.erase(it);
  return true;
}

Result<Package> parse_package(std::string_view zip_bytes, const std::string& origin, const PackageLimits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  ZipSourcePtr source(zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error));
  if (!source) {
    zip_error_fini(&error);
    return internal_error("package.zip", "libzip cannot create a buffer source");
  }
  ZipPtr archive(zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!archive) {
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return package_error(origin, "not a readable zip (OPC) package: " + reason);
  }
  zip_error_fini(&error);
  source.release(); // the archive owns the source now

  zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    return package_error(origin, "too many entries (" + std::to_string(count) + ")");
  }
  Package package;
  std::set<std::string> seen;
  std::uint64_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    auto index = static_cast<zip_uint64_t>(i);
    if (zip_stat_index(archive.get(), index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_NAME) == 0 ||
        (stat.valid & ZIP_STAT_SIZE) == 0) {
      return package_error(origin, "entry " + std::to_string(i) + " has no name or size");
    }
    std::string name = stat.name;
    if (name.ends_with('/')) {
      continue; // a directory entry is not a part
    }
    if (is_unsafe_entry_name(name)) {
      return package_error(origin, "unsafe entry name '" + name + "'");
    }
    if (!seen.insert(lower(name)).second) {
      return package_error(origin, "duplicate part name '" + name + "'");
    }
    total += stat.size;
    if (stat.size > limits.max_part_bytes || total > limits.max_total_bytes) {
      return package_error(origin, "uncompressed size exceeds the limit (entry '" + name + "')");
    }
    TRY_ASSIGN(std::string bytes, read_entry(archive.get(), index, stat.size, name, origin, limits));
    package.put(std::move(name), std::move(bytes));
  }
  return package;
}

Result<Package> read_package(const std::string& path, const PackageLimits& limits) {
  TRY_ASSIGN(std::string bytes, read_file(path));
  return parse_package(bytes, path, limits);
}

Result<std::string> serialize_package(const Package& package) {
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
    zip_source_t* entry = zip_source_buffer(archive.get(), bytes->data(), bytes->size(), 0);
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
