#include <doctest/doctest.h>

#include <map>

#include <zip.h>

#include "sign/content_types.hpp"
#include "sign/opc_signer.hpp"
#include "sign/package.hpp"
#include "sign/part_names.hpp"
#include "sign/relationships.hpp"
#include "sign_test_support.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"

using namespace klarmeld;
using namespace klarmeld::sign;
using namespace klarmeld::sign::test;

namespace {

// A zip with exactly these entries (names unchecked: that is what the reader must do).
std::string raw_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  TempDir dir;
  std::string path = dir.file("raw.zip");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  }
  zip_close(archive);
  return read_file(path).value();
}

// Each entry's stored (compressed) bytes and compression method, by name, straight from the zip.
std::map<std::string, std::pair<std::string, int>> stored_entries(const std::string& bytes) {
  std::map<std::string, std::pair<std::string, int>> stored;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  REQUIRE(archive != nullptr);
  for (zip_int64_t index = 0; index < zip_get_num_entries(archive, 0); ++index) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat);
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(index), ZIP_FL_COMPRESSED);
    REQUIRE(file != nullptr);
    std::string data(static_cast<size_t>(stat.comp_size), '\0');
    CHECK(zip_fread(file, data.data(), data.size()) == static_cast<zip_int64_t>(data.size()));
    zip_fclose(file);
    stored[stat.name] = {data, stat.comp_method};
  }
  zip_discard(archive);
  return stored;
}

} // namespace

TEST_SUITE("sign::package") {
  TEST_CASE("a workbook survives read → serialize → read byte-for-byte per part") {
    Package original = workbook_package();
    std::string bytes = serialize_package(original).value();
    Package again = parse_package(bytes, "again").value();
    REQUIRE(again.names().size() == original.names().size());
    for (const std::string& name : original.names()) {
      REQUIRE(again.find(name) != nullptr);
      CHECK(*again.find(name) == *original.find(name));
    }
    CHECK(again.names().front() == "[Content_Types].xml");
  }

  TEST_CASE("each part's SHA-256 is taken while inflating, .rels parts too, not for parts put since") {
    // Larger than one inflate chunk, so the digest spans several reads.
    std::string big;
    for (int line = 0; big.size() < 300'000; ++line) {
      big += "<row r=\"" + std::to_string(line) + "\"/>\n";
    }
    Package package =
        parse_package(raw_zip({{"xl/big.xml", big}, {"xl/empty.xml", ""}, {"_rels/.rels", "<Relationships/>"}}),
                      "digests.zip")
            .value();
    REQUIRE(package.sha256_hex("xl/big.xml") != nullptr);
    CHECK(*package.sha256_hex("xl/big.xml") == sha256_hex(big));
    CHECK(*package.find("xl/big.xml") == big);
    REQUIRE(package.sha256_hex("xl/empty.xml") != nullptr);
    CHECK(*package.sha256_hex("xl/empty.xml") == sha256_hex(""));
    // The bytes' digest (the reference cache's key), not the signed one, which follows the transform.
    REQUIRE(package.sha256_hex("_rels/.rels") != nullptr);
    CHECK(*package.sha256_hex("_rels/.rels") == sha256_hex("<Relationships/>"));
    CHECK(package.sha256_hex("XL/BIG.xml") == nullptr); // exact names, as find()
    package.put("xl/big.xml", "changed");
    CHECK(package.sha256_hex("xl/big.xml") == nullptr); // no longer the bytes that were read
  }

  TEST_CASE("parts no signature covers are inflated, not digested") {
    // [Content_Types].xml and the signature parts are in no valid Manifest (sign/coverage.hpp); a
    // Manifest naming one goes through xmlsec like any reference without a digest here.
    Package package = parse_package(raw_zip({{"[Content_Types].xml", "<Types/>"},
                                             {"_xmlsignatures/sig1.xml", "<Signature/>"},
                                             {"_xmlsignatures/_rels/origin.sigs.rels", "<Relationships/>"},
                                             {"xl/workbook.xml", "<workbook/>"}}),
                                    "uncovered.zip")
                          .value();
    CHECK(*package.find("_xmlsignatures/sig1.xml") == "<Signature/>");
    CHECK(*package.find("[Content_Types].xml") == "<Types/>");
    CHECK(package.sha256_hex("[Content_Types].xml") == nullptr);
    CHECK(package.sha256_hex("_xmlsignatures/sig1.xml") == nullptr);
    CHECK(package.sha256_hex("_xmlsignatures/_rels/origin.sigs.rels") == nullptr);
    REQUIRE(package.sha256_hex("xl/workbook.xml") != nullptr);
    CHECK(*package.sha256_hex("xl/workbook.xml") == sha256_hex("<workbook/>"));
  }

  TEST_CASE("entry names that could escape a folder are refused") {
    for (const char* name : {"../evil.xml", "/abs.xml", "a/../../b.xml", "a//b.xml", "a\\b.xml", "./x.xml"}) {
      CAPTURE(name);
      auto parsed = parse_package(raw_zip({{name, "x"}}), "evil.zip");
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().message.find("unsafe entry name") != std::string::npos);
    }
  }

  TEST_CASE("part names differing only in case are duplicates") {
    auto parsed = parse_package(raw_zip({{"xl/a.xml", "1"}, {"XL/A.xml", "2"}}), "dup.zip");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find("duplicate") != std::string::npos);
  }

  TEST_CASE("the size and entry-count caps stop zip bombs") {
    std::string zeros(1 << 20, '\0'); // compresses to ~1 KiB
    std::string bomb = raw_zip({{"a.bin", zeros}, {"b.bin", zeros}});
    CHECK(bomb.size() < 64 * 1024);
    auto total = parse_package(bomb, "bomb.zip", PackageLimits{.max_total_bytes = 1536 * 1024});
    REQUIRE_FALSE(total.ok());
    CHECK(total.error().message.find("exceeds") != std::string::npos);
    auto part = parse_package(bomb, "bomb.zip", PackageLimits{.max_part_bytes = 512 * 1024});
    CHECK_FALSE(part.ok());
    auto count = parse_package(bomb, "bomb.zip", PackageLimits{.max_entries = 1});
    REQUIRE_FALSE(count.ok());
    CHECK(count.error().message.find("too many entries") != std::string::npos);
    CHECK(parse_package(bomb, "bomb.zip").ok());
  }

  TEST_CASE("signing copies the parts it leaves alone compressed as they were, and deflates the rest") {
    std::string unsigned_bytes = workbook_bytes();
    auto signed_workbook = sign_workbook_bytes(unsigned_bytes, pki().vendor_system, SignOptions{});
    REQUIRE(signed_workbook);
    auto before = stored_entries(unsigned_bytes);
    auto after = stored_entries(signed_workbook->workbook);
    Package original = parse_package(unsigned_bytes, "before").value();
    Package signed_package = parse_package(signed_workbook->workbook, "after").value();
    size_t copied = 0;
    for (const auto& entry : before) {
      const std::string& name = entry.first; // not a structured binding: CAPTURE's lambda takes it (clang)
      const auto& stored = entry.second;
      CAPTURE(name);
      REQUIRE(after.contains(name));
      if (*signed_package.find(name) == *original.find(name)) {
        CHECK(after[name] == stored); // the very compressed bytes: not inflated and deflated again
        ++copied;
      } else {
        CHECK(after[name].second == ZIP_CM_DEFLATE); // changed by signing ([Content_Types].xml, _rels/.rels)
      }
    }
    CHECK(copied + 2 == before.size());
    CHECK(after.size() > before.size()); // and the signature's parts added
  }

  TEST_CASE("a part put since reading, or read from other bytes, is deflated from the package's bytes") {
    std::string bytes = workbook_bytes();
    Package package = parse_package(bytes, "workbook").value();
    package.put("xl/styles.xml", "<styleSheet/>");
    // Another zip with the same names: nothing of it may end up in the output unless it holds the very part.
    std::string other = workbook_bytes(1);
    for (const std::string& read_from : {bytes, other}) {
      Package again = parse_package(serialize_package(package, read_from).value(), "again").value();
      for (const std::string& name : package.names()) {
        CAPTURE(name);
        REQUIRE(again.find(name) != nullptr);
        CHECK(*again.find(name) == *package.find(name));
      }
    }
  }

  TEST_CASE("part names fold A-Z alone (ECMA-376-2 §9.1.1.1.2)") {
    CHECK(folded_part_name("/XL/Worksheets/Sheet1.XML") == "/xl/worksheets/sheet1.xml");
    CHECK(same_part_name("xl/_rels/workbook.xml.RELS", "XL/_RELS/WORKBOOK.XML.rels"));
    CHECK_FALSE(same_part_name("xl/Æ.xml", "xl/æ.xml")); // not ASCII: not folded
    CHECK_FALSE(same_part_name("xl/a.xml", "xl/a.xm"));
    CHECK(folded_part_name("@[`{") == "@[`{"); // the neighbours of A–Z stay
  }

  TEST_CASE("not a zip") {
    auto parsed = parse_package("hello", "hello.txt");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find("'hello.txt'") != std::string::npos);
  }

  TEST_CASE("content types: Override wins over Default, case-insensitively") {
    auto types = ContentTypes::parse("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                                     "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                                     "<Override PartName=\"/xl/Workbook.xml\" ContentType=\"main\"/></Types>",
                                     "ct");
    REQUIRE(types.ok());
    CHECK(types->type_of("xl/workbook.xml") == "main");
    CHECK(types->type_of("/docProps/core.XML") == "application/xml");
    CHECK_FALSE(types->type_of("/x.bin").has_value());
  }

  TEST_CASE("relationship parts and targets") {
    CHECK(relationships_part_for("") == "_rels/.rels");
    CHECK(relationships_part_for("/xl/workbook.xml") == "xl/_rels/workbook.xml.rels");
    CHECK(relationships_part_for("_xmlsignatures/origin.sigs") == "_xmlsignatures/_rels/origin.sigs.rels");
    CHECK(resolve_target("xl/workbook.xml", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml");
    CHECK(resolve_target("xl/workbook.xml", "../docProps/app.xml") == "docProps/app.xml");
    CHECK(resolve_target("xl/workbook.xml", "/xl/styles.xml") == "xl/styles.xml");
    CHECK(resolve_target("x.xml", "../../etc/passwd").empty());
  }
}
