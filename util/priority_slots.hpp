// A counting semaphore whose waiters are served most urgent first: higher urgency (util/urgency),
// then the one that queued earlier. Each waiter sleeps on its own condition variable, so a release
// wakes one thread, not all of them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

#include "util/urgency.hpp"

namespace klarmeld::util {

class PrioritySlots {
public:
  explicit PrioritySlots(int slots);
  PrioritySlots(const PrioritySlots&) = delete;
  PrioritySlots& operator=(const PrioritySlots&) = delete;

  void acquire(Urgency urgency);
  void release();

  int slots() const { return m_slots; }
  size_t waiting() const; // threads queued in acquire() now

private:
  struct Waiter {
    std::condition_variable wake;
    bool granted = false;
  };
  // The order waiters are served in: more urgent first, then by ticket (who queued first).
  struct Queued {
    Urgency urgency;
    uint64_t ticket = 0;
    bool operator<(const Queued& other) const {
      return urgency != other.urgency ? urgency > other.urgency : ticket < other.ticket;
    }
  };
  void grant_next(); // with m_mutex held

  const int m_slots;
  mutable std::mutex m_mutex;
  int m_free;
  uint64_t m_next_ticket = 0;
  std::map<Queued, Waiter*> m_waiting; // most urgent first
};

} // namespace klarmeld::util
