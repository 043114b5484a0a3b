// A minimal MeMo message (Digital Post, https://DigitalPost.dk/MeMo-1) for SF1601 KombiPostAfsend,
// wrapped in <kombi_request> with a KombiValgKode. MeMo 1.2 by default, 1.1 on request: both use the
// same namespace and differ in the memoVersion attribute; memoSchVersion is set for 1.1 only
// (itk-dev/serviceplatformen src/Service/SF1601/SF1601.php, whose default moved to 1.2;
// itk-dev-rpa/python-serviceplatformen python_serviceplatformen/models/message.py writes 1.2).
#pragma once

#include <string>
#include <vector>

namespace klarmeld::probes {

inline constexpr const char* memo_namespace = "https://DigitalPost.dk/MeMo-1"; // MeMo 1.1 and 1.2
inline constexpr const char* default_memo_version = "1.2";

struct MemoMessage {
  std::string message_uuid;
  std::string label = "klarmeld testbesked";
  std::string sender_cvr;    // the authority sending (pilot municipality)
  std::string sender_label;  // its name
  std::string recipient_cpr; // a fictitious test CPR
  std::string created_utc;   // yyyy-MM-ddTHH:mm:ssZ
  std::string filename = "klarmeld-test.txt";
  std::string content_text = "Testbesked fra klarmeld. Denne besked kan slettes.";
  std::string kombi_valg_kode = "Digital Post";    // Automatisk Valg | Digital Post | Fysisk Post | NemSMS
  std::string memo_version = default_memo_version; // "1.2" or "1.1"
};

// The MeMo <Message> element alone (no XML declaration): what Digital Post hands on to a receiving
// system (SF1606) — the envelope around it there is not public (docs/kombit-notes.md, SF1606).
std::string build_memo_message(const MemoMessage& message);

// The <kombi_request> document. The Message uses a default namespace (no prefixes): the
// Serviceplatform is reported not to resolve namespace prefixes in this payload.
std::string build_kombi_request(const MemoMessage& message);

// Local validation before sending: memoVersion is 1.1 or 1.2 (1.1 with memoSchVersion), and the
// elements the message needs are present and non-empty.
// Returns the missing ones (empty = valid).
std::vector<std::string> validate_kombi_request(const std::string& xml);
// The same checks on a document whose root is the MeMo Message.
std::vector<std::string> validate_memo_message(const std::string& xml);

} // namespace klarmeld::probes
