// `klarmeld verify FILE... [--trust CA.pem]... [--json]`: every package signature (and FILE.p7s,
// FILE.countersign.p7s, FILE.intoto.json) checked against the given trust anchors only, with who
// signed what, the reason and the part when something fails, then what the workbook says. A file that
// is not a workbook but has FILE.p7s beside it (the rollout overview's HTML) is checked by that alone.
// Exit 0 all valid and trusted, 1 invalid, 4 valid but untrusted.
#include <filesystem>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/commands/trust_option.hpp"
#include "cli/exit_codes.hpp"
#include "crypto/identity.hpp"
#include "report/attestation.hpp"
#include "report/json_text.hpp"
#include "report/workbook_labels.hpp"
#include "report/workbook_reader.hpp"
#include "sign/cades.hpp"
#include "sign/detached_signatures.hpp"
#include "sign/verifier.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/output_set.hpp"

namespace klarmeld::cli {
namespace {

struct VerifyCommand {
  std::vector<std::string> files;
  std::vector<std::string> trust;
  bool json = false;
};

struct FileResult {
  sign::PackageReport report;
  Result<report::WorkbookSummary> content = input_error("verify.no-content", "not read");
  std::optional<report::AttestationReport> attestation; // FILE.intoto.json, when present
  // A file that is not a ZIP package, signed by FILE.p7s alone (a rollout overview's HTML,
  // docs/rollout.md): that detached CAdES is all there is to check.
  std::optional<sign::CadesReport> detached_only;

  bool valid() const {
    return detached_only ? detached_only->valid : report.valid() && (!attestation || attestation->valid);
  }
  bool trusted() const { return detached_only ? detached_only->trusted : report.trusted(); }
};

// Every ZIP archive that is an OOXML package starts with a local file header (APPNOTE.TXT §4.3.7).
bool starts_like_zip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

// The in-toto attestation must verify, be about these very bytes, and be signed by a package signer.
report::AttestationReport check_attestation(const std::string& envelope, const std::string& bytes,
                                            const sign::PackageReport& package) {
  report::AttestationReport result = report::verify_attestation(envelope, sha256_hex(bytes));
  if (!result.valid) {
    return result;
  }
  bool signer_signed_package = false;
  for (const auto& signature : package.signatures) {
    signer_signed_package =
        signer_signed_package || (signature.valid && signature.signer_sha256 == result.signer_sha256);
  }
  if (!signer_signed_package) {
    result.valid = false;
    result.problem = "the attestation is not signed by a valid signer of the spreadsheet";
  }
  return result;
}

std::string when(const std::optional<TimePoint>& time) {
  return time ? iso8601_utc(*time) : "unknown";
}

std::string status_word(bool valid, bool trusted) {
  return !valid ? "INVALID" : (trusted ? "valid, trusted" : "valid, NOT TRUSTED");
}

void print_problems(const std::vector<sign::Problem>& problems, const std::string& indent) {
  for (const sign::Problem& problem : problems) {
    std::cout << indent << "- " << (problem.part.empty() ? "" : problem.part + ": ") << problem.message << " ["
              << problem.code << "]\n";
  }
}

void print_signature(const sign::SignatureReport& signature, size_t number) {
  std::cout << "  Signature " << number << " (" << signature.part
            << "): " << status_word(signature.valid, signature.trusted) << '\n';
  if (!signature.signer_subject.empty()) {
    std::cout << "    Signer:    " << signature.signer_subject
              << (signature.signer_cvr.empty() ? "" : " (CVR " + signature.signer_cvr + ")") << '\n';
    std::cout << "    Issuer:    " << signature.signer_issuer << '\n';
    std::cout << "    Signed at: " << when(signature.signing_time) << "; certificate valid "
              << when(signature.certificate_not_before) << " – " << when(signature.certificate_not_after)
              << (signature.certificate_valid_at_signing_time ? " (valid then)" : " (NOT valid then)") << '\n';
  }
  if (!signature.comment.empty()) {
    std::cout << "    Comment:   " << signature.comment << '\n';
  }
  std::cout << "    Covers:    " << signature.covered_parts.size() << " parts\n";
  if (signature.valid && !signature.trusted && !signature.trust_problem.empty()) {
    std::cout << "    Trust:     " << signature.trust_problem << '\n';
  }
  print_problems(signature.problems, "    ");
}

void print_content(const report::WorkbookSummary& content, bool verified) {
  std::cout << (verified ? "  Content:" : "  Content (NOT covered by a valid signature — do not rely on it):")
            << "\n    Vendor:       " << content.vendor_name
            << (content.vendor_cvr.empty() ? "" : " (CVR " + content.vendor_cvr + ")")
            << "\n    System:       " << content.system_name << ' ' << content.system_version
            << "\n    Municipality: " << content.municipality_name
            << (content.municipality_code != 0 ? " (" + std::to_string(content.municipality_code) + ")" : "")
            << "\n    Catalog:      " << content.catalog_identity << ' ' << content.catalog_version
            << "\n    Catalog hash: " << content.catalog_sha256 << '\n';
  if (content.incomplete) {
    std::cout << "    INCOMPLETE RUN: " << content.incomplete_reason << '\n';
  }
  for (const report::WorkbookInterface& interface : content.interfaces) {
    std::string_view word =
        interface.pending_evidence ? report::danish_labels.pending_evidence : to_danish(interface.klarmeldt);
    std::cout << "    " << interface.id << "  " << word << "  (" << interface.name << ")\n";
  }
}

void print_detached(const std::string& what, const std::string& path, const sign::CadesReport& cades) {
  std::cout << "  " << what << " (" << path << "): " << status_word(cades.valid, cades.trusted) << '\n';
  if (!cades.signer_subject.empty()) {
    std::cout << "    Signer:    " << cades.signer_subject
              << (cades.signer_cvr.empty() ? "" : " (CVR " + cades.signer_cvr + ")")
              << "\n    Signed at: " << when(cades.signing_time) << '\n';
  }
  if (!cades.problem.empty()) {
    std::cout << "    " << cades.problem << '\n';
  }
}

void print_detached_only(const std::string& file, const sign::CadesReport& cades) {
  std::cout << file << ": " << status_word(cades.valid, cades.trusted)
            << " — detached signature only (not a workbook)\n";
  print_detached("Detached CAdES", sign::cades_path(file), cades);
}

void print_text(const std::string& file, const FileResult& result) {
  if (result.detached_only) {
    print_detached_only(file, *result.detached_only);
    return;
  }
  const sign::PackageReport& report = result.report;
  // The run state belongs in the headline: "valid, trusted" must not read as a complete run when the
  // signed sheet says partial, interrupted or could not run (issue #14 item 3).
  std::cout << file << ": " << status_word(report.valid(), report.trusted()) << " — "
            << (result.content ? engine::headline_phrase(result.content->run_state) : "content unreadable") << '\n';
  print_problems(report.problems, "  ");
  for (size_t i = 0; i < report.signatures.size(); ++i) {
    print_signature(report.signatures[i], i + 1);
  }
  if (report.cades) {
    print_detached("Detached CAdES", sign::cades_path(file), *report.cades);
  }
  if (report.countersignature) {
    print_detached("Countersignature, detached CAdES", sign::countersign_path(file), *report.countersignature);
  }
  if (result.attestation) {
    const report::AttestationReport& attestation = *result.attestation;
    std::cout << "  in-toto attestation (" << sign::attestation_path(file) << "): "
              << (attestation.valid ? "valid, result " + attestation.result : "INVALID: " + attestation.problem)
              << '\n';
  }
  if (result.content) {
    print_content(*result.content, report.valid());
  } else {
    std::cout << "  Content: not a readiness workbook this tool can read (" << result.content.error().message << ")\n";
  }
}

Json json_problems(const std::vector<sign::Problem>& problems) {
  Json items = Json::array();
  for (const sign::Problem& problem : problems) {
    items.push_back({{"code", problem.code}, {"part", problem.part}, {"message", problem.message}});
  }
  return items;
}

Json json_signature(const sign::SignatureReport& signature) {
  return {{"part", signature.part},
          {"valid", signature.valid},
          {"trusted", signature.trusted},
          {"trust_problem", signature.trust_problem},
          {"trust_problem_code", signature.trust_problem_code},
          {"signer",
           {{"subject", signature.signer_subject},
            {"issuer", signature.signer_issuer},
            {"cvr", signature.signer_cvr},
            {"serial", signature.signer_serial},
            {"sha256", signature.signer_sha256}}},
          {"signing_time", when(signature.signing_time)},
          {"certificate",
           {{"not_before", when(signature.certificate_not_before)},
            {"not_after", when(signature.certificate_not_after)},
            {"valid_at_signing_time", signature.certificate_valid_at_signing_time}}},
          {"comment", signature.comment},
          {"covered_parts", signature.covered_parts},
          {"problems", json_problems(signature.problems)}};
}

Json json_content(const report::WorkbookSummary& content) {
  Json interfaces = Json::array();
  for (const report::WorkbookInterface& interface : content.interfaces) {
    interfaces.push_back({{"id", interface.id}, {"name", interface.name}, {"klarmeldt", to_key(interface.klarmeldt)}});
  }
  return {{"vendor", content.vendor_name},
          {"vendor_cvr", content.vendor_cvr},
          {"system", content.system_name},
          {"system_version", content.system_version},
          {"municipality", content.municipality_name},
          {"municipality_code", content.municipality_code},
          {"catalog_identity", content.catalog_identity},
          {"catalog_version", content.catalog_version},
          {"catalog_sha256", content.catalog_sha256},
          {"incomplete", content.incomplete},
          {"run_state", engine::run_state_key(content.run_state)},
          {"interfaces", std::move(interfaces)}};
}

Json json_cades(const sign::CadesReport& cades) {
  return {{"valid", cades.valid},
          {"trusted", cades.trusted},
          {"signer", cades.signer_subject},
          {"signer_cvr", cades.signer_cvr},
          {"signing_time", when(cades.signing_time)},
          {"problem", cades.problem},
          {"problem_code", cades.problem_code}};
}

Json json_file(const std::string& file, const FileResult& result) {
  if (result.detached_only) {
    return {{"path", file},
            {"valid", result.valid()},
            {"trusted", result.trusted()},
            {"detached_only", true},
            {"cades", json_cades(*result.detached_only)}};
  }
  const sign::PackageReport& report = result.report;
  Json json = {{"path", file},
               {"valid", report.valid()},
               {"trusted", report.trusted()},
               {"problems", json_problems(report.problems)}};
  Json signatures = Json::array();
  for (const sign::SignatureReport& signature : report.signatures) {
    signatures.push_back(json_signature(signature));
  }
  json["signatures"] = std::move(signatures);
  if (report.cades) {
    json["cades"] = json_cades(*report.cades);
  }
  if (report.countersignature) {
    json["countersignature"] = json_cades(*report.countersignature);
  }
  if (result.attestation) {
    json["attestation"] = {{"valid", result.attestation->valid},
                           {"problem", result.attestation->problem},
                           {"result", result.attestation->result},
                           {"signer_sha256", result.attestation->signer_sha256}};
  }
  if (result.content) {
    json["content"] = json_content(*result.content);
    json["content_verified"] = report.valid();
  }
  return json;
}

// The bytes are read once: what is verified is exactly what the content summary shows.
FileResult verify_file(const std::string& file, const std::vector<crypto::X509Ptr>& anchors) {
  auto bytes = read_file(file);
  if (!bytes) {
    return FileResult{sign::verify_package(file, anchors), bytes.take_error(), std::nullopt, std::nullopt};
  }
  sign::DetachedSignatures detached = sign::read_detached_signatures(file);
  if (!starts_like_zip(*bytes) && detached.cades) {
    FileResult result;
    result.detached_only = sign::verify_detached_cades(*bytes, *detached.cades, anchors);
    return result;
  }
  FileResult result{sign::verify_package_bytes(*bytes, file, anchors, detached),
                    report::read_readiness_workbook_bytes(*bytes, file), std::nullopt, std::nullopt};
  std::error_code ignored;
  if (std::filesystem::exists(sign::attestation_path(file), ignored)) {
    auto envelope = read_file(sign::attestation_path(file));
    result.attestation = check_attestation(envelope ? *envelope : std::string(), *bytes, result.report);
  }
  return result;
}

int verify_failed(const Error& error) {
  std::cerr << "klarmeld verify: " << error.render() << '\n';
  return exit_usage;
}

int run_verify(const VerifyCommand& command) {
  std::vector<crypto::X509Ptr> anchors;
  for (const std::string& path : command.trust) {
    auto certificates = crypto::load_pem_certificates(path);
    if (!certificates) {
      return verify_failed(certificates.error());
    }
    for (crypto::X509Ptr& certificate : *certificates) {
      anchors.push_back(std::move(certificate));
    }
  }
  bool any_invalid = false;
  bool any_untrusted = false;
  Json files = Json::array();
  for (const std::string& file : command.files) {
    // A check or sign killed while replacing this set left a journal: finish it first, so what is
    // verified is the old set or the new one whole (docs/robustness.md "Atomic output sets").
    if (auto finished = OutputSet::finish_pending(file); !finished) {
      std::cerr << "klarmeld verify: warning: " << finished.error().render() << '\n';
    } else if (*finished) {
      std::cerr << "klarmeld verify: completed an interrupted replacement of " << file << "'s output set\n";
    }
    FileResult result = verify_file(file, anchors);
    any_invalid = any_invalid || !result.valid();
    any_untrusted = any_untrusted || !result.trusted();
    if (command.json) {
      files.push_back(json_file(file, result));
    } else {
      print_text(file, result);
    }
  }
  std::string overall = any_invalid ? "invalid" : (any_untrusted ? "untrusted" : "valid");
  if (command.json) {
    std::cout << report::json_document({{"schema_version", 1}, {"files", std::move(files)}, {"result", overall}});
  } else if (command.files.size() > 1) {
    std::cout << "Result: " << overall << '\n';
  }
  return any_invalid ? exit_not_ready : (any_untrusted ? exit_untrusted : exit_ready);
}

} // namespace

void register_verify_command(CLI::App& app, CommandTable& commands) {
  auto command = std::make_shared<VerifyCommand>();
  CLI::App* sub = app.add_subcommand(
      "verify", "Verify the signatures of readiness spreadsheets (exit 0 valid+trusted, 1 invalid, 4 untrusted)");
  sub->add_option("files", command->files, "Signed .xlsx files")->required()->check(CLI::ExistingFile);
  add_trust_option(*sub, command->trust, "PEM file of trust anchors (CA certificates); repeatable");
  sub->add_flag("--json", command->json, "JSON on stdout instead of text");
  commands.add(sub, [command] { return run_verify(*command); });
}

} // namespace klarmeld::cli
