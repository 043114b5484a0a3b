#include "report/xlsx_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <utility>
#include <vector>

#include "report/xlsx_sheets.hpp"
#include "util/slug.hpp"
#include "util/temporary_file.hpp"
#include "util/time.hpp"

namespace klarmeld::report {
namespace {

// Owns the workbook until it is closed; if writing fails part-way, closing still frees libxlsxwriter's
// memory and the half-written temporary file is removed.
class WorkbookHandle {
public:
  WorkbookHandle(lxw_workbook* workbook, std::string temporary_path)
      : m_workbook(workbook), m_temporary_path(std::move(temporary_path)) {}
  WorkbookHandle(const WorkbookHandle&) = delete;
  WorkbookHandle& operator=(const WorkbookHandle&) = delete;
  ~WorkbookHandle() {
    if (m_workbook != nullptr) {
      workbook_close(m_workbook);
      std::error_code ignored;
      std::filesystem::remove(m_temporary_path, ignored);
    }
  }
  lxw_workbook* get() const { return m_workbook; }
  lxw_error close() { return workbook_close(std::exchange(m_workbook, nullptr)); }

private:
  lxw_workbook* m_workbook;
  std::string m_temporary_path;
};

// "2026-11-23T09:15:02Z" (optionally with fractions) → time_t; 0 when unparsable.
std::time_t parse_utc(const std::string& iso) {
  auto parsed = parse_xml_datetime(iso, ZoneDesignator::OptionalMeansUtc);
  return parsed ? Clock::to_time_t(*parsed) : 0;
}

Status check(lxw_error error, const std::string& what) {
  if (error != LXW_NO_ERROR) {
    return internal_error("xlsx.write", what + " failed: " + lxw_strerror(error));
  }
  return Ok{};
}

Status set_document_properties(lxw_workbook* workbook, const engine::Assessment& assessment, Language language) {
  std::string title = (language == Language::English ? "Readiness workbook: " : "Klarmeldingsregneark: ") +
                      assessment.vendor_name + " / " + assessment.system_name + " / " + assessment.municipality_name;
  std::string subject = "SKI 02.19 klarmelding";
  std::string author = assessment.tool_identity;
  std::string company = assessment.vendor_name;
  std::string keywords = "klarmelding; KOMBIT; SKI 02.19";
  std::string comments =
      assessment.catalog_identity + " (" + assessment.catalog_version + "), SHA-256 " + assessment.catalog_sha256;
  std::string status = assessment.incomplete                                ? "incomplete"
                       : assessment.readiness() == engine::Readiness::Ready ? "ready"
                                                                            : "not ready";
  lxw_doc_properties properties{};
  properties.title = title.data();
  properties.subject = subject.data();
  properties.author = author.data();
  properties.company = company.data();
  properties.keywords = keywords.data();
  properties.comments = comments.data();
  properties.status = status.data();
  // The run's own start, not the wall clock, so the same assessment gives the same workbook.
  properties.created = parse_utc(assessment.started_at);
  TRY(check(workbook_set_properties(workbook, &properties), "setting document properties"));

  const std::vector<std::pair<const char*, const std::string*>> custom{
      {"klarmeld.catalog_identity", &assessment.catalog_identity},
      {"klarmeld.catalog_version", &assessment.catalog_version},
      {"klarmeld.catalog_sha256", &assessment.catalog_sha256},
      {"klarmeld.profile_sha256", &assessment.profile_sha256},
      {"klarmeld.started_at", &assessment.started_at},
      {"klarmeld.finished_at", &assessment.finished_at},
      {"klarmeld.vendor_cvr", &assessment.vendor_cvr},
      {"klarmeld.status", &status},
  };
  for (const auto& [name, value] : custom) {
    if (value->empty()) {
      continue; // libxlsxwriter rejects empty property values
    }
    TRY(check(workbook_set_custom_property_string(workbook, name, value->c_str()),
              std::string("setting custom property ") + name));
  }
  return Ok{};
}

Result<xlsx::SheetWriter> add_sheet(lxw_workbook* workbook, std::string_view name, const xlsx::Formats& formats,
                                    Language language) {
  std::string sheet_name(name);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheet_name.c_str());
  if (sheet == nullptr) {
    return internal_error("xlsx.sheet",
                          "cannot add sheet '" + sheet_name + "' (invalid or duplicate name, at most 31 characters)");
  }
  return xlsx::SheetWriter(sheet, sheet_name, formats, language);
}

Status write_sheets(lxw_workbook* workbook, const engine::Assessment& assessment, Language language) {
  TRY_ASSIGN(xlsx::Formats formats, xlsx::make_formats(workbook));
  const auto& labels = labels_for(language);
  TRY_ASSIGN(xlsx::SheetWriter overview, add_sheet(workbook, labels.overview_sheet, formats, language));
  TRY(xlsx::write_overview_sheet(overview, assessment));
  for (const auto& interface : assessment.interfaces) {
    if (!interface.assessed) {
      continue; // listed on the overview only (declared not relevant, or left out by --only)
    }
    TRY_ASSIGN(xlsx::SheetWriter sheet, add_sheet(workbook, interface.id, formats, language));
    TRY(xlsx::write_interface_sheet(sheet, assessment, interface));
  }
  TRY_ASSIGN(xlsx::SheetWriter documentation, add_sheet(workbook, labels.documentation_sheet, formats, language));
  return xlsx::write_documentation_sheet(documentation, assessment);
}

} // namespace

Status write_readiness_workbook_at(const engine::Assessment& assessment, const std::string& path, Language language) {
  lxw_workbook_options options{};
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* raw = workbook_new_opt(path.c_str(), &options);
  if (raw == nullptr) {
    return runtime_error("xlsx.create", "cannot create workbook '" + path + "'");
  }
  WorkbookHandle workbook(raw, path);
  TRY(set_document_properties(workbook.get(), assessment, language));
  TRY(write_sheets(workbook.get(), assessment, language));
  lxw_error closed = workbook.close();
  if (closed != LXW_NO_ERROR) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return runtime_error("xlsx.write", "cannot write '" + path + "': " + lxw_strerror(closed));
  }
  return Ok{};
}

Status write_readiness_workbook(const engine::Assessment& assessment, const std::string& path, Language language) {
  // libxlsxwriter reports a missing directory only at close, and on stderr: check it first.
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return runtime_error("xlsx.create",
                         "cannot write '" + path + "': directory '" + parent.string() + "' does not exist");
  }
  TRY_ASSIGN(TemporaryFile temporary, TemporaryFile::beside(path));
  TRY(write_readiness_workbook_at(assessment, temporary.path(), language));
  TRY(temporary.sync());
  return temporary.commit();
}

std::string default_workbook_name(const engine::Assessment& assessment) {
  // The date part of started_at, only when it really is yyyy-mm-dd (it becomes part of a file name).
  std::string date = assessment.started_at.substr(0, 10);
  bool iso_date = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                  std::all_of(date.begin(), date.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
  if (!iso_date) {
    date = "undated";
  }
  return "klarmelding_" + slugify(assessment.vendor_name) + "_" + slugify(assessment.system_name) + "_" +
         slugify(assessment.municipality_name) + "_" + date + ".xlsx";
}

} // namespace klarmeld::report
