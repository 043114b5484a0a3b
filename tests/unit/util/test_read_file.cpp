#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "util/files.hpp"

using namespace klarmeld;

TEST_SUITE("util::read_file") {
  TEST_CASE("a regular file comes back byte for byte, however large") {
    std::string bytes;
    for (int i = 0; bytes.size() < 200'000; ++i) {
      bytes += static_cast<char>(i % 256); // NULs and high bytes included
    }
    auto path = std::filesystem::temp_directory_path() / "klarmeld-read-file-test.bin";
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    auto read = read_file(path.string());
    std::filesystem::remove(path);
    REQUIRE(read.ok());
    CHECK(read->size() == bytes.size());
    CHECK(*read == bytes);
    auto empty_path = std::filesystem::temp_directory_path() / "klarmeld-read-file-empty.bin";
    std::ofstream(empty_path, std::ios::binary).flush();
    auto empty = read_file(empty_path.string());
    std::filesystem::remove(empty_path);
    REQUIRE(empty.ok());
    CHECK(empty->empty());
  }

  TEST_CASE("a file whose size says nothing (procfs) is read to its end") {
    auto status = read_file("/proc/self/status"); // stat size 0, content generated on reading
    REQUIRE(status.ok());
    CHECK(status->find("Name:") == 0);
    CHECK(status->find("\nPid:") != std::string::npos);
    CHECK_FALSE(read_file("/nonexistent/klarmeld").ok());
    // A directory opens but cannot be read: an error that says so, never an empty "file".
    auto folder = read_file(std::filesystem::temp_directory_path().string());
    REQUIRE_FALSE(folder.ok());
    CHECK(folder.error().message.find("Is a directory") != std::string::npos);
  }
}

TEST_SUITE("util::read_file_if_present") {
  TEST_CASE("absent exactly where std::filesystem::exists says so, else the bytes or an error") {
    namespace fs = std::filesystem;
    fs::path folder = fs::temp_directory_path() / "klarmeld-read-if-present-test";
    fs::remove_all(folder);
    fs::create_directories(folder / "sub");
    std::ofstream(folder / "file.p7s", std::ios::binary) << "bytes";
    fs::create_symlink(folder / "file.p7s", folder / "link.p7s");
    fs::create_symlink(folder / "missing.p7s", folder / "dangling.p7s");
    fs::create_symlink(folder / "loop-b.p7s", folder / "loop-a.p7s");
    fs::create_symlink(folder / "loop-a.p7s", folder / "loop-b.p7s");
    struct Case {
      std::string name;
      bool present;
    };
    const Case cases[] = {
        {"file.p7s", true},        {"link.p7s", true},          {"sub", true},
        {"missing.p7s", false},    {"dangling.p7s", false},     {"loop-a.p7s", false}, // ELOOP: asked of stat
        {"file.p7s/below", false}, {"nowhere/file.p7s", false},
    };
    for (const Case& each : cases) {
      std::string path = (folder / each.name).string();
      CAPTURE(path);
      std::error_code ignored;
      REQUIRE(fs::exists(path, ignored) == each.present);
      auto read = read_file_if_present(path);
      if (!each.present) {
        REQUIRE(read.ok());
        CHECK_FALSE(read->has_value());
      } else if (each.name == "sub") {
        CHECK_FALSE(read.ok()); // there, but a folder cannot be read
      } else {
        REQUIRE(read.ok());
        REQUIRE(read->has_value());
        CHECK(**read == "bytes");
      }
    }
    fs::remove_all(folder);
  }
}
