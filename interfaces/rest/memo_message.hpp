// A minimal MeMo 1.1 message (Digital Post, https://DigitalPost.dk/MeMo-1) for SF1601
// KombiPostAfsend, wrapped in <kombi_request> with a KombiValgKode.
#pragma once

#include <string>
#include <vector>

namespace klarmeld::probes {

inline constexpr const char* memo_namespace = "https://DigitalPost.dk/MeMo-1"; // MeMo 1.1

struct MemoMessage {
  std::string message_uuid;
  std::string label = "klarmeld testbesked";
  std::string sender_cvr;    // the authority sending (pilot municipality)
  std::string sender_label;  // its name
  std::string recipient_cpr; // a fictitious test CPR
  std::string created_utc;   // yyyy-MM-ddTHH:mm:ssZ
  std::string filename = "klarmeld-test.txt";
  std::string content_text = "Testbesked fra klarmeld. Denne besked kan slettes.";
  std::string kombi_valg_kode = "Digital Post"; // Automatisk Valg | Digital Post | Fysisk Post | NemSMS
};

// The <kombi_request> document. The Message uses a default namespace (no prefixes): the
// Serviceplatform is reported not to resolve namespace prefixes in this payload.
std::string build_kombi_request(const MemoMessage& message);

// Local validation before sending: the elements MeMo 1.1 requires are present and non-empty.
// Returns the missing ones (empty = valid).
std::vector<std::string> validate_kombi_request(const std::string& xml);

} // namespace klarmeld::probes
