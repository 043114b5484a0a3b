// The pool that runs a schedule on threads. What runs next is the schedule's (test_schedule.cpp);
// these tests cover what only threads can show, and wait on conditions, never on time.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include "engine/task_pool.hpp"
#include "util/task_context.hpp"

using namespace klarmeld;
using namespace std::chrono_literals;

namespace {

// State shared by the tasks of a test, changed under one lock; `wait` returns as soon as a condition
// holds, false only if it never does within a bound far beyond any real delay (a broken pool fails
// the test instead of hanging it).
class Shared {
public:
  template <typename Change> void change(Change change) {
    {
      std::lock_guard lock(m_mutex);
      change();
    }
    m_changed.notify_all();
  }
  template <typename Condition> bool wait(Condition condition) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, 10s, condition);
  }

private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
};

std::thread no_thread(const std::function<void()>&) {
  throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
}

} // namespace

TEST_SUITE("engine::TaskPool") {
  TEST_CASE("once stop() is true no task starts, and the run returns") {
    engine::TaskPool pool;
    std::atomic<int> ran{0};
    std::atomic<bool> stopping{false};
    pool.add(
        [&] {
          ++ran;
          stopping = true;
        },
        3);
    for (int i = 0; i < 50; ++i) {
      pool.add([&] { ++ran; }, 1);
    }
    pool.run(1, [&] { return stopping.load(); });
    CHECK(ran == 1);
  }

  TEST_CASE("a task that throws counts as finished: its dependents and the rest still run") {
    engine::TaskPool pool;
    std::atomic<int> ran{0};
    size_t failing = pool.add([] { throw std::runtime_error("broken"); }, 1);
    size_t after = pool.add([&] { ++ran; }, 1);
    pool.depends(after, failing);
    pool.add([&] { ++ran; }, 1);
    pool.run(2, [] { return false; });
    CHECK(ran == 2);
  }

  TEST_CASE("a thread that cannot be created: the threads there are do the work") {
    std::mutex mutex;
    std::set<std::thread::id> threads;
    int ran = 0;
    auto add_tasks = [&](engine::TaskPool& pool) {
      auto task = [&] {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
        ++ran;
      };
      for (int i = 0; i < 8; ++i) {
        size_t first = pool.add(task, 1);
        pool.depends(pool.add(task, 1), first);
      }
    };
    SUBCASE("none at all: the caller's thread runs everything") {
      engine::TaskPool pool(no_thread);
      add_tasks(pool);
      pool.run(8, [] { return false; });
      CHECK(ran == 16);
      CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});
    }
    SUBCASE("one, then none") {
      int started = 0;
      engine::TaskPool pool([&](std::function<void()> body) {
        if (started++ > 0) {
          return no_thread(body);
        }
        return std::thread(std::move(body));
      });
      add_tasks(pool);
      pool.run(8, [] { return false; });
      CHECK(ran == 16);
      CHECK(started == 2); // gave up at the first failure
    }
  }

  TEST_CASE("a task never starts before its prerequisites have finished, on many workers") {
    for (int round = 0; round < 20; ++round) {
      engine::TaskPool pool;
      std::atomic<bool> token_done{false};
      std::atomic<bool> exchange_done{false};
      std::atomic<int> early{0};
      std::atomic<int> probes_run{0};
      size_t token = pool.add([&] { token_done = true; }, 1);
      size_t exchange = pool.add(
          [&] {
            early += token_done ? 0 : 1;
            exchange_done = true;
          },
          1);
      pool.depends(exchange, token);
      for (int i = 0; i < 10; ++i) {
        size_t probe = pool.add(
            [&] {
              early += exchange_done ? 0 : 1;
              ++probes_run;
            },
            1);
        pool.depends(probe, exchange);
        pool.add([&] { ++probes_run; }, 1); // independent work beside it
      }
      pool.run(8, [] { return false; });
      CHECK(early == 0);
      CHECK(probes_run == 20);
    }
  }

  TEST_CASE("an empty graph returns at once") {
    engine::TaskPool pool;
    pool.run(16, [] { return false; });
    CHECK(pool.size() == 0);
  }
}

TEST_SUITE("engine::TaskPool scheduling policy") {
  TEST_CASE("no more tasks compute at once than there are CPU slots; waits do not count") {
    constexpr int tasks = 6;
    engine::TaskPool pool;
    Shared shared;
    std::atomic<int> computing{0};
    std::atomic<int> most{0};
    int waiting = 0;
    std::atomic<int> all_waited_together{0};
    auto compute = [&] {
      int now = ++computing;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      for (int i = 0; i < 100; ++i) {
        std::this_thread::yield(); // "CPU" work: room for another thread to come in
      }
      --computing;
    };
    for (int i = 0; i < tasks; ++i) {
      pool.add(
          [&] {
            compute();
            {
              util::WaitingOffCpu off; // a network wait: the slot is free meanwhile
              shared.change([&] { ++waiting; });
              // Every task gets here only if the waiting ones gave their slots back.
              all_waited_together += shared.wait([&] { return waiting == tasks; }) ? 1 : 0;
            }
            compute();
          },
          1);
    }
    engine::SchedulingPolicy policy;
    policy.cpu_slots = 2;
    pool.run(
        tasks, [] { return false; }, policy);
    CHECK(most.load() <= 2);
    CHECK(all_waited_together == tasks);
  }

  TEST_CASE("a task's request under way lets the tasks off the longest chain start while it runs") {
    engine::TaskPool pool;
    Shared shared;
    bool critical_under_way = false;
    int started = 0;
    int started_early = 0;
    bool others_ran_meanwhile = false;
    size_t token = pool.add(
        [&] {
          shared.change([&] { critical_under_way = true; });
          util::request_under_way();
          // The others start now, not when this task ends (the head start below never runs out).
          others_ran_meanwhile = shared.wait([&] { return started == 6; });
        },
        1);
    size_t call = pool.add([] {}, 1);
    pool.depends(call, token);
    for (int i = 0; i < 6; ++i) {
      pool.add(
          [&] {
            shared.change([&] {
              started_early += critical_under_way ? 0 : 1;
              ++started;
            });
          },
          1);
    }
    engine::SchedulingPolicy policy;
    policy.critical_head_start = 24h;
    pool.run(
        8, [] { return false; }, policy);
    CHECK(others_ran_meanwhile);
    CHECK(started_early == 0);
  }
}
