// Benchmark 3: write one full readiness workbook (26 interfaces, the catalog's 123 criteria, synthetic
// verdicts, reasons and facts) and sign it (OPC package signature + detached CAdES) with a TestPki
// identity.
#pragma once

#include "criteria/model/catalog.hpp"
#include "fixtures/src/pki.hpp"
#include "util/result.hpp"

namespace klarmeld::bench {

// Prints the medians; returns the median of write + sign in ms.
Result<double> run_workbook_bench(const criteria::Catalog& catalog, const fixtures::TestPki& pki,
                                  const std::string& directory, int runs);

} // namespace klarmeld::bench
