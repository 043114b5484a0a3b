#include <doctest/doctest.h>

#include "interfaces/http/url.hpp"

using namespace klarmeld;

namespace {

http::Url parsed(const std::string& text) {
  auto url = http::parse_url(text);
  REQUIRE_MESSAGE(url.ok(), text);
  return *url;
}

} // namespace

TEST_SUITE("http::parse_url") {
  TEST_CASE("scheme, host, explicit port and path as the probes use them") {
    http::Url url = parsed("HTTPS://organisation.example.dk:8443/organisation/virksomhed/6/");
    CHECK(url.scheme == "https");
    CHECK(url.host == "organisation.example.dk");
    CHECK(url.port == 8443);
    CHECK(url.path == "/organisation/virksomhed/6/");
    CHECK(url.user.empty());
  }

  TEST_CASE("the scheme's default port: https 443, http 80, sftp and ssh 22") {
    CHECK(parsed("https://sts.example.dk/runtime").port == 443);
    CHECK(parsed("http://entityid.example.dk").port == 80);
    CHECK(parsed("sftp://files.example.dk/upload/").port == 22);
    CHECK(parsed("ssh://files.example.dk/").port == 22);
  }

  TEST_CASE("no path is \"/\"; the query and fragment stay after the path") {
    CHECK(parsed("https://example.dk").path == "/");
    CHECK(parsed("https://example.dk/a?b=1#c").path == "/a?b=1#c");
  }

  TEST_CASE("an IPv6 literal comes without brackets, ready for connect") {
    http::Url url = parsed("https://[::1]:8443/metadata");
    CHECK(url.host == "::1");
    CHECK(url.port == 8443);
    CHECK(http::is_ip_address(url.host));
    CHECK(parsed("sftp://[2001:db8::7]/in/").host == "2001:db8::7");
    CHECK(parsed("sftp://[2001:db8::7]/in/").port == 22);
  }

  TEST_CASE("userinfo: the user is kept for SFTP, never part of the host") {
    http::Url url = parsed("sftp://leverandoer@files.example.dk:2222/upload/");
    CHECK(url.user == "leverandoer");
    CHECK(url.host == "files.example.dk");
    CHECK(url.port == 2222);
    CHECK(url.path == "/upload/");
    CHECK(parsed("https://user:secret@example.dk/").host == "example.dk");
    CHECK(parsed("https://example.dk/a@b").user.empty()); // an '@' in the path is no userinfo
  }

  TEST_CASE("malformed URLs are input errors (url.invalid)") {
    for (const char* text : {"example.dk/path", "://example.dk", "https:///path", "https://[::1/", "https://h:99999/",
                             "https://h:abc/", "https://h:0/", "https://a b/", "unknown://h/"}) {
      auto url = http::parse_url(text);
      CHECK_MESSAGE(!url.ok(), text);
      if (!url) {
        CHECK(url.error().code == "url.invalid");
      }
    }
    CHECK(http::parse_url("example.dk/path").error().message.find("not an absolute URL") != std::string::npos);
    CHECK(http::parse_url("https:///path").error().message.find("has no host") != std::string::npos);
    CHECK(http::parse_url("https://h:abc/").error().message.find("invalid port") != std::string::npos);
  }

  TEST_CASE("is_ip_address: IPv4 and IPv6 literals, not names") {
    CHECK(http::is_ip_address("127.0.0.1"));
    CHECK(http::is_ip_address("::1"));
    CHECK_FALSE(http::is_ip_address("example.dk"));
  }
}
