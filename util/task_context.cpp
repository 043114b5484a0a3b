#include "util/task_context.hpp"

#include <utility>

namespace klarmeld::util {
namespace {

struct ThreadTask {
  PrioritySlots* cpu = nullptr;
  Urgency urgency;
  bool holds_cpu = false;
  std::function<void()> on_request_under_way;
};

thread_local ThreadTask this_thread_task;
thread_local std::chrono::steady_clock::duration this_thread_held_back{};

} // namespace

TaskScope::TaskScope(PrioritySlots* cpu, Urgency urgency, std::function<void()> on_request_under_way) {
  this_thread_task = {cpu, urgency, false, std::move(on_request_under_way)};
  if (cpu != nullptr) {
    cpu->acquire(urgency);
    this_thread_task.holds_cpu = true;
  }
}

TaskScope::~TaskScope() {
  if (this_thread_task.holds_cpu) {
    this_thread_task.cpu->release();
  }
  this_thread_task = {};
}

WaitingOffCpu::WaitingOffCpu() {
  ThreadTask& task = this_thread_task;
  if (task.holds_cpu) {
    task.cpu->release();
    task.holds_cpu = false;
    m_released = true;
  }
}

WaitingOffCpu::~WaitingOffCpu() {
  if (m_released) {
    ThreadTask& task = this_thread_task;
    // Waiting for a slot again is queueing behind other tasks' computing, not this task's own time.
    const auto asked = std::chrono::steady_clock::now();
    task.cpu->acquire(task.urgency);
    this_thread_held_back += std::chrono::steady_clock::now() - asked;
    task.holds_cpu = true;
  }
}

void request_under_way() {
  // Moved out first: the callback runs once even if it ends up here again.
  std::function<void()> callback = std::move(this_thread_task.on_request_under_way);
  this_thread_task.on_request_under_way = nullptr;
  if (callback) {
    callback();
  }
}

void add_time_held_back(std::chrono::steady_clock::duration waited) {
  this_thread_held_back += waited;
}

std::chrono::steady_clock::duration take_time_held_back() {
  return std::exchange(this_thread_held_back, std::chrono::steady_clock::duration{});
}

} // namespace klarmeld::util
