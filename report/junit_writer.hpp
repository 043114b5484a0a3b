// The assessment as JUnit XML, the de-facto format Jenkins, GitLab and GitHub test reporters read:
// one <testsuite> per interface, one <testcase> per criterion; Nej → <failure>, Ikke testet and
// Ikke relevant → <skipped>.
#pragma once

#include <string>
#include <vector>

#include "engine/assessment.hpp"
#include "report/language.hpp"
#include "util/result.hpp"

namespace klarmeld::report {

std::string render_junit(const engine::Assessment& assessment, Language language = Language::Danish);
// A rollout (several municipalities): every municipality's suites in one file, named
// "<municipality>/<interface>", each with the municipality and its code as properties.
std::string render_junit(const std::vector<engine::Assessment>& assessments, Language language = Language::Danish);
// Atomic (temp file + rename).
Status write_junit(const engine::Assessment& assessment, const std::string& path, Language language = Language::Danish);

} // namespace klarmeld::report
