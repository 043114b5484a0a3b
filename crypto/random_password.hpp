// Passwords for PKCS#12 files this tool makes itself (the demo's, the benchmarks'): random, from
// OpenSSL's CSPRNG, in an alphabet without look-alike characters. Never printed by the callers.
#pragma once

#include <cstddef>
#include <string>

namespace klarmeld::crypto {

std::string random_password(std::size_t length = 24);

} // namespace klarmeld::crypto
