#include "engine/task_pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <system_error>

#include "util/task_context.hpp"

namespace klarmeld::engine {
namespace {

constexpr std::chrono::milliseconds host_poll{20};

// The schedule shared by the workers: one mutex around it, and a condition variable for the
// moments when something that was not startable may have become so.
class SharedSchedule {
public:
  explicit SharedSchedule(Schedule& schedule) : m_schedule(schedule) {}

  // The next task to run, or none once nothing is left that this worker could start (all done,
  // stopped, or nothing ready and nothing running that could make something ready).
  std::optional<Schedule::Task> next(const std::function<bool()>& stop) {
    std::unique_lock lock(m_mutex);
    for (;;) {
      if (m_schedule.done() || stop()) {
        m_changed.notify_all();
        return std::nullopt;
      }
      const auto now = std::chrono::steady_clock::now();
      if (std::optional<Schedule::Task> task = m_schedule.next(now)) {
        // Wake-ups go one at a time: whoever takes a task wakes one more worker, which takes the
        // next task if there is one (and wakes another) or keeps the time or sleeps. Waking every
        // idle worker at each change woke thirty for the one or two tasks a change lets start
        // (docs/performance.md §6, session 18).
        m_changed.notify_one();
        return task;
      }
      if (std::optional<Schedule::TimePoint> held_until = m_schedule.held_until(now)) {
        if ((*held_until == Schedule::TimePoint::max() && m_hosts_watched) || m_timekeeper) {
          // Every held task's host is full: a request ending there wakes us (place_freed), and a
          // task that finishes or gets its request under way does too. Or another worker keeps the
          // time, and wakes the next of us when it takes the task it waited for.
          m_changed.wait(lock);
          continue;
        }
        // A host's limits free without telling the schedule (a token accrues, a place frees at a
        // client that does not say so), so look again at least every few milliseconds. One worker
        // does: when every idle worker did, all of them woke at each token of a rate-limited host
        // and all but one went back to sleep (a rollout at --rate 20 spent a fifth of klarmeld's
        // CPU so, docs/performance.md §6, session 18).
        m_timekeeper = true;
        m_changed.wait_until(lock, std::min(*held_until, now + host_poll));
        m_timekeeper = false;
        continue;
      }
      if (m_schedule.running() == 0) {
        m_changed.notify_all();
        return std::nullopt;
      }
      m_changed.wait(lock);
    }
  }

  // A task's request under way, or a task finished, may let others start: one worker looks, and
  // wakes the next if it finds a task (next()).
  void under_way(Schedule::Task task) {
    std::lock_guard lock(m_mutex);
    if (m_schedule.under_way(task)) {
      m_changed.notify_one();
    }
  }

  void finished(Schedule::Task task) {
    std::lock_guard lock(m_mutex);
    m_schedule.finished(task);
    m_changed.notify_one();
  }

  // From the HTTP client's thread: a request ended, so its host has a free place. The lock orders
  // the wake-up after a worker's look at the schedule, so that the worker cannot miss it. One place
  // lets one task start, so one worker is woken (every request's end, at every host, comes here).
  void place_freed() {
    std::lock_guard lock(m_mutex);
    m_changed.notify_one();
  }
  void watch_hosts() { m_hosts_watched = true; } // before the workers start

private:
  Schedule& m_schedule;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_hosts_watched = false;
  bool m_timekeeper = false; // a worker waits for the next moment a held task may start
};

} // namespace

TaskPool::TaskPool() : TaskPool([](std::function<void()> body) { return std::thread(std::move(body)); }) {}

TaskPool::TaskPool(StartThread start_thread) : m_start_thread(std::move(start_thread)) {}

size_t TaskPool::add(std::function<void()> run, int own_requests, std::string host, size_t group) {
  m_run.push_back(std::move(run));
  return m_schedule.add(own_requests, std::move(host), group);
}

void TaskPool::depends(size_t task, size_t prerequisite) {
  m_schedule.depends(task, prerequisite);
}

void TaskPool::run(int workers, const std::function<bool()>& stop, SchedulingPolicy policy) {
  Schedule schedule = m_schedule;
  schedule.prepare(policy.critical_head_start, policy.places);
  schedule.gate_hosts(policy.host_gate, policy.host_lead);
  SharedSchedule shared(schedule);
  // Told when a host's place frees for as long as the workers run; the guard stops it on every way out.
  struct HostWatch {
    const SchedulingPolicy& policy;
    ~HostWatch() {
      if (policy.watch_hosts) {
        policy.watch_hosts({});
      }
    }
  } host_watch{policy};
  if (policy.watch_hosts) {
    shared.watch_hosts();
    policy.watch_hosts([&shared] { shared.place_freed(); });
  }
  std::optional<util::PrioritySlots> cpu;
  if (policy.cpu_slots > 0) {
    cpu.emplace(policy.cpu_slots);
  }

  auto work = [&] {
    while (std::optional<Schedule::Task> task = shared.next(stop)) {
      try {
        // The CPU in the same order as the tasks start. (The urgencies are fixed by prepare(), so
        // reading them needs no lock.)
        util::TaskScope scope(cpu ? &*cpu : nullptr, schedule.urgency(*task),
                              [&shared, current = *task] { shared.under_way(current); });
        m_run[*task]();
      } catch (...) { // an escaped exception must not end the worker (std::terminate); its dependents still run
      }
      shared.finished(*task);
    }
  };
  size_t thread_count = std::min(m_run.size(), static_cast<size_t>(std::max(1, workers)));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < thread_count; ++i) {
    try {
      threads.push_back(m_start_thread(work));
    } catch (const std::system_error&) {
      break; // no more threads to be had: the ones running (and this one) do the work
    }
  }
  if (thread_count > 0) {
    work(); // the calling thread works too
  }
  for (auto& thread : threads) {
    thread.join();
  }
}

} // namespace klarmeld::engine
