// Runs a graph of tasks on worker threads in the order engine/schedule decides (critical path first,
// tokens before the probes that need them, the head start). The pool only executes: it asks the
// schedule, under one lock, what to start, waits when the schedule says so, and tells it what has
// finished. The run engine uses it for tokens → access tokens → probes.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "engine/schedule.hpp"

namespace klarmeld::engine {

// How the tasks of a run share the machine (util/task_context); the defaults gate nothing.
struct SchedulingPolicy {
  int cpu_slots = 0; // tasks computing at once, served by urgency; 0: not gated
  // While a task on the longest unfinished chain is getting its request under way (connecting,
  // sending), no task off that chain starts — for at most this long. Zero: no head start.
  std::chrono::milliseconds critical_head_start{0};
  int places = 0; // requests the run may have in flight at once (Schedule::prepare); 0: unknown
  // Asked before a task that names its host starts (engine/schedule: host limits); the run engine
  // passes the HTTP client's next_start. Empty: no task waits for its host here.
  Schedule::HostGate host_gate;
  std::chrono::milliseconds host_lead{0}; // Schedule::gate_hosts
  // Given a wake-up when the run starts (and nothing when it ends), to call whenever a place at a
  // host frees (http::Client::on_place_freed). With it, a task held because its host is full starts
  // as soon as a request to the host ends; without it, the pool looks again every few milliseconds.
  // A client has one listener, so one run at a time per client (each run has its own RunResources).
  std::function<void(std::function<void()> wake)> watch_hosts;
};

class TaskPool {
public:
  // Starts a worker thread; throws std::system_error when the system has no thread to give.
  using StartThread = std::function<std::thread(std::function<void()>)>;

  TaskPool();
  explicit TaskPool(StartThread start_thread); // tests: a thread that cannot be created

  // `own_requests`: the requests the task makes one after another (its weight on the chain);
  // `host`: where its first request goes (http::host_key), empty if nowhere a gate limits;
  // `group`: ready tasks of a lower group first (Schedule::add).
  size_t add(std::function<void()> run, int own_requests, std::string host = {}, size_t group = 0);
  // `task` starts only once `prerequisite` has finished (whatever its outcome).
  void depends(size_t task, size_t prerequisite);

  // Runs every task on up to `workers` threads (the caller's among them; fewer if no more threads
  // can be created). Once `stop()` is true no task is started; the call returns when the running
  // ones have finished. A task that throws counts as finished: the exception is dropped, so tasks
  // report their outcome themselves. Each task runs in a util::TaskScope: it marks its waits with
  // util::WaitingOffCpu, and the HTTP client tells when its first request is under way.
  void run(int workers, const std::function<bool()>& stop, SchedulingPolicy policy = {});

  size_t size() const { return m_run.size(); }

private:
  Schedule m_schedule; // the graph; each run prepares a copy
  std::vector<std::function<void()>> m_run;
  StartThread m_start_thread;
};

} // namespace klarmeld::engine
