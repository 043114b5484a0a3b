#include "report/attestation.hpp"

#include <filesystem>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "crypto/certificate_info.hpp"
#include "crypto/handles.hpp"
#include "crypto/xml/encoding.hpp"
#include "report/json_text.hpp"
#include "util/base64.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/json.hpp"

namespace klarmeld::report {
namespace {

// DSSE v1 pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
std::string pae(std::string_view type, std::string_view body) {
  return "DSSEv1 " + std::to_string(type.size()) + " " + std::string(type) + " " + std::to_string(body.size()) + " " +
         std::string(body);
}

// in-toto ResourceDescriptor (https://in-toto.io/ResourceDescriptor/v1), name and digest only.
Json digest_resource(const std::string& name, const std::string& sha256) {
  return {{"name", name}, {"digest", {{"sha256", sha256}}}};
}

Result<std::string> digest_sign(EVP_PKEY* key, std::string_view message) {
  crypto::EvpMdCtxPtr context(EVP_MD_CTX_new());
  size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    ERR_clear_error();
    return internal_error("attestation.sign", "cannot sign the attestation with the signing key");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    ERR_clear_error();
    return internal_error("attestation.sign", "cannot sign the attestation with the signing key");
  }
  signature.resize(length);
  return signature;
}

bool digest_verify(EVP_PKEY* key, std::string_view message, std::string_view signature) {
  crypto::EvpMdCtxPtr context(EVP_MD_CTX_new());
  bool ok = context && EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  ERR_clear_error();
  return ok;
}

// The strings of the array at `pointer`; anything else in it is skipped.
std::vector<std::string> string_items(const Json& document, std::string_view pointer) {
  std::vector<std::string> items;
  const Json* array = find_at(document, pointer);
  if (array != nullptr && array->is_array()) {
    for (const Json& item : *array) {
      if (item.is_string()) {
        items.push_back(item.get<std::string>());
      }
    }
  }
  return items;
}

AttestationReport invalid(std::string problem) {
  AttestationReport report;
  report.problem = std::move(problem);
  return report;
}

} // namespace

std::string build_test_result_statement(const engine::Assessment& assessment, const std::string& subject_name,
                                        const std::string& subject_sha256) {
  std::vector<std::string> passed, failed, warned;
  for (const auto& interface : assessment.interfaces) {
    if (!interface.assessed) {
      continue;
    }
    for (const auto& criterion : interface.criteria) {
      auto& bucket = criterion.verdict == Verdict::Ja ? passed : criterion.verdict == Verdict::Nej ? failed : warned;
      bucket.push_back(criterion.criterion_id);
    }
  }
  engine::Readiness readiness = assessment.readiness();
  bool complete = assessment.run_state == engine::RunState::Complete;
  Json statement = {
      {"_type", intoto_statement_type},
      {"subject", Json::array({digest_resource(subject_name, subject_sha256)})},
      {"predicateType", test_result_predicate},
      {"predicate",
       // A partial or interrupted run that looks ready has not passed: it is a warning to run the rest.
       {{"result", readiness == engine::Readiness::Ready && complete ? "PASSED"
                   : readiness == engine::Readiness::Ready || readiness == engine::Readiness::PendingEvidence
                       ? "WARNED"
                       : "FAILED"},
        // klarmeld's own field beside test-result v0.1's: how far the run got (engine/run_state.hpp).
        {"runState", engine::run_state_key(assessment.run_state)},
        {"configuration", Json::array({digest_resource("criteria-catalog: " + assessment.catalog_identity + " " +
                                                           assessment.catalog_version,
                                                       assessment.catalog_sha256),
                                       digest_resource("profile", assessment.profile_sha256)})},
        {"passedTests", passed},
        {"failedTests", failed},
        {"warnedTests", warned}}}};
  return json_document(statement);
}

Result<std::string> sign_dsse_envelope(std::string_view payload_type, std::string_view payload,
                                       const crypto::Identity& signer) {
  TRY_ASSIGN(std::string signature, digest_sign(signer.key.get(), pae(payload_type, payload)));
  crypto::CertificateInfo info = crypto::describe(signer.certificate.get());
  Json envelope = {{"payloadType", payload_type},
                   {"payload", klarmeld::base64_encode(payload)},
                   {"signatures", Json::array({{{"keyid", "sha256:" + info.sha256_fingerprint},
                                                {"sig", klarmeld::base64_encode(signature)},
                                                {"certificate", crypto::to_base64_der(signer.certificate.get())}}})}};
  return json_document(envelope);
}

AttestationReport verify_attestation(std::string_view envelope_json, const std::string& subject_sha256) {
  auto envelope = parse_json(envelope_json, "the attestation envelope");
  if (!envelope) {
    return invalid("the attestation is not JSON: " + envelope.error().message);
  }
  if (string_at(*envelope, "/payloadType") != intoto_payload_type) {
    return invalid("payloadType is not " + std::string(intoto_payload_type));
  }
  auto payload = crypto::xml::base64_decode(string_at(*envelope, "/payload"), "attestation payload");
  const Json* signatures = find_at(*envelope, "/signatures");
  if (!payload.ok() || signatures == nullptr || !signatures->is_array() || signatures->size() != 1) {
    return invalid("the envelope needs a base64 payload and exactly one signature");
  }
  const Json& entry = signatures->front();
  auto signature = crypto::xml::base64_decode(string_at(entry, "/sig"), "attestation signature");
  auto der = crypto::xml::base64_decode(string_at(entry, "/certificate"), "attestation certificate");
  if (!signature.ok() || !der.ok()) {
    return invalid("the signature entry lacks a base64 sig or certificate");
  }
  const auto* cursor = reinterpret_cast<const unsigned char*>(der->data());
  crypto::X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der->size())));
  if (!certificate) {
    ERR_clear_error();
    return invalid("the signer certificate in the envelope does not parse");
  }
  AttestationReport report;
  report.signer_sha256 = crypto::describe(certificate.get()).sha256_fingerprint;
  if (string_at(entry, "/keyid") != "sha256:" + report.signer_sha256) {
    return invalid("keyid does not name the certificate in the envelope");
  }
  if (!digest_verify(X509_get0_pubkey(certificate.get()), pae(intoto_payload_type, *payload), *signature)) {
    return invalid("the DSSE signature does not verify (envelope changed after signing?)");
  }
  auto statement = parse_json(*payload, "the attestation payload");
  if (!statement || string_at(*statement, "/_type") != intoto_statement_type ||
      string_at(*statement, "/predicateType") != test_result_predicate) {
    return invalid("the payload is not an in-toto test-result Statement");
  }
  const Json* subjects = find_at(*statement, "/subject");
  if (subjects == nullptr || !subjects->is_array() || subjects->size() != 1) {
    return invalid("the Statement must have exactly one subject");
  }
  report.subject_name = string_at(subjects->front(), "/name");
  if (string_at(subjects->front(), "/digest/sha256") != subject_sha256) {
    report.problem = "the subject digest does not match the file (attestation for another or a changed file)";
    return report;
  }
  report.result = string_at(*statement, "/predicate/result");
  report.run_state = string_at(*statement, "/predicate/runState");
  report.passed = string_items(*statement, "/predicate/passedTests");
  report.failed = string_items(*statement, "/predicate/failedTests");
  report.warned = string_items(*statement, "/predicate/warnedTests");
  report.valid = true;
  return report;
}

Result<std::string> render_attestation(const engine::Assessment& assessment, const std::string& workbook_name,
                                       const std::string& workbook_sha256, const crypto::Identity& signer) {
  std::string statement = build_test_result_statement(assessment, workbook_name, workbook_sha256);
  return sign_dsse_envelope(intoto_payload_type, statement, signer);
}

Status write_attestation(const engine::Assessment& assessment, const std::string& workbook_path,
                         const std::string& attestation_path, const crypto::Identity& signer) {
  TRY_ASSIGN(std::string digest, sha256_file_hex(workbook_path));
  std::string name = std::filesystem::path(workbook_path).filename().string();
  TRY_ASSIGN(std::string envelope, render_attestation(assessment, name, digest, signer));
  return write_file_atomically(attestation_path, envelope);
}

} // namespace klarmeld::report
