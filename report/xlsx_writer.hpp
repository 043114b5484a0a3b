// The readiness workbook in KOMBIT's layout (klarmeldingsregneark v. 1, juni 2020): an overview,
// one sheet per assessed interface, and a documentation sheet with the evidence behind every answer.
#pragma once

#include <string>

#include "engine/assessment.hpp"
#include "report/language.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

// Writes a unique temporary beside path and renames it to path, so a reader never sees half a workbook.
Status write_readiness_workbook(const engine::Assessment& assessment, const std::string& path,
                                Language language = Language::Danish);
// Writes exactly `path` (a temporary the caller renames later, e.g. after signing it in place).
Status write_readiness_workbook_at(const engine::Assessment& assessment, const std::string& path,
                                   Language language = Language::Danish);

// klarmelding_<vendor>_<system>_<municipality>_<yyyy-mm-dd>.xlsx, slugged, date of started_at.
std::string default_workbook_name(const engine::Assessment& assessment);

} // namespace klarmeld::report
