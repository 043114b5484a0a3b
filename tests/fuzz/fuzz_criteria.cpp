// libFuzzer target: the criteria catalog loader on one interface file (SF1500.yaml) of a catalog
// whose other files are valid. Every input must give a catalog or an Error — never a crash.
#include <cstdint>
#include <filesystem>
#include <string>

#include "criteria/model/loader.hpp"
#include "fuzz_support.hpp"

namespace {

// A catalog of one interface when the loader accepts that (fast); the whole shipped catalog otherwise.
std::string prepare_catalog() {
  namespace fs = std::filesystem;
  const std::string dir = klarmeld::fuzz::scratch_directory() + "/criteria";
  const std::string shipped = KLARMELD_SOURCE_DIR "/criteria";
  fs::create_directories(dir);
  klarmeld::fuzz::write_bytes(dir + "/catalog.yaml",
                              "identity: \"klarmeld fuzz\"\nversion: \"1.0.0\"\norder: [SF1500]\n");
  fs::copy_file(shipped + "/SF1500.yaml", dir + "/SF1500.yaml", fs::copy_options::overwrite_existing);
  if (klarmeld::criteria::load_catalog(dir).ok()) {
    return dir;
  }
  fs::remove_all(dir);
  fs::copy(shipped, dir, fs::copy_options::recursive);
  return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string dir = prepare_catalog();
  klarmeld::fuzz::write_bytes(dir + "/SF1500.yaml", klarmeld::fuzz::as_text(data, size));
  auto catalog = klarmeld::criteria::load_catalog(dir);
  if (!catalog.ok()) {
    (void)catalog.error().render(); // the snippet-with-caret rendering must cope with any input too
  }
  return 0;
}
