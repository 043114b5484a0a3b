#include <doctest/doctest.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <vector>

#include "engine/connection_pool.hpp"
#include "engine/run_resources.hpp"
#include "engine/runner.hpp"
#include "engine_test_model.hpp"
#include "test_http_support.hpp"

using namespace klarmeld;
using namespace klarmeld::engine;

namespace {

// A plain HTTP server that notes the client port of every request it answers: one port, one connection.
struct PortCountingServer {
  test::RunningServer<httplib::Server> server;
  std::mutex mutex;
  std::set<int> client_ports;
  int port = 0;
  PortCountingServer() {
    server.server().Get("/n", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex);
      client_ports.insert(request.remote_port);
      response.set_content("ok", "text/plain");
    });
    port = server.start();
  }
  size_t connections() {
    std::lock_guard lock(mutex);
    return client_ports.size();
  }
};

// Two servers that count the requests they hold together, each for up to 100 ms (less once more than
// `limit` are there, which must not happen).
struct HoldingServers {
  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0;
  int most = 0;
  int limit;
  test::RunningServer<httplib::Server> first;
  test::RunningServer<httplib::Server> second;
  int first_port = 0;
  int second_port = 0;
  explicit HoldingServers(int limit_) : limit(limit_) {
    auto hold = [this](const httplib::Request&, httplib::Response& response) {
      std::unique_lock lock(mutex);
      most = std::max(most, ++in_flight);
      changed.notify_all();
      changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return in_flight > limit; });
      --in_flight;
      response.set_content("ok", "text/plain");
    };
    first.server().Get("/hold", hold);
    second.server().Get("/hold", hold);
    first_port = first.start();
    second_port = second.start();
  }
};

} // namespace

TEST_SUITE("engine::connection_pool_size") {
  TEST_CASE("room for each HTTP host's connections, at least the concurrency") {
    profile::Environment environment;
    environment.sts_url = "https://sts.example.dk/sts";
    environment.sts_rest_url = "https://sts.example.dk/rest"; // the same host
    environment.token_exchange_url = "https://exchange.example.dk/token";
    environment.interfaces["SF1520"].url = "https://sp.example.dk:8443/service";
    environment.interfaces["SF1511"].url = "https://sp.example.dk:8443/other"; // the same host and port
    environment.interfaces["SF1511"].options["metadata_url"] = "https://idp.example.dk/metadata";
    environment.interfaces["SF1511"].options["binding"] = "redirect";              // not a URL
    environment.interfaces["SF0770"].url = "sftp://vendor@files.example.dk/inbox"; // not through the HTTP client
    CHECK(connection_pool_size(environment, 4, 16) == 16);                         // 4 hosts x 4 = 16
    CHECK(connection_pool_size(environment, 16, 16) == 64);
    CHECK(connection_pool_size(environment, 1, 16) == 16); // never fewer than the concurrency
    CHECK(connection_pool_size(profile::Environment{}, 8, 2) == 8);
  }

  // The run's client against two hosts, one worker: each host keeps its one connection. With the total
  // limit at the concurrency (1), libcurl closed one host's idle connection to open the other's.
  TEST_CASE("a run's requests to alternating hosts keep each host's connection") {
    PortCountingServer first;
    PortCountingServer second;
    auto catalog = test::catalog_with({});
    profile::Profile profile = test::basic_profile();
    profile.environment.interfaces["SF1520"].url = test::local_url(first.port, "/n");
    profile.environment.interfaces["SF1530"].url = test::local_url(second.port, "/n");
    RunOptions options;
    options.concurrency = 1;
    RunResources resources(catalog, profile, options);
    for (int round = 0; round < 4; ++round) {
      for (int port : {first.port, second.port}) {
        auto response = resources.http().perform(test::idempotent_get(test::local_url(port, "/n")));
        REQUIRE(response.ok());
        CHECK(response->status == 200);
      }
    }
    CHECK(first.connections() == 1);
    CHECK(second.connections() == 1);
  }

  // The runner has more workers than --concurrency (run_workers); the servers still see at most
  // --concurrency requests at once, across hosts, although each host alone would take that many.
  TEST_CASE("a run's requests in flight stay within the concurrency across hosts") {
    CHECK(run_workers(16, 2) == 18);
    CHECK(run_workers(0, 0) == 1);
    HoldingServers servers(2);
    auto catalog = test::catalog_with({});
    profile::Profile profile = test::basic_profile();
    profile.environment.interfaces["SF1520"].url = test::local_url(servers.first_port, "/hold");
    profile.environment.interfaces["SF1530"].url = test::local_url(servers.second_port, "/hold");
    RunOptions options;
    options.concurrency = 2;
    RunResources resources(catalog, profile, options);
    std::vector<std::future<bool>> calls;
    for (int i = 0; i < 6; ++i) {
      std::string url = test::local_url(i % 2 == 0 ? servers.first_port : servers.second_port, "/hold");
      calls.push_back(std::async(std::launch::async, [&resources, url] {
        auto response = resources.http().perform(test::idempotent_get(url));
        return response.ok() && response->status == 200;
      }));
    }
    for (auto& call : calls) {
      CHECK(call.get());
    }
    std::lock_guard lock(servers.mutex);
    CHECK(servers.most == 2);
  }
}
