// The few facts of SAML 2.0 SP metadata (saml-metadata-2.0-os §2.4.4) the SLO and SSO probes need:
// entityID, SingleLogoutService and ACS endpoints, the signing certificates that pin the SP's
// signatures, and the encryption certificate and algorithms assertions are encrypted with. (The full SF1511 metadata
// checks live in metadata_checks.hpp, the engine helper's.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/handles.hpp"
#include "util/result.hpp"

namespace klarmeld::saml {

inline constexpr const char* md_namespace = "urn:oasis:names:tc:SAML:2.0:metadata";
inline constexpr const char* binding_http_post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
inline constexpr const char* binding_http_redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

struct SloEndpoint {
  std::string binding;
  std::string location;
  std::string response_location;
};

// md:AssertionConsumerService (saml-metadata-2.0-os §2.4.4): where the IdP posts the Response.
struct AcsEndpoint {
  std::string binding;
  std::string location;
};

struct SpMetadata {
  std::string entity_id;
  std::vector<SloEndpoint> single_logout;
  std::vector<AcsEndpoint> assertion_consumers;      // in document order
  std::vector<crypto::X509Ptr> signing_certificates; // KeyDescriptor use="signing" or without use
  // KeyDescriptor use="encryption" or without use (saml-metadata-2.0-os §2.4.1.1), and the
  // md:EncryptionMethod Algorithms those KeyDescriptors offer, in document order.
  std::vector<crypto::X509Ptr> encryption_certificates;
  std::vector<std::string> encryption_methods;

  const SloEndpoint* slo_for(const char* binding) const;
};

// Untrusted input: parsed with parse_untrusted_xml. Error code saml.metadata when no SPSSODescriptor.
Result<SpMetadata> read_sp_metadata(std::string_view xml);

} // namespace klarmeld::saml
