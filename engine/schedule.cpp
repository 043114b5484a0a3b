#include "engine/schedule.hpp"

#include <algorithm>

namespace klarmeld::engine {

Schedule::Task Schedule::add(int own_requests, std::string host, size_t group) {
  m_tasks.push_back(Node{std::max(0, own_requests), {}, 0, std::move(host), group});
  return m_tasks.size() - 1;
}

void Schedule::depends(Task task, Task prerequisite) {
  m_tasks.at(prerequisite).dependents.push_back(task);
  ++m_tasks.at(task).prerequisites;
}

void Schedule::prepare(std::chrono::milliseconds head_start, int places) {
  m_head_start = head_start;
  m_places = std::max(0, places);
  m_requests_left = 0;
  const std::vector<int> ahead = chains();
  const std::vector<int> head = heads();
  m_urgency.assign(m_tasks.size(), {});
  m_waiting.assign(m_tasks.size(), 0);
  m_ready.clear();
  m_ready_count = 0;
  m_starting.clear();
  m_counted_starting.assign(m_tasks.size(), false);
  m_unfinished_through.clear();
  m_setting_up.clear();
  for (Task task = 0; task < m_tasks.size(); ++task) {
    m_urgency[task] = util::Urgency{head[task] + ahead[task], ahead[task]};
    m_waiting[task] = m_tasks[task].prerequisites;
    m_requests_left += m_tasks[task].own_requests;
    m_unfinished_through.insert(m_urgency[task].through);
    if (m_waiting[task] == 0) {
      m_ready[m_tasks[task].host].push(ready_entry(task));
      ++m_ready_count;
    }
  }
  m_unfinished = m_tasks.size();
  m_running = 0;
}

std::vector<int> Schedule::heads() const {
  std::vector<int> head(m_tasks.size(), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (Task task = 0; task < m_tasks.size(); ++task) {
      for (Task dependent : m_tasks[task].dependents) {
        if (head[task] + m_tasks[task].own_requests > head[dependent]) {
          head[dependent] = head[task] + m_tasks[task].own_requests;
          changed = true;
        }
      }
    }
  }
  return head;
}

// A fixed-point pass: correct in whatever order the tasks were added, as long as there is no cycle
// (the run engine's graph is tokens → access tokens → probes).
std::vector<int> Schedule::chains() const {
  std::vector<int> chain(m_tasks.size());
  for (Task task = 0; task < m_tasks.size(); ++task) {
    chain[task] = m_tasks[task].own_requests;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (Task task = 0; task < m_tasks.size(); ++task) {
      int longest_after = 0;
      for (Task dependent : m_tasks[task].dependents) {
        longest_after = std::max(longest_after, chain[dependent]);
      }
      if (m_tasks[task].own_requests + longest_after > chain[task]) {
        chain[task] = m_tasks[task].own_requests + longest_after;
        changed = true;
      }
    }
  }
  return chain;
}

bool Schedule::on_critical_path(Task task) const {
  return m_urgency[task].through >= *m_unfinished_through.rbegin();
}

// Each host's most urgent ready task is a candidate; the gate is asked only about a candidate that
// would win, so a held host is passed over for the next most urgent host whose request can go now.
std::optional<std::string> Schedule::startable_host(TimePoint now, std::optional<TimePoint>& free_at) const {
  const std::string* best = nullptr;
  const Ready* best_top = nullptr;
  for (const auto& [host, queue] : m_ready) {
    if (queue.empty() || (best_top != nullptr && !(*best_top < queue.top()))) {
      continue;
    }
    if (!host.empty() && m_gate) {
      auto starting = m_starting.find(host);
      std::optional<TimePoint> at = m_gate(host, starting == m_starting.end() ? 0 : starting->second);
      if (at && *at != TimePoint::max()) {
        *at -= m_lead;
      }
      if (at && *at > now) {
        free_at = free_at ? std::min(*free_at, *at) : *at;
        continue;
      }
    }
    best = &host;
    best_top = &queue.top();
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  return *best;
}

// A task on the longest unfinished chain is never held back by the head start; the others wait for
// the latest deadline of a critical task still getting its request under way. Unless the requests
// left outlast that chain even with every place busy: then the chain is not what the run waits for,
// and a task held back leaves a place idle (docs/performance.md §6, session 16).
std::optional<Schedule::TimePoint> Schedule::head_start_holds(Task task, TimePoint now) const {
  if (on_critical_path(task)) {
    return std::nullopt;
  }
  if (m_places > 0 && m_requests_left > static_cast<long>(*m_unfinished_through.rbegin()) * m_places) {
    return std::nullopt;
  }
  std::optional<TimePoint> end;
  for (const auto& [setting_up, deadline] : m_setting_up) {
    if (deadline > now && (!end || deadline > *end)) {
      end = deadline;
    }
  }
  return end;
}

std::optional<Schedule::TimePoint> Schedule::held_until(TimePoint now) const {
  if (m_ready_count == 0) {
    return std::nullopt;
  }
  std::optional<TimePoint> free_at;
  std::optional<std::string> host = startable_host(now, free_at);
  if (!host) {
    return free_at;
  }
  return head_start_holds(m_ready.at(*host).top().task, now);
}

std::optional<Schedule::Task> Schedule::next(TimePoint now) {
  if (m_ready_count == 0) {
    return std::nullopt;
  }
  std::optional<TimePoint> free_at;
  std::optional<std::string> host = startable_host(now, free_at);
  if (!host) {
    return std::nullopt;
  }
  std::priority_queue<Ready>& queue = m_ready.at(*host);
  const Task task = queue.top().task;
  if (head_start_holds(task, now)) {
    return std::nullopt;
  }
  queue.pop();
  --m_ready_count;
  ++m_running;
  if (on_critical_path(task) && m_head_start.count() > 0) {
    m_setting_up[task] = now + m_head_start;
  }
  if (!host->empty()) {
    ++m_starting[*host];
    m_counted_starting[task] = true;
  }
  return task;
}

void Schedule::not_starting(Task task) {
  if (m_counted_starting[task]) {
    m_counted_starting[task] = false;
    --m_starting[m_tasks[task].host];
  }
}

bool Schedule::under_way(Task task) {
  const bool was_starting = m_counted_starting.at(task);
  not_starting(task);
  return m_setting_up.erase(task) > 0 || was_starting;
}

void Schedule::finished(Task task) {
  m_setting_up.erase(task);
  not_starting(task);
  m_unfinished_through.erase(m_unfinished_through.find(m_urgency.at(task).through));
  m_requests_left -= m_tasks[task].own_requests;
  --m_running;
  --m_unfinished;
  for (Task dependent : m_tasks[task].dependents) {
    if (--m_waiting[dependent] == 0) {
      m_ready[m_tasks[dependent].host].push(ready_entry(dependent));
      ++m_ready_count;
    }
  }
}

} // namespace klarmeld::engine
