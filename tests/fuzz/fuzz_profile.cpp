// libFuzzer target: the profile loader (strict YAML, CVR/municipality checks, evidence entries).
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "profile/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = klarmeld::fuzz::scratch_directory() + "/profile.yaml";
  klarmeld::fuzz::write_bytes(path, klarmeld::fuzz::as_text(data, size));
  auto profile = klarmeld::profile::load_profile(path);
  if (!profile.ok()) {
    (void)profile.error().render();
  }
  return 0;
}
