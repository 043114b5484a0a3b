// The assessment as JSON (docs/json-format.md), schema_version 1: everything the workbook shows,
// for pipelines and dashboards.
#pragma once

#include <string>

#include "engine/assessment.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

inline constexpr int json_schema_version = 1;

std::string render_json(const engine::Assessment& assessment);
// Atomic (temp file + rename).
Status write_json(const engine::Assessment& assessment, const std::string& path);

} // namespace klarmeld::report
