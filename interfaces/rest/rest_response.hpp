// Reading SF1601 answers: the TransmissionID of an accepted KombiPostAfsend, its Fejlkode/FejlTekst
// when refused, and PostForespoerg's {"result": bool}.
#pragma once

#include <optional>
#include <string>

namespace klarmeld::probes {

// The first value of a field named `name` in an XML element or a JSON member (either form).
std::optional<std::string> find_field(const std::string& body, const std::string& name);
// PostForespoerg: the boolean "result" member.
std::optional<bool> find_result_flag(const std::string& body);
// KombiPostAfsend: kombi_response/Result as an xs:boolean ("true"/"1", "false"/"0"); anything else
// or a missing element is nullopt.
std::optional<bool> find_kombi_result(const std::string& body);

} // namespace klarmeld::probes
