#include "interfaces/http/url.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>

namespace klarmeld::http {
namespace {

int default_port(const std::string& scheme) {
  if (scheme == "https") {
    return 443;
  }
  if (scheme == "http") {
    return 80;
  }
  if (scheme == "sftp" || scheme == "ssh") {
    return 22;
  }
  return 0;
}

} // namespace

Result<Url> parse_url(const std::string& text) {
  auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos || scheme_end == 0) {
    return input_error("url.invalid", "'" + text + "' is not an absolute URL (scheme://host/…)");
  }
  Url url;
  url.scheme = text.substr(0, scheme_end);
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t authority_begin = scheme_end + 3;
  size_t path_begin = text.find_first_of("/?#", authority_begin);
  std::string authority =
      text.substr(authority_begin, path_begin == std::string::npos ? std::string::npos : path_begin - authority_begin);
  url.path = path_begin == std::string::npos ? "/" : text.substr(path_begin);
  if (auto at = authority.rfind('@'); at != std::string::npos) {
    authority = authority.substr(at + 1); // user info is never used for probing
  }
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) {
      return input_error("url.invalid", "'" + text + "': unterminated IPv6 address");
    }
    url.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      port_text = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    url.host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  } else {
    url.host = authority;
  }
  if (url.host.empty()) {
    return input_error("url.invalid", "'" + text + "' has no host");
  }
  if (!port_text.empty()) {
    if (port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
      return input_error("url.invalid", "'" + text + "' has an invalid port");
    }
    url.port = std::stoi(port_text);
  } else {
    url.port = default_port(url.scheme);
  }
  if (url.port <= 0 || url.port > 65535) {
    return input_error("url.invalid", "'" + text + "' has no usable port");
  }
  return url;
}

bool is_ip_address(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

} // namespace klarmeld::http
