// The only way untrusted XML (responses, assertions, metadata, requests to the fixture) is parsed.
// Hardened against the XML attack families: no network (XML_PARSE_NONET), no entity substitution,
// no DTD loading — and any DOCTYPE is rejected outright (KOMBIT's SOAP/SAML never carries one, and
// internal subsets are how XXE and billion-laughs arrive). Size and depth are capped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "crypto/xml/xml_handles.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto::xml {

inline constexpr size_t default_max_xml_bytes = size_t{16} << 20;
inline constexpr int default_max_xml_depth = 256;

// Errors are Input errors (code xml.*) naming origin:line:col, e.g. "xml.doctype", "xml.too-large",
// "xml.too-deep", "xml.malformed".
Result<XmlDocPtr> parse_untrusted_xml(std::string_view text, const std::string& origin,
                                      size_t max_bytes = default_max_xml_bytes, int max_depth = default_max_xml_depth);

} // namespace klarmeld::crypto::xml
