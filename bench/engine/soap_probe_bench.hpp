// Benchmark 2: CPU per signed SOAP probe, in-process, no network — build and sign the OIOIDWS request
// (klarmeld's client side), verify it as the fixture's service does (parse, timestamp, assertion,
// holder-of-key signature incl. the STR-Transform reference), and parse the answer as soap.call does.
#pragma once

#include "fixtures/src/pki.hpp"
#include "util/result.hpp"

namespace klarmeld::bench {

// Prints the medians; returns the median total per probe in ms.
Result<double> run_soap_probe_bench(const fixtures::TestPki& pki, int iterations);

} // namespace klarmeld::bench
