// Tasks with dependencies on a fixed number of worker threads, critical path first: a worker always
// takes, of the tasks whose dependencies have finished, the one on the longest chain of requests —
// the requests that had to come before it plus those still ahead of it (a probe whose token took two
// requests outranks a one-request probe that could have run at any time). The run engine uses it for
// tokens → access tokens → probes, so a probe holds a worker only once its token is there.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

namespace klarmeld::engine {

// How the tasks of a run share the machine (util/task_context); the defaults gate nothing.
struct SchedulingPolicy {
  int cpu_slots = 0; // tasks computing at once, in the same order as they start; 0: not gated
  // While a task on the longest unfinished chain is getting its request under way (connecting,
  // sending), no task off that chain starts — for at most this long. Zero: no head start.
  std::chrono::milliseconds critical_head_start{0};
};

class TaskGraph {
public:
  // `own_requests`: the requests the task makes one after another (its weight on the chain).
  size_t add(std::function<void()> run, int own_requests);
  // `task` starts only once `prerequisite` has finished (whatever its outcome).
  void depends(size_t task, size_t prerequisite);

  // Longest chain from the task to the end of the graph, its own requests included.
  int chain(size_t task) const;
  // Longest chain of requests through the task: before it (its prerequisites') and from it on.
  int chain_through(size_t task) const;

  // Runs every task on up to `workers` threads (the caller's among them). Once `stop()` is true no
  // task is started; the call returns when the running ones have finished. A task that throws counts
  // as finished: the exception is dropped, so tasks report their outcome themselves. Each task runs
  // in a util::TaskScope: it marks its waits with util::WaitingOffCpu, and the HTTP client tells
  // when its first request is under way.
  void run(int workers, const std::function<bool()>& stop, SchedulingPolicy policy = {});

  size_t size() const { return m_tasks.size(); }

private:
  struct Task {
    std::function<void()> run;
    int own_requests = 0;
    std::vector<size_t> dependents;
    int prerequisites = 0;
  };
  std::vector<int> chains() const; // from each task to the end
  std::vector<int> heads() const;  // requests that must come before each task

  std::vector<Task> m_tasks;
};

} // namespace klarmeld::engine
