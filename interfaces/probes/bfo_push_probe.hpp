// Probe "bfo.push" (SF1461 BeskedFåTilsendt; the push form of SF1460_A): stands in for the
// Beskedfordeler and POSTs ModtagBeskedInput messages (interfaces/rest/modtag_besked.hpp) to the
// vendor's callback endpoint (profile: options.callback_url of the interface) over two-way TLS with
// the profile's system certificate. Ja when a well-formed message is answered StatusKode 20, the
// same BeskedId again is answered 20 too (BFO may deliver a message more than once), and a
// malformed message is not answered 20 (a 20 tells BFO the message was taken, so it is dropped).
// Nej otherwise, naming the call and the answer; Ikke testet without a callback URL.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_bfo_push_probe();

} // namespace klarmeld::probes
