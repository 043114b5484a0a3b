// Tasks with dependencies on a fixed number of worker threads, critical path first: a worker always
// takes, of the tasks whose dependencies have finished, the one on the longest chain of requests —
// the requests that had to come before it plus those still ahead of it (a probe whose token took two
// requests outranks a one-request probe that could have run at any time). The run engine uses it for
// tokens → access tokens → probes, so a probe holds a worker only once its token is there.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace klarmeld::engine {

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
  // as finished: the exception is dropped, so tasks report their outcome themselves.
  void run(int workers, const std::function<bool()>& stop);

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
