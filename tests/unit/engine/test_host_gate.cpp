// Host limits in the scheduler (issue #19): a task whose host would make its request wait does not
// take a worker while a task for another host could start. The limiter's own answer
// (HostLimiter::next_start), the policy with a clock the test moves, and the pool on threads.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/schedule.hpp"
#include "engine/task_pool.hpp"
#include "interfaces/http/host_limiter.hpp"
#include "util/task_context.hpp"

using namespace klarmeld;
using namespace std::chrono_literals;

namespace {

using ScheduleTime = engine::Schedule::TimePoint;
const ScheduleTime t0 = ScheduleTime{} + 1h;

// A host that takes one request per 50 ms, as the HTTP client's limiter would say through the gate:
// a request "goes" when its task tells the schedule it is under way.
struct OnePer50ms {
  ScheduleTime clock = t0;
  ScheduleTime free_at = t0;
  std::optional<ScheduleTime> gate(int starting) const {
    if (starting == 0 && clock >= free_at) {
      return std::nullopt;
    }
    return std::max(free_at, clock) + (starting > 0 ? 50ms : 0ms);
  }
};

} // namespace

TEST_SUITE("http::HostLimiter next_start") {
  TEST_CASE("the bucket with the requests already starting, then a Retry-After pause") {
    http::HostLimiter limiter(http::HostLimits{0, 10, 2}); // 10/s, a burst of 2
    const auto now = std::chrono::steady_clock::now();
    CHECK(!limiter.next_start("https://a:443", 0, now)); // a host never seen: a full bucket
    // Two requests already on their way take the burst: the third waits a tenth of a second.
    std::optional<ScheduleTime> third = limiter.next_start("https://a:443", 2, now);
    REQUIRE(third);
    CHECK(*third > now + 99ms);
    CHECK(*third < now + 101ms);
    REQUIRE(limiter.try_acquire("https://a:443"));
    REQUIRE(limiter.try_acquire("https://a:443"));
    std::optional<ScheduleTime> next = limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now());
    REQUIRE(next);
    CHECK(*next > std::chrono::steady_clock::now());
    CHECK(!limiter.next_start("https://b:443", 0, std::chrono::steady_clock::now())); // per host
    const auto retry_after = std::chrono::steady_clock::now() + 1h;
    limiter.pause("https://a:443", retry_after);
    CHECK(limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now()) == retry_after);
  }

  TEST_CASE("requests in flight, and those starting, fill the host until one ends") {
    http::HostLimiter limiter(http::HostLimits{1, 0, 0}); // one in flight
    CHECK(!limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now()));
    CHECK(limiter.next_start("https://a:443", 1, std::chrono::steady_clock::now()) == ScheduleTime::max());
    {
      std::optional<http::HostLimiter::Slot> slot = limiter.try_acquire("https://a:443");
      REQUIRE(slot);
      CHECK(limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now()) == ScheduleTime::max());
    }
    CHECK(!limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now()));
  }

  TEST_CASE("all hosts' places taken: a host with room still says now, and taking waits") {
    // The scheduler starts the task so that its request is prepared meanwhile; the client holds it
    // back until a place is free (engine/runner.cpp, docs/performance.md §6).
    http::HostLimits limits;
    limits.max_in_flight = 2;
    limits.max_total_in_flight = 1;
    http::HostLimiter limiter(limits);
    std::optional<http::HostLimiter::Slot> taken = limiter.try_acquire("https://a:443");
    REQUIRE(taken);
    CHECK(!limiter.next_start("https://b:443", 0, std::chrono::steady_clock::now()));
    CHECK(!limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now()));
    CHECK_FALSE(limiter.try_acquire("https://b:443"));
    taken.reset();
    CHECK(limiter.try_acquire("https://b:443"));
  }

  TEST_CASE("each place given back is told to the listener, until the listener is taken away") {
    http::HostLimiter limiter(http::HostLimits{1, 0, 0});
    int told = 0;
    limiter.on_release([&] {
      // Called with the limiter's lock let go: the listener may ask it, and sees the place free.
      CHECK(!limiter.next_start("https://a:443", 0, std::chrono::steady_clock::now()));
      ++told;
    });
    limiter.try_acquire("https://a:443").reset();
    CHECK(told == 1);
    limiter.on_release({});
    limiter.try_acquire("https://a:443").reset();
    CHECK(told == 1);
  }

  TEST_CASE("no limits: always at once") {
    http::HostLimiter limiter(http::HostLimits{});
    CHECK(!limiter.next_start("https://a:443", 1000, std::chrono::steady_clock::now()));
  }

  // engine/runner.cpp leaves these waits out of a criterion's duration: with more workers than places,
  // a prepared request waits behind other criteria's requests (util/task_context.hpp).
  TEST_CASE("a wait for the run's limits is counted as held back; a request that goes at once is not") {
    auto release_after_200ms = [](std::optional<http::HostLimiter::Slot> slot) {
      return std::thread([held = std::move(slot)]() mutable {
        std::this_thread::sleep_for(200ms);
        held.reset();
      });
    };
    http::HostLimits total_only;
    total_only.max_total_in_flight = 1;
    http::HostLimits per_host_only;
    per_host_only.max_in_flight = 1;
    for (const auto& [limits, host] : {std::pair{total_only, "https://b:443"}, {per_host_only, "https://a:443"}}) {
      const std::string other_host = host; // a plain name for CAPTURE's lambda (clang: no structured bindings)
      CAPTURE(other_host);
      http::HostLimiter limiter(limits);
      util::take_time_held_back(); // this thread's sum starts at zero
      auto at_once = limiter.acquire("https://c:443", [] { return false; });
      REQUIRE(at_once);
      at_once.reset();
      CHECK(util::take_time_held_back() == std::chrono::steady_clock::duration{});
      std::thread holder = release_after_200ms(limiter.try_acquire("https://a:443"));
      auto waited = limiter.acquire(other_host, [] { return false; });
      holder.join();
      REQUIRE(waited);
      CHECK(util::take_time_held_back() >= 150ms);
    }
  }
}

TEST_SUITE("engine::Schedule host limits") {
  TEST_CASE("while the limited host would wait, the other host's tasks start; then the limited one's") {
    OnePer50ms sts;
    engine::Schedule schedule;
    std::map<engine::Schedule::Task, std::string> names;
    // Token tasks on the STS outrank everything (each has a probe after it), as in a rollout.
    std::vector<engine::Schedule::Task> tokens;
    for (int i = 1; i <= 3; ++i) {
      auto token = schedule.add(1, "https://sts:443");
      auto probe = schedule.add(1, "https://support:443");
      schedule.depends(probe, token);
      names[token] = "token-" + std::to_string(i);
      names[probe] = "probe-" + std::to_string(i);
      tokens.push_back(token);
    }
    for (int i = 1; i <= 3; ++i) {
      names[schedule.add(1, "https://support:443")] = "support-" + std::to_string(i);
    }
    schedule.gate_hosts([&](const std::string& host, int starting) -> std::optional<ScheduleTime> {
      return host == "https://sts:443" ? sts.gate(starting) : std::nullopt;
    });
    schedule.prepare();
    auto start_all = [&] {
      std::vector<std::string> started;
      while (std::optional<engine::Schedule::Task> task = schedule.next(sts.clock)) {
        started.push_back(names[*task]);
      }
      return started;
    };
    // One token task may go; the next would wait in the STS's limiter, so the support work starts.
    CHECK(start_all() == std::vector<std::string>{"token-1", "support-1", "support-2", "support-3"});
    CHECK(schedule.ready());
    // The token's request goes out: the STS's next slot is 50 ms later, and the schedule says so.
    schedule.under_way(tokens[0]);
    sts.free_at = sts.clock + 50ms;
    CHECK(schedule.held_until(sts.clock) == t0 + 50ms);
    sts.clock += 20ms;
    CHECK(start_all().empty());
    schedule.finished(tokens[0]); // its probe, for the support systems, starts at once
    CHECK(start_all() == std::vector<std::string>{"probe-1"});
    sts.clock = t0 + 50ms;
    CHECK(start_all() == std::vector<std::string>{"token-2"});
  }

  TEST_CASE("with a lead, a task starts that long before its host's slot, never earlier") {
    engine::Schedule schedule;
    schedule.add(1, "https://sts:443");
    schedule.add(1, "https://sts:443");
    ScheduleTime slot = t0 + 30ms;
    schedule.gate_hosts(
        [&](const std::string&, int starting) -> std::optional<ScheduleTime> {
          return slot == ScheduleTime::max() ? slot : slot + starting * 50ms;
        },
        20ms);
    schedule.prepare();
    CHECK(!schedule.next(t0));
    CHECK(schedule.held_until(t0) == t0 + 10ms);
    REQUIRE(schedule.next(t0 + 10ms));
    CHECK(schedule.held_until(t0 + 10ms) == t0 + 60ms); // the second: its slot 50 ms after the first's
    slot = ScheduleTime::max(); // a full host frees when a request ends, not before (no lead taken off)
    CHECK(schedule.held_until(t0 + 10ms) == ScheduleTime::max());
  }

  TEST_CASE("a rollout's municipalities in turn: a lower group first, by urgency within it") {
    // Without groups the longest chains of every municipality would go first, and a rate-limited STS
    // would hand out the tokens of the one-request probes (the support systems') only at its end.
    engine::Schedule schedule;
    std::map<engine::Schedule::Task, std::string> names;
    for (size_t municipality = 0; municipality < 2; ++municipality) {
      const std::string suffix = "-" + std::to_string(municipality);
      auto long_token = schedule.add(1, "https://sts:443", municipality);
      auto long_probe = schedule.add(3, "https://sp:443", municipality);
      schedule.depends(long_probe, long_token);
      auto short_token = schedule.add(1, "https://sts:443", municipality);
      auto short_probe = schedule.add(1, "https://support:443", municipality);
      schedule.depends(short_probe, short_token);
      names[long_token] = "long" + suffix;
      names[short_token] = "short" + suffix;
    }
    schedule.prepare();
    std::vector<std::string> tokens;
    while (std::optional<engine::Schedule::Task> task = schedule.next(t0)) {
      tokens.push_back(names[*task]);
    }
    CHECK(tokens == std::vector<std::string>{"long-0", "short-0", "long-1", "short-1"});
  }

  TEST_CASE("tasks naming no host, or a schedule without a gate, are never held by hosts") {
    engine::Schedule schedule;
    schedule.add(1, "https://sts:443");
    schedule.add(1, "https://sts:443");
    schedule.add(1);
    schedule.prepare();
    int started = 0;
    while (schedule.next(t0)) {
      ++started;
    }
    CHECK(started == 3);
  }
}

TEST_SUITE("engine::TaskPool host limits") {
  // Two workers; three urgent tasks for a limited host whose second slot comes only once the other
  // host's work has run (or after 5 s, so that a pool that parks its workers fails instead of
  // hanging); four tasks for another host. A pool that gives a worker to a task whose host would make
  // it wait parks both workers in the limiter, and the other host's tasks run only after.
  TEST_CASE("the other host's tasks run while the limited host waits; no worker waits in its limiter") {
    std::mutex mutex;
    std::condition_variable changed;
    int limited_taken = 0; // slots the limited host has given
    int other_done = 0;
    int other_done_before_second_slot = -1;
    bool opened = false; // the limited host's next slot has come
    auto open_at_once = [&] { return opened || other_done == 4; };

    engine::TaskPool pool;
    for (int i = 0; i < 3; ++i) {
      size_t limited = pool.add(
          [&] {
            std::unique_lock lock(mutex);
            if (limited_taken > 0) { // the limiter's wait, as HostLimiter::acquire's
              changed.wait_for(lock, 5s, open_at_once);
              opened = true;
              if (other_done_before_second_slot < 0) {
                other_done_before_second_slot = other_done;
              }
            }
            ++limited_taken;
            lock.unlock();
            util::request_under_way();
          },
          1, "https://sts:443");
      pool.depends(pool.add([] {}, 1), limited); // a probe after each: the limited tasks outrank the rest
    }
    for (int i = 0; i < 4; ++i) {
      pool.add(
          [&] {
            {
              std::lock_guard lock(mutex);
              ++other_done;
            }
            changed.notify_all();
          },
          1, "https://support:443");
    }
    engine::SchedulingPolicy policy;
    policy.host_gate = [&](const std::string& host, int starting) -> std::optional<ScheduleTime> {
      std::lock_guard lock(mutex);
      if (host != "https://sts:443" || (limited_taken + starting == 0) || open_at_once()) {
        return std::nullopt;
      }
      return std::chrono::steady_clock::now() + 5ms; // not yet: look again
    };
    pool.run(
        2, [] { return false; }, policy);
    CHECK(limited_taken == 3);
    CHECK(other_done == 4);
    CHECK(other_done_before_second_slot == 4);
  }

  // Session 18 (docs/performance.md §6): while a rate limit held every task, each idle worker looked
  // at the schedule again at each token's time and every 20 ms, and all but one went back to sleep;
  // a rollout at --rate 20 spent a fifth of klarmeld's CPU so. Sixteen workers and sixteen tasks whose
  // host gives its slots 300 ms on: the gate is asked each time a worker looks. With one worker
  // keeping the time it was asked 76 times (each worker's first look, then one every 20 ms); with
  // every worker keeping it, 496.
  TEST_CASE("while a host's limit holds every task, one worker keeps the time, not every worker") {
    std::atomic<int> looks{0};
    std::atomic<int> ran{0};
    engine::TaskPool pool;
    for (int i = 0; i < 16; ++i) { // a worker per task: the pool starts no more threads than tasks
      pool.add([&] { ++ran; }, 1, "https://sts:443");
    }
    const ScheduleTime slot = std::chrono::steady_clock::now() + 300ms;
    engine::SchedulingPolicy policy;
    policy.host_gate = [&](const std::string&, int) -> std::optional<ScheduleTime> {
      ++looks;
      return std::chrono::steady_clock::now() >= slot ? std::nullopt : std::optional<ScheduleTime>(slot);
    };
    pool.run(
        16, [] { return false; }, policy);
    CHECK(ran == 16);
    CHECK(std::chrono::steady_clock::now() >= slot);
    MESSAGE("the gate was asked " << looks.load() << " times");
    CHECK(looks < 200);
  }

  // Session 18: each task's end, and each request under way, woke every idle worker, and all but the
  // one that found a task went back to sleep. Sixteen workers; a chain of ten tasks runs one after
  // another while fifteen tasks wait for a full host that frees when the chain ends. Each look at
  // the schedule asks the gate about the full host: 81 times with one wake-up at a time, 315 when
  // every end woke every idle worker.
  TEST_CASE("a task's end wakes one idle worker, which wakes the next only when it found a task") {
    std::atomic<int> looks{0};
    std::atomic<bool> chain_done{false};
    engine::TaskPool pool;
    // Each link takes a few milliseconds, long enough for every other worker to be waiting.
    size_t link = pool.add([] { std::this_thread::sleep_for(5ms); }, 1);
    for (int i = 1; i < 10; ++i) {
      size_t next = pool.add(
          [&, i] {
            std::this_thread::sleep_for(5ms);
            chain_done = i == 9;
          },
          1);
      pool.depends(next, link);
      link = next;
    }
    std::atomic<int> ran{0};
    for (int i = 0; i < 15; ++i) {
      pool.add([&] { ++ran; }, 1, "https://full:443");
    }
    engine::SchedulingPolicy policy;
    policy.host_gate = [&](const std::string&, int) -> std::optional<ScheduleTime> {
      ++looks;
      return chain_done ? std::nullopt : std::optional<ScheduleTime>(ScheduleTime::max());
    };
    policy.watch_hosts = [](const std::function<void()>&) {}; // a full host wakes no one by itself here
    pool.run(
        16, [] { return false; }, policy);
    CHECK(ran == 15);
    MESSAGE("the gate was asked " << looks.load() << " times");
    CHECK(looks < 160);
  }

  // Session 16 (docs/performance.md §6): a place freed at a full host was taken up only when some
  // task next finished, or at the pool's next look. One worker waits for a full host; the other's
  // task holds the host's one place, gives it back (as HostLimiter tells on_release's listener) and
  // then waits for the held task to start. With the wake-up it starts at once; without, it would
  // start only once the holding task had ended (after 5 s here), so the test would fail.
  TEST_CASE("a task held because its host is full starts as soon as a place there frees") {
    std::mutex mutex;
    std::condition_variable changed;
    bool place_taken = false;
    bool held_for_the_place = false; // the pool has seen the host full with no task starting for it
    bool held_started = false;
    bool started_while_holder_ran = false;
    std::function<void()> wake;

    engine::TaskPool pool;
    pool.add(
        [&] {
          {
            std::lock_guard lock(mutex);
            place_taken = true;
          }
          util::request_under_way(); // its request is in flight: the host is full now
          std::function<void()> tell;
          {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, 5s, [&] { return held_for_the_place; });
            place_taken = false; // the answer is in
            tell = wake;
          }
          if (tell) {
            tell();
          }
          std::unique_lock lock(mutex);
          started_while_holder_ran = changed.wait_for(lock, 5s, [&] { return held_started; });
        },
        1, "https://sts:443");
    pool.add(
        [&] {
          {
            std::lock_guard lock(mutex);
            held_started = true;
          }
          changed.notify_all();
        },
        1, "https://sts:443");
    engine::SchedulingPolicy policy;
    policy.host_gate = [&](const std::string&, int starting) -> std::optional<ScheduleTime> {
      std::lock_guard lock(mutex);
      if (place_taken || starting > 0) {
        if (starting == 0) {
          held_for_the_place = true;
          changed.notify_all();
        }
        return ScheduleTime::max(); // one place, and it is taken: a request's end frees it
      }
      return std::nullopt;
    };
    policy.watch_hosts = [&](std::function<void()> wake_up) {
      std::lock_guard lock(mutex);
      wake = std::move(wake_up);
    };
    pool.run(
        2, [] { return false; }, policy);
    CHECK(held_started);
    CHECK(started_while_holder_ran);
  }
}
