// What counts as weak in a negotiated TLS session (docs/probes.md, "tls").
#pragma once

#include <string>

namespace klarmeld::probes {

// RC4, 3DES/DES, NULL, EXPORT, anonymous key exchange or MD5: never acceptable.
bool is_weak_cipher(const std::string& cipher_name);
// The protocol version just below `version` (to check that the server refuses it); 0 if none.
int version_below(int version);

} // namespace klarmeld::probes
