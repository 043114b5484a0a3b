#include "report/junit_writer.hpp"

#include <pugixml.hpp>

#include <cstdio>
#include <sstream>
#include <vector>

#include "report/text.hpp"
#include "util/files.hpp"

namespace klarmeld::report {
namespace {

// Attribute values stay one-line and bounded: CI tools show them as titles.
constexpr std::size_t max_attribute_bytes = 2000;
constexpr std::size_t max_body_bytes = 64000;

struct Counts {
  int tests = 0;
  int failures = 0;
  int skipped = 0;
  std::int64_t duration_ms = 0;
};

std::string seconds(std::int64_t milliseconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(milliseconds) / 1000.0);
  return buffer;
}

std::string one_line(std::string_view text) {
  std::string line = sanitize_text(text);
  for (char& c : line) {
    if (c == '\n' || c == '\t') {
      c = ' ';
    }
  }
  return truncate_utf8(line, max_attribute_bytes);
}

void set(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(one_line(value).c_str());
}

void add_property(pugi::xml_node properties, const char* name, std::string_view value) {
  auto property = properties.append_child("property");
  set(property, "name", name);
  set(property, "value", value);
}

Counts count(const engine::InterfaceOutcome& interface) {
  Counts counts;
  for (const auto& criterion : interface.criteria) {
    ++counts.tests;
    counts.failures += criterion.verdict == Verdict::Nej ? 1 : 0;
    counts.skipped += criterion.verdict == Verdict::IkkeTestet || criterion.verdict == Verdict::IkkeRelevant ? 1 : 0;
    counts.duration_ms += criterion.duration_ms;
  }
  return counts;
}

// Everything a reviewer needs to act on, in the body CI tools show when the case is opened.
std::string details(const engine::CriterionOutcome& criterion, const std::string& text) {
  std::ostringstream body;
  body << text << "\n";
  body << "method: " << criterion.method << "\n";
  if (!criterion.reason.empty()) {
    body << "reason: " << criterion.reason << "\n";
  }
  if (!criterion.decided_at.empty()) {
    body << "decided_at: " << criterion.decided_at << "\n";
  }
  if (!criterion.evidence_ref.empty()) {
    body << "evidence: " << criterion.evidence_ref << "\n";
  }
  if (!criterion.evidence_sha256.empty()) {
    body << "evidence_sha256: " << criterion.evidence_sha256 << "\n";
  }
  if (!criterion.confirmed_by.empty()) {
    body << "confirmed_by: " << criterion.confirmed_by << "\n";
  }
  for (const auto& fact : criterion.facts) {
    body << "fact: " << fact.key << "=" << fact.value << "\n";
  }
  for (const auto& warning : criterion.warnings) {
    body << "warning: " << warning << "\n";
  }
  return truncate_utf8(sanitize_text(body.str()), max_body_bytes);
}

// `classname` is the suite's name: CI servers (GitLab, Jenkins) know a test by classname and name, so
// in a rollout each municipality's SF1500.2 must be a test of its own, not one test seen three times.
void add_testcase(pugi::xml_node suite, const std::string& classname, const engine::CriterionOutcome& criterion,
                  Language language) {
  const std::string& text =
      language == Language::English && !criterion.text_en.empty() ? criterion.text_en : criterion.text_da;
  auto testcase = suite.append_child("testcase");
  set(testcase, "classname", classname);
  set(testcase, "name", criterion.criterion_id + ": " + short_text(text));
  set(testcase, "time", seconds(criterion.duration_ms));
  std::string reason =
      criterion.reason.empty() ? std::string(verdict_word(criterion.verdict, language)) : criterion.reason;
  std::string body = details(criterion, text);
  switch (criterion.verdict) {
  case Verdict::Ja:
    testcase.append_child("system-out").text().set(body.c_str());
    break;
  case Verdict::Nej: {
    auto failure = testcase.append_child("failure");
    set(failure, "message", reason);
    set(failure, "type", verdict_word(criterion.verdict, language));
    failure.text().set(body.c_str());
    break;
  }
  case Verdict::IkkeTestet:
  case Verdict::IkkeRelevant: {
    auto skipped = testcase.append_child("skipped");
    set(skipped, "message", std::string(verdict_word(criterion.verdict, language)) + ": " + reason);
    testcase.append_child("system-out").text().set(body.c_str());
    break;
  }
  }
}

// `qualified`: a rollout's file holds each interface once per municipality, so the suite names say which.
void add_suite(pugi::xml_node root, const engine::Assessment& assessment, const engine::InterfaceOutcome& interface,
               Language language, bool qualified) {
  Counts counts = count(interface);
  auto suite = root.append_child("testsuite");
  std::string suite_name = qualified ? assessment.municipality_name + "/" + interface.id : interface.id;
  set(suite, "name", suite_name);
  set(suite, "tests", std::to_string(counts.tests));
  set(suite, "failures", std::to_string(counts.failures));
  set(suite, "errors", "0");
  set(suite, "skipped", std::to_string(counts.skipped));
  set(suite, "time", seconds(counts.duration_ms));
  if (!assessment.started_at.empty()) {
    set(suite, "timestamp", assessment.started_at);
  }
  auto properties = suite.append_child("properties");
  const std::string& name =
      language == Language::English && !interface.name_en.empty() ? interface.name_en : interface.name_da;
  add_property(properties, "interface_name", name);
  add_property(properties, "declaration", profile::to_yaml_word(interface.declaration));
  add_property(properties, "assessed", interface.assessed ? "true" : "false");
  add_property(properties, "klarmeldt", to_key(interface.klarmeldt));
  add_property(properties, "remarks", interface.remarks);
  add_property(properties, "vendor", assessment.vendor_name);
  add_property(properties, "vendor_cvr", assessment.vendor_cvr);
  add_property(properties, "system", assessment.system_name);
  add_property(properties, "system_version", assessment.system_version);
  add_property(properties, "municipality", assessment.municipality_name);
  add_property(properties, "municipality_code", std::to_string(assessment.municipality_code));
  add_property(properties, "catalog_identity", assessment.catalog_identity);
  add_property(properties, "catalog_version", assessment.catalog_version);
  add_property(properties, "catalog_sha256", assessment.catalog_sha256);
  add_property(properties, "profile_sha256", assessment.profile_sha256);
  add_property(properties, "tool", assessment.tool_identity);
  add_property(properties, "incomplete", assessment.incomplete ? "true" : "false");
  add_property(properties, "run.state", engine::run_state_key(assessment.run_state));
  for (const auto& criterion : interface.criteria) {
    add_testcase(suite, suite_name, criterion, language);
  }
}

struct StringWriter : pugi::xml_writer {
  std::string text;
  void write(const void* data, size_t size) override { text.append(static_cast<const char*>(data), size); }
};

} // namespace

std::string render_junit(const engine::Assessment& assessment, Language language) {
  return render_junit(std::vector<engine::Assessment>{assessment}, language);
}

std::string render_junit(const std::vector<engine::Assessment>& assessments, Language language) {
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  auto root = document.append_child("testsuites");
  Counts total;
  for (const auto& assessment : assessments) {
    for (const auto& interface : assessment.interfaces) {
      Counts counts = count(interface);
      total.tests += counts.tests;
      total.failures += counts.failures;
      total.skipped += counts.skipped;
      total.duration_ms += counts.duration_ms;
    }
  }
  if (!assessments.empty()) {
    const engine::Assessment& first = assessments.front();
    std::string municipality =
        assessments.size() == 1 ? first.municipality_name : std::to_string(assessments.size()) + " kommuner";
    set(root, "name", "klarmeld: " + first.vendor_name + " / " + first.system_name + " / " + municipality);
  }
  set(root, "tests", std::to_string(total.tests));
  set(root, "failures", std::to_string(total.failures));
  set(root, "errors", "0");
  set(root, "skipped", std::to_string(total.skipped));
  set(root, "time", seconds(total.duration_ms));
  for (const auto& assessment : assessments) {
    for (const auto& interface : assessment.interfaces) {
      add_suite(root, assessment, interface, language, assessments.size() > 1);
    }
  }
  StringWriter writer;
  document.save(writer, "  ", pugi::format_default, pugi::encoding_utf8);
  return writer.text;
}

Status write_junit(const engine::Assessment& assessment, const std::string& path, Language language) {
  return write_file_atomically(path, render_junit(assessment, language));
}

} // namespace klarmeld::report
