// sts.agreements (CE1510 "Administrationsmodul udkonfigureret"): the service agreements behind every
// interface the vendor uses. For each interface declared "Anvendes", every service entityID it takes a
// token for (its automated criteria's, and the profile's entity_id of a used, non-SAML interface),
// the STS must issue a token for that entityID and the pilot CVR: KOMBIT's STS issues one only for a certificate +
// entityID + CVR an approved agreement in the Administrationsmodul covers (docs/kombit-notes.md, "The parties and the
// flow"; fault 101 "Den anvendte konfiguration kendes ikke", same file, "Tokens").
// Tokens come from the run's cache, so an entityID another probe already fetched costs no STS call.
// Ja: a token for every such entityID (facts: each interface with its assertion id).
// Nej: the STS refused one or more; the reason names every interface whose agreement is missing.
// Ikke testet: no such interface, no STS configured, or the STS never answered.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_sts_agreements_probe();

} // namespace klarmeld::probes
