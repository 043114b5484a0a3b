#include "engine/task_graph.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <system_error>
#include <thread>

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

void TaskGraph::run(int workers, const std::function<bool()>& stop) {
  // The longest chain through the task first, then the most requests still ahead, then the task
  // added first (plan order).
  const std::vector<int> chain = chains();
  const std::vector<int> head = heads();
  auto later = [&](size_t left, size_t right) {
    int through_left = head[left] + chain[left];
    int through_right = head[right] + chain[right];
    if (through_left != through_right) {
      return through_left < through_right;
    }
    return chain[left] != chain[right] ? chain[left] < chain[right] : left > right;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> ready(later);
  std::vector<int> waiting(m_tasks.size());
  for (size_t i = 0; i < m_tasks.size(); ++i) {
    waiting[i] = m_tasks[i].prerequisites;
    if (waiting[i] == 0) {
      ready.push(i);
    }
  }
  std::mutex mutex;
  std::condition_variable changed;
  size_t unfinished = m_tasks.size();
  size_t running = 0;

  auto work = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return !ready.empty() || unfinished == 0 || running == 0; });
      if (unfinished == 0 || stop() || ready.empty()) {
        // Nothing ready and nothing running that could make something ready: done (or stopped).
        changed.notify_all();
        return;
      }
      size_t task = ready.top();
      ready.pop();
      ++running;
      lock.unlock();
      try {
        m_tasks[task].run();
      } catch (...) { // an escaped exception must not end the worker (std::terminate); its dependents still run
      }
      lock.lock();
      --running;
      --unfinished;
      for (size_t dependent : m_tasks[task].dependents) {
        if (--waiting[dependent] == 0) {
          ready.push(dependent);
        }
      }
      changed.notify_all();
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
