// saml.slo (SF1515): klarmeld, in the Context Handler's role, sends the vendor's SP a signed SAML
// LogoutRequest by the HTTP-POST or HTTP-Redirect binding and expects a signed LogoutResponse with
// status Success, InResponseTo = our request ID and a Destination.
// Inputs (interface options, own interface): slo_url — else the SP metadata's HTTP-POST
// SingleLogoutService, or its HTTP-Redirect one when it names no POST, from options.metadata_url or the
// SF1511 endpoint URL; slo_binding (post or redirect) — else the binding the metadata lists for that
// URL, POST first, and POST without metadata; idp_entity_id (our Issuer; default the
// external-test Context Handler entityID); name_id, session_index; response_destination (when set, the
// response's Destination must equal it). The request is signed with the system certificate: as XML
// for POST, over the query string (RSA-SHA256) for Redirect.
// The response signature is pinned to the metadata's signing certificates when the metadata was
// read; otherwise it is verified with the certificate it carries, and a warning says so.
// Answers accepted: an HTML auto-submit form or form-encoded body with SAMLResponse (HTTP-POST
// binding), the LogoutResponse XML itself (SOAP), or a 3xx whose Location carries the HTTP-Redirect
// binding (DEFLATEd SAMLResponse, RSA-SHA256 query signature verified with the SP metadata's signing
// certificate — Ikke testet when no metadata was read, since that signature names no certificate).
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_saml_slo_probe();

} // namespace klarmeld::probes
