#include "taskforce/heatmap_html.hpp"

#include <algorithm>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "report/json_text.hpp"
#include "report/workbook_labels.hpp"
#include "taskforce/heatmap_assets.hpp"
#include "taskforce/verdict_style.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::taskforce {
// Named, not anonymous: HeatmapHtml::State (external linkage) holds FilePtr members, and GCC's
// -Wsubobject-linkage objects to an anonymous type there once this file is part of a unity batch.
namespace heatmap_files {
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;
} // namespace heatmap_files
using heatmap_files::FilePtr;

namespace {

void put(std::FILE* file, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), file);
}

// Appends a temporary file's whole content to the output.
bool copy_into(std::FILE* from, std::ofstream& to) {
  std::rewind(from);
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, from)) > 0) {
    to.write(buffer, static_cast<std::streamsize>(read));
  }
  return std::ferror(from) == 0 && to.good();
}

std::string percent_text(double share) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f", share * 100.0);
  return buffer;
}

// Per interface column with criteria: [[id, verdict, reason], …] (read by heatmap_assets.cpp's script).
Json criteria_json(const InspectedFile& file, const std::vector<std::string>& columns) {
  Json json = Json::object();
  for (size_t column = 0; column < file.cells.size() && column < columns.size(); ++column) {
    const InterfaceCell& cell = file.cells[column];
    if (cell.criteria.empty()) {
      continue;
    }
    Json rows = Json::array();
    for (const CriterionCell& criterion : cell.criteria) {
      rows.push_back(Json::array({criterion.id, to_key(criterion.verdict), criterion.reason}));
    }
    json[columns[column]] = std::move(rows);
  }
  return json;
}

} // namespace

std::string escape_json_for_script(std::string_view json) {
  std::string safe;
  safe.reserve(json.size());
  for (char c : json) {
    switch (c) {
    case '<':
      safe += "\\u003c";
      break;
    case '>':
      safe += "\\u003e";
      break;
    case '&':
      safe += "\\u0026";
      break;
    default:
      safe += c;
    }
  }
  return safe;
}

struct HeatmapHtml::State {
  std::string path;
  std::vector<std::string> columns;
  std::vector<std::string> column_names;
  FilePtr rows;                               // <tr> elements of the matrix
  FilePtr data;                               // JSON array elements, one per matrix row
  FilePtr excluded;                           // <tr> elements of the excluded-files table
  std::vector<std::string> rollout_overviews; // listed beside the klarmeldinger, not excluded (a few per vendor)
  long row_count = 0;
};

HeatmapHtml::HeatmapHtml(std::unique_ptr<State> state) : m_state(std::move(state)) {}
HeatmapHtml::~HeatmapHtml() = default;

Result<std::unique_ptr<HeatmapHtml>> HeatmapHtml::create(const std::string& path, std::vector<std::string> columns,
                                                         std::vector<std::string> column_names) {
  auto state = std::make_unique<State>();
  state->path = path;
  state->columns = std::move(columns);
  state->column_names = std::move(column_names);
  state->rows.reset(std::tmpfile());
  state->data.reset(std::tmpfile());
  state->excluded.reset(std::tmpfile());
  if (!state->rows || !state->data || !state->excluded) {
    return runtime_error("aggregate.html", "cannot create temporary files for '" + path + "'");
  }
  return std::unique_ptr<HeatmapHtml>(new HeatmapHtml(std::move(state)));
}

void HeatmapHtml::add(const InspectedFile& file) {
  State& state = *m_state;
  if (is_rollout_overview(file)) {
    state.rollout_overviews.push_back(file.path);
    return;
  }
  if (!file.accepted) {
    put(state.excluded.get(), "<tr><td>" + escape_html(file.path) + "</td><td>" + escape_html(file.exclusion_code) +
                                  "</td><td>" + escape_html(file.exclusion_reason) + "</td></tr>\n");
    return;
  }
  bool conflict = !file.conflict_note.empty();
  // The row's notes as its tooltip: a same-time conflict, criteria that could not be read.
  std::string notes = file.conflict_note;
  if (!file.criteria_note.empty()) {
    notes += (notes.empty() ? "" : "; ") + file.criteria_note;
  }
  std::string row =
      "<tr data-row=\"" + std::to_string(state.row_count) + "\" data-vendor=\"" + escape_html(file.vendor) +
      "\" data-municipality=\"" + escape_html(file.municipality) + "\"" + (conflict ? " class=\"conflict\"" : "") +
      (notes.empty() ? "" : " title=\"" + escape_html(notes) + "\"") + "><td>" + escape_html(file.vendor) +
      "</td><td>" + escape_html(file.system + " " + file.system_version + (conflict ? " (konflikt)" : "")) +
      "</td><td>" + escape_html(file.municipality) + "</td><td>" +
      escape_html(file.catalog_version + (file.older_catalog ? " (ældre)" : "")) + "</td>";
  for (size_t column = 0; column < file.cells.size() && column < state.columns.size(); ++column) {
    Verdict verdict = file.cells[column].klarmeldt;
    row += "<td class=\"cell " + std::string(style_of(verdict).css_class) + "\" data-iface=\"" +
           escape_html(state.columns[column]) + "\">" + std::string(file.cells[column].word()) + "</td>";
  }
  put(state.rows.get(), row + "</tr>\n");
  const std::string entry = report::json_inline({{"f", file.path},
                                                 {"v", file.vendor},
                                                 {"s", file.system + " " + file.system_version},
                                                 {"m", file.municipality},
                                                 {"c", file.catalog_version},
                                                 {"i", criteria_json(file, state.columns)}});
  put(state.data.get(), (state.row_count == 0 ? "" : ",\n") + escape_json_for_script(entry));
  ++state.row_count;
}

namespace {

// A share as a Danish reader writes it, with a decimal comma ("12,5 %"); CSS widths keep the dot.
std::string danish_percent(double share) {
  std::string text = percent_text(share);
  std::replace(text.begin(), text.end(), '.', ',');
  return text + " %";
}

// Beside an interface's bar: how many of the klarmeldinger it is relevant in are klarmeldt.
std::string ready_text(const VerdictCounts& counts) {
  if (counts.relevant() == 0) {
    return "ikke relevant i nogen klarmelding"; // no share of nothing
  }
  return danish_percent(counts.ready_share()) + " klarmeldt (" + std::to_string(counts.count(Verdict::Ja)) + " af " +
         std::to_string(counts.relevant()) + " relevante)";
}

std::string bar_chart(const std::vector<std::string>& columns, const Tally& tally) {
  std::string html = "<div class=\"chart\">\n";
  for (size_t column = 0; column < columns.size(); ++column) {
    const VerdictCounts& counts = tally.columns()[column];
    html += "<div class=\"bar-row\" data-iface=\"" + escape_html(columns[column]) + "\"><span class=\"bar-label\">" +
            escape_html(columns[column]) + "</span><span class=\"bar\">";
    for (Verdict verdict : all_verdicts) {
      double share =
          counts.total() == 0 ? 0.0 : static_cast<double>(counts.count(verdict)) / static_cast<double>(counts.total());
      html += "<span class=\"" + std::string(style_of(verdict).css_class) + "\" style=\"width:" + percent_text(share) +
              "%\" title=\"" + std::string(to_danish(verdict)) + ": " + std::to_string(counts.count(verdict)) +
              "\"></span>";
    }
    html += "</span><span class=\"bar-value\">" + ready_text(counts) + "</span></div>\n";
  }
  return html + "</div>\n";
}

std::string head(const Tally& tally) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>Klarmeldingsoverblik</title>\n<style>";
  html += heatmap_css;
  html += "</style>\n</head>\n<body>\n<h1>Klarmeldingsoverblik</h1>\n<p id=\"summary\">" +
          std::to_string(tally.accepted()) + " regneark medtaget, " + std::to_string(tally.excluded()) +
          " udeladt (ikke signeret, ugyldig eller ikke betroet signatur, eller ulæseligt)";
  if (tally.replaced() > 0) {
    html += "; " + std::to_string(tally.replaced()) +
            " erstattet af en nyere (eller samme) klarmelding for samme leverandør, system og kommune";
  }
  if (tally.conflicts() > 0) {
    html += "; " + std::to_string(tally.conflicts()) + " udeladt i konflikt (samme tidspunkt, andet indhold)";
  }
  if (tally.older_catalog() > 0) {
    html += "; " + std::to_string(tally.older_catalog()) + " fra en ældre katalogversion";
  }
  if (tally.rollout_overviews() > 0) {
    html += "; " + std::to_string(tally.rollout_overviews()) + " udrulningsoversigt(er), ikke talt med";
  }
  html += ".</p>\n<p class=\"legend\">";
  for (Verdict verdict : all_verdicts) {
    html += "<span class=\"" + std::string(style_of(verdict).css_class) + "\">" + std::string(to_danish(verdict)) +
            "</span>";
  }
  // The matrix shows it in Ikke testet's yellow: undecided, only manual evidence missing (issue #14 item 4).
  html += "<span class=\"" + std::string(style_of(Verdict::IkkeTestet).css_class) + "\">" +
          std::string(report::danish_labels.pending_evidence) + "</span>";
  return html + "</p>\n";
}

// The rollout overviews among the inputs, each a summary of klarmeldinger that are counted on their own.
std::string rollout_overview_list(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return {};
  }
  std::string html = "<h2>Udrulningsoversigter</h2>\n<p>Tælles ikke: de " + escape_html(rollout_overview_note) +
                     ".</p>\n<ul id=\"rollout-overviews\">\n";
  for (const std::string& path : paths) {
    html += "<li>" + escape_html(path) + "</li>\n";
  }
  return html + "</ul>\n";
}

std::string filters(const std::vector<std::string>& columns, const std::vector<std::string>& names) {
  std::string html = "<div class=\"filters\">\n<label>Leverandør <select id=\"filter-vendor\"><option value=\"\">"
                     "Alle</option></select></label>\n<label>Grænseflade <select id=\"filter-interface\">"
                     "<option value=\"\">Alle</option>";
  for (size_t column = 0; column < columns.size(); ++column) {
    html += "<option value=\"" + escape_html(columns[column]) + "\">" + escape_html(columns[column]) +
            (column < names.size() ? " – " + escape_html(names[column]) : "") + "</option>";
  }
  return html + "</select></label>\n<label>Kommune <select id=\"filter-municipality\"><option value=\"\">Alle"
                "</option></select></label>\n</div>\n";
}

std::string matrix_head(const std::vector<std::string>& columns, const std::vector<std::string>& names) {
  std::string html =
      "<table class=\"matrix\" id=\"matrix\">\n<thead><tr><th>Leverandør</th><th>System</th><th>Kommune</th>"
      "<th>Katalog</th>";
  for (size_t column = 0; column < columns.size(); ++column) {
    html += "<th data-iface=\"" + escape_html(columns[column]) + "\" title=\"" +
            (column < names.size() ? escape_html(names[column]) : "") + "\">" + escape_html(columns[column]) + "</th>";
  }
  return html + "</tr></thead>\n<tbody>\n";
}

} // namespace

Status HeatmapHtml::finish(const Tally& tally) {
  State& state = *m_state;
  std::string temporary = state.path + ".part";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return runtime_error("aggregate.html", "cannot write '" + state.path + "'");
    }
    out << head(tally) << "<h2>Andel klarmeldt pr. grænseflade</h2>\n"
        << bar_chart(state.columns, tally) << "<h2>Matrix</h2>\n<p>Klik på en celle for at se kriterierne bag.</p>\n"
        << filters(state.columns, state.column_names) << matrix_head(state.columns, state.column_names);
    bool copied = copy_into(state.rows.get(), out);
    out << "</tbody>\n</table>\n<div id=\"details\"></div>\n<h2>Udeladte og erstattede filer</h2>\n"
        << "<table class=\"matrix\" "
           "id=\"excluded\">\n<thead><tr><th>Fil</th><th>Årsag</th><th>Begrundelse</th></tr></thead>"
        << "\n<tbody>\n";
    copied = copy_into(state.excluded.get(), out) && copied;
    out << "</tbody>\n</table>\n"
        << rollout_overview_list(state.rollout_overviews) << "<script type=\"application/json\" id=\"klarmeld-data\">[";
    copied = copy_into(state.data.get(), out) && copied;
    out << "]</script>\n<script>" << heatmap_js << "</script>\n</body>\n</html>\n";
    out.close();
    if (!copied || !out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return runtime_error("aggregate.html", "cannot write '" + state.path + "'");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, state.path, ec);
  if (ec) {
    return runtime_error("aggregate.html", "cannot rename '" + temporary + "': " + ec.message());
  }
  return Ok{};
}

} // namespace klarmeld::taskforce
