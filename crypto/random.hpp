// Randomness from OpenSSL's CSPRNG, in one place: raw bytes, hex tokens, version-4 UUIDs and the
// passwords for PKCS#12 files this tool makes itself (the demo's, the benchmarks'). Each function
// throws std::runtime_error if the generator fails (it never silently hands out predictable bytes).
#pragma once

#include <cstddef>
#include <string>

namespace klarmeld::crypto {

std::string random_bytes(std::size_t count);
std::string random_hex(std::size_t byte_count); // 2 × byte_count lowercase hex digits

// RFC 9562 §5.4 (formerly RFC 4122 §4.4): 122 random bits, version 4 and variant 10 set,
// lowercase 8-4-4-4-12, e.g. "3f1e5a2b-4c6d-4e8f-9a0b-1c2d3e4f5a6b".
std::string random_uuid();

// An alphabet without look-alike characters (no 0/O, 1/l/I); never printed by the callers.
std::string random_password(std::size_t length = 24);

} // namespace klarmeld::crypto
