// The HTTP client's per-host limits (issue #19): requests in flight, requests per second, and the
// pause a Retry-After asks for, seen from a local server that counts and timestamps what arrives.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <vector>

#include "interfaces/http/curl_multi_client.hpp"
#include "interfaces/http/http_date.hpp"
#include "interfaces/http/retry_policy.hpp"
#include "test_http_support.hpp"
#include "util/priority_slots.hpp"
#include "util/task_context.hpp"

using namespace klarmeld;
using klarmeld::test::local_url;
using klarmeld::test::RunningServer;

namespace {

using Steady = std::chrono::steady_clock;

http::ClientOptions limited_options() {
  http::ClientOptions options = test::fast_client_options();
  options.max_host_connections = 8;
  return options;
}

http::Request limited_get(const std::string& url) {
  return test::idempotent_get(url);
}

// Arrival times at a server, in order.
struct Arrivals {
  std::mutex mutex;
  std::vector<Steady::time_point> times;
  void note() {
    std::lock_guard lock(mutex);
    times.push_back(Steady::now());
  }
  std::vector<Steady::time_point> sorted() {
    std::lock_guard lock(mutex);
    auto copy = times;
    std::sort(copy.begin(), copy.end());
    return copy;
  }
};

std::vector<bool> run_in_parallel(http::CurlMultiClient& client, const std::string& url, int count) {
  std::vector<std::future<bool>> calls;
  for (int i = 0; i < count; ++i) {
    calls.push_back(std::async(std::launch::async, [&client, url] {
      auto response = client.perform(limited_get(url));
      return response.ok() && response->status == 200;
    }));
  }
  std::vector<bool> results;
  for (auto& call : calls) {
    results.push_back(call.get());
  }
  return results;
}

long long millis(Steady::duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

} // namespace

TEST_SUITE("http per-host limits") {
  TEST_CASE("requests in flight to one host stay within max_in_flight") {
    RunningServer<httplib::Server> server;
    test::HeldRequests held(2);
    server.server().Get("/hold", held.handler());
    int port = server.start();
    auto options = limited_options();
    options.host_limits.max_in_flight = 2;
    http::CurlMultiClient client(options);
    auto results = run_in_parallel(client, local_url(port, "/hold"), 6);
    CHECK(std::count(results.begin(), results.end(), true) == 6);
    CHECK(held.most() == 2);
  }

  TEST_CASE("requests in flight to all hosts together stay within max_total_in_flight") {
    test::HeldRequests held(2);
    RunningServer<httplib::Server> first;
    RunningServer<httplib::Server> second;
    first.server().Get("/hold", held.handler());
    second.server().Get("/hold", held.handler());
    int first_port = first.start();
    int second_port = second.start();
    auto options = limited_options();
    options.host_limits.max_in_flight = 2; // each host alone would take two
    options.host_limits.max_total_in_flight = 2;
    http::CurlMultiClient client(options);
    std::vector<std::future<bool>> calls;
    for (int i = 0; i < 6; ++i) {
      std::string url = local_url(i % 2 == 0 ? first_port : second_port, "/hold");
      calls.push_back(std::async(std::launch::async, [&client, url] {
        auto response = client.perform(limited_get(url));
        return response.ok() && response->status == 200;
      }));
    }
    for (auto& call : calls) {
      CHECK(call.get());
    }
    CHECK(held.most() == 2);
  }

  // A task whose answer is in waits for a CPU slot again (util::WaitingOffCpu) behind other tasks'
  // computing; its request is no longer on the wire then, so its place must not keep the next
  // request to the host waiting. Here the only CPU slot is held until that next request is answered:
  // with the place given back at the answer, it goes out at once; held to the task's wake-up, it
  // waits for the holder's 3 s.
  TEST_CASE("a request's place is given back when its answer is in, not when its task computes again") {
    RunningServer<httplib::Server> server;
    std::mutex mutex;
    std::condition_variable changed;
    bool cpu_taken = false;
    bool second_answered = false;
    server.server().Get("/first", [&](const httplib::Request&, httplib::Response& response) {
      std::unique_lock lock(mutex);
      changed.wait_for(lock, std::chrono::seconds(3), [&] { return cpu_taken; });
      response.set_content("first", "text/plain");
    });
    server.server().Get("/second", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("second", "text/plain");
    });
    int port = server.start();
    auto options = limited_options();
    options.host_limits.max_in_flight = 1;
    http::CurlMultiClient client(options);
    util::PrioritySlots cpu(1);

    auto task = std::async(std::launch::async, [&] {
      util::TaskScope scope(&cpu, util::Urgency{});
      auto response = client.perform(limited_get(local_url(port, "/first")));
      return response.ok() && response->body == "first";
    });
    auto busy = std::async(std::launch::async, [&] {
      cpu.acquire(util::Urgency{}); // once the task waits for its answer, off the CPU
      std::unique_lock lock(mutex);
      cpu_taken = true;
      changed.notify_all();
      changed.wait_for(lock, std::chrono::seconds(3), [&] { return second_answered; });
      lock.unlock();
      cpu.release();
    });
    {
      std::unique_lock lock(mutex);
      REQUIRE(changed.wait_for(lock, std::chrono::seconds(3), [&] { return cpu_taken; }));
    }
    const auto asked = Steady::now();
    auto second = client.perform(limited_get(local_url(port, "/second")));
    const auto waited = Steady::now() - asked;
    {
      std::lock_guard lock(mutex);
      second_answered = true;
    }
    changed.notify_all();
    REQUIRE(second.ok());
    CHECK(second->body == "second");
    CHECK(millis(waited) < 1500);
    busy.get();
    CHECK(task.get());
  }

  TEST_CASE("the client counts the requests it sent, by host, retries included") {
    RunningServer<httplib::Server> first;
    RunningServer<httplib::Server> second;
    std::atomic<int> first_hits{0};
    first.server().Get("/flaky", [&](const httplib::Request&, httplib::Response& response) {
      if (++first_hits == 1) {
        response.status = 503; // retried once (an idempotent GET)
        return;
      }
      response.set_content("ok", "text/plain");
    });
    second.server().Get(
        "/ok", [](const httplib::Request&, httplib::Response& response) { response.set_content("ok", "text/plain"); });
    int first_port = first.start();
    int second_port = second.start();
    http::CurlMultiClient client(limited_options());
    CHECK(client.requests_sent().empty());
    REQUIRE(client.perform(limited_get(local_url(first_port, "/flaky"))).ok());
    for (int i = 0; i < 3; ++i) {
      REQUIRE(client.perform(limited_get(local_url(second_port, "/ok"))).ok());
    }
    std::map<std::string, int> sent = client.requests_sent();
    CHECK(sent.size() == 2);
    CHECK(sent[http::host_key(local_url(first_port, "/"))] == 2);
    CHECK(sent[http::host_key(local_url(second_port, "/"))] == 3);
    CHECK(first_hits.load() == 2);
  }

  TEST_CASE("requests per second to one host follow the token bucket") {
    RunningServer<httplib::Server> server;
    Arrivals arrivals;
    server.server().Get("/tick", [&](const httplib::Request&, httplib::Response& response) {
      arrivals.note();
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    auto options = limited_options();
    options.host_limits.requests_per_second = 20;
    options.host_limits.burst = 1;
    http::CurlMultiClient client(options);
    auto results = run_in_parallel(client, local_url(port, "/tick"), 6);
    CHECK(std::count(results.begin(), results.end(), true) == 6);
    auto times = arrivals.sorted();
    REQUIRE(times.size() == 6);
    // Five tokens after the first at 20/s: the last request starts 250 ms after the first. The server
    // sees arrivals, not starts, and on a loaded machine one arrival can lag its start by tens of
    // milliseconds, so single gaps say nothing (one of 8 ms was seen); the span keeps 50 ms of slack.
    // Without the limiter all six arrive within a few milliseconds.
    CHECK(millis(times.back() - times.front()) >= 200);
  }

  TEST_CASE("the limits are per host: another host is not held back") {
    RunningServer<httplib::Server> first;
    RunningServer<httplib::Server> second;
    Arrivals arrivals;
    auto handler = [&](const httplib::Request&, httplib::Response& response) {
      arrivals.note();
      response.set_content("ok", "text/plain");
    };
    first.server().Get("/a", handler);
    second.server().Get("/b", handler);
    int first_port = first.start();
    int second_port = second.start();
    auto options = limited_options();
    options.host_limits.requests_per_second = 1;
    options.host_limits.burst = 1;
    http::CurlMultiClient client(options);
    auto began = Steady::now();
    auto a =
        std::async(std::launch::async, [&] { return client.perform(limited_get(local_url(first_port, "/a"))).ok(); });
    auto b =
        std::async(std::launch::async, [&] { return client.perform(limited_get(local_url(second_port, "/b"))).ok(); });
    CHECK(a.get());
    CHECK(b.get());
    CHECK(millis(Steady::now() - began) < 900); // one request each: neither waits for a token
    CHECK(http::host_key(local_url(first_port, "/a")) != http::host_key(local_url(second_port, "/b")));
  }

  TEST_CASE("a Retry-After holds back every request to the host and is noted for evidence") {
    RunningServer<httplib::Server> server;
    std::atomic<int> hits{0};
    std::atomic<long long> refused_at{0};
    Arrivals arrivals;
    auto epoch = Steady::now();
    server.server().Get("/busy", [&](const httplib::Request&, httplib::Response& response) {
      arrivals.note();
      if (++hits == 1) {
        refused_at = millis(Steady::now() - epoch);
        response.status = 429;
        response.set_header("Retry-After", "1");
        return;
      }
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    auto options = limited_options();
    std::mutex notes_mutex;
    std::vector<http::RetryNote> notes;
    options.on_retry = [&](const http::RetryNote& note) {
      std::lock_guard lock(notes_mutex);
      notes.push_back(note);
    };
    http::CurlMultiClient client(options);
    auto refused =
        std::async(std::launch::async, [&] { return client.perform(limited_get(local_url(port, "/busy"))); });
    // Until the client has the 429 (it pauses the host, then notes the retry): a request sent after
    // the server answered but before the answer arrived would rightly go at once.
    auto noted = [&] {
      std::lock_guard lock(notes_mutex);
      return !notes.empty();
    };
    for (int i = 0; i < 400 && !noted(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(hits.load() >= 1);
    // A request that was never refused itself still waits for the host's pause.
    auto other = client.perform(limited_get(local_url(port, "/busy")));
    auto first = refused.get();
    REQUIRE(first.ok());
    CHECK(first->status == 200);
    REQUIRE(other.ok());
    CHECK(other->status == 200);
    auto times = arrivals.sorted();
    REQUIRE(times.size() == 3);
    CHECK(millis(times[1] - epoch) - refused_at.load() >= 900);
    std::lock_guard lock(notes_mutex);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].status == 429);
    CHECK(notes[0].retry_after == "1");
    CHECK(notes[0].attempt == 1);
    CHECK(notes[0].delay == std::chrono::milliseconds(1000));
    CHECK(notes[0].url == local_url(port, "/busy"));
  }

  TEST_CASE("a Retry-After HTTP-date is waited for, measured from the answer's Date") {
    RunningServer<httplib::Server> server;
    std::atomic<int> hits{0};
    server.server().Get("/later", [&](const httplib::Request&, httplib::Response& response) {
      if (++hits == 1) {
        auto now = Clock::now();
        response.status = 503;
        response.set_header("Date", http::format_http_date(now));
        response.set_header("Retry-After", http::format_http_date(now + std::chrono::seconds(1)));
        return;
      }
      response.set_content("ok", "text/plain");
    });
    int port = server.start();
    http::CurlMultiClient client(limited_options());
    auto began = Steady::now();
    auto response = client.perform(limited_get(local_url(port, "/later")));
    REQUIRE(response.ok());
    CHECK(response->status == 200);
    CHECK(hits.load() == 2);
    CHECK(millis(Steady::now() - began) >= 900);
  }

  TEST_CASE("HTTP-date: the three forms of RFC 9110 §5.6.7") {
    auto expected = http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    REQUIRE(expected.has_value());
    CHECK(Clock::to_time_t(*expected) == 784111777);
    CHECK(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);
    CHECK(http::parse_http_date("Sun Nov  6 08:49:37 1994") == expected);
    CHECK(http::format_http_date(*expected) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK_FALSE(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 CET").has_value());
    CHECK_FALSE(http::parse_http_date("Sun, 32 Nov 1994 08:49:37 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("120").has_value());
    CHECK_FALSE(http::parse_http_date("").has_value());
  }

  TEST_CASE("Retry-After as a date: relative to Date, never negative") {
    CHECK(http::parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", "Sun, 06 Nov 1994 08:49:37 GMT") ==
          std::chrono::milliseconds(3000));
    CHECK(http::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == std::chrono::milliseconds(0));
    CHECK(http::parse_retry_after("7") == std::chrono::milliseconds(7000));
  }
}
