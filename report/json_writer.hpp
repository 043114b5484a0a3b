// The assessment as a JSON file (docs/json-format.md): the shape is engine's to_json
// (engine/assessment.hpp), the bytes are report/json_text's.
#pragma once

#include <string>

#include "engine/assessment.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

std::string render_json(const engine::Assessment& assessment);
// Atomic (temp file + rename).
Status write_json(const engine::Assessment& assessment, const std::string& path);

} // namespace klarmeld::report
