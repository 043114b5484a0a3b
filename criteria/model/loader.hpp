// Loading the criteria catalog from its directory: catalog.yaml plus one <ID>.yaml per interface in `order`.
// Strict: unknown keys, missing keys, wrong types, bad ids, unknown probe types or parameters, stray files —
// every one is an input error with file:line:col (docs/criteria-format.md).
#pragma once

#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "util/result.hpp"

namespace klarmeld::criteria {

// The validated catalog with its canonical SHA-256 set; the first problem found otherwise.
Result<Catalog> load_catalog(const std::string& dir);

// Every problem in the catalog (empty = clean), in file order, for `klarmeld criteria lint`.
std::vector<Error> lint_catalog(const std::string& dir);

} // namespace klarmeld::criteria
