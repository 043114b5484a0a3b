#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>

#include "idle_closing_server.hpp"
#include "interfaces/http/curl_multi_client.hpp"
#include "interfaces/http/retry_policy.hpp"
#include "test_http_support.hpp"

using namespace klarmeld;
using klarmeld::test::local_url;
using klarmeld::test::RunningServer;

namespace {

// Holds handlers that must "take long" until the test releases them (no real 3 s sleeps at exit).
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  void wait(std::chrono::milliseconds at_most) {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, at_most, [&] { return open; });
  }
  void release() {
    std::lock_guard lock(mutex);
    open = true;
    changed.notify_all();
  }
};

http::ClientOptions fast_options() {
  return test::fast_client_options();
}

http::Request get(const std::string& url) {
  return test::idempotent_get(url);
}

} // namespace

TEST_SUITE("http::CurlMultiClient") {
  TEST_CASE("GET returns status, headers and body") {
    RunningServer<httplib::Server> server;
    server.server().Get("/hello", [](const httplib::Request&, httplib::Response& response) {
      response.set_header("X-Probe", "yes");
      response.set_content("hej verden", "text/plain");
    });
    int port = server.start();
    http::CurlMultiClient client(fast_options());
    auto response = client.perform(get(local_url(port, "/hello")));
    REQUIRE(response.ok());
    CHECK(response->status == 200);
    CHECK(response->body == "hej verden");
    CHECK(response->header("x-probe") == "yes");
    CHECK(response->header("Content-Type") == "text/plain");
  }

  TEST_CASE("sequential requests reuse one connection") {
    RunningServer<httplib::Server> server;
    std::mutex mutex;
    std::set<int> client_ports;
    server.server().Get("/n", [&](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex);
      client_ports.insert(request.remote_port);
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    http::CurlMultiClient client(fast_options());
    for (int i = 0; i < 5; ++i) {
      REQUIRE(client.perform(get(local_url(port, "/n"))).ok());
    }
    CHECK(client_ports.size() == 1);
  }

  TEST_CASE("the per-host limit bounds concurrent connections") {
    RunningServer<httplib::Server> server;
    std::atomic<int> in_flight{0};
    std::atomic<int> most{0};
    server.server().Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
      int now = ++in_flight;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      --in_flight;
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    auto options = fast_options();
    options.max_host_connections = 1;
    http::CurlMultiClient client(options);
    std::vector<std::future<bool>> calls;
    for (int i = 0; i < 4; ++i) {
      calls.push_back(
          std::async(std::launch::async, [&] { return client.perform(get(local_url(port, "/slow"))).ok(); }));
    }
    for (auto& call : calls) {
      CHECK(call.get());
    }
    CHECK(most.load() == 1);
  }

  TEST_CASE("transient answers are retried for idempotent requests only") {
    RunningServer<httplib::Server> server;
    std::atomic<int> hits{0};
    auto flaky = [&](const httplib::Request&, httplib::Response& response) {
      if (++hits <= 2) {
        response.status = 503;
        return;
      }
      response.set_content("finally", "text/plain");
    };
    server.server().Get("/flaky", flaky);
    server.server().Post("/flaky", flaky);
    int port = server.start();
    http::CurlMultiClient client(fast_options());

    SUBCASE("GET is retried until it succeeds") {
      auto response = client.perform(get(local_url(port, "/flaky")));
      REQUIRE(response.ok());
      CHECK(response->status == 200);
      CHECK(hits.load() == 3);
    }
    SUBCASE("POST is not retried") {
      http::Request request;
      request.method = "POST";
      request.url = local_url(port, "/flaky");
      request.body = "<x/>";
      auto response = client.perform(request);
      REQUIRE(response.ok());
      CHECK(response->status == 503);
      CHECK(hits.load() == 1);
    }
  }

  TEST_CASE("Retry-After is honoured and bounded") {
    RunningServer<httplib::Server> server;
    std::atomic<int> hits{0};
    std::string retry_after = "1";
    server.server().Get("/busy", [&](const httplib::Request&, httplib::Response& response) {
      if (++hits == 1) {
        response.status = 429;
        response.set_header("Retry-After", retry_after);
        return;
      }
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    auto options = fast_options();
    options.retry.max_delay = std::chrono::milliseconds(1500);

    SUBCASE("a short Retry-After is waited for") {
      http::CurlMultiClient client(options);
      auto began = std::chrono::steady_clock::now();
      auto response = client.perform(get(local_url(port, "/busy")));
      REQUIRE(response.ok());
      CHECK(response->status == 200);
      CHECK(std::chrono::steady_clock::now() - began >= std::chrono::milliseconds(900));
    }
    SUBCASE("a long Retry-After is capped by the policy") {
      retry_after = "3600";
      options.retry.max_delay = std::chrono::milliseconds(20);
      http::CurlMultiClient client(options);
      auto response = client.perform(get(local_url(port, "/busy")));
      REQUIRE(response.ok());
      CHECK(response->status == 200);
      CHECK(hits.load() == 2);
    }
  }

  TEST_CASE("retry delays: Retry-After parsing and backoff") {
    CHECK(http::parse_retry_after(" 2 ") == std::chrono::milliseconds(2000));
    CHECK(http::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:27:58 GMT") ==
          std::chrono::milliseconds(2000));
    CHECK_FALSE(http::parse_retry_after("").has_value());
    http::RetryPolicy policy;
    policy.base_delay = std::chrono::milliseconds(100);
    policy.max_delay = std::chrono::milliseconds(250);
    CHECK(http::retry_delay(policy, 1, std::nullopt) == std::chrono::milliseconds(100));
    CHECK(http::retry_delay(policy, 2, std::nullopt) == std::chrono::milliseconds(200));
    CHECK(http::retry_delay(policy, 3, std::nullopt) == std::chrono::milliseconds(250));
    CHECK(http::retry_delay(policy, 1, std::chrono::milliseconds(60000)) == std::chrono::milliseconds(250));
  }

  TEST_CASE("a slow server ends in http.timeout naming the URL") {
    // Before the server: its handler thread still runs after the client gave up, until the server stops.
    Gate gate;
    std::atomic<bool> answered{false};
    RunningServer<httplib::Server> server;
    server.server().Get("/delay", [&](const httplib::Request&, httplib::Response& response) {
      gate.wait(std::chrono::milliseconds(3000));
      answered = true;
      response.set_content("late", "text/plain");
    });
    int port = server.start();
    auto options = fast_options();
    options.total_timeout = std::chrono::milliseconds(500);
    http::CurlMultiClient client(options);
    auto response = client.perform(get(local_url(port, "/delay")));
    bool answered_before_timeout = answered.load();
    gate.release();
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().code == "http.timeout");
    CHECK(response.error().message.find(local_url(port, "/delay")) != std::string::npos);
    CHECK_FALSE(answered_before_timeout);
  }

  TEST_CASE("responses over the size cap end in http.too-large") {
    RunningServer<httplib::Server> server;
    server.server().Get("/big", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(std::string(100000, 'x'), "text/plain");
    });
    int port = server.start();
    http::CurlMultiClient client(fast_options());
    auto request = get(local_url(port, "/big"));
    request.max_response_bytes = 10000;
    auto response = client.perform(request);
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().code == "http.too-large");
    request.max_response_bytes = 200000;
    auto allowed = client.perform(request);
    REQUIRE(allowed.ok());
    CHECK(allowed->body.size() == 100000);
  }

  TEST_CASE("a cancel flag ends a running transfer with http.cancelled") {
    // Before the server: its handler thread still waits on the gate after the client gave up.
    Gate gate;
    std::atomic<bool> arrived{false};
    RunningServer<httplib::Server> server;
    server.server().Get("/hang", [&](const httplib::Request&, httplib::Response& response) {
      arrived = true;
      gate.wait(std::chrono::milliseconds(3000));
      response.set_content("late", "text/plain");
    });
    int port = server.start();
    std::atomic<bool> cancel{false};
    auto options = fast_options();
    options.cancel = &cancel;
    http::CurlMultiClient client(options);
    auto call = std::async(std::launch::async, [&] { return client.perform(get(local_url(port, "/hang"))); });
    for (int i = 0; i < 400 && !arrived.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    cancel = true;
    auto response = call.get();
    gate.release();
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().code == "http.cancelled");
    auto after = client.perform(get(local_url(port, "/hang")));
    REQUIRE_FALSE(after.ok());
    CHECK(after.error().code == "http.cancelled");
  }

  // The server closes a kept-alive connection just as the next request goes out on it (its
  // keep-alive timeout crossing our pick of the connection). The POST is larger than the socket takes
  // at once, so its sending fails after the first write, which libcurl does not send again itself.
  TEST_CASE("a request its server closed the kept-alive connection under is sent again on a new one") {
    test::IdleClosingServer server(1);
    auto options = fast_options();
    options.retry.max_retries = 0; // not the retry policy: a POST is never retried by it
    http::CurlMultiClient client(options);
    http::Request first;
    first.method = "POST";
    first.url = local_url(server.port(), "/import");
    first.body = "kort";
    auto answer = client.perform(first);
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().render()));
    CHECK(answer->body == "first");

    http::Request large = first;
    large.body = std::string(8u << 20, 'x');
    auto again = client.perform(large);
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().render()));
    CHECK(again->body == "again");
    CHECK(server.connections() == 2);
    CHECK(server.bodies() == std::vector<size_t>{4, 8u << 20}); // the large request, read whole once
  }

  TEST_CASE("a request that fails to send on a new connection is not sent again") {
    test::IdleClosingServer server(0); // closes its first connection as the first request arrives
    auto options = fast_options();
    options.retry.max_retries = 0;
    http::CurlMultiClient client(options);
    http::Request large;
    large.method = "POST";
    large.url = local_url(server.port(), "/import");
    large.body = std::string(8u << 20, 'x');
    auto answer = client.perform(large);
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error().code == "http.reset");
    CHECK(server.connections() == 1);
    CHECK(server.bodies().empty());
  }

  // The server reads the request on the kept-alive connection and resets it: libcurl would send the
  // request again itself, and its error buffer would keep the reset's message for the new attempt.
  TEST_CASE("a request sent again after its reused connection died reports the new attempt's failure") {
    test::IdleClosingServer server(1, test::IdleClosingServer::Close::ResetAfterRequest,
                                   test::IdleClosingServer::Later::Silent);
    auto options = fast_options();
    options.retry.max_retries = 0;
    options.total_timeout = std::chrono::milliseconds(500);
    http::CurlMultiClient client(options);
    auto first = client.perform(get(local_url(server.port(), "/first")));
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().render()));
    auto second = client.perform(get(local_url(server.port(), "/second")));
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == "http.timeout");
    CHECK_MESSAGE(second.error().message.find("Operation timed out after") != std::string::npos,
                  second.error().message);
  }

  // A cut-off answer leaves the rest of its bytes on the connection: it must not carry another request.
  TEST_CASE("a transfer ended at the size cap leaves no connection for reuse") {
    RunningServer<httplib::Server> server;
    std::mutex mutex;
    std::vector<int> client_ports;
    auto note = [&](const httplib::Request& request) {
      std::lock_guard lock(mutex);
      client_ports.push_back(request.remote_port);
    };
    server.server().Get("/sized", [&](const httplib::Request& request, httplib::Response& response) {
      note(request);
      response.set_content(std::string(100000, 'x'), "text/plain"); // Content-Length: refused from the head
    });
    server.server().Get("/chunked", [&](const httplib::Request& request, httplib::Response& response) {
      note(request);
      response.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= 100000) {
          sink.done();
          return true;
        }
        return sink.write(std::string(10000, 'x').data(), 10000); // refused by the body callback
      });
    });
    server.server().Get("/small", [&](const httplib::Request& request, httplib::Response& response) {
      note(request);
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    http::CurlMultiClient client(fast_options());
    for (const char* path : {"/sized", "/chunked"}) {
      CAPTURE(path);
      auto request = get(local_url(port, path));
      request.max_response_bytes = 10000;
      auto cut = client.perform(request);
      REQUIRE_FALSE(cut.ok());
      CHECK(cut.error().code == "http.too-large");
      REQUIRE(client.perform(get(local_url(port, "/small"))).ok());
    }
    std::lock_guard lock(mutex);
    REQUIRE(client_ports.size() == 4);
    CHECK(client_ports[1] != client_ports[0]);
    CHECK(client_ports[3] != client_ports[2]);
  }

  TEST_CASE("a refused connection is http.connect") {
    int port = 0;
    {
      RunningServer<httplib::Server> server;
      port = server.start();
    }
    auto options = fast_options();
    options.retry.max_retries = 1;
    http::CurlMultiClient client(options);
    auto response = client.perform(get(local_url(port, "/")));
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().code == "http.connect");
    CHECK(response.error().kind == ErrorKind::Runtime);
  }

  TEST_CASE("TLS: server verified against the CA bundle, facts collected") {
    auto pki = test::TestPki::generate();
    RunningServer<httplib::SSLServer> server(pki.server.certificate.get(), pki.server.key.get());
    server.server().Get("/secure", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("sikker", "text/plain");
    });
    int port = server.start();

    SUBCASE("trusted") {
      auto options = fast_options();
      options.ca_bundle_pem = pki.ca_pem;
      http::CurlMultiClient client(options);
      auto response = client.perform(get(local_url(port, "/secure", true)));
      REQUIRE(response.ok());
      CHECK(response->body == "sikker");
      CHECK(response->tls.version.starts_with("TLSv1."));
      CHECK_FALSE(response->tls.cipher.empty());
      CHECK(response->tls.peer_subject.find("CN=localhost") != std::string::npos);
    }
    SUBCASE("untrusted") {
      auto other = test::TestPki::generate();
      auto options = fast_options();
      options.ca_bundle_pem = other.ca_pem;
      http::CurlMultiClient client(options);
      auto response = client.perform(get(local_url(port, "/secure", true)));
      REQUIRE_FALSE(response.ok());
      CHECK(response.error().code == "http.tls");
    }
  }

  TEST_CASE("TLS facts name each server's own certificate, request after request") {
    auto pki = test::TestPki::generate();
    crypto::Identity first_identity = test::make_identity(test::server_request("first server"), &pki.ca);
    crypto::Identity second_identity = test::make_identity(test::server_request("second server"), &pki.ca);
    RunningServer<httplib::SSLServer> first(first_identity.certificate.get(), first_identity.key.get());
    RunningServer<httplib::SSLServer> second(second_identity.certificate.get(), second_identity.key.get());
    for (auto* server : {&first, &second}) {
      server->server().Get(
          "/", [](const httplib::Request&, httplib::Response& response) { response.set_content("ja", "text/plain"); });
    }
    const int first_port = first.start();
    const int second_port = second.start();
    auto options = fast_options();
    options.ca_bundle_pem = pki.ca_pem;
    http::CurlMultiClient client(options);
    for (int port : {first_port, second_port, first_port, second_port}) {
      auto response = client.perform(get(local_url(port, "/", true)));
      REQUIRE(response.ok());
      const std::string expected = port == first_port ? "CN=first server" : "CN=second server";
      CHECK(response->tls.peer_subject.find(expected) != std::string::npos);
      CHECK(response->tls.peer_issuer.find("CN=klarmeld test root") != std::string::npos);
      CHECK_FALSE(response->tls.peer_not_after.empty());
    }
  }

  TEST_CASE("mutual TLS presents the in-memory client certificate") {
    auto pki = test::TestPki::generate();
    X509_STORE* client_cas = X509_STORE_new();
    X509_STORE_add_cert(client_cas, pki.ca.certificate.get());
    RunningServer<httplib::SSLServer> server(pki.server.certificate.get(), pki.server.key.get(), client_cas);
    server.server().Get("/mtls", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("kendt klient", "text/plain");
    });
    int port = server.start();
    auto options = fast_options();
    options.ca_bundle_pem = pki.ca_pem;
    options.retry.max_retries = 0;

    SUBCASE("with the identity") {
      options.identity = &pki.client;
      http::CurlMultiClient client(options);
      auto response = client.perform(get(local_url(port, "/mtls", true)));
      REQUIRE(response.ok());
      CHECK(response->body == "kendt klient");
    }
    SUBCASE("without it the server refuses") {
      http::CurlMultiClient client(options);
      auto response = client.perform(get(local_url(port, "/mtls", true)));
      CHECK_FALSE((response.ok() && response->status == 200));
    }
  }
}
