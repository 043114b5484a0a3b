#include "interfaces/saml/metadata_checks.hpp"

#include <algorithm>
#include <cctype>

#include <openssl/evp.h>
#include <pugixml.hpp>

#include "crypto/certificate_info.hpp"
#include "interfaces/pugi_local.hpp"
#include "interfaces/saml/sp_metadata.hpp"
#include "util/xs_types.hpp"

namespace klarmeld::probes {
namespace {

// Metadata namespaces are often prefixed (md:, ds:); compare local names.
using pugi_local::child;
using pugi_local::children;
using pugi_local::is;

pugi::xml_node find_sp_entity(const pugi::xml_node& root) {
  if (is(root, "EntityDescriptor")) {
    return root;
  }
  for (auto entity : children(root, "EntityDescriptor")) {
    if (child(entity, "SPSSODescriptor")) {
      return entity;
    }
  }
  return {};
}

bool contains_doctype(const std::string& xml) {
  std::string head = xml.substr(0, std::min<size_t>(xml.size(), 1u << 20));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return head.find("<!DOCTYPE") != std::string::npos || head.find("<!ENTITY") != std::string::npos;
}

crypto::X509Ptr certificate_from_base64(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
             text.end());
  std::string der(text.size(), '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                               reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (length <= 0) {
    return nullptr;
  }
  length -=
      static_cast<int>(std::count(text.end() - std::min<long>(2, static_cast<long>(text.size())), text.end(), '='));
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  return crypto::X509Ptr(d2i_X509(nullptr, &cursor, length));
}

std::string verify_against(X509* certificate, const std::vector<crypto::X509Ptr>& anchors) {
  crypto::X509StorePtr store(X509_STORE_new());
  for (const auto& anchor : anchors) {
    X509_STORE_add_cert(store.get(), anchor.get());
  }
  X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
  crypto::X509StoreCtxPtr context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), store.get(), certificate, nullptr);
  if (X509_verify_cert(context.get()) == 1) {
    return {};
  }
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
}

// Every attribute is read by its type in saml-schema-metadata-2.0.xsd: Binding and Location are
// xs:anyURI (whiteSpace collapse), AuthnRequestsSigned/WantAssertionsSigned/isDefault xs:boolean,
// index xs:unsignedShort, validUntil xs:dateTime. KeyDescriptor/@use is a restriction of xs:string
// (whiteSpace preserve), so it is compared as written.
std::string any_uri(const pugi::xml_node& node, const char* name) {
  return xs_collapse(node.attribute(name).value());
}

bool is_https(const std::string& location) {
  return location.rfind("https://", 0) == 0;
}

void check_certificate(const std::string& use, const pugi::xml_node& descriptor,
                       const std::vector<crypto::X509Ptr>& anchors, const MetadataPolicy& policy, TimePoint now,
                       MetadataFindings& findings) {
  pugi::xml_node data = child(child(descriptor, "KeyInfo"), "X509Data");
  pugi::xml_node encoded = child(data, "X509Certificate");
  crypto::X509Ptr certificate = certificate_from_base64(encoded.child_value());
  if (!certificate) {
    findings.problems.push_back(use + " KeyDescriptor has no readable X509Certificate");
    return;
  }
  crypto::CertificateInfo info = crypto::describe(certificate.get());
  findings.facts.emplace_back(use + "_certificate_subject", info.subject);
  findings.facts.emplace_back(use + "_certificate_not_after", iso8601_utc(info.not_after));
  long days_left = static_cast<long>(std::chrono::duration_cast<std::chrono::hours>(info.not_after - now).count() / 24);
  if (info.not_after < now) {
    findings.problems.push_back(use + " certificate expired on " + iso8601_utc(info.not_after));
  } else if (info.not_before > now) {
    findings.problems.push_back(use + " certificate is not valid before " + iso8601_utc(info.not_before));
  } else if (days_left < policy.warn_days) {
    findings.warnings.push_back(use + " certificate expires in " + std::to_string(days_left) + " days");
  }
  if (info.subject == info.issuer) {
    findings.problems.push_back(use + " certificate is self-signed (the Context Handler requires OCES)");
    return;
  }
  if (std::string failure = verify_against(certificate.get(), anchors); !failure.empty()) {
    findings.problems.push_back(use + " certificate does not chain to the CA bundle: " + failure);
  }
}

void check_key_descriptors(const pugi::xml_node& sp, const std::vector<crypto::X509Ptr>& anchors,
                           const MetadataPolicy& policy, TimePoint now, MetadataFindings& findings) {
  for (const char* use : {"signing", "encryption"}) {
    pugi::xml_node chosen;
    for (auto descriptor : children(sp, "KeyDescriptor")) {
      std::string declared = descriptor.attribute("use").value();
      if (declared == use) {
        chosen = descriptor;
        break;
      }
      if (declared.empty() && !chosen) {
        chosen = descriptor; // no "use": valid for both (SAML metadata §2.4.1.1)
      }
    }
    if (!chosen) {
      findings.problems.push_back(std::string("no ") + use + " KeyDescriptor");
      continue;
    }
    check_certificate(use, chosen, anchors, policy, now, findings);
  }
}

void check_endpoints(const pugi::xml_node& sp, MetadataFindings& findings) {
  bool post_acs = false;
  for (auto acs : children(sp, "AssertionConsumerService")) {
    std::string binding = any_uri(acs, "Binding");
    std::string location = any_uri(acs, "Location");
    if (!acs.attribute("index").empty() && !xs_unsigned_short(acs.attribute("index").value())) {
      findings.problems.push_back("AssertionConsumerService index is not an xs:unsignedShort: '" +
                                  std::string(acs.attribute("index").value()) + "'");
    }
    if (!acs.attribute("isDefault").empty() && !xs_boolean(acs.attribute("isDefault").value())) {
      findings.problems.push_back("AssertionConsumerService isDefault is not an xs:boolean: '" +
                                  std::string(acs.attribute("isDefault").value()) + "'");
    }
    if (binding == saml::binding_http_post) {
      findings.facts.emplace_back("acs_post", location);
      if (!is_https(location)) {
        findings.problems.push_back("AssertionConsumerService (HTTP-POST) is not HTTPS: " + location);
      }
      post_acs = true;
    }
  }
  if (!post_acs) {
    findings.problems.push_back("no AssertionConsumerService with the HTTP-POST binding");
  }
  auto slos = children(sp, "SingleLogoutService");
  if (slos.empty()) {
    findings.problems.push_back("no SingleLogoutService");
  }
  for (auto slo : slos) {
    std::string location = any_uri(slo, "Location");
    findings.facts.emplace_back("slo", any_uri(slo, "Binding") + " " + location);
    if (!is_https(location)) {
      findings.problems.push_back("SingleLogoutService is not HTTPS: " + location);
    }
  }
}

// AuthnRequestsSigned is an xs:boolean with default false (saml-metadata-2.0-os §2.4.4): Shibboleth
// SP writes "1", mod_auth_mellon "true"; both are true.
void check_flags(const pugi::xml_node& sp, MetadataFindings& findings) {
  pugi::xml_attribute signed_requests = sp.attribute("AuthnRequestsSigned");
  std::optional<bool> value =
      signed_requests.empty() ? std::optional<bool>(false) : xs_boolean(signed_requests.value());
  if (!value) {
    findings.problems.push_back(std::string("AuthnRequestsSigned is not an xs:boolean: '") + signed_requests.value() +
                                "'");
  } else if (!*value) {
    findings.problems.push_back("AuthnRequestsSigned is not true (absent, \"false\" or \"0\")");
  }
  if (pugi::xml_attribute wanted = sp.attribute("WantAssertionsSigned"); !wanted.empty()) {
    std::optional<bool> wants = xs_boolean(wanted.value());
    if (!wants) {
      findings.problems.push_back(std::string("WantAssertionsSigned is not an xs:boolean: '") + wanted.value() + "'");
    } else {
      findings.facts.emplace_back("want_assertions_signed", *wants ? "true" : "false");
    }
  }
}

// validUntil (saml-metadata-2.0-os §2.3.2, xs:dateTime): metadata past it must not be used.
void check_valid_until(const pugi::xml_node& element, TimePoint now, MetadataFindings& findings) {
  pugi::xml_attribute valid_until = element.attribute("validUntil");
  if (valid_until.empty()) {
    return;
  }
  auto parsed = parse_xml_datetime(xs_collapse(valid_until.value()));
  if (!parsed) {
    findings.problems.push_back(std::string(element.name()) + " validUntil is not an xs:dateTime: '" +
                                valid_until.value() + "'");
  } else if (*parsed < now) {
    findings.problems.push_back(std::string(element.name()) + " validUntil " + iso8601_utc(*parsed) + " has passed");
  }
}

} // namespace

MetadataFindings check_sp_metadata(const std::string& xml, const std::vector<crypto::X509Ptr>& trust_anchors,
                                   const MetadataPolicy& policy, TimePoint now) {
  MetadataFindings findings;
  if (xml.size() > policy.max_bytes) {
    findings.problems.push_back("metadata larger than " + std::to_string(policy.max_bytes) + " bytes");
    return findings;
  }
  if (contains_doctype(xml)) {
    findings.problems.push_back("metadata contains a DOCTYPE/ENTITY declaration (refused: XXE risk)");
    return findings;
  }
  pugi::xml_document document;
  // parse_default has no DOCTYPE processing and pugixml never expands external entities.
  pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    findings.problems.push_back(std::string("metadata is not well-formed XML: ") + parsed.description() +
                                " at offset " + std::to_string(parsed.offset));
    return findings;
  }
  pugi::xml_node entity = find_sp_entity(document.document_element());
  if (!entity) {
    findings.problems.push_back("no EntityDescriptor");
    return findings;
  }
  std::string entity_id = entity.attribute("entityID").value();
  findings.facts.emplace_back("entity_id", entity_id);
  // KOMBIT's own IdP/STS entityIDs start with https://saml., and older integration guides asked the
  // same of an SP; but no KOMBIT text found says an SP entityID *must* (ITfoxtec/FoxIDs
  // docs/howto-saml-2.0-context-handler.md now says the issuer "can optionally start with
  // `https://saml.`", where an older version said "is required to"). So it is advice, not a Nej.
  bool saml_prefix = entity_id.rfind("https://saml.", 0) == 0;
  findings.facts.emplace_back("entity_id_https_saml_prefix", saml_prefix ? "yes" : "no");
  if (!saml_prefix) {
    findings.warnings.push_back("entityID '" + entity_id +
                                "' does not start with https://saml. (conventional for the Context Handler, "
                                "not found as a KOMBIT requirement)");
  }
  pugi::xml_node sp = child(entity, "SPSSODescriptor");
  if (!sp) {
    findings.problems.push_back("no SPSSODescriptor");
    return findings;
  }
  check_flags(sp, findings);
  check_valid_until(entity, now, findings);
  check_valid_until(sp, now, findings);
  check_key_descriptors(sp, trust_anchors, policy, now, findings);
  check_endpoints(sp, findings);
  return findings;
}

} // namespace klarmeld::probes
