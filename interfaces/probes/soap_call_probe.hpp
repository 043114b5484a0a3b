// soap.call (SF1500, SF1510, SF1470, SF1490): an OIOIDWS-signed SOAP 1.2 call with the STS token for
// the service's entityID (holder-of-key signature with the system key, STR-Transform reference to the
// assertion, Framework/WS-Addressing/TransactionUUID headers) over mutual TLS.
// Parameters: operation (see soap_operations.hpp), expect_status (default "20"), service (default own).
// Ja: the answer's StandardRetur/StatusKode equals expect_status.
// Nej: a SOAP fault (reported with code/subcode and reason), another StatusKode (with FejlbeskedTekst),
//      or an answer without StandardRetur.
// Ikke testet: missing inputs (URL, entity_id, operation options), no token, or transport failure.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_soap_call_probe();

} // namespace klarmeld::probes
