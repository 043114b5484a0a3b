// JSON for the whole project: nlohmann-json with insertion-ordered objects (so a document's keys come
// out in the order its to_json wrote them, docs/json-format.md), and the one way to read JSON that
// came from outside (STS answers, attestations, fixture requests) without an exception escaping.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

namespace klarmeld {

using Json = nlohmann::ordered_json;

// Untrusted JSON text → document. At most 1 MiB and 64 levels of nesting; anything malformed is an
// input_error "json.invalid" naming `what` and where the text went wrong, never an exception.
Result<Json> parse_json(std::string_view text, std::string_view what);

// The value at an RFC 6901 pointer ("/predicate/passedTests"), or nullptr when absent; never throws
// for any document (the pointers are the caller's literals).
const Json* find_at(const Json& document, std::string_view pointer);
// The first member named `key` anywhere in the document, depth first (the object itself, then its
// members and items in document order), or nullptr: for answers that are flat objects but may wrap
// their fields one level down (STS REST's RequestedSecurityToken.Assertion).
const Json* find_member(const Json& document, std::string_view key);
// The string at an RFC 6901 pointer ("/AppliesTo/EndpointReference/Address"), or "" when absent or
// not a string: for reading untrusted documents, where a wrong type is just a missing field.
std::string string_at(const Json& document, std::string_view pointer);

} // namespace klarmeld
