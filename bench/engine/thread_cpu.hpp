// CPU time by thread name inside this process, to split the bench's CPU between the client and the
// simulator that runs beside it (fixtures::simulator_thread_name). Linux: each thread's time on a CPU
// is the first field of /proc/self/task/TID/schedstat, in nanoseconds (the kernel's
// Documentation/scheduler/sched-stats.rst); its name is /proc/self/task/TID/comm.
#pragma once

#include <map>
#include <string>

namespace klarmeld::bench {

struct ThreadTimes {
  struct Thread {
    std::string name;
    double cpu_ms = 0;
  };
  std::map<long, Thread> by_id; // the threads alive when taken
};

ThreadTimes take_thread_times();

// CPU the threads called `name` used between the two: a thread that started in between counts from
// zero. A thread that ended in between is missing from `after` and not counted; the simulator's
// server threads live as long as its servers.
double named_threads_cpu_ms(const ThreadTimes& before, const ThreadTimes& after, const std::string& name);

} // namespace klarmeld::bench
