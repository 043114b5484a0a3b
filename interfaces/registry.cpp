#include "interfaces/registry.hpp"

#include <array>

#include "interfaces/probes/bfo_drain_probe.hpp"
#include "interfaces/probes/bfo_push_probe.hpp"
#include "interfaces/probes/bfo_receive_probe.hpp"
#include "interfaces/probes/bfo_send_probe.hpp"
#include "interfaces/probes/bfo_vaerdiliste_probe.hpp"
#include "interfaces/probes/post_modtag_probe.hpp"
#include "interfaces/probes/rest_call_probe.hpp"
#include "interfaces/probes/saml_metadata_probe.hpp"
#include "interfaces/probes/saml_slo_probe.hpp"
#include "interfaces/probes/saml_sso_probe.hpp"
#include "interfaces/probes/sftp_probe.hpp"
#include "interfaces/probes/soap_call_probe.hpp"
#include "interfaces/probes/sts_agreements_probe.hpp"
#include "interfaces/probes/sts_issue_probe.hpp"
#include "interfaces/probes/sts_protected_probe.hpp"
#include "interfaces/probes/tls_probe.hpp"

namespace klarmeld::probes {
namespace {

using Factory = std::unique_ptr<Probe> (*)();

struct Entry {
  std::string_view type;
  Factory make;
};

// One line per probe type of the catalog's registry; a type without an entry leaves its criteria
// "Ikke testet: probe type … not available in this build".
const auto& entries() {
  static const std::array table = {
      Entry{"tls", &make_tls_probe},
      Entry{"saml.metadata", &make_saml_metadata_probe},
      Entry{"rest.call", &make_rest_call_probe},
      Entry{"sftp", &make_sftp_probe},
      Entry{"sts.issue", &make_sts_issue_probe},
      Entry{"soap.call", &make_soap_call_probe},
      Entry{"sts.protected", &make_sts_protected_probe},
      Entry{"saml.slo", &make_saml_slo_probe},
      Entry{"saml.sso", &make_saml_sso_probe},
      Entry{"bfo.receive", &make_bfo_receive_probe},
      Entry{"sts.agreements", &make_sts_agreements_probe},
      Entry{"post.modtag", &make_post_modtag_probe},
      Entry{"bfo.send", &make_bfo_send_probe},
      Entry{"bfo.envelope", &make_bfo_envelope_probe},
      Entry{"bfo.drain", &make_bfo_drain_probe},
      Entry{"bfo.push", &make_bfo_push_probe},
      Entry{"bfo.vaerdiliste", &make_bfo_vaerdiliste_probe},
  };
  return table;
}

} // namespace

std::unique_ptr<Probe> make_probe(std::string_view type) {
  for (const auto& entry : entries()) {
    if (entry.type == type) {
      return entry.make();
    }
  }
  return nullptr;
}

int sequential_requests(const criteria::ProbeSpec& spec) {
  std::unique_ptr<Probe> probe = make_probe(spec.type);
  return probe ? probe->sequential_requests(spec) : 0;
}

std::vector<std::string> tokens_ahead(const criteria::ProbeSpec& spec, const criteria::Catalog& catalog,
                                      const profile::Profile& profile) {
  auto probe = make_probe(spec.type);
  return probe ? probe->tokens_ahead(spec, catalog, profile) : std::vector<std::string>{};
}

TokenUse token_use(const criteria::ProbeSpec& spec, const profile::Profile& profile, const std::string& interface_id) {
  std::unique_ptr<Probe> probe = make_probe(spec.type);
  return probe ? probe->token_use(spec, profile, interface_id) : TokenUse{};
}

std::vector<std::string_view> runs_after(std::string_view type) {
  if (type == "saml.slo") {
    return {"saml.sso"};
  }
  return {};
}

std::vector<std::string_view> available_probe_types() {
  std::vector<std::string_view> types;
  for (const auto& entry : entries()) {
    types.push_back(entry.type);
  }
  return types;
}

} // namespace klarmeld::probes
