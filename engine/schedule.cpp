#include "engine/schedule.hpp"

#include <algorithm>

namespace klarmeld::engine {

Schedule::Task Schedule::add(int own_requests) {
  m_tasks.push_back(Node{std::max(0, own_requests), {}, 0});
  return m_tasks.size() - 1;
}

void Schedule::depends(Task task, Task prerequisite) {
  m_tasks.at(prerequisite).dependents.push_back(task);
  ++m_tasks.at(task).prerequisites;
}

void Schedule::prepare(std::chrono::milliseconds head_start) {
  m_head_start = head_start;
  const std::vector<int> ahead = chains();
  const std::vector<int> head = heads();
  m_urgency.assign(m_tasks.size(), {});
  m_waiting.assign(m_tasks.size(), 0);
  m_ready = {};
  m_unfinished_through.clear();
  m_setting_up.clear();
  for (Task task = 0; task < m_tasks.size(); ++task) {
    m_urgency[task] = util::Urgency{head[task] + ahead[task], ahead[task]};
    m_waiting[task] = m_tasks[task].prerequisites;
    m_unfinished_through.insert(m_urgency[task].through);
    if (m_waiting[task] == 0) {
      m_ready.push(Ready{m_urgency[task], task});
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

// A task on the longest unfinished chain is never held back (the most urgent ready task is on it
// whenever any ready task is); the others wait for the latest deadline of a critical task still
// getting its request under way.
std::optional<Schedule::TimePoint> Schedule::held_until(TimePoint now) const {
  if (m_ready.empty() || on_critical_path(m_ready.top().task)) {
    return std::nullopt;
  }
  std::optional<TimePoint> end;
  for (const auto& [task, deadline] : m_setting_up) {
    if (deadline > now && (!end || deadline > *end)) {
      end = deadline;
    }
  }
  return end;
}

std::optional<Schedule::Task> Schedule::next(TimePoint now) {
  if (m_ready.empty() || held_until(now)) {
    return std::nullopt;
  }
  const Task task = m_ready.top().task;
  m_ready.pop();
  ++m_running;
  if (on_critical_path(task) && m_head_start.count() > 0) {
    m_setting_up[task] = now + m_head_start;
  }
  return task;
}

bool Schedule::under_way(Task task) {
  return m_setting_up.erase(task) > 0;
}

void Schedule::finished(Task task) {
  m_setting_up.erase(task);
  m_unfinished_through.erase(m_unfinished_through.find(m_urgency.at(task).through));
  --m_running;
  --m_unfinished;
  for (Task dependent : m_tasks[task].dependents) {
    if (--m_waiting[dependent] == 0) {
      m_ready.push(Ready{m_urgency[dependent], dependent});
    }
  }
}

} // namespace klarmeld::engine
