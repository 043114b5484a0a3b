#include "bench/engine/thread_cpu.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>

namespace klarmeld::bench {

ThreadTimes take_thread_times() {
  ThreadTimes times;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", error)) {
    const std::string tid = entry.path().filename().string();
    long id = 0;
    if (std::from_chars(tid.data(), tid.data() + tid.size(), id).ec != std::errc{}) {
      continue;
    }
    std::ifstream schedstat(entry.path() / "schedstat");
    std::ifstream comm(entry.path() / "comm");
    double on_cpu_ns = 0;
    ThreadTimes::Thread thread;
    // A thread that ended between the listing and the reads leaves both unreadable: skipped.
    if (schedstat >> on_cpu_ns && std::getline(comm, thread.name)) {
      thread.cpu_ms = on_cpu_ns / 1e6;
      times.by_id.emplace(id, std::move(thread));
    }
  }
  return times;
}

double named_threads_cpu_ms(const ThreadTimes& before, const ThreadTimes& after, const std::string& name) {
  double total = 0;
  for (const auto& [id, thread] : after.by_id) {
    if (thread.name != name) {
      continue;
    }
    auto earlier = before.by_id.find(id);
    total += thread.cpu_ms - (earlier == before.by_id.end() ? 0.0 : earlier->second.cpu_ms);
  }
  return total;
}

} // namespace klarmeld::bench
