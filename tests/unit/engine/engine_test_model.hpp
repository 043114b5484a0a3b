// Small in-code catalogs and profiles for the engine tests.
#pragma once

#include "criteria/model/catalog.hpp"
#include "criteria/model/probe_types.hpp"
#include "profile/profile.hpp"

namespace klarmeld::test {

inline criteria::Criterion manual_criterion(const std::string& id, int number, bool required = true) {
  criteria::Criterion criterion;
  criterion.id = id;
  criterion.number = number;
  criterion.text_da = "Leverandørens løsning er klar til at anvende integrationen, hvis løsningen kan " + id;
  criterion.required = required;
  return criterion;
}

inline criteria::Criterion probe_criterion(const std::string& id, int number, const std::string& type,
                                           std::map<std::string, std::string> params = {}) {
  criteria::Criterion criterion = manual_criterion(id, number);
  criterion.probe = criteria::ProbeSpec{type, std::move(params), {}, {}};
  criterion.probe->modes = criteria::modes_of(*criterion.probe); // as the catalog loader parses it
  return criterion;
}

inline criteria::Interface interface_with(const std::string& id, std::vector<criteria::Criterion> criteria) {
  criteria::Interface interface;
  interface.id = id;
  interface.name_da = "Integration " + id;
  interface.criteria = std::move(criteria);
  return interface;
}

inline criteria::Catalog catalog_with(std::vector<criteria::Interface> interfaces) {
  criteria::Catalog catalog;
  catalog.identity = "klarmeld test catalog";
  catalog.version = "1.0.0";
  catalog.sha256 = std::string(64, 'a');
  for (auto& interface : interfaces) {
    catalog.order.push_back(interface.id);
  }
  catalog.interfaces = std::move(interfaces);
  return catalog;
}

inline profile::Evidence evidence(const std::string& criterion_id, profile::EvidenceAnswer answer,
                                  std::optional<profile::Date> expires = std::nullopt) {
  profile::Evidence item;
  item.criterion_id = criterion_id;
  item.answer = answer;
  item.url = "https://example.invalid/evidence/" + criterion_id;
  item.confirmed_by = "Jens Hansen, Aarhus Kommune";
  item.date = profile::Date{2026, 10, 1};
  item.expires = expires;
  return item;
}

inline profile::Profile basic_profile() {
  profile::Profile profile;
  profile.vendor_name = "Eksempel Software A/S";
  profile.vendor_cvr = "12345674";
  profile.system_name = "Sagsbehandler Pro";
  profile.system_version = "4.2";
  profile.municipality_name = "Aarhus";
  profile.municipality_code = 751;
  profile.municipality_cvr = "55133018";
  return profile;
}

} // namespace klarmeld::test
