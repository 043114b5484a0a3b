// Timing helpers for the benchmarks: a steady-clock stopwatch, the process's CPU time and the median
// of samples.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#include <sys/resource.h>

namespace klarmeld::bench {

class Stopwatch {
public:
  Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
  }

private:
  std::chrono::steady_clock::time_point m_start;
};

// CPU time of the whole process (klarmeld's threads and the in-process fixture's servers), in ms;
// child processes (a rabbitmq-server) are not in it.
inline double cpu_milliseconds(const rusage& usage) {
  auto ms = [](const timeval& time) { return time.tv_sec * 1000.0 + time.tv_usec / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

inline double process_cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return cpu_milliseconds(usage);
}

inline double median(std::vector<double> samples) {
  if (samples.empty()) {
    return 0.0;
  }
  std::sort(samples.begin(), samples.end());
  size_t middle = samples.size() / 2;
  return samples.size() % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2.0;
}

} // namespace klarmeld::bench
