// libFuzzer target: the readiness-workbook reader used by aggregate, diff and verify (zip + XML).
#include <cstdint>

#include "fuzz_support.hpp"
#include "report/workbook_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto summary = klarmeld::report::read_readiness_workbook_bytes(klarmeld::fuzz::as_text(data, size), "fuzz.xlsx");
  if (!summary.ok()) {
    (void)summary.error().render();
  }
  return 0;
}
