#include "util/priority_slots.hpp"

#include <algorithm>

namespace klarmeld::util {

PrioritySlots::PrioritySlots(int slots) : m_slots(std::max(1, slots)), m_free(m_slots) {}

void PrioritySlots::acquire(Urgency urgency) {
  std::unique_lock lock(m_mutex);
  if (m_free > 0 && m_waiting.empty()) {
    --m_free;
    return;
  }
  Waiter waiter;
  m_waiting.emplace(Queued{urgency, m_next_ticket++}, &waiter);
  grant_next();
  waiter.wake.wait(lock, [&] { return waiter.granted; });
}

size_t PrioritySlots::waiting() const {
  std::lock_guard lock(m_mutex);
  return m_waiting.size();
}

void PrioritySlots::release() {
  std::lock_guard lock(m_mutex);
  ++m_free;
  grant_next();
}

void PrioritySlots::grant_next() {
  while (m_free > 0 && !m_waiting.empty()) {
    auto first = m_waiting.begin();
    Waiter* waiter = first->second;
    m_waiting.erase(first);
    --m_free;
    waiter->granted = true;
    waiter->wake.notify_one();
  }
}

} // namespace klarmeld::util
