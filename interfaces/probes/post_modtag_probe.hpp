// post.modtag (SF1606 "Digital Post – Modtag post"): klarmeld plays Digital Post and delivers to the
// vendor's PostModtag endpoint, a synchronous REST endpoint (EP_FS1) that accepts or rejects each
// message (digitaliseringskataloget.dk/integration/sf1606). The catalogue publishes neither the
// request envelope nor the security model, so the probe posts the MeMo Message itself (the public
// MeMo shape, https://DigitalPost.dk/MeMo-1; interfaces/rest/memo_message.hpp) as application/xml
// and judges only the HTTP outcome (docs/kombit-notes.md, SF1606).
// Parameter case:
//   delivery           — a valid MeMo message over mutual TLS: Ja on 2xx, Nej otherwise;
//   malformed          — a MeMo message without its required header parts: Ja on 4xx (refused),
//                        Nej on 2xx (accepted) or 5xx (failed instead of refusing);
//   client_certificate — the valid message without a client certificate: Ja when the TLS handshake
//                        or the server (401/403) refuses it, Nej when it is accepted.
// Ikke testet: no endpoint URL, no system certificate, or the endpoint never answered.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_post_modtag_probe();

} // namespace klarmeld::probes
