// read_readiness_workbook_parts: the content read from parts another step already inflated (aggregate
// hands over the parts signature verification inflated). Same answer as inflating here, same caps,
// same error codes.
#include <doctest/doctest.h>

#include <map>

#include "report/workbook_reader.hpp"
#include "report/xlsx_writer.hpp"
#include "report/zip_reader.hpp"
#include "sample_assessment.hpp"
#include "util/files.hpp"

using namespace klarmeld;
using namespace klarmeld::report;
using namespace klarmeld::report_test;

namespace {

struct Inflated {
  std::string bytes;
  std::map<std::string, std::string, std::less<>> parts;

  InflatedParts lookup() const {
    return [this](std::string_view name) -> const std::string* {
      auto found = parts.find(name);
      return found == parts.end() ? nullptr : &found->second;
    };
  }
};

Inflated inflate_sample(const TempDir& dir) {
  std::string path = dir.file("parts.xlsx");
  REQUIRE(write_readiness_workbook(sample_assessment(), path, Language::Danish).ok());
  Inflated inflated;
  auto bytes = read_file(path);
  REQUIRE(bytes.ok());
  inflated.bytes = *bytes;
  auto zip = ZipReader::open(inflated.bytes, path);
  REQUIRE(zip.ok());
  for (std::uint64_t index = 0; index < zip->entry_count(); ++index) {
    auto entry = zip->entry(index);
    REQUIRE(entry.ok());
    auto content = zip->read(*entry);
    REQUIRE(content.ok());
    inflated.parts.emplace(entry->name, *content);
  }
  return inflated;
}

} // namespace

TEST_SUITE("report::workbook_reader") {
  TEST_CASE("workbook parts: the same summary as reading the archive") {
    TempDir dir;
    Inflated inflated = inflate_sample(dir);
    auto from_archive = read_readiness_workbook_bytes(inflated.bytes, "parts.xlsx");
    auto from_parts = read_readiness_workbook_parts(inflated.bytes, inflated.lookup(), "parts.xlsx");
    REQUIRE(from_archive.ok());
    REQUIRE(from_parts.ok());
    CHECK(from_parts->vendor_name == from_archive->vendor_name);
    CHECK(from_parts->municipality_name == from_archive->municipality_name);
    CHECK(from_parts->sheet_names == from_archive->sheet_names);
    REQUIRE(from_parts->interfaces.size() == from_archive->interfaces.size());
    CHECK(from_parts->interfaces.front().klarmeldt == from_archive->interfaces.front().klarmeldt);
    REQUIRE(from_parts->criteria.size() == 8);
    CHECK(from_parts->criteria.back().reason == from_archive->criteria.back().reason);
  }

  TEST_CASE("workbook parts: a missing part and an oversized part are the archive path's errors") {
    TempDir dir;
    Inflated inflated = inflate_sample(dir);
    Inflated without = inflated;
    without.parts.erase("xl/workbook.xml");
    auto missing = read_readiness_workbook_parts(without.bytes, without.lookup(), "parts.xlsx");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "workbook.missing-part");
    CHECK(missing.error().message.find("xl/workbook.xml") != std::string::npos);

    WorkbookReadLimits limits;
    limits.max_part_bytes = 512; // the overview and documentation sheets are larger
    auto large = read_readiness_workbook_parts(inflated.bytes, inflated.lookup(), "parts.xlsx", limits);
    REQUIRE_FALSE(large.ok());
    CHECK(large.error().code == "workbook.too-large");

    limits = WorkbookReadLimits{};
    limits.max_file_bytes = 100;
    auto file = read_readiness_workbook_parts(inflated.bytes, inflated.lookup(), "parts.xlsx", limits);
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().code == "workbook.too-large");
  }
}
