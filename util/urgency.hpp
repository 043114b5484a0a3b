// How urgent a task of a run is, by the chains of sequential requests it lies on (engine/schedule):
// the longest chain through it first — the requests that had to come before it plus its own and
// those after it — then the requests still ahead of it. The run's scheduler starts tasks in this
// order and the CPU slots (util/priority_slots) serve waiting tasks in the same order.
#pragma once

#include <compare>

namespace klarmeld::util {

struct Urgency {
  int through = 0; // requests on the longest chain through the task
  int ahead = 0;   // requests from the task on: its own and the longest chain after it

  // Member order is the ranking: `through` decides, `ahead` breaks ties.
  auto operator<=>(const Urgency&) const = default;
};

} // namespace klarmeld::util
