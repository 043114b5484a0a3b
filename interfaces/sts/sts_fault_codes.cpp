#include "interfaces/sts/sts_fault_codes.hpp"

#include <array>
#include <cctype>

namespace klarmeld::sts {

namespace {

// Only the codes the specification lists; 102, 105, 107–109 and 112–129 are not defined there.
constexpr std::array<StsFaultCode, 8> table{{
    {100, "Uventet fejl. Fejl hvor årsagen ikke er kendt.", "Unexpected error: the cause is not known.", true},
    {101,
     "Den anvendte konfiguration kendes ikke. Kalderen forespørger et token for en service STS ikke kender, eller "
     "som en kalder STS ikke kender.",
     "The configuration used is not known: the caller asks for a token for a service the STS does not know, or "
     "the STS does not know the caller for it (no registered IT system or approved service agreement).",
     false},
    {103, "Forkert formateret forespørgsel. Der er en fejl i forespørgslen.",
     "Malformed request: there is an error in the request.", false},
    {104, "Der forespørges et endpoint der ikke findes.",
     "Unknown endpoint: the request names an endpoint that does not exist.", false},
    {106, "Der opstod en transaktionsfejl under commit af auditlog.",
     "Audit log error: a transaction error occurred while committing the audit log.", true},
    {110, "Ikke understøttet. Der benyttes en endpoint konfiguration som ikke understøttes.",
     "Not supported: the request uses an endpoint configuration that is not supported.", false},
    {111, "Konfigurationsfejl. Der er en fejl i konfigurationen, der gør at forespørgslen ikke kan behandles.",
     "Configuration error: an error in the configuration prevents the request from being processed.", true},
    {130, "Databasefejl. Der er opstået en fejl ved kommunikation/adgang til den underliggende database.",
     "Database error: communicating with or accessing the underlying database failed.", true},
}};

// A run of 1–4 digits at the start of `text` (after spaces), ended by the text's end or a non-digit.
std::optional<int> leading_number(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])) != 0) {
    ++at;
  }
  size_t end = at;
  while (end < text.size() && end - at < 5 && std::isdigit(static_cast<unsigned char>(text[end])) != 0) {
    ++end;
  }
  if (end == at || end - at > 4 || (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end])) != 0)) {
    return std::nullopt;
  }
  return std::stoi(std::string(text.substr(at, end - at)));
}

// The meaning's first sentence or clause: "Den anvendte konfiguration kendes ikke", "Malformed request".
std::string_view title(std::string_view text, char stop) {
  const size_t end = text.find(stop);
  return end == std::string_view::npos ? text : text.substr(0, end);
}

} // namespace

std::span<const StsFaultCode> sts_fault_codes() {
  return table;
}

const StsFaultCode* find_sts_fault_code(int code) {
  for (const auto& entry : table) {
    if (entry.code == code) {
      return &entry;
    }
  }
  return nullptr;
}

std::optional<int> sts_fault_number(const soap::SoapFault& fault) {
  std::string_view subcode = fault.subcode;
  if (size_t colon = subcode.rfind(':'); colon != std::string_view::npos) {
    subcode.remove_prefix(colon + 1);
  }
  if (auto number = leading_number(subcode); number && subcode.size() <= 4) {
    return number;
  }
  return leading_number(fault.reason);
}

std::string explain_sts_fault(const soap::SoapFault& fault) {
  auto number = sts_fault_number(fault);
  if (!number) {
    return fault.describe();
  }
  const StsFaultCode* known = find_sts_fault_code(*number);
  if (known == nullptr) {
    return "STS fault code " + std::to_string(*number) +
           " (not in KOMBIT's table of STS fault codes): " + fault.describe();
  }
  return "STS fault code " + std::to_string(known->code) + " (" + std::string(title(known->danish, '.')) + " / " +
         std::string(title(known->english, ':')) + "): " + fault.describe();
}

std::string sts_fault_reason(int code, const std::string& detail) {
  const StsFaultCode* known = find_sts_fault_code(code);
  std::string text = std::to_string(code) + ":";
  if (known != nullptr) {
    text += " " + std::string(title(known->danish, '.')) + ".";
  }
  return detail.empty() ? text : text + " " + detail;
}

} // namespace klarmeld::sts
