#include "report/rollout_overview.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>

#include "engine/run_state.hpp"
#include "report/json_text.hpp"
#include "report/workbook_labels.hpp"
#include "report/xlsx_writer.hpp"
#include "util/markup_escape.hpp"
#include "util/slug.hpp"

namespace klarmeld::report {
namespace {

std::string verdict_text(const RolloutCell& cell, Language language) {
  bool english = language == Language::English;
  if (!cell.assessed) {
    // As the municipality's own workbook says: declared not relevant, or left out by --only.
    if (cell.verdict == Verdict::IkkeRelevant) {
      return std::string(english ? to_english(cell.verdict) : to_danish(cell.verdict));
    }
    return english ? "Not tested in this run" : "Ikke testet i denne kørsel";
  }
  if (cell.pending_evidence) {
    return std::string(labels_for(language).pending_evidence);
  }
  return std::string(english ? to_english(cell.verdict) : to_danish(cell.verdict));
}

// How far the municipality's run got, in the words of its own workbook's overview sheet: a signed
// overview of a partial or interrupted run says so on every row (docs/rollout.md).
std::string run_state_text(engine::RunState state, Language language) {
  return std::string(
      spelling_of(language == Language::English ? engine::run_state_english : engine::run_state_danish, state));
}

std::string readiness_text(engine::Readiness readiness, Language language) {
  bool english = language == Language::English;
  switch (readiness) {
  case engine::Readiness::Ready:
    return english ? "Ready" : "Klar";
  case engine::Readiness::PendingEvidence:
    return std::string(labels_for(language).pending_evidence);
  case engine::Readiness::NotReady:
    break;
  }
  return english ? "Not ready" : "Ikke klar";
}

// Why an interface is Nej for this municipality: the criteria that failed, each with its reason (a
// missing service agreement shows as the STS's refusal, KOMBIT fault 101, on the token criteria).
std::string nej_reason(const engine::InterfaceOutcome& interface) {
  std::string reason;
  for (const auto& criterion : interface.criteria) {
    if (criterion.verdict == Verdict::Nej) {
      reason += (reason.empty() ? "" : "; ") + criterion.criterion_id + ": " + criterion.reason;
    }
  }
  return reason;
}

// Why an automated criterion of an interface that is Ikke testet could not be decided (a token the STS
// refused, an endpoint that never answered): the cell should say what to fix, not only "Ikke testet".
std::string undecided_reason(const engine::InterfaceOutcome& interface) {
  std::string reason;
  for (const auto& criterion : interface.criteria) {
    if (criterion.verdict == Verdict::IkkeTestet && criterion.method.starts_with("probe:")) {
      reason += (reason.empty() ? "" : "; ") + criterion.criterion_id + ": " + criterion.reason;
    }
  }
  return reason;
}

// CE1510.5 checks, per municipality, that the STS issues a token for every service in use; each one
// refused gets a fact "<interfaces joined by '/'>" = "no token: <code>" (sts_agreements_probe.cpp) and
// an item "<interfaces> (<entityID>): <the STS's answer>" in the reason. The result: interface id →
// "CE1510.5: no service agreement for <item>". An interface such as SF1490, whose only automated
// criterion is a call that never got its token (Ikke testet), is then shown Nej with the cause.
std::map<std::string, std::string> missing_agreements(const engine::Assessment& assessment) {
  std::map<std::string, std::string> missing;
  for (const auto& interface : assessment.interfaces) {
    for (const auto& criterion : interface.criteria) {
      if (criterion.method != "probe:sts.agreements" || criterion.verdict != Verdict::Nej) {
        continue;
      }
      for (const auto& fact : criterion.facts) {
        if (!fact.value.starts_with("no token")) {
          continue;
        }
        // The reason's item for these interfaces, up to the next "; " (or the whole reason).
        std::string item = criterion.reason;
        if (size_t start = criterion.reason.find(fact.key + " ("); start != std::string::npos) {
          size_t end = criterion.reason.find("; ", start);
          item = criterion.reason.substr(start, end == std::string::npos ? std::string::npos : end - start);
        }
        std::string text = criterion.criterion_id + ": no service agreement for " + item;
        for (size_t begin = 0; begin <= fact.key.size();) {
          size_t slash = std::min(fact.key.find('/', begin), fact.key.size());
          missing.emplace(fact.key.substr(begin, slash - begin), text);
          begin = slash + 1;
        }
      }
    }
  }
  return missing;
}

std::string cell_text(const RolloutCell& cell, Language language) {
  std::string text = verdict_text(cell, language);
  return cell.reason.empty() ? text : text + " — " + cell.reason;
}

Status check(lxw_error error, const std::string& what) {
  if (error != LXW_NO_ERROR) {
    return internal_error("xlsx.write", what + " failed: " + lxw_strerror(error));
  }
  return Ok{};
}

// Municipality, code, readiness and run state come first.
constexpr lxw_col_t first_interface_column = 4;

Status write_rows(lxw_workbook* workbook, const RolloutOverview& overview, Language language) {
  bool english = language == Language::English;
  lxw_worksheet* sheet =
      workbook_add_worksheet(workbook, std::string(english ? rollout_sheet_english : rollout_sheet_danish).c_str());
  if (sheet == nullptr) {
    return internal_error("xlsx.sheet", "cannot add the rollout sheet");
  }
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(workbook);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  std::string title = (english ? "Rollout overview: " : "Udrulningsoversigt: ") + overview.vendor + " / " +
                      overview.system + " " + overview.system_version;
  TRY(check(worksheet_write_string(sheet, 0, 0, title.c_str(), bold), "writing the title"));
  TRY(check(worksheet_write_string(sheet, 1, 0, overview.started_at.c_str(), nullptr), "writing the date"));
  const lxw_row_t header = 3;
  TRY(check(worksheet_write_string(sheet, header, 0, english ? "Municipality" : "Kommune", bold), "header"));
  TRY(check(worksheet_write_string(sheet, header, 1, english ? "Code" : "Kommunekode", bold), "header"));
  TRY(check(worksheet_write_string(sheet, header, 2, english ? "Readiness" : "Klarmelding", bold), "header"));
  TRY(check(worksheet_write_string(sheet, header, 3, english ? "Run" : "Kørsel", bold), "header"));
  for (size_t column = 0; column < overview.interfaces.size(); ++column) {
    std::string name = overview.interfaces[column] + " " + overview.interface_names[column];
    TRY(check(worksheet_write_string(sheet, header, static_cast<lxw_col_t>(first_interface_column + column),
                                     name.c_str(), bold),
              "header"));
  }
  for (size_t index = 0; index < overview.rows.size(); ++index) {
    const RolloutRow& row = overview.rows[index];
    auto line = static_cast<lxw_row_t>(header + 1 + index);
    TRY(check(worksheet_write_string(sheet, line, 0, row.municipality.c_str(), wrap), "a municipality"));
    TRY(check(worksheet_write_number(sheet, line, 1, row.code, wrap), "a code"));
    std::string readiness = readiness_text(row.readiness, language);
    TRY(check(worksheet_write_string(sheet, line, 2, readiness.c_str(), wrap), "a readiness"));
    std::string run = run_state_text(row.run_state, language);
    TRY(check(worksheet_write_string(sheet, line, 3, run.c_str(), wrap), "a run state"));
    for (size_t column = 0; column < row.cells.size(); ++column) {
      std::string text = cell_text(row.cells[column], language);
      TRY(check(worksheet_write_string(sheet, line, static_cast<lxw_col_t>(first_interface_column + column),
                                       text.c_str(), wrap),
                "a cell"));
    }
  }
  TRY(check(worksheet_set_column(sheet, 0, 2, 16, nullptr), "column widths"));
  TRY(check(worksheet_set_column(sheet, 3, 3, 24, nullptr), "column widths"));
  if (!overview.interfaces.empty()) {
    auto last = static_cast<lxw_col_t>(first_interface_column + overview.interfaces.size() - 1);
    TRY(check(worksheet_set_column(sheet, first_interface_column, last, 40, nullptr), "column widths"));
  }
  worksheet_freeze_panes(sheet, header + 1, 1);
  return Ok{};
}

} // namespace

RolloutOverview build_rollout_overview(const std::vector<engine::Assessment>& assessments, Language language) {
  RolloutOverview overview;
  if (assessments.empty()) {
    return overview;
  }
  const engine::Assessment& first = assessments.front();
  overview.vendor = first.vendor_name;
  overview.system = first.system_name;
  overview.system_version = first.system_version;
  overview.started_at = first.started_at;
  // The same catalog and --only for every municipality: the interfaces are the first one's.
  for (const auto& interface : first.interfaces) {
    overview.interfaces.push_back(interface.id);
    overview.interface_names.push_back(language == Language::English && !interface.name_en.empty() ? interface.name_en
                                                                                                   : interface.name_da);
  }
  for (const auto& assessment : assessments) {
    RolloutRow row;
    row.municipality = assessment.municipality_name;
    row.code = assessment.municipality_code;
    row.readiness = assessment.readiness();
    row.run_state = assessment.run_state;
    std::map<std::string, std::string> missing = missing_agreements(assessment);
    for (const auto& id : overview.interfaces) {
      auto found = std::find_if(assessment.interfaces.begin(), assessment.interfaces.end(),
                                [&](const engine::InterfaceOutcome& interface) { return interface.id == id; });
      RolloutCell cell;
      if (found != assessment.interfaces.end()) {
        cell.verdict = found->klarmeldt;
        cell.assessed = found->assessed;
        cell.pending_evidence = found->pending_evidence;
        if (found->assessed && found->klarmeldt == Verdict::Nej) {
          cell.reason = nej_reason(*found);
        } else if (found->assessed && found->klarmeldt == Verdict::IkkeTestet && !found->pending_evidence) {
          cell.reason = undecided_reason(*found);
        }
        if (auto agreement = missing.find(id); found->assessed && agreement != missing.end()) {
          cell.agreement_missing = true;
          if (cell.verdict != Verdict::Nej) {
            cell.verdict = Verdict::Nej;
            cell.pending_evidence = false;
            cell.reason = agreement->second;
          }
        }
      } else {
        cell.assessed = false;
      }
      row.cells.push_back(std::move(cell));
    }
    overview.rows.push_back(std::move(row));
  }
  return overview;
}

std::string default_rollout_name(const engine::Assessment& first) {
  std::string single = default_workbook_name(first); // klarmelding_<vendor>_<system>_<kommune>_<date>.xlsx
  std::string date = single.substr(single.size() - std::string("yyyy-mm-dd.xlsx").size());
  if (single.ends_with("undated.xlsx")) {
    date = "undated.xlsx";
  }
  return "klarmelding-udrulning_" + slugify(first.vendor_name) + "_" + slugify(first.system_name) + "_" + date;
}

Status write_rollout_workbook_at(const RolloutOverview& overview, const std::string& path, Language language) {
  lxw_workbook_options options{};
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr) {
    return runtime_error("xlsx.create", "cannot create workbook '" + path + "'");
  }
  Status written = write_rows(workbook, overview, language);
  // Closing writes the file and frees libxlsxwriter's memory; it must happen on failure too.
  lxw_error closed = workbook_close(workbook);
  TRY(written);
  return check(closed, "writing the rollout workbook");
}

std::string render_rollout_html(const RolloutOverview& overview, Language language) {
  bool english = language == Language::English;
  std::string title = (english ? "Rollout overview: " : "Udrulningsoversigt: ") + overview.vendor + " / " +
                      overview.system + " " + overview.system_version;
  std::string html = std::string("<!DOCTYPE html>\n<html lang=\"") + (english ? "en" : "da") +
                     "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape_html(title) +
                     "</title>\n<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;"
                     "vertical-align:top}.ja{background:#c6efce}.nej{background:#ffc7ce}.ikke_testet{background:"
                     "#ffeb9c}</style>\n</head>\n<body>\n<h1>" +
                     escape_html(title) + "</h1>\n<p>" + escape_html(overview.started_at) +
                     "</p>\n<table>\n<thead><tr><th>" + (english ? "Municipality" : "Kommune") + "</th><th>" +
                     (english ? "Readiness" : "Klarmelding") + "</th><th>" + (english ? "Run" : "Kørsel") + "</th>";
  for (size_t column = 0; column < overview.interfaces.size(); ++column) {
    html += "<th title=\"" + escape_html(overview.interface_names[column]) + "\">" +
            escape_html(overview.interfaces[column]) + "</th>";
  }
  html += "</tr></thead>\n<tbody>\n";
  for (const RolloutRow& row : overview.rows) {
    html += "<tr><th>" + escape_html(row.municipality) + " (" + std::to_string(row.code) + ")</th><td>" +
            escape_html(readiness_text(row.readiness, language)) + "</td><td>" +
            escape_html(run_state_text(row.run_state, language)) + "</td>";
    for (const RolloutCell& cell : row.cells) {
      html += "<td class=\"" + std::string(to_key(cell.verdict)) + "\">" + escape_html(verdict_text(cell, language));
      if (!cell.reason.empty()) {
        html += "<br><small>" + escape_html(cell.reason) + "</small>";
      }
      html += "</td>";
    }
    html += "</tr>\n";
  }
  html += "</tbody>\n</table>\n</body>\n</html>\n";
  return html;
}

void to_json(Json& json, const RolloutOverview& overview) {
  Json rows = Json::array();
  for (const RolloutRow& row : overview.rows) {
    Json cells = Json::object();
    for (size_t column = 0; column < row.cells.size() && column < overview.interfaces.size(); ++column) {
      const RolloutCell& cell = row.cells[column];
      cells[overview.interfaces[column]] = {{"assessed", cell.assessed},
                                            {"klarmeldt", std::string(to_key(cell.verdict))},
                                            {"pending_evidence", cell.pending_evidence},
                                            {"agreement_missing", cell.agreement_missing},
                                            {"reason", cell.reason}};
    }
    rows.push_back({{"municipality", {{"name", row.municipality}, {"code", row.code}}},
                    {"readiness", engine::readiness_key(row.readiness)},
                    {"run_state", std::string(engine::run_state_key(row.run_state))},
                    {"interfaces", std::move(cells)}});
  }
  json = {{"vendor", overview.vendor},
          {"system", {{"name", overview.system}, {"version", overview.system_version}}},
          {"started_at", overview.started_at},
          {"municipalities", std::move(rows)}};
}

std::string render_rollout_json(const RolloutOverview& overview, const std::vector<engine::Assessment>& assessments) {
  Json all = Json::array();
  for (const auto& assessment : assessments) {
    all.push_back(Json(assessment));
  }
  return json_document(
      Json{{"format", "klarmeld-rollout/1"}, {"overview", Json(overview)}, {"assessments", std::move(all)}});
}

} // namespace klarmeld::report
