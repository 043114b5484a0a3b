// What a run starts next, and when — the scheduling policy on its own, single-threaded, with the
// clock passed in (engine/task_pool runs it on worker threads):
// - dependencies: a task is ready once every task it depends on has finished (whatever its outcome);
//   the run engine's graph is tokens → access tokens → probes, so a probe holds a worker only once
//   its token is there;
// - critical path first: of the ready tasks, the one on the longest chain of sequential requests
//   starts first — the requests that had to come before it plus its own and those still ahead of it
//   (a probe whose token took two requests outranks a one-request probe that could run at any time),
//   then the most requests ahead, then the task added first (util::Urgency) — within a group: a task
//   of an earlier group first;
// - head start: while a task on the longest unfinished chain is getting its request under way
//   (connecting, sending), no task off that chain starts — for at most the head start; but not while
//   the requests left would fill the run's places for longer than that chain (a rollout over many
//   municipalities: the run is bound by its requests, and holding them back only leaves places idle);
// - host limits: a task may name the host its request goes to; while that host's limits (requests
//   in flight, rate, a Retry-After pause: the HTTP client's next_start) would make the request wait,
//   the task does not start, and the most urgent ready task for a host that would take a request at
//   once starts instead. So no worker waits in one host's rate limiter while another host's task
//   could run (issue #19: 980 token requests to the STS at 20/s held every worker while the support
//   systems' probes waited for one).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "util/urgency.hpp"

namespace klarmeld::engine {

class Schedule {
public:
  using Task = size_t;
  using TimePoint = std::chrono::steady_clock::time_point;
  // When a request to `host` could start with `starting` more started tasks for the host still to
  // send theirs; nullopt: now (http::Client::next_start). TimePoint::max(): when a request ends.
  using HostGate = std::function<std::optional<TimePoint>(const std::string& host, int starting)>;

  // Building the graph, before prepare().
  // `own_requests`: the requests the task makes one after another (its weight on the chain).
  // `host`: where its first request goes (http::host_key); empty: nowhere the gate knows, never held.
  // `group`: ready tasks of a lower group start first, whatever their urgency (a rollout's
  // municipalities in turn, so that a rate-limited STS hands out every municipality's tokens
  // together and the probes they unlock, for other hosts, run while it serves the next ones).
  Task add(int own_requests, std::string host = {}, size_t group = 0);
  // `task` becomes ready only once `prerequisite` has finished.
  void depends(Task task, Task prerequisite);
  size_t size() const { return m_tasks.size(); }

  // The graph is complete: ranks every task and makes those without prerequisites ready.
  // `head_start`: how long a task on the longest chain may hold others back; zero: never.
  // `places`: requests the run may have in flight at once (0: unknown). With it, the head start holds
  // nothing while the unfinished tasks' requests outnumber the longest unfinished chain's × places.
  void prepare(std::chrono::milliseconds head_start = {}, int places = 0);
  // Asks `gate` before starting a task that names its host; none (the default): hosts hold nothing.
  // `lead`: a task may start this long before its host's slot, so that what it does before its
  // request (building and signing it) overlaps the wait instead of following it; it then waits in
  // the limiter for at most that long.
  void gate_hosts(HostGate gate, std::chrono::milliseconds lead = {}) {
    m_gate = std::move(gate);
    m_lead = lead;
  }

  // Running, after prepare().
  util::Urgency urgency(Task task) const { return m_urgency.at(task); }
  bool ready() const { return m_ready_count > 0; } // a task's prerequisites have all finished
  // Until when nothing may start at `now` although tasks are ready: the head start holds the most
  // urgent startable task back, or the hosts of all ready tasks would make them wait (the earliest
  // moment one of them frees). None if a task may start (or nothing is ready).
  std::optional<TimePoint> held_until(TimePoint now) const;
  // Starts the most urgent ready task whose host would take its request at `now` and returns it;
  // none if nothing is ready, or nothing may start (held_until).
  std::optional<Task> next(TimePoint now);
  // The started task's first request is under way: it no longer holds other tasks back (the head
  // start, and its place among its host's starting tasks). True if it still held something back
  // (others may be waiting for it).
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
    std::string host;
    size_t group = 0;
  };
  // A ready task as the queue orders it: the most urgent on top, equals in the order added.
  struct Ready {
    size_t group = 0;
    util::Urgency urgency;
    Task task = 0;
    bool operator<(const Ready& other) const {
      if (group != other.group) {
        return group > other.group;
      }
      return urgency != other.urgency ? urgency < other.urgency : task > other.task;
    }
  };
  Ready ready_entry(Task task) const { return Ready{m_tasks[task].group, m_urgency[task], task}; }
  std::vector<int> chains() const; // requests from each task to the end of the graph
  std::vector<int> heads() const;  // requests that must come before each task
  bool on_critical_path(Task task) const;
  // The host whose most urgent ready task is the most urgent that may start at `now`; none if every
  // ready task's host would make it wait, and then `free_at` is the earliest moment one frees.
  std::optional<std::string> startable_host(TimePoint now, std::optional<TimePoint>& free_at) const;
  std::optional<TimePoint> head_start_holds(Task task, TimePoint now) const;
  void not_starting(Task task); // its first request is under way, or it has finished

  std::vector<Node> m_tasks;
  std::chrono::milliseconds m_head_start{0};
  std::vector<util::Urgency> m_urgency;
  std::vector<int> m_waiting;                                // prerequisites not yet finished
  std::map<std::string, std::priority_queue<Ready>> m_ready; // by host; "" for tasks naming none
  size_t m_ready_count = 0;
  HostGate m_gate;
  std::chrono::milliseconds m_lead{0};
  std::map<std::string, int> m_starting;   // tasks started for each host whose request is not yet under way
  std::vector<bool> m_counted_starting;    // by task: counted in m_starting
  std::multiset<int> m_unfinished_through; // chains through the tasks not yet finished
  std::map<Task, TimePoint> m_setting_up;  // critical tasks getting their request under way: until when
  size_t m_unfinished = 0;
  size_t m_running = 0;
  int m_places = 0;
  long m_requests_left = 0; // the unfinished tasks' own requests
};

} // namespace klarmeld::engine
