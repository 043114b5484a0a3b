#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/task_graph.hpp"
#include "util/task_context.hpp"

using namespace klarmeld;

namespace {

// Records the order tasks start in.
struct Log {
  std::mutex mutex;
  std::vector<std::string> started;
  void add(const std::string& name) {
    std::lock_guard lock(mutex);
    started.push_back(name);
  }
  size_t position(const std::string& name) const {
    for (size_t i = 0; i < started.size(); ++i) {
      if (started[i] == name) {
        return i;
      }
    }
    return started.size();
  }
};

} // namespace

TEST_SUITE("engine::TaskGraph") {
  TEST_CASE("chains count the task's own requests and the longest path after it") {
    engine::TaskGraph graph;
    size_t token = graph.add([] {}, 1);
    size_t exchange = graph.add([] {}, 1);
    size_t call = graph.add([] {}, 1);
    size_t alone = graph.add([] {}, 2);
    size_t handshake = graph.add([] {}, 0);
    graph.depends(exchange, token);
    graph.depends(call, exchange);
    CHECK(graph.chain(token) == 3);
    CHECK(graph.chain(exchange) == 2);
    CHECK(graph.chain(call) == 1);
    CHECK(graph.chain(alone) == 2);
    CHECK(graph.chain(handshake) == 0);
    CHECK(graph.chain_through(token) == 3);
    CHECK(graph.chain_through(exchange) == 3);
    CHECK(graph.chain_through(call) == 3);
    CHECK(graph.chain_through(alone) == 2);
  }

  TEST_CASE("one worker: the longest chain first, equals in the order they were added") {
    engine::TaskGraph graph;
    Log log;
    size_t short_one = graph.add([&] { log.add("short"); }, 1);
    size_t handshake = graph.add([&] { log.add("handshake"); }, 0);
    size_t token = graph.add([&] { log.add("token"); }, 1);
    size_t call = graph.add([&] { log.add("call"); }, 1);
    size_t double_a = graph.add([&] { log.add("double-a"); }, 2);
    size_t double_b = graph.add([&] { log.add("double-b"); }, 2);
    graph.depends(call, token);
    (void)short_one;
    (void)handshake;
    (void)double_a;
    (void)double_b;
    graph.run(1, [] { return false; });
    // token and call form a chain of 2, like double-a and double-b; the token goes first (the most
    // requests ahead, then the order added); the call, ready once its token is done, is on a chain of 2
    // and so outranks "short" (a chain of 1) although both have one request ahead.
    CHECK(log.started == std::vector<std::string>{"token", "double-a", "double-b", "call", "short", "handshake"});
  }

  TEST_CASE("a task never starts before its prerequisites have finished, on many workers") {
    for (int round = 0; round < 20; ++round) {
      engine::TaskGraph graph;
      std::atomic<bool> token_done{false};
      std::atomic<bool> exchange_done{false};
      std::atomic<int> early{0};
      std::atomic<int> probes_run{0};
      size_t token = graph.add(
          [&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            token_done = true;
          },
          1);
      size_t exchange = graph.add(
          [&] {
            early += token_done ? 0 : 1;
            exchange_done = true;
          },
          1);
      graph.depends(exchange, token);
      for (int i = 0; i < 10; ++i) {
        size_t probe = graph.add(
            [&] {
              early += exchange_done ? 0 : 1;
              ++probes_run;
            },
            1);
        graph.depends(probe, exchange);
        graph.add([&] { ++probes_run; }, 1); // independent work beside it
      }
      graph.run(8, [] { return false; });
      CHECK(early == 0);
      CHECK(probes_run == 20);
    }
  }

  TEST_CASE("once stop() is true no task starts, and the run returns") {
    engine::TaskGraph graph;
    std::atomic<int> ran{0};
    std::atomic<bool> stopping{false};
    graph.add(
        [&] {
          ++ran;
          stopping = true;
        },
        3);
    for (int i = 0; i < 50; ++i) {
      graph.add([&] { ++ran; }, 1);
    }
    graph.run(1, [&] { return stopping.load(); });
    CHECK(ran == 1);
  }

  TEST_CASE("a task that throws counts as finished: its dependents and the rest still run") {
    engine::TaskGraph graph;
    std::atomic<int> ran{0};
    size_t failing = graph.add([] { throw std::runtime_error("broken"); }, 1);
    size_t after = graph.add([&] { ++ran; }, 1);
    graph.depends(after, failing);
    graph.add([&] { ++ran; }, 1);
    graph.run(2, [] { return false; });
    CHECK(ran == 2);
  }

  TEST_CASE("an empty graph returns at once") {
    engine::TaskGraph graph;
    graph.run(16, [] { return false; });
    CHECK(graph.size() == 0);
  }
}

TEST_SUITE("engine::TaskGraph scheduling policy") {
  TEST_CASE("no more tasks compute at once than there are CPU slots; waits do not count") {
    engine::TaskGraph graph;
    std::atomic<int> computing{0};
    std::atomic<int> most{0};
    for (int i = 0; i < 16; ++i) {
      graph.add(
          [&] {
            for (int step = 0; step < 3; ++step) {
              int now = ++computing;
              int seen = most.load();
              while (now > seen && !most.compare_exchange_weak(seen, now)) {
              }
              std::this_thread::sleep_for(std::chrono::milliseconds(1)); // "CPU" work
              --computing;
              util::WaitingOffCpu waiting; // a network wait: the slot is free meanwhile
              std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
          },
          1);
    }
    engine::SchedulingPolicy policy;
    policy.cpu_slots = 2;
    graph.run(
        16, [] { return false; }, policy);
    CHECK(most.load() <= 2);
  }

  TEST_CASE("tasks off the longest chain wait until its request is under way") {
    engine::TaskGraph graph;
    Log log;
    std::atomic<bool> critical_under_way{false};
    std::atomic<int> started_early{0};
    size_t token = graph.add(
        [&] {
          log.add("token");
          std::this_thread::sleep_for(std::chrono::milliseconds(20)); // connecting
          critical_under_way = true;
          util::request_under_way();
          std::this_thread::sleep_for(std::chrono::milliseconds(20)); // the answer
        },
        1);
    size_t call = graph.add([&] { log.add("call"); }, 1);
    graph.depends(call, token);
    for (int i = 0; i < 6; ++i) {
      graph.add(
          [&] {
            started_early += critical_under_way ? 0 : 1;
            log.add("other");
          },
          1);
    }
    engine::SchedulingPolicy policy;
    policy.critical_head_start = std::chrono::milliseconds(5000);
    graph.run(
        8, [] { return false; }, policy);
    CHECK(started_early == 0);
    CHECK(log.position("token") == 0);
    CHECK(log.started.size() == 8);
  }

  TEST_CASE("the head start ends after its limit when the request never gets under way") {
    engine::TaskGraph graph;
    std::atomic<bool> hung_done{false};
    std::atomic<bool> other_ran_while_hung{false};
    size_t hung = graph.add(
        [&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(400)); // a connect that hangs
          hung_done = true;
        },
        1);
    size_t after = graph.add([] {}, 1);
    graph.depends(after, hung);
    graph.add([&] { other_ran_while_hung = !hung_done; }, 1);
    engine::SchedulingPolicy policy;
    policy.critical_head_start = std::chrono::milliseconds(30);
    graph.run(
        4, [] { return false; }, policy);
    CHECK(other_ran_while_hung);
  }
}
