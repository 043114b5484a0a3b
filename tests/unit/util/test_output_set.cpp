#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../support/temporary_directory.hpp"
#include "util/digest.hpp"
#include "util/file_lock.hpp"
#include "util/files.hpp"
#include "util/output_set.hpp"
#include "util/temporary_file.hpp"

using namespace klarmeld;
namespace fs = std::filesystem;

namespace {

using ScratchFolder = test::TemporaryDirectory;

std::string content_of(const std::string& path) {
  auto content = read_file(path);
  REQUIRE(content.ok());
  return *content;
}

} // namespace

TEST_SUITE("util::temporary_file") {
  TEST_CASE("temporaries beside one target get distinct hidden names and vanish unless committed") {
    ScratchFolder folder;
    std::string target = folder / "klarmelding.xlsx";
    auto first = TemporaryFile::beside(target);
    auto second = TemporaryFile::beside(target);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first->path() != second->path());
    CHECK(fs::path(first->path()).parent_path() == fs::path(folder.path()));
    CHECK(fs::path(first->path()).filename().string().starts_with(".klarmelding.xlsx."));
    CHECK_FALSE(first->path().ends_with(".part"));
    CHECK_FALSE(first->path().ends_with(".xlsx"));
    std::string first_path = first->path();
    { auto dropped = std::move(*first); }
    CHECK_FALSE(fs::exists(first_path));
    REQUIRE(second->write("bytes").ok());
    REQUIRE(second->sync().ok());
    REQUIRE(second->commit().ok());
    CHECK(content_of(target) == "bytes");
  }

  TEST_CASE("concurrent atomic writes of one path leave one writer's whole content and no temporaries") {
    ScratchFolder folder;
    std::string target = folder / "result.json";
    std::vector<std::thread> writers;
    for (int i = 0; i < 8; ++i) {
      writers.emplace_back([&target, i] {
        for (int round = 0; round < 20; ++round) {
          std::string body(4096 + i, static_cast<char>('a' + i));
          CHECK(write_file_atomically(target, body).ok());
        }
      });
    }
    for (auto& writer : writers) {
      writer.join();
    }
    std::string final_content = content_of(target);
    REQUIRE_FALSE(final_content.empty());
    int i = final_content[0] - 'a';
    CHECK(final_content == std::string(4096 + i, static_cast<char>('a' + i)));
    CHECK(folder.names() == std::set<std::string>{"result.json"});
  }
}

TEST_SUITE("util::output_set") {
  // The state a kill -9 leaves at three moments after the journal was written: right after it, after the
  // old .p7s went and the workbook was renamed, and after every rename but before the journal went.
  // Finishing must end, each time, with the new workbook beside the new .p7s and no journal.
  TEST_CASE("a journal a killed commit left is finished: the new set whole, whatever was done") {
    for (int renamed = 0; renamed <= 2; ++renamed) {
      CAPTURE(renamed);
      ScratchFolder folder;
      std::string workbook = fs::absolute(folder / "k.xlsx").string();
      std::string p7s = workbook + ".p7s";
      std::string new_workbook = folder / ".k.xlsx.AAAAAA";
      std::string new_p7s = folder / ".k.xlsx.p7s.BBBBBB";
      REQUIRE(write_file_atomically(workbook, "old workbook").ok());
      REQUIRE(write_file_atomically(p7s, "old signature").ok());
      REQUIRE(write_file_atomically(new_workbook, "new workbook").ok());
      REQUIRE(write_file_atomically(new_p7s, "new signature").ok());
      new_workbook = fs::absolute(new_workbook).string();
      new_p7s = fs::absolute(new_p7s).string();
      REQUIRE(write_file_atomically(OutputSet::journal_path(workbook),
                                    "{\"remove\":[\"" + p7s + "\"],\"rename\":[[\"" + new_workbook + "\",\"" +
                                        workbook + "\"],[\"" + new_p7s + "\",\"" + p7s + "\"]],\"vouching_from\":1}")
                  .ok());
      if (renamed >= 1) {
        fs::remove(p7s);
        fs::rename(new_workbook, workbook);
      }
      if (renamed >= 2) {
        fs::rename(new_p7s, p7s);
      }
      auto finished = OutputSet::finish_pending(workbook);
      REQUIRE(finished.ok());
      CHECK(*finished);
      CHECK(content_of(workbook) == "new workbook");
      CHECK(content_of(p7s) == "new signature");
      CHECK_FALSE(fs::exists(OutputSet::journal_path(workbook)));
      CHECK_FALSE(fs::exists(new_workbook));
      CHECK_FALSE(fs::exists(new_p7s));
      auto again = OutputSet::finish_pending(workbook);
      REQUIRE(again.ok());
      CHECK_FALSE(*again);
    }
  }

  TEST_CASE("a set that vouches for a file as read refuses to commit once that file changed") {
    ScratchFolder folder;
    std::string workbook = folder / "k.xlsx";
    REQUIRE(write_file_atomically(workbook, "vendor's bytes").ok());
    OutputSet set(workbook);
    set.require_unchanged(workbook, sha256_hex("vendor's bytes"));
    REQUIRE(set.add(workbook + ".countersign.p7s", OutputRole::Vouching, "countersignature").ok());
    REQUIRE(write_file_atomically(workbook, "a new check's bytes").ok());
    auto committed = set.commit();
    REQUIRE_FALSE(committed.ok());
    CHECK(committed.error().code == "file.changed");
    CHECK_FALSE(fs::exists(workbook + ".countersign.p7s"));

    OutputSet unchanged(workbook);
    unchanged.require_unchanged(workbook, sha256_hex("a new check's bytes"));
    REQUIRE(unchanged.add(workbook + ".countersign.p7s", OutputRole::Vouching, "countersignature").ok());
    REQUIRE(unchanged.commit().ok());
    CHECK(content_of(workbook + ".countersign.p7s") == "countersignature");
  }

  TEST_CASE("a committed set replaces every file and removes the stale signature") {
    ScratchFolder folder;
    std::string workbook = folder / "k.xlsx";
    REQUIRE(write_file_atomically(workbook, "old workbook").ok());
    REQUIRE(write_file_atomically(workbook + ".p7s", "old signature").ok());
    REQUIRE(write_file_atomically(workbook + ".intoto.json", "old attestation").ok());
    OutputSet set(workbook);
    REQUIRE(set.add(workbook, OutputRole::Primary, "new workbook").ok());
    REQUIRE(set.add(folder / "r.json", OutputRole::Companion, "new json").ok());
    REQUIRE(set.add(workbook + ".p7s", OutputRole::Vouching, "new signature").ok());
    set.remove_stale(workbook + ".intoto.json"); // this run writes no attestation
    auto written = set.commit();
    REQUIRE(written.ok());
    CHECK(*written == std::vector<std::string>{workbook, folder / "r.json", workbook + ".p7s"});
    CHECK(content_of(workbook) == "new workbook");
    CHECK(content_of(workbook + ".p7s") == "new signature");
    CHECK_FALSE(fs::exists(workbook + ".intoto.json"));
    // Only the outputs and the (hidden, empty) lock file remain: no temporaries.
    CHECK(folder.names() == std::set<std::string>{"k.xlsx", "k.xlsx.p7s", "r.json", ".k.xlsx.lock"});
  }

  TEST_CASE("a set dropped before commit leaves the old files byte for byte and no temporaries") {
    ScratchFolder folder;
    std::string workbook = folder / "k.xlsx";
    REQUIRE(write_file_atomically(workbook, "old workbook").ok());
    REQUIRE(write_file_atomically(workbook + ".p7s", "old signature").ok());
    {
      OutputSet set(workbook);
      REQUIRE(set.add(workbook, OutputRole::Primary, "new workbook").ok());
      REQUIRE(set.add(workbook + ".p7s", OutputRole::Vouching, "new signature").ok());
      CHECK(folder.names().size() == 4);
    }
    CHECK(content_of(workbook) == "old workbook");
    CHECK(content_of(workbook + ".p7s") == "old signature");
    CHECK(folder.names() == std::set<std::string>{"k.xlsx", "k.xlsx.p7s"});
  }

  TEST_CASE("the lock is exclusive: a second taker without waiting is told the outputs are in use") {
    ScratchFolder folder;
    std::string lock_path = OutputSet::lock_path(folder / "k.xlsx");
    auto held = FileLock::acquire(lock_path, true);
    REQUIRE(held.ok());
    auto second = FileLock::acquire(lock_path, false);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == "file.in-use");
    CHECK(second.error().message.find("in use") != std::string::npos);
    { auto released = std::move(*held); }
    CHECK(FileLock::acquire(lock_path, false).ok());
  }
}
