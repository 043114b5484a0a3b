#include "report/json_writer.hpp"

#include "report/json_text.hpp"
#include "util/files.hpp"

namespace klarmeld::report {

std::string render_json(const engine::Assessment& assessment) {
  return json_document(Json(assessment));
}

Status write_json(const engine::Assessment& assessment, const std::string& path) {
  return write_file_atomically(path, render_json(assessment));
}

} // namespace klarmeld::report
