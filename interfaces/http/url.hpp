// The parts of an endpoint URL the probes and the reachability pre-flight need (host and port to
// connect to, the user for SFTP, the path). One parser for the project: libcurl's URL API (CURLU),
// the same code that later parses the URL for the request.
#pragma once

#include <string>

#include "util/result.hpp"

namespace klarmeld::http {

struct Url {
  std::string scheme; // lowercase: https, http, sftp
  std::string user;   // the userinfo's user name as written (sftp://user@host/), empty when absent
  std::string host;   // ready for connect: IPv6 literals without brackets (zone as "%zone")
  int port = 0;       // explicit or the scheme's default (https 443, http 80, sftp/ssh 22)
  std::string path;   // "/" when absent; the query and fragment follow it as written
};

// Input error url.invalid when the text is not an absolute URL with a host and a usable port.
Result<Url> parse_url(const std::string& text);
bool is_ip_address(const std::string& host);

} // namespace klarmeld::http
