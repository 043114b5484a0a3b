#include "interfaces/http/url.hpp"

#include <arpa/inet.h>
#include <string_view>

#include "interfaces/http/curl_handles.hpp"

namespace klarmeld::http {
namespace {

// One part of a parsed URL, empty when the URL has none (curl_url_get's CURLUE_NO_* codes).
std::string part(CURLU* url, CURLUPart which, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, which, &text, flags) != CURLUE_OK) {
    return {};
  }
  CurlTextPtr owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

Error invalid(const std::string& text, const std::string& why) {
  return input_error("url.invalid", "'" + text + "' " + why);
}

std::string reason(CURLUcode code) {
  switch (code) {
  case CURLUE_BAD_SCHEME:
  case CURLUE_NO_SCHEME:
    return "is not an absolute URL (scheme://host/…)";
  case CURLUE_BAD_IPV6:
    return "has an invalid IPv6 address";
  case CURLUE_BAD_PORT_NUMBER:
    return "has an invalid port";
  case CURLUE_NO_HOST:
    return "has no host";
  default:
    return std::string("is not a valid URL: ") + curl_url_strerror(code);
  }
}

} // namespace

Result<Url> parse_url(const std::string& text) {
  // libcurl reads "https:///path" as host "path" (browser leniency, RFC 3986 §3.2 says the authority
  // is empty); an endpoint without a host is a mistake in the profile, so say so.
  if (auto scheme_end = text.find("://");
      scheme_end != std::string::npos && text.compare(scheme_end + 3, 1, "/") == 0) {
    return invalid(text, "has no host");
  }
  CurlUrlPtr handle(curl_url());
  if (!handle) {
    return runtime_error("url.handle", "libcurl could not allocate a URL handle");
  }
  // Any scheme parses (sftp and ssh are not libcurl's concern when it was built without them);
  // the callers check the scheme they accept.
  if (CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME);
      code != CURLUE_OK) {
    return invalid(text, reason(code));
  }
  Url url;
  url.scheme = part(handle.get(), CURLUPART_SCHEME); // libcurl lowercases it
  url.user = part(handle.get(), CURLUPART_USER);
  url.host = part(handle.get(), CURLUPART_HOST);
  if (url.host.size() >= 2 && url.host.front() == '[' && url.host.back() == ']') {
    url.host = url.host.substr(1, url.host.size() - 2); // getaddrinfo and SNI take the bare literal
  }
  if (std::string zone = part(handle.get(), CURLUPART_ZONEID); !zone.empty()) {
    url.host += "%" + zone; // RFC 6874 zone, as getaddrinfo reads it
  }
  if (url.host.empty()) {
    return invalid(text, "has no host");
  }
  // CURLU_DEFAULT_PORT gives the scheme's registered port when the URL has none; libcurl knows no
  // ssh:// scheme, whose port is 22 (RFC 4253 §4.1) as for sftp.
  std::string port = part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (port.empty() && url.scheme == "ssh") {
    port = "22";
  }
  url.port = port.empty() ? 0 : std::stoi(port); // digits only: libcurl checked them (≤ 65535)
  if (url.port <= 0) {
    return invalid(text, "has no usable port");
  }
  url.path = part(handle.get(), CURLUPART_PATH);
  if (url.path.empty()) {
    url.path = "/";
  }
  if (std::string query = part(handle.get(), CURLUPART_QUERY); !query.empty()) {
    url.path += "?" + query;
  }
  if (std::string fragment = part(handle.get(), CURLUPART_FRAGMENT); !fragment.empty()) {
    url.path += "#" + fragment;
  }
  return url;
}

bool is_ip_address(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

} // namespace klarmeld::http
