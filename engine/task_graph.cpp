#include "engine/task_graph.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <queue>
#include <set>
#include <system_error>
#include <thread>

#include "util/task_context.hpp"

namespace klarmeld::engine {

size_t TaskGraph::add(std::function<void()> run, int own_requests) {
  m_tasks.push_back(Task{std::move(run), std::max(0, own_requests), {}, 0});
  return m_tasks.size() - 1;
}

void TaskGraph::depends(size_t task, size_t prerequisite) {
  m_tasks.at(prerequisite).dependents.push_back(task);
  ++m_tasks.at(task).prerequisites;
}

int TaskGraph::chain(size_t task) const {
  return chains().at(task);
}

int TaskGraph::chain_through(size_t task) const {
  return heads().at(task) + chains().at(task);
}

std::vector<int> TaskGraph::heads() const {
  std::vector<int> head(m_tasks.size(), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < m_tasks.size(); ++i) {
      for (size_t dependent : m_tasks[i].dependents) {
        if (head[i] + m_tasks[i].own_requests > head[dependent]) {
          head[dependent] = head[i] + m_tasks[i].own_requests;
          changed = true;
        }
      }
    }
  }
  return head;
}

// A fixed-point pass: correct in whatever order the tasks were added, as long as there is no cycle
// (the run engine's graph is tokens → access tokens → probes).
std::vector<int> TaskGraph::chains() const {
  std::vector<int> chain(m_tasks.size());
  for (size_t i = 0; i < m_tasks.size(); ++i) {
    chain[i] = m_tasks[i].own_requests;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < m_tasks.size(); ++i) {
      int longest_after = 0;
      for (size_t dependent : m_tasks[i].dependents) {
        longest_after = std::max(longest_after, chain[dependent]);
      }
      if (m_tasks[i].own_requests + longest_after > chain[i]) {
        chain[i] = m_tasks[i].own_requests + longest_after;
        changed = true;
      }
    }
  }
  return chain;
}

namespace {

using SteadyClock = std::chrono::steady_clock;

// The run's shared state, under one mutex: which tasks are ready (most urgent first), how many
// prerequisites each still waits for, and which tasks on the longest chain are still getting their
// request under way (the head start).
class Schedule {
public:
  Schedule(const std::vector<int>& through, const std::vector<int>& ahead, const std::vector<int>& prerequisites,
           std::chrono::milliseconds head_start)
      : m_through(through), m_ahead(ahead), m_waiting(prerequisites), m_head_start(head_start),
        m_ready(Later{&through, &ahead}), m_unfinished(prerequisites.size()) {
    for (size_t task = 0; task < prerequisites.size(); ++task) {
      m_unfinished_through.insert(through[task]);
      if (prerequisites[task] == 0) {
        m_ready.push(task);
      }
    }
  }

  // The next task to run, or none once nothing is left that this worker could start (all done,
  // stopped, or nothing ready and nothing running that could make something ready).
  std::optional<size_t> next(const std::function<bool()>& stop) {
    std::unique_lock lock(m_mutex);
    for (;;) {
      if (m_unfinished == 0 || stop()) {
        m_changed.notify_all();
        return std::nullopt;
      }
      if (!m_ready.empty()) {
        size_t task = m_ready.top();
        auto now = SteadyClock::now();
        const bool critical = on_path(task);
        std::optional<SteadyClock::time_point> held_until = critical ? std::nullopt : head_start_end(now);
        if (!held_until) {
          m_ready.pop();
          ++m_running;
          if (critical && m_head_start.count() > 0) {
            m_setting_up[task] = now + m_head_start;
          }
          return task;
        }
        m_changed.wait_until(lock, *held_until);
        continue;
      }
      if (m_running == 0) {
        m_changed.notify_all();
        return std::nullopt;
      }
      m_changed.wait(lock);
    }
  }

  void under_way(size_t task) {
    std::lock_guard lock(m_mutex);
    if (m_setting_up.erase(task) > 0) {
      m_changed.notify_all();
    }
  }

  void finished(size_t task, const std::vector<size_t>& dependents) {
    std::lock_guard lock(m_mutex);
    m_setting_up.erase(task);
    m_unfinished_through.erase(m_unfinished_through.find(m_through[task]));
    --m_running;
    --m_unfinished;
    for (size_t dependent : dependents) {
      if (--m_waiting[dependent] == 0) {
        m_ready.push(dependent);
      }
    }
    m_changed.notify_all();
  }

private:
  // The longest chain through the task first, then the most requests still ahead, then the task
  // added first (plan order).
  struct Later {
    const std::vector<int>* through;
    const std::vector<int>* ahead;
    bool operator()(size_t left, size_t right) const {
      if ((*through)[left] != (*through)[right]) {
        return (*through)[left] < (*through)[right];
      }
      return (*ahead)[left] != (*ahead)[right] ? (*ahead)[left] < (*ahead)[right] : left > right;
    }
  };

  bool on_path(size_t task) const { return m_through[task] >= *m_unfinished_through.rbegin(); }

  // Until when tasks off the longest chain are held back: the latest deadline of a task on it still
  // getting its request under way; none if no such task.
  std::optional<SteadyClock::time_point> head_start_end(SteadyClock::time_point now) const {
    std::optional<SteadyClock::time_point> end;
    for (const auto& [task, deadline] : m_setting_up) {
      if (deadline > now && (!end || deadline > *end)) {
        end = deadline;
      }
    }
    return end;
  }

  const std::vector<int>& m_through;
  const std::vector<int>& m_ahead;
  std::vector<int> m_waiting;
  const std::chrono::milliseconds m_head_start;
  std::priority_queue<size_t, std::vector<size_t>, Later> m_ready;
  std::multiset<int> m_unfinished_through;
  std::map<size_t, SteadyClock::time_point> m_setting_up;
  size_t m_unfinished;
  size_t m_running = 0;
  std::mutex m_mutex;
  std::condition_variable m_changed;
};

} // namespace

void TaskGraph::run(int workers, const std::function<bool()>& stop, SchedulingPolicy policy) {
  const std::vector<int> ahead = chains();
  const std::vector<int> head = heads();
  std::vector<int> through(m_tasks.size());
  std::vector<int> prerequisites(m_tasks.size());
  for (size_t task = 0; task < m_tasks.size(); ++task) {
    through[task] = head[task] + ahead[task];
    prerequisites[task] = m_tasks[task].prerequisites;
  }
  Schedule schedule(through, ahead, prerequisites, policy.critical_head_start);
  std::optional<util::PrioritySlots> cpu;
  if (policy.cpu_slots > 0) {
    cpu.emplace(policy.cpu_slots);
  }

  auto work = [&] {
    while (std::optional<size_t> task = schedule.next(stop)) {
      try {
        // The CPU in the same order as the tasks: through-chain first, then the requests still ahead.
        util::TaskScope scope(cpu ? &*cpu : nullptr, util::Urgency{through[*task], ahead[*task]},
                              [&schedule, current = *task] { schedule.under_way(current); });
        m_tasks[*task].run();
      } catch (...) { // an escaped exception must not end the worker (std::terminate); its dependents still run
      }
      schedule.finished(*task, m_tasks[*task].dependents);
    }
  };
  size_t thread_count = std::min(m_tasks.size(), static_cast<size_t>(std::max(1, workers)));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < thread_count; ++i) {
    try {
      threads.emplace_back(work);
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
