// Synthetic, deterministic assessments for the aggregate benchmark and the taskforce tests: the real
// catalog's interfaces and criteria (26 interfaces, ~120 criteria), with vendors, systems,
// municipalities and verdicts derived from an index — the same index always gives the same assessment.
#pragma once

#include <cstddef>

#include "criteria/model/catalog.hpp"
#include "engine/assessment.hpp"

namespace klarmeld::bench {

engine::Assessment synthetic_assessment(const criteria::Catalog& catalog, std::size_t index);

// Sets one interface's criteria (and so its klarmeldt) to a single verdict; Ikke relevant marks it declared so.
void set_interface_verdict(engine::Assessment& assessment, const std::string& interface_id, Verdict verdict);

} // namespace klarmeld::bench
