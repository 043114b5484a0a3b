#include "criteria/model/canonical.hpp"

#include "util/digest.hpp"

namespace klarmeld::criteria {
namespace {

// Length-prefixed, so no value can imitate a field boundary, whatever characters it contains.
void record(std::string& out, std::string_view field, std::string_view value) {
  out += field;
  out += ' ';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

void write_criterion(std::string& out, const Criterion& criterion) {
  record(out, "criterion", criterion.id);
  record(out, "text", criterion.text_da);
  record(out, "text_en", criterion.text_en);
  record(out, "source", to_string(criterion.source));
  record(out, "required", criterion.required ? "true" : "false");
  if (criterion.probe) {
    record(out, "probe", criterion.probe->type);
    for (const auto& [name, value] : criterion.probe->params) { // std::map: sorted by name
      record(out, "param." + name, value);
    }
  } else {
    record(out, "manual", criterion.manual_evidence);
  }
}

} // namespace

std::string canonical_form(const Catalog& catalog) {
  std::string out;
  record(out, "format", "klarmeld-catalog/1");
  record(out, "identity", catalog.identity);
  record(out, "version", catalog.version);
  for (const auto& id : catalog.order) {
    record(out, "order", id);
  }
  for (const auto& interface : catalog.interfaces) {
    record(out, "interface", interface.id);
    record(out, "name", interface.name_da);
    record(out, "name_en", interface.name_en);
    record(out, "transport", interface.transport);
    record(out, "direction", to_string(interface.direction));
    record(out, "spec", interface.spec_reference);
    record(out, "purpose", interface.purpose_da);
    record(out, "purpose_en", interface.purpose_en);
    for (const auto& criterion : interface.criteria) {
      write_criterion(out, criterion);
    }
  }
  return out;
}

std::string catalog_sha256(const Catalog& catalog) {
  return sha256_hex(canonical_form(catalog));
}

} // namespace klarmeld::criteria
