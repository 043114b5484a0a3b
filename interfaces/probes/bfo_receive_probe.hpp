// Probe "bfo.receive" (SF1460_A / SF1461 BeskedHent, pull over AMQP): with a token for
// bfo_modtag/2 and the pilot CVR, log in to the Beskedfordeler over AMQPS with SASL EXTERNAL and
// passively declare the vendor's dueslag (options.dueslag, its UUID). Ja when the login is accepted
// and the dueslag exists, with its message and consumer counts as facts; Nej when the login is
// refused or the dueslag is unknown. Never basic.get or consume: that would take the vendor's real
// messages (docs/kombit-notes.md "Beskedfordeler"). The endpoint URL is amqps://host:5671.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_bfo_receive_probe();

} // namespace klarmeld::probes
