#include <doctest/doctest.h>

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

// The run's profile with two interfaces on two local servers.
profile::Profile two_host_profile(int first_port, int second_port, const std::string& path) {
  profile::Profile profile = test::basic_profile();
  profile.environment.interfaces["SF1520"].url = test::local_url(first_port, path);
  profile.environment.interfaces["SF1530"].url = test::local_url(second_port, path);
  return profile;
}

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
    RunOptions options;
    options.concurrency = 1;
    RunResources resources(catalog, two_host_profile(first.port, second.port, "/n"), options);
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
    test::HeldRequests held(2);
    test::RunningServer<httplib::Server> first;
    test::RunningServer<httplib::Server> second;
    first.server().Get("/hold", held.handler());
    second.server().Get("/hold", held.handler());
    int first_port = first.start();
    int second_port = second.start();
    auto catalog = test::catalog_with({});
    RunOptions options;
    options.concurrency = 2;
    RunResources resources(catalog, two_host_profile(first_port, second_port, "/hold"), options);
    std::vector<std::future<bool>> calls;
    for (int i = 0; i < 6; ++i) {
      std::string url = test::local_url(i % 2 == 0 ? first_port : second_port, "/hold");
      calls.push_back(std::async(std::launch::async, [&resources, url] {
        auto response = resources.http().perform(test::idempotent_get(url));
        return response.ok() && response->status == 200;
      }));
    }
    for (auto& call : calls) {
      CHECK(call.get());
    }
    CHECK(held.most() == 2);
  }

  // What spares a shared host is the per-host limit: by default 16 requests in flight at one host
  // (as when the default per host was the concurrency, 16), 32 in all, so a second host is served
  // beside a full first one (engine/run_options.hpp).
  TEST_CASE("by default a host sees at most 16 requests in flight, two hosts 32 together") {
    CHECK(RunOptions{}.per_host == 16);
    CHECK(RunOptions{}.concurrency == 32);
    test::HeldRequests first_held(16, std::chrono::milliseconds(600));
    test::HeldRequests both_held(32, std::chrono::milliseconds(600));
    test::RunningServer<httplib::Server> first;
    test::RunningServer<httplib::Server> second;
    for (auto* server : {&first, &second}) {
      server->server().new_task_queue = [] { return new httplib::ThreadPool(48); };
    }
    first.server().Get("/hold", first_held.handler());
    first.server().Get("/both", both_held.handler());
    second.server().Get("/both", both_held.handler());
    int first_port = first.start();
    int second_port = second.start();
    auto catalog = test::catalog_with({});
    RunResources resources(catalog, two_host_profile(first_port, second_port, "/hold"), RunOptions{});
    auto run_all = [&resources](const std::vector<std::string>& urls) {
      std::vector<std::future<bool>> calls;
      for (const std::string& url : urls) {
        calls.push_back(std::async(std::launch::async, [&resources, url] {
          auto response = resources.http().perform(test::idempotent_get(url));
          return response.ok() && response->status == 200;
        }));
      }
      bool all = true;
      for (auto& call : calls) {
        all = call.get() && all;
      }
      return all;
    };
    CHECK(run_all(std::vector<std::string>(24, test::local_url(first_port, "/hold"))));
    CHECK(first_held.most() == 16);
    std::vector<std::string> both;
    for (int i = 0; i < 48; ++i) {
      both.push_back(test::local_url(i % 2 == 0 ? first_port : second_port, "/both"));
    }
    CHECK(run_all(both));
    CHECK(both_held.most() == 32);
  }
}
