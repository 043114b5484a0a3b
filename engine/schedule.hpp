// What a run starts next, and when — the scheduling policy on its own, single-threaded, with the
// clock passed in (engine/task_pool runs it on worker threads):
// - dependencies: a task is ready once every task it depends on has finished (whatever its outcome);
//   the run engine's graph is tokens → access tokens → probes, so a probe holds a worker only once
//   its token is there;
// - critical path first: of the ready tasks, the one on the longest chain of sequential requests
//   starts first — the requests that had to come before it plus its own and those still ahead of it
//   (a probe whose token took two requests outranks a one-request probe that could run at any time),
//   then the most requests ahead, then the task added first (util::Urgency);
// - head start: while a task on the longest unfinished chain is getting its request under way
//   (connecting, sending), no task off that chain starts — for at most the head start.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <vector>

#include "util/urgency.hpp"

namespace klarmeld::engine {

class Schedule {
public:
  using Task = size_t;
  using TimePoint = std::chrono::steady_clock::time_point;

  // Building the graph, before prepare().
  // `own_requests`: the requests the task makes one after another (its weight on the chain).
  Task add(int own_requests);
  // `task` becomes ready only once `prerequisite` has finished.
  void depends(Task task, Task prerequisite);
  size_t size() const { return m_tasks.size(); }

  // The graph is complete: ranks every task and makes those without prerequisites ready.
  // `head_start`: how long a task on the longest chain may hold others back; zero: never.
  void prepare(std::chrono::milliseconds head_start = {});

  // Running, after prepare().
  util::Urgency urgency(Task task) const { return m_urgency.at(task); }
  bool ready() const { return !m_ready.empty(); } // a task's prerequisites have all finished
  // Until when the head start holds the most urgent ready task back at `now`; none if it may start
  // (or nothing is ready).
  std::optional<TimePoint> held_until(TimePoint now) const;
  // Starts the most urgent ready task at `now` and returns it; none if nothing is ready or the head
  // start holds it back.
  std::optional<Task> next(TimePoint now);
  // The started task's first request is under way: it no longer holds other tasks back. True if it
  // was still counted as getting under way (others may be waiting for it).
  bool under_way(Task task);
  // The started task has finished (whatever its outcome); the tasks whose last unfinished
  // prerequisite it was become ready.
  void finished(Task task);
  size_t running() const { return m_running; }
  bool done() const { return m_unfinished == 0; } // every task has finished

private:
  struct Node {
    int own_requests = 0;
    std::vector<Task> dependents;
    int prerequisites = 0;
  };
  // A ready task as the queue orders it: the most urgent on top, equals in the order added.
  struct Ready {
    util::Urgency urgency;
    Task task = 0;
    bool operator<(const Ready& other) const {
      return urgency != other.urgency ? urgency < other.urgency : task > other.task;
    }
  };
  std::vector<int> chains() const; // requests from each task to the end of the graph
  std::vector<int> heads() const;  // requests that must come before each task
  bool on_critical_path(Task task) const;

  std::vector<Node> m_tasks;
  std::chrono::milliseconds m_head_start{0};
  std::vector<util::Urgency> m_urgency;
  std::vector<int> m_waiting; // prerequisites not yet finished
  std::priority_queue<Ready> m_ready;
  std::multiset<int> m_unfinished_through; // chains through the tasks not yet finished
  std::map<Task, TimePoint> m_setting_up;  // critical tasks getting their request under way: until when
  size_t m_unfinished = 0;
  size_t m_running = 0;
};

} // namespace klarmeld::engine
