// What the thread of a run's task shares with the scheduler that started it (engine/task_pool):
// - a CPU slot. The engine runs many probes side by side so that their network waits overlap;
//   their signing, parsing and verification, though, share the machine's few cores. Without a
//   gate every thread gets an equal share and the critical path's step is as slow as all the
//   others; with one slot per core, handed out by urgency, the task on the longest chain computes
//   first and a task waiting for the network holds no slot.
// - the moment its first request is under way (connected, being sent): the scheduler holds other
//   work back until the critical path's requests are on the wire.
// A thread outside a TaskScope (fixture servers, the CLI's own threads) is not gated and signals
// nothing.
#pragma once

#include <chrono>
#include <functional>

#include "util/priority_slots.hpp"
#include "util/urgency.hpp"

namespace klarmeld::util {

// Binds the calling thread to one task for the scope: takes a CPU slot from `cpu` (if any) at
// once, gives it back at the end; `on_request_under_way` runs at most once, on the task's thread.
class TaskScope {
public:
  TaskScope(PrioritySlots* cpu, Urgency urgency, std::function<void()> on_request_under_way = {});
  ~TaskScope();
  TaskScope(const TaskScope&) = delete;
  TaskScope& operator=(const TaskScope&) = delete;
};

// A wait for the network, a timer or another thread (a token another task is fetching): the CPU
// slot is free meanwhile and taken again, with the task's urgency, at the end of the scope.
// Every blocking wait in a task must be in one, or the threads it waits for could find every slot
// held by waiters.
class WaitingOffCpu {
public:
  WaitingOffCpu();
  ~WaitingOffCpu();
  WaitingOffCpu(const WaitingOffCpu&) = delete;
  WaitingOffCpu& operator=(const WaitingOffCpu&) = delete;

private:
  bool m_released = false;
};

// Called by the HTTP and TLS clients once a request has its connection and goes out (or has
// ended without one): tells the task's scheduler, the first time only.
void request_under_way();

// Time this thread's task was held back behind other tasks: its requests by the run's own limits
// (http::HostLimiter: places in flight per host and in all, the rate, a host's Retry-After pause)
// before they went out, and its computing while it waited for a CPU slot again (WaitingOffCpu). The
// engine keeps more workers than places so that the next request is prepared meanwhile
// (engine/runner.cpp); a task then waits behind other criteria, as it waited for a free worker
// before, so the runner leaves this time out of a criterion's duration: the duration is the
// criterion's own work and the vendor's answers. `take` returns the sum so far and starts afresh.
void add_time_held_back(std::chrono::steady_clock::duration waited);
std::chrono::steady_clock::duration take_time_held_back();

} // namespace klarmeld::util
