#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "util/priority_slots.hpp"
#include "util/task_context.hpp"
#include "util/urgency.hpp"

using namespace klarmeld;
using namespace std::chrono_literals;

namespace {

// Waits (bounded) until `condition` holds; false if it never did.
template <typename Condition> bool eventually(Condition condition) {
  for (int i = 0; i < 2000 && !condition(); ++i) {
    std::this_thread::sleep_for(1ms);
  }
  return condition();
}

} // namespace

TEST_SUITE("util::PrioritySlots") {
  TEST_CASE("a freed slot goes to the most urgent waiter, then to the one that queued first") {
    util::PrioritySlots slots(1);
    slots.acquire(util::Urgency{});
    std::mutex mutex;
    std::vector<int> order;
    auto waiter = [&](util::Urgency urgency, int name) {
      return std::thread([&, urgency, name] {
        slots.acquire(urgency);
        {
          std::lock_guard lock(mutex);
          order.push_back(name);
        }
        slots.release();
      });
    };
    // Queued one after another so that "first" is well defined.
    std::thread low_early = waiter(util::Urgency{1, 0}, 1);
    REQUIRE(eventually([&] { return slots.waiting() == 1; }));
    std::thread low_late = waiter(util::Urgency{1, 0}, 2);
    REQUIRE(eventually([&] { return slots.waiting() == 2; }));
    std::thread urgent = waiter(util::Urgency{5, 0}, 3);
    REQUIRE(eventually([&] { return slots.waiting() == 3; }));
    // The same chain through it as the first two, more requests ahead: between them and "urgent".
    std::thread more_ahead = waiter(util::Urgency{1, 7}, 4);
    REQUIRE(eventually([&] { return slots.waiting() == 4; }));
    slots.release();
    for (std::thread* thread : {&low_early, &low_late, &urgent, &more_ahead}) {
      thread->join();
    }
    CHECK(order == std::vector<int>{3, 4, 1, 2});
  }

  TEST_CASE("never more holders than slots") {
    util::PrioritySlots slots(2);
    std::atomic<int> holding{0};
    std::atomic<int> most{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 12; ++i) {
      threads.emplace_back([&, i] {
        for (int round = 0; round < 50; ++round) {
          slots.acquire(util::Urgency{i % 3, i % 2});
          int now = ++holding;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          --holding;
          slots.release();
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(most.load() <= 2);
    CHECK(most.load() >= 1);
  }
}

TEST_SUITE("util::TaskScope") {
  TEST_CASE("a task gives its CPU slot back while it waits, and takes it again after") {
    util::PrioritySlots cpu(1);
    std::atomic<bool> other_ran{false};
    std::atomic<bool> waiting{false};
    bool other_ran_during_the_wait = false;
    std::thread task([&] {
      util::TaskScope scope(&cpu, util::Urgency{1, 1});
      {
        util::WaitingOffCpu off;
        waiting = true;
        // Were the slot still held, the other task could only run after this scope: this times out.
        other_ran_during_the_wait = eventually([&] { return other_ran.load(); });
      }
    });
    REQUIRE(eventually([&] { return waiting.load(); }));
    std::thread other([&] {
      util::TaskScope scope(&cpu, util::Urgency{1, 1});
      other_ran = true;
    });
    other.join();
    task.join();
    CHECK(other_ran_during_the_wait);
  }

  TEST_CASE("the request-under-way signal reaches the task's scheduler once, and only inside a task") {
    int signals = 0;
    util::request_under_way(); // outside a task: nothing to tell, no harm
    {
      util::TaskScope scope(nullptr, util::Urgency{}, [&] { ++signals; });
      util::request_under_way();
      util::request_under_way();
    }
    util::request_under_way();
    CHECK(signals == 1);
  }
}

TEST_SUITE("util::take_time_held_back") {
  // engine/runner.cpp leaves this out of a criterion's duration: waiting for a CPU slot again after
  // the network answered is queueing behind other tasks, not the task's own time.
  TEST_CASE("a wait for a CPU slot after waiting off it counts as held back; getting one at once does not") {
    util::PrioritySlots slots(1);
    std::chrono::steady_clock::duration at_once{};
    std::chrono::steady_clock::duration behind_another{};
    std::thread task([&] {
      util::TaskScope scope(&slots, util::Urgency{});
      util::take_time_held_back();
      { util::WaitingOffCpu off_cpu; }
      at_once = util::take_time_held_back();
      std::thread other;
      {
        util::WaitingOffCpu off_cpu;
        // Another task takes the freed slot while this one waits, and keeps it for 200 ms.
        other = std::thread([&] {
          slots.acquire(util::Urgency{});
          std::this_thread::sleep_for(200ms);
          slots.release();
        });
        std::this_thread::sleep_for(20ms); // `other` holds the slot by now
      }
      behind_another = util::take_time_held_back();
      other.join();
    });
    task.join();
    CHECK(at_once < 50ms);
    CHECK(behind_another >= 150ms);
  }
}
