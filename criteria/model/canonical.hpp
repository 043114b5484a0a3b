// The catalog's identity as a digest: SHA-256 over a canonical serialization of the *loaded* model, so
// comments, whitespace, key order, quoting and folding style do not change it, while any change to what
// is assessed (a word of a criterion, a probe parameter, the order) does. Every output shows it.
//
// Canonical form v1 (UTF-8, one record per line, each `<field> <byte length>:<value>\n`, fields in this
// fixed order, values exactly as loaded):
//   format 18:klarmeld-catalog/1
//   identity, version, then `order` once per interface id in order;
//   per interface, in order: interface (id), name, name_en, transport, direction, spec, purpose, purpose_en;
//   per criterion, in order: criterion (id), text, text_en, source, required (true|false),
//     then either `probe` (type) followed by `param.<name>` per parameter sorted by name — defaults
//     included, so writing a default explicitly does not change the hash — or `manual` (evidence text).
// Absent optional texts are empty values. File names, paths and source positions are not part of it.
#pragma once

#include <string>

#include "criteria/model/catalog.hpp"

namespace klarmeld::criteria {

std::string canonical_form(const Catalog& catalog);
std::string catalog_sha256(const Catalog& catalog); // lowercase hex of sha256(canonical_form)

} // namespace klarmeld::criteria
