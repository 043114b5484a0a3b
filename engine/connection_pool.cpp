#include "engine/connection_pool.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "interfaces/http/host_limiter.hpp"
#include "interfaces/http/url.hpp"

namespace klarmeld::engine {
namespace {

void add_http_host(std::set<std::string>& hosts, const std::string& text) {
  Result<http::Url> url = http::parse_url(text);
  if (url && (url->scheme == "http" || url->scheme == "https")) {
    hosts.insert(http::host_key(*url));
  }
}

} // namespace

// Why not the concurrency alone (as before session 10): a run talks to several hosts at once (seven
// in the simulator's rollout), and at libcurl's total limit a request to one host makes libcurl close
// another host's idle connection to open its own (url.c, "cache is full, closing the oldest one").
// At 98 municipalities that was 1,420 TLS connections for 2,329 requests, each a new SSL_CTX and
// handshake on both sides (docs/performance.md §6, session 10).
long connection_pool_size(const profile::Environment& environment, int per_host, int concurrency) {
  std::set<std::string> hosts;
  add_http_host(hosts, environment.sts_url);
  add_http_host(hosts, environment.sts_rest_url);
  add_http_host(hosts, environment.token_exchange_url);
  for (const auto& [id, endpoint] : environment.interfaces) {
    add_http_host(hosts, endpoint.url);
    for (const auto& [name, value] : endpoint.options) {
      add_http_host(hosts, value);
    }
  }
  const long each = std::max(1, per_host);
  return std::max(static_cast<long>(std::max(1, concurrency)),
                  each * static_cast<long>(std::max<size_t>(1, hosts.size())));
}

} // namespace klarmeld::engine
