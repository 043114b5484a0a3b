// SAML 2.0 SP metadata checks for the Context Handler (SF1511): what KOMBIT's Administrationsmodul
// needs from a "Brugervendt system" — signed AuthnRequests, signing and encryption certificates
// (OCES, not self-signed, valid), ACS over HTTP-POST and SLO, both HTTPS; an entityID that does not
// start with https://saml. is only a warning (no KOMBIT text found that says "must").
#pragma once

#include <string>
#include <vector>

#include "crypto/handles.hpp"
#include "util/time.hpp"

namespace klarmeld::probes {

struct MetadataFindings {
  std::vector<std::string> problems; // each one makes the criterion Nej
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> facts;
};

struct MetadataPolicy {
  long warn_days = 30;
  size_t max_bytes = 1u << 20;
};

// `xml` is untrusted: DOCTYPE is refused, the size capped, no entity is ever expanded.
MetadataFindings check_sp_metadata(const std::string& xml, const std::vector<crypto::X509Ptr>& trust_anchors,
                                   const MetadataPolicy& policy, TimePoint now);

} // namespace klarmeld::probes
