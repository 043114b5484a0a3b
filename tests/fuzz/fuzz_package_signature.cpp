// libFuzzer target: OPC package-signature verification (zip, [Content_Types].xml, relationships,
// XML-DSig with manifests) of an untrusted file against a trust anchor.
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "sign/verifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<klarmeld::crypto::X509Ptr> anchors = [] {
    std::vector<klarmeld::crypto::X509Ptr> list;
    list.push_back(klarmeld::fuzz::self_signed_certificate());
    return list;
  }();
  auto report = klarmeld::sign::verify_package_bytes(klarmeld::fuzz::as_text(data, size), "fuzz.xlsx", anchors);
  (void)report;
  return 0;
}
