// How fast this machine is at the moment, in a unit the rollout spends much of its CPU on: one
// RSA-2048 signature (the simulated STS signs two per token, the client one per request). The VM's
// speed moves by ±15 % and more between quarters of an hour (docs/performance.md §6), so a rollout
// figure is printed with the yardstick taken just before and just after it: a slow run on a slow
// minute is the machine, a slow run on a fast minute is the code.
#pragma once

#include "util/result.hpp"

namespace klarmeld::bench {

// CPU milliseconds of this thread per RSA-2048 SHA-256 signature, over `signatures` of them with a
// key made for the purpose (neither the key's generation nor a few first signatures are counted).
Result<double> rsa_signature_cpu_ms(int signatures = 500);

} // namespace klarmeld::bench
