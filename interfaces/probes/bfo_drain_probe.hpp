// Probe "bfo.drain" (SF1460_A / SF1461, the receive side's drain watch): with a test message type
// configured for the vendor's dueslag (options.test_beskedtype), publish one test message through
// AFSEND_BESKED_EXCHANGE with a bfo_afsend/2 token, then watch the dueslag with passive declares
// (bfo_modtag/2 token) for options.drain_seconds (10 s). Ja when the dueslag empties or shrinks; Nej
// when it keeps or grows its backlog, with the counts ("dueslag … holds 40 messages and grew during
// 10 s; no consumer"). Never basic.get or consume: the messages are the vendor's
// (docs/kombit-notes.md "Beskedfordeler").
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_bfo_drain_probe();

} // namespace klarmeld::probes
