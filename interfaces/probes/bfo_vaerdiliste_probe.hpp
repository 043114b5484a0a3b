// Probe "bfo.vaerdiliste" (SF1460_B; VærdilisteRediger in SF1461): lists the value list the vendor's
// subscription is filtered by (options.vaerdiliste_uuid) over the Beskedfordeler's SOAP 1.1 service
// (interfaces/soap/vaerdiliste.hpp), as the vendor's system does when it reconciles the list. The call
// goes over two-way TLS with the system certificate and no WS-Security header: KOMBIT's sample client
// (kombit/bfo_infrastructureSamples-java, bf-client-example-app/src/main/java/dk/kombit/samples/
// beskedfordeler/soap/VaerdilisteServiceClient.java, SoapHelper.java) attaches only its key store,
// and the WSDL's IssuedToken policy is commented out. With an entity_id in the profile the probe
// first asks the STS for a token for it (the sample's readme §4.5 has the token requested for the
// receive service), which shows the agreement exists; the token is not sent. Ja when StandardRetur
// is 20 and the list exists with values (in the profile's options.vaerdi_format "cpr": ten digits
// each); Nej on a SOAP fault, another StatusKode, a missing or empty list, with the answer. The values
// themselves (CPR numbers) never reach facts or reasons: counts only.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_bfo_vaerdiliste_probe();

} // namespace klarmeld::probes
