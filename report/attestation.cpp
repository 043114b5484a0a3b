#include "report/attestation.hpp"

#include <filesystem>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "crypto/certificate_info.hpp"
#include "crypto/handles.hpp"
#include "crypto/xml/encoding.hpp"
#include "report/json_out.hpp"
#include "util/digest.hpp"
#include "util/files.hpp"
#include "util/json_value.hpp"

namespace klarmeld::report {
namespace {

// DSSE v1 pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
std::string pae(std::string_view type, std::string_view body) {
  return "DSSEv1 " + std::to_string(type.size()) + " " + std::string(type) + " " + std::to_string(body.size()) + " " +
         std::string(body);
}

void write_ids(JsonOut& out, std::string_view name, const std::vector<std::string>& ids) {
  out.key(name);
  out.begin_array();
  for (const auto& id : ids) {
    out.value(id);
  }
  out.end_array();
}

void write_digest_resource(JsonOut& out, std::string_view name, std::string_view sha256) {
  out.begin_object();
  out.field("name", name);
  out.key("digest");
  out.begin_object();
  out.field("sha256", sha256);
  out.end_object();
  out.end_object();
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

std::vector<std::string> string_items(const JsonValue* array) {
  std::vector<std::string> items;
  if (array != nullptr) {
    for (const auto& item : array->items) {
      items.push_back(item.text);
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
  JsonOut out;
  out.begin_object();
  out.field("_type", intoto_statement_type);
  out.key("subject");
  out.begin_array();
  write_digest_resource(out, subject_name, subject_sha256);
  out.end_array();
  out.field("predicateType", test_result_predicate);
  out.key("predicate");
  out.begin_object();
  engine::Readiness readiness = assessment.readiness();
  out.field("result", readiness == engine::Readiness::Ready             ? "PASSED"
                      : readiness == engine::Readiness::PendingEvidence ? "WARNED"
                                                                        : "FAILED");
  out.key("configuration");
  out.begin_array();
  write_digest_resource(out, "criteria-catalog: " + assessment.catalog_identity + " " + assessment.catalog_version,
                        assessment.catalog_sha256);
  write_digest_resource(out, "profile", assessment.profile_sha256);
  out.end_array();
  write_ids(out, "passedTests", passed);
  write_ids(out, "failedTests", failed);
  write_ids(out, "warnedTests", warned);
  out.end_object();
  out.end_object();
  return out.finish();
}

Result<std::string> sign_dsse_envelope(std::string_view payload_type, std::string_view payload,
                                       const crypto::Identity& signer) {
  TRY_ASSIGN(std::string signature, digest_sign(signer.key.get(), pae(payload_type, payload)));
  crypto::CertificateInfo info = crypto::describe(signer.certificate.get());
  JsonOut out;
  out.begin_object();
  out.field("payloadType", payload_type);
  out.field("payload", crypto::xml::base64_encode(payload));
  out.key("signatures");
  out.begin_array();
  out.begin_object();
  out.field("keyid", "sha256:" + info.sha256_fingerprint);
  out.field("sig", crypto::xml::base64_encode(signature));
  out.field("certificate", crypto::to_base64_der(signer.certificate.get()));
  out.end_object();
  out.end_array();
  out.end_object();
  return out.finish();
}

AttestationReport verify_attestation(std::string_view envelope_json, const std::string& subject_sha256) {
  auto envelope = parse_json(std::string(envelope_json));
  if (!envelope) {
    return invalid("the attestation is not JSON: " + envelope.error().message);
  }
  if (envelope->string_at("payloadType") != intoto_payload_type) {
    return invalid("payloadType is not " + std::string(intoto_payload_type));
  }
  auto payload = crypto::xml::base64_decode(envelope->string_at("payload"), "attestation payload");
  const JsonValue* signatures = envelope->at("signatures");
  if (!payload.ok() || signatures == nullptr || signatures->items.size() != 1) {
    return invalid("the envelope needs a base64 payload and exactly one signature");
  }
  const JsonValue& entry = signatures->items.front();
  auto signature = crypto::xml::base64_decode(entry.string_at("sig"), "attestation signature");
  auto der = crypto::xml::base64_decode(entry.string_at("certificate"), "attestation certificate");
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
  if (entry.string_at("keyid") != "sha256:" + report.signer_sha256) {
    return invalid("keyid does not name the certificate in the envelope");
  }
  if (!digest_verify(X509_get0_pubkey(certificate.get()), pae(intoto_payload_type, *payload), *signature)) {
    return invalid("the DSSE signature does not verify (envelope changed after signing?)");
  }
  auto statement = parse_json(*payload);
  if (!statement || statement->string_at("_type") != intoto_statement_type ||
      statement->string_at("predicateType") != test_result_predicate) {
    return invalid("the payload is not an in-toto test-result Statement");
  }
  const JsonValue* subjects = statement->at("subject");
  if (subjects == nullptr || subjects->items.size() != 1) {
    return invalid("the Statement must have exactly one subject");
  }
  report.subject_name = subjects->items.front().string_at("name");
  if (subjects->items.front().string_at("digest.sha256") != subject_sha256) {
    report.problem = "the subject digest does not match the file (attestation for another or a changed file)";
    return report;
  }
  report.result = statement->string_at("predicate.result");
  report.passed = string_items(statement->at("predicate.passedTests"));
  report.failed = string_items(statement->at("predicate.failedTests"));
  report.warned = string_items(statement->at("predicate.warnedTests"));
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
