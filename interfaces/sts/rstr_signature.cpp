#include "interfaces/sts/rstr_signature.hpp"

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/xml_signature.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "interfaces/wssec/ws_security.hpp"
#include "util/time.hpp"

namespace klarmeld::sts {

using namespace crypto::xml;

namespace {

// A direct child of Header that occurs exactly once (a repeated one cannot be trusted to be the one
// the signature covers).
xmlNode* single_header(xmlDoc* doc, const char* ns_uri, const char* name) {
  auto found = child_elements(wssec::soap_header(doc), ns_uri, name);
  return found.size() == 1 ? found.front() : nullptr;
}

} // namespace

Status verify_rstr_signature(xmlDoc* rstr, const RstrSignaturePolicy& policy) {
  xmlNode* security = wssec::security_header(rstr);
  auto signatures = child_elements(security, ns::ds, "Signature");
  if (signatures.size() != 1) {
    return input_error("sts.rstr-unsigned", "the STS's answer carries no (single) message signature in wsse:Security");
  }
  if (policy.trusted == nullptr || policy.trusted->empty()) {
    return input_error("sts.no-trust", "no STS certificate is configured to check the answer's signature with");
  }
  // KeyInfo is only an SKI reference: try each configured certificate (Response.xml, see header).
  Result<VerifiedSignature> verified = input_error("sts.rstr-signature", "no certificate tried");
  for (const crypto::X509Ptr& certificate : *policy.trusted) {
    verified = verify(signatures.front(), certificate.get());
    if (verified) {
      break;
    }
  }
  if (!verified) {
    return input_error("sts.rstr-signature", "the STS's message signature does not verify with the configured STS "
                                             "certificate: " +
                                                 verified.error().message);
  }
  struct Part {
    xmlNode* node;
    const char* name;
  };
  const Part parts[] = {{wssec::soap_body(rstr), "soap:Body"},
                        {single_header(rstr, wssec::ns::wsa, "Action"), "wsa:Action"},
                        {single_header(rstr, wssec::ns::wsa, "RelatesTo"), "wsa:RelatesTo"},
                        {first_child_element(security, ns::wsu, "Timestamp"), "wsu:Timestamp"}};
  for (const Part& part : parts) {
    if (part.node == nullptr || !verified->covers(part.node)) {
      return input_error("sts.rstr-uncovered",
                         std::string("the STS's message signature does not cover the answer's ") + part.name);
    }
  }
  const std::string relates_to = trimmed_text(parts[2].node);
  if (!policy.request_message_id.empty() && relates_to != policy.request_message_id) {
    return input_error("sts.relates-to", "wsa:RelatesTo '" + relates_to + "' is not the request's MessageID " +
                                             policy.request_message_id);
  }
  auto expires = parse_xml_datetime(trimmed_text(first_child_element(parts[3].node, ns::wsu, "Expires")));
  if (!expires) {
    return input_error("sts.rstr-expired", "the answer's wsu:Timestamp has no Expires dateTime");
  }
  if (policy.now >= *expires + policy.clock_skew) {
    return input_error("sts.rstr-expired", "the answer's wsu:Timestamp expired at " + iso8601_utc(*expires));
  }
  return Ok{};
}

} // namespace klarmeld::sts
