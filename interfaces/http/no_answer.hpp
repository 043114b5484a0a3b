// One wording for a server that took the TCP connection but never finished its handshake — silent,
// or feeding a byte now and then — used by every probe alike (the OpenSSL handshake of the tls
// probe, the libcurl client of the HTTP probes, SFTP): "no TLS answer within 5 s". Such a server
// decides nothing about the vendor, so every caller files it as Ikke testet.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace klarmeld::http {

// "no <protocol> answer within <seconds> s"; whole seconds when the bound is whole, else tenths.
std::string no_answer_within(std::string_view protocol, std::chrono::milliseconds bound);

} // namespace klarmeld::http
