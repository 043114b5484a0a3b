// The ZIP reader's checks on what a part inflates to: its CRC-32, its declared size (binding or not)
// and damaged deflate data. Archives are written with libzip and then tampered with byte by byte, the
// local header and the central directory alike, so libzip's consistency check (ZIP_CHECKCONS) lets
// them through and the reader's own checks are what stands.
#include <doctest/doctest.h>

#include <zip.h>

#include <cstring>
#include <memory>

#include "report/zip_reader.hpp"
#include "util/digest.hpp"

using namespace klarmeld;
using namespace klarmeld::report;

namespace {

// The fault itself as the error code, so a test names the check that fired.
Error fault_code(ZipFault fault, const std::string& /*archive*/, const std::string& /*entry*/,
                 const std::string& detail, const ZipLimits& /*limits*/) {
  return input_error("fault." + std::to_string(static_cast<int>(fault)), detail);
}
std::string code_of(ZipFault fault) {
  return "fault." + std::to_string(static_cast<int>(fault));
}

struct SourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};

// One entry "xl/part.xml", deflated unless `stored`.
std::string one_entry_zip(const std::string& content, bool stored = false) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> target(zip_source_buffer_create(nullptr, 0, 0, &error));
  REQUIRE(target);
  zip_t* archive = zip_open_from_source(target.get(), ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  zip_source_keep(target.get());
  zip_source_t* entry = zip_source_buffer(archive, content.data(), content.size(), 0);
  zip_int64_t index = zip_file_add(archive, "xl/part.xml", entry, ZIP_FL_ENC_UTF_8);
  REQUIRE(index == 0);
  REQUIRE(zip_set_file_compression(archive, 0, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0);
  REQUIRE(zip_close(archive) == 0);
  REQUIRE(zip_source_open(target.get()) == 0);
  zip_source_seek(target.get(), 0, SEEK_END);
  zip_int64_t size = zip_source_tell(target.get());
  zip_source_seek(target.get(), 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  REQUIRE(zip_source_read(target.get(), bytes.data(), bytes.size()) == size);
  zip_source_close(target.get());
  zip_error_fini(&error);
  return bytes;
}

std::uint32_t read32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  }
  return value;
}
void write32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) {
    bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

// Offsets of the one entry's fields (APPNOTE.TXT §4.3.7 local header, §4.3.12 central directory; the
// end record's offset of the central directory at +16, §4.3.16). libzip writes no data descriptor.
struct Layout {
  std::size_t local = 0;
  std::size_t central = 0;
  std::size_t data = 0;
};
Layout layout_of(const std::string& zip) {
  Layout layout;
  std::size_t end_record = zip.size() - 22;
  REQUIRE(read32(zip, end_record) == 0x06054b50u);
  layout.central = read32(zip, end_record + 16);
  REQUIRE(read32(zip, layout.central) == 0x02014b50u);
  layout.local = read32(zip, layout.central + 42);
  std::size_t name = static_cast<unsigned char>(zip[layout.local + 26]) |
                     (static_cast<std::size_t>(static_cast<unsigned char>(zip[layout.local + 27])) << 8);
  std::size_t extra = static_cast<unsigned char>(zip[layout.local + 28]) |
                      (static_cast<std::size_t>(static_cast<unsigned char>(zip[layout.local + 29])) << 8);
  layout.data = layout.local + 30 + name + extra;
  return layout;
}

// Sets a field in both headers, so they still agree: crc at +14/+16, uncompressed size at +22/+24.
enum class Field : std::size_t { Crc = 14, Size = 22 };
std::string with_field(std::string zip, Field field, std::uint32_t value) {
  Layout layout = layout_of(zip);
  auto local = static_cast<std::size_t>(field);
  write32(zip, layout.local + local, value);
  write32(zip, layout.central + local + 2, value);
  return zip;
}

std::string sample_content() {
  std::string content;
  for (int row = 0; content.size() < 200'000; ++row) {
    content += "<row r=\"" + std::to_string(row) + "\"><c t=\"s\"><v>" + std::to_string(row % 97) + "</v></c></row>\n";
  }
  return content;
}

Result<std::string> read_part(const std::string& zip, bool exact, std::size_t cap = 32u << 20,
                              Sha256Stream* digest = nullptr) {
  ZipLimits limits;
  limits.exact_declared_size = exact;
  limits.max_part_bytes = cap;
  TRY_ASSIGN(ZipReader reader, ZipReader::open(zip, "test.zip", limits, fault_code));
  TRY_ASSIGN(ZipEntry entry, reader.entry(0));
  return reader.read(entry, digest);
}

} // namespace

TEST_SUITE("report::zip_reader") {
  TEST_CASE("a deflated part inflates whole, with its SHA-256 taken on the way") {
    std::string content = sample_content();
    std::string zip = one_entry_zip(content);
    for (bool exact : {true, false}) {
      Sha256Stream digest;
      auto part = read_part(zip, exact, 32u << 20, &digest);
      REQUIRE(part.ok());
      CHECK(*part == content);
      CHECK(digest.finish_hex() == sha256_hex(content));
    }
    auto stored = read_part(one_entry_zip(content, true), true);
    REQUIRE(stored.ok());
    CHECK(*stored == content);
  }

  TEST_CASE("a part declared beyond 8 MiB streams: no buffer of that size before its bytes arrive") {
    std::string content = sample_content();
    while (content.size() < (9u << 20)) {
      content += content;
    }
    std::string zip = one_entry_zip(content);
    for (bool exact : {true, false}) {
      Sha256Stream digest;
      auto part = read_part(zip, exact, 32u << 20, &digest);
      REQUIRE(part.ok());
      CHECK(part->size() == content.size());
      CHECK(digest.finish_hex() == sha256_hex(content));
    }
    // A small part claiming 30 MB: refused when the declaration binds, read as it is otherwise.
    std::string small = sample_content();
    std::string overstated = with_field(one_entry_zip(small), Field::Size, 30u << 20);
    auto binding = read_part(overstated, true);
    REQUIRE_FALSE(binding.ok());
    CHECK(binding.error().code == code_of(ZipFault::ShorterThanDeclared));
    auto counted = read_part(overstated, false);
    REQUIRE(counted.ok());
    CHECK(*counted == small);
  }

  TEST_CASE("a CRC-32 that does not match the inflated bytes is refused") {
    std::string content = sample_content();
    std::string zip = one_entry_zip(content);
    std::string tampered = with_field(zip, Field::Crc, read32(zip, layout_of(zip).local + 14) ^ 1u);
    for (bool exact : {true, false}) {
      auto part = read_part(tampered, exact);
      REQUIRE_FALSE(part.ok());
      CHECK(part.error().code == code_of(ZipFault::CannotRead));
    }
  }

  TEST_CASE("damaged deflate data is refused") {
    std::string zip = one_entry_zip(sample_content());
    Layout layout = layout_of(zip);
    // Overwrite the start of the deflate stream: the block header becomes the reserved type 3.
    std::memset(zip.data() + layout.data, 0xff, 16);
    for (bool exact : {true, false}) {
      auto part = read_part(zip, exact);
      REQUIRE_FALSE(part.ok());
      CHECK(part.error().code == code_of(ZipFault::CannotRead));
    }
  }

  TEST_CASE("a declared size below what the part inflates to: refused when binding, else read on") {
    std::string content = sample_content();
    std::string understated = with_field(one_entry_zip(content), Field::Size, 1000);
    auto binding = read_part(understated, true);
    REQUIRE_FALSE(binding.ok());
    CHECK(binding.error().code == code_of(ZipFault::TooLarge));
    auto counted = read_part(understated, false);
    REQUIRE(counted.ok());
    CHECK(*counted == content);
    // Not binding, the cap still counts what actually inflates (a zip bomb lies about its size).
    auto capped = read_part(understated, false, 100'000);
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().code == code_of(ZipFault::TooLarge));
  }

  TEST_CASE("a declared size above what the part inflates to: refused when binding, else read") {
    std::string content = sample_content();
    std::string overstated =
        with_field(one_entry_zip(content), Field::Size, static_cast<std::uint32_t>(content.size() + 10));
    auto binding = read_part(overstated, true);
    REQUIRE_FALSE(binding.ok());
    CHECK(binding.error().code == code_of(ZipFault::ShorterThanDeclared));
    auto counted = read_part(overstated, false);
    REQUIRE(counted.ok());
    CHECK(*counted == content);
  }
}
