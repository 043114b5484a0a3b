// The parts of an endpoint URL the probes need (host and port for TLS/SFTP, origin for messages).
#pragma once

#include <string>

#include "util/result.hpp"

namespace klarmeld::http {

struct Url {
  std::string scheme; // lowercase: https, http, sftp
  std::string host;   // without brackets for IPv6
  int port = 0;       // explicit or the scheme's default
  std::string path;   // from the first '/', "/" when absent (query included)
};

Result<Url> parse_url(const std::string& text);
bool is_ip_address(const std::string& host);

} // namespace klarmeld::http
