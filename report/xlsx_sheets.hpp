// Internal to the xlsx writer: the three kinds of sheet, each filled from the assessment alone.
#pragma once

#include "engine/assessment.hpp"
#include "report/xlsx_sheet.hpp"

namespace klarmeld::report::xlsx {

// Sheet 1: header block, one row per interface in catalog order, run facts below.
Status write_overview_sheet(SheetWriter& sheet, const engine::Assessment& assessment);
// One per assessed interface: header block, overall assessment, remarks, criteria table.
Status write_interface_sheet(SheetWriter& sheet, const engine::Assessment& assessment,
                             const engine::InterfaceOutcome& interface);
// Last sheet: how every criterion was decided, with evidence references and digests.
Status write_documentation_sheet(SheetWriter& sheet, const engine::Assessment& assessment);

// The interface name or criterion text in the sheet's language (English falls back to Danish).
const std::string& localized(const std::string& danish, const std::string& english, Language language);

} // namespace klarmeld::report::xlsx
